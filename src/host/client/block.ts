/**
 * The Spikes and States frames that answer one Step request, gathered into per-step arrays.
 * Frames carry absolute step numbers; the Step's Ack tells which step the block began at
 * (its step count minus k), so frames are kept until then and placed when the block ends.
 */
import type { State } from "../../shared/codes.ts";
import { DeviceProtocolError } from "./errors.ts";
import { type SpikesMessage, type StatesMessage, spikeBit, spikesFit } from "./messages.ts";

export interface Block {
  /** Device step number of the block's first step. */
  firstStep: number;
  k: number;
  /** spikes[t·n + i]: 1 when neuron i fired at step firstStep + t. */
  spikes: Uint8Array;
  /** Per requested state id, values[t·n + i]. */
  states: Map<State, Float64Array>;
}

/** Step numbers travel as u28 and wrap. */
const STEP_SPAN = 2 ** 28;

/** A step number modulo 2^28, as the device counts. */
export function wrapSteps(x: number): number {
  return ((x % STEP_SPAN) + STEP_SPAN) % STEP_SPAN;
}

export class BlockCollector {
  readonly #frames: (SpikesMessage | StatesMessage)[] = [];
  readonly #path: string;
  readonly #n: number;
  readonly #k: number;
  readonly #stateIds: readonly State[];
  readonly #encoding: number;

  /** `stateIds` empty when no States frames were asked for; `encoding` is theirs. */
  constructor(path: string, n: number, k: number, stateIds: readonly State[], encoding: number) {
    this.#path = path;
    this.#n = n;
    this.#k = k;
    this.#stateIds = stateIds;
    this.#encoding = encoding;
  }

  /** Keeps a frame of the block; throws DeviceProtocolError for one it cannot belong to. */
  add(m: SpikesMessage | StatesMessage): void {
    if (m.type === "spikes" && !spikesFit(m, this.#n)) {
      throw this.#error("bad-frame", `a Spikes frame for ${m.k} steps carries ${m.bits.length} septets, too few for ${this.#n} neurons`);
    }
    if (m.type === "states" && !this.#stateIds.includes(m.state)) {
      throw this.#error("unexpected-reply", `a States frame for state ${m.state}, which was not asked for`);
    }
    if (m.type === "states" && m.encoding !== this.#encoding) {
      throw this.#error("unexpected-reply", `a States frame in encoding ${m.encoding}, asked for ${this.#encoding}`);
    }
    this.#frames.push(m);
  }

  /** The block, once the Step's Ack reported the device's step count `steps`. */
  finish(steps: number): Block {
    const n = this.#n;
    const size = this.#k * n;
    if (!(steps >= 0)) throw this.#error("step-count", `Step ${this.#k} was acknowledged without a step count`);
    const firstStep = wrapSteps(steps - this.#k);
    const spikes = new Uint8Array(size);
    const seenSpikes = new Uint8Array(size);
    const states = new Map(this.#stateIds.map((id) => [id, new Float64Array(size)] as const));
    const seenStates = new Map(this.#stateIds.map((id) => [id, new Uint8Array(size)] as const));
    for (const m of this.#frames) {
      const base = wrapSteps(m.firstStep - firstStep) * n;
      const count = m.type === "spikes" ? m.k * n : m.values.length;
      const from = base + (m.type === "states" ? m.start : 0);
      if (from < 0 || from + count > size) {
        throw this.#error("unexpected-reply", `a ${m.type} frame for steps outside the block of ${this.#k} steps from ${firstStep}`);
      }
      for (let j = 0; j < count; j++) {
        if (m.type === "spikes") {
          spikes[from + j] = spikeBit(m.bits, j);
          seenSpikes[from + j] = 1;
        } else {
          states.get(m.state)![from + j] = m.values[j];
          seenStates.get(m.state)![from + j] = 1;
        }
      }
    }
    const block = `the block of ${this.#k} steps from ${firstStep}`;
    if (!seenSpikes.every((x) => x === 1)) throw this.#error("missing-data", `spikes of ${block} never arrived`);
    for (const [id, seen] of seenStates) {
      if (!seen.every((x) => x === 1)) throw this.#error("missing-data", `state ${id} of ${block} never arrived`);
    }
    return { firstStep, k: this.#k, spikes, states };
  }

  #error(code: "bad-frame" | "unexpected-reply" | "missing-data" | "step-count", message: string): DeviceProtocolError {
    return new DeviceProtocolError(code, this.#path, message);
  }
}
