/**
 * Lockstep runs: per batch of k steps, Input frames fill the device's input buffer (k·n values at
 * most input_capacity), then Step k returns Spikes (and States) frames and an Ack. Each request
 * waits for the previous one's final reply, so the device's receive buffer never overflows.
 */
import { Param, type State } from "../../shared/codes.ts";
import { Op, ReportFlag } from "../../shared/protocol.ts";
import { stateIds } from "../../shared/state-ids.ts";
import type { Trace } from "../backends/backend.ts";
import type { LayerSpec } from "../config.ts";
import type { Currents } from "../currents.ts";
import { layerInputs, toRealUnits } from "../layer-numbers.ts";
import { type Block, BlockCollector, wrapSteps } from "./block.ts";
import { DeviceProtocolError, DeviceUsageError } from "./errors.ts";
import type { DeviceInfo } from "./handshake.ts";
import { type EncodingName, layerEncoding, wholeNumber } from "./options.ts";
import { inputRequests, request, uint } from "./requests.ts";
import type { Session } from "./session.ts";

export interface RunOptions {
  /** Return the states besides the spikes (default true); false gives a trace of `spk` alone. */
  states?: boolean;
  /** Number format of inputs and states on the wire (default "f64": exact; int layers "i32" only). */
  encoding?: EncodingName;
  /** Steps per Step request; at most (and by default) the device's input_capacity / neurons. */
  batchSize?: number;
  /**
   * How the run talks to the device: "stream" (default; docs/protocol.md, "Streaming") or
   * "lockstep", one Input/Step exchange per batch of `batchSize` steps.
   */
  protocol?: "stream" | "lockstep";
  /** Stream only: the inputs' number format when it differs from `encoding`; "spike" sends 0/1 inputs at one bit each. */
  inputEncoding?: EncodingName | "spike";
  /** Stream only: bytes that may be on their way to the device unacknowledged (default 256, NodeMCU's receive ring). */
  window?: number;
  /**
   * Stream only: how often a frame is sent again when its reply does not come whole (a damaged
   * or lost byte either way). 0 (default): frames are pipelined and a damaged frame fails the
   * run; above 0 one frame is in flight at a time and each step is still applied exactly once.
   */
  retries?: number;
  /** Stream with retries: how long to wait for a reply before sending a frame again (default a quarter of the reply timeout). */
  retryAfterMs?: number;
}

/** Largest k of one Step (u14). */
const MAX_STEP_K = 16383;

/** Per neuron the height of an emitted spike: Leaky's graded_spikes_factor, else 1 (an int layer always sends it). */
export function spikeHeights(spec: LayerSpec): number[] {
  return spec.params.find((p) => p.id === Param.Gain)?.values ?? new Array<number>(spec.neurons).fill(1);
}

/** The largest batch the device's input buffer holds for `n` neurons. */
function maxBatch(info: DeviceInfo, n: number): number {
  return Math.min(MAX_STEP_K, Math.floor(info.inputCapacity / n));
}

/** Runs `currents` through the configured layer; the trace layout of src/host/backends/backend.ts. */
export async function runLockstep(
  session: Session,
  info: DeviceInfo,
  spec: LayerSpec,
  currents: Currents,
  options: RunOptions,
): Promise<Trace> {
  const n = spec.neurons;
  if (currents.channels !== n) {
    throw new DeviceUsageError("channels", `the inputs have ${currents.channels} channels but the layer has ${n} neurons`);
  }
  const largest = maxBatch(info, n);
  const batch = wholeNumber(options.batchSize, largest, [1, largest], "batchSize", "batch-size");
  const encoding = layerEncoding(spec.dtype, options.encoding, "encoding");
  const ids: readonly State[] = options.states === false ? [] : stateIds(spec.model);
  const columns = options.states === false ? ["spk"] : [...spec.stateColumns, "spk"];
  const values = layerInputs(currents, spec);
  const heights = spikeHeights(spec);
  const out = new Float64Array(currents.steps * n * columns.length);
  let nextStep: number | undefined;
  for (let t0 = 0; t0 < currents.steps; t0 += batch) {
    const k = Math.min(batch, currents.steps - t0);
    for (const req of inputRequests(values.subarray(t0 * n, (t0 + k) * n), encoding, info.maxFrame)) {
      await session.exchange(req, "ack");
    }
    const collector = new BlockCollector(session.path, n, k, ids, encoding);
    const flags = ids.length > 0 ? ReportFlag.States : 0;
    const ack = await session.exchange(request(Op.Step, [...uint(k, 2), flags, encoding]), "ack", (m) => collector.add(m));
    const block = collector.finish(ack.value ?? -1);
    if (nextStep !== undefined && block.firstStep !== nextStep) {
      throw new DeviceProtocolError("step-count", session.path, `a batch began at step ${block.firstStep}, expected ${nextStep}`);
    }
    nextStep = wrapSteps(block.firstStep + k);
    writeBlock(out, t0, block, ids, heights);
  }
  return { steps: currents.steps, neurons: n, columns, values: toRealUnits(spec, out) };
}

/** Writes a block's rows into the trace from step t0: the states in `ids` order, then the spike. */
export function writeBlock(out: Float64Array, t0: number, block: Block, ids: readonly State[], heights: number[]): void {
  const n = heights.length;
  const width = ids.length + 1;
  const states = ids.map((id) => block.states.get(id)!);
  for (let j = 0; j < block.k * n; j++) {
    const row = (t0 * n + j) * width;
    for (let s = 0; s < ids.length; s++) out[row + s] = states[s][j];
    out[row + ids.length] = block.spikes[j] === 1 ? heights[j % n] : 0;
  }
}
