/**
 * A network over the wire (docs/protocol.md, "Networks"): the frames that configure it, and
 * lockstep runs that return every layer's input current, states and spikes from NetStates
 * frames (F64, or I32 for an int network: exact either way). The device steps the whole network per step; its Spikes frames are the output layer's.
 */
import { State } from "../../shared/codes.ts";
import { Encoding, Op, ReportFlag } from "../../shared/protocol.ts";
import { stateIds } from "../../shared/state-ids.ts";
import { dtypeCode } from "../config.ts";
import type { Currents } from "../currents.ts";
import { DeviceProtocolError, DeviceUsageError } from "../client/errors.ts";
import type { DeviceInfo } from "../client/handshake.ts";
import type { StatesMessage, SpikesMessage } from "../client/messages.ts";
import { type Request, configValueRequests, inputRequests, netWeightRequests, request, uint } from "../client/requests.ts";
import type { Session } from "../client/session.ts";
import type { NetworkSpec } from "./config.ts";
import { type NetworkTrace, networkInputs, networkTraceFromFlat } from "./trace.ts";

/** NetLayer flags. */
const FLAG_BIAS = 1;
const FLAG_RECURRENT = 2;
const FLAG_RECURRENT_BIAS = 4;
/** The state id of a layer's input current in NetStates frames (src/device/reporting.ts NET_CURRENT). */
const NET_CURRENT = 0;
/** Neuron layers a NetBegin can announce (one septet). */
const MAX_LAYERS = 127;

/** How a network's values travel: I32 for an int network (exact on every Lua), else F64 (exact). */
function wireEncoding(spec: NetworkSpec): Encoding.F64 | Encoding.I32 {
  return spec.dtype === "int" ? Encoding.I32 : Encoding.F64;
}

/** Checks the network fits the device's frames and input buffer; nothing is sent otherwise. */
export function checkNetworkFits(spec: NetworkSpec, info: DeviceInfo): void {
  if (spec.layers.length > MAX_LAYERS) throw new DeviceUsageError("too-many-neurons", `a network of ${spec.layers.length} neuron layers: the device takes at most ${MAX_LAYERS}`);
  if (spec.inputs > info.inputCapacity) {
    throw new DeviceUsageError("too-many-neurons", `${spec.inputs} input channels do not fit this device: its input buffer holds ${info.inputCapacity} values`);
  }
}

/** Every frame that configures `spec`, in order; each gets an Ack (every ConfigEnd's carries its layer's n). */
export function networkRequests(spec: NetworkSpec, maxFrame: number): Request[] {
  const encoding = wireEncoding(spec);
  const out: Request[] = [request(Op.NetBegin, [dtypeCode(spec.dtype), ...uint(spec.inputs, 2), spec.layers.length])];
  for (const l of spec.layers) {
    const flags = (l.bias.length > 0 ? FLAG_BIAS : 0) + (l.recWeight.length > 0 ? FLAG_RECURRENT : 0) + (l.recBias.length > 0 ? FLAG_RECURRENT_BIAS : 0);
    out.push(request(Op.NetLayer, [l.spec.model, l.spec.reset, ...uint(l.spec.neurons, 2), flags]));
    for (const p of l.spec.params) out.push(...configValueRequests(Op.ConfigParam, p.id, p.values, maxFrame, encoding));
    for (const s of l.spec.init) out.push(...configValueRequests(Op.ConfigState, s.id, s.values, maxFrame, encoding));
    [l.weight, l.bias, l.recWeight, l.recBias].forEach((values, part) => out.push(...netWeightRequests(part, values, maxFrame, encoding)));
    out.push(request(Op.ConfigEnd));
  }
  return out;
}

/** Configures the device with `spec`; resolves when the last layer's ConfigEnd is acknowledged. */
export async function configureNetwork(session: Session, info: DeviceInfo, spec: NetworkSpec): Promise<void> {
  checkNetworkFits(spec, info);
  let layer = 0;
  for (const req of networkRequests(spec, info.maxFrame)) {
    const ack = await session.exchange(req, "ack");
    if (req.op !== Op.ConfigEnd) continue;
    const n = spec.layers[layer].spec.neurons;
    if (ack.value !== n) throw new DeviceProtocolError("unexpected-reply", session.path, `ConfigEnd of layer ${layer} acknowledged ${ack.value} neurons, configured ${n}`);
    layer += 1;
  }
}

/**
 * Collects a network trace from NetStates frames: per step, layer and neuron the input current
 * (state 0), the model's states and the spike (State.Spk), in the trace's layout.
 */
export class NetworkTraceBuilder {
  readonly #spec: NetworkSpec;
  readonly #path: string;
  readonly #steps: number;
  readonly #ids: number[][];
  readonly #offsets: number[] = [];
  readonly #perStep: number;
  readonly #values: Float64Array;
  readonly #filled: Uint8Array;
  /** Values received per step. */
  readonly #received: Uint32Array;

  constructor(spec: NetworkSpec, steps: number, path: string) {
    this.#spec = spec;
    this.#path = path;
    this.#steps = steps;
    this.#ids = spec.layers.map((l) => [NET_CURRENT, ...stateIds(l.spec.model), State.Spk]);
    let at = 0;
    for (const ids of this.#ids) {
      this.#offsets.push(at);
      at += spec.layers[this.#offsets.length - 1].spec.neurons * ids.length;
    }
    this.#perStep = at;
    this.#values = new Float64Array(steps * at);
    this.#filled = new Uint8Array(steps * at);
    this.#received = new Uint32Array(steps);
  }

  /** Places frame `m` as step `t` of the trace; throws for a frame the run did not ask for. */
  add(m: StatesMessage, t: number): void {
    const layer = m.layer ?? -1;
    const ids = this.#ids[layer];
    const column = ids?.indexOf(m.state) ?? -1;
    const n = this.#spec.layers[layer]?.spec.neurons ?? 0;
    if (column < 0 || t < 0 || t >= this.#steps || m.start + m.values.length > n) {
      throw new DeviceProtocolError("unexpected-reply", this.#path, `a NetStates frame for layer ${layer}, state ${m.state}, step ${m.firstStep} that the run did not ask for`);
    }
    m.values.forEach((x, j) => {
      const index = t * this.#perStep + this.#offsets[layer] + (m.start + j) * ids.length + column;
      if (this.#filled[index] === 0) this.#received[t]++;
      this.#values[index] = x;
      this.#filled[index] = 1;
    });
  }

  /** Every value of step t has arrived. */
  complete(t: number): boolean {
    return this.#received[t] === this.#perStep;
  }

  /** Values per step: every layer's neurons × (input, states…, spk). */
  get perStep(): number {
    return this.#perStep;
  }

  /**
   * For a builder used as a ring of `steps` slots (the scope's endless run): copies slot t's
   * values in real units into `into` and empties the slot for a later step.
   */
  takeStep(t: number, into: Float64Array): void {
    const scale = this.#spec.quantization?.scale ?? 1;
    const from = t * this.#perStep;
    for (let j = 0; j < this.#perStep; j++) into[j] = this.#values[from + j] / scale;
    this.#filled.fill(0, from, from + this.#perStep);
    this.#received[t] = 0;
  }

  /** The trace, in real units; throws when a value never came. */
  finish(): NetworkTrace {
    const missing = this.#filled.indexOf(0);
    if (missing >= 0) throw new DeviceProtocolError("unexpected-reply", this.#path, `the device sent no value for step ${Math.floor(missing / this.#perStep)} of the network trace`);
    return networkTraceFromFlat(this.#spec, this.#steps, this.#values);
  }
}

/**
 * Runs `currents` through the configured network in lockstep, a batch of steps per Step with
 * NetStates, and returns the trace every network backend returns.
 */
export async function runNetworkLockstep(session: Session, info: DeviceInfo, spec: NetworkSpec, currents: Currents): Promise<NetworkTrace> {
  const inputs = networkInputs(spec, currents);
  const encoding = wireEncoding(spec);
  const width = spec.inputs;
  const batch = Math.min(16383, Math.floor(info.inputCapacity / width));
  const builder = new NetworkTraceBuilder(spec, currents.steps, session.path);
  for (let t0 = 0; t0 < currents.steps; t0 += batch) {
    const k = Math.min(batch, currents.steps - t0);
    for (const req of inputRequests(inputs.slice(t0 * width, (t0 + k) * width), encoding, info.maxFrame)) await session.exchange(req, "ack");
    const frames: StatesMessage[] = [];
    const collect = (m: SpikesMessage | StatesMessage) => {
      if (m.type === "states" && m.layer !== undefined) frames.push(m);
    };
    const ack = await session.exchange(request(Op.Step, [...uint(k, 2), ReportFlag.States, encoding]), "ack", collect);
    const first = (ack.value ?? 0) - k; // the step count after the batch, minus the batch
    for (const m of frames) builder.add(m, t0 + m.firstStep - first);
  }
  return builder.finish();
}
