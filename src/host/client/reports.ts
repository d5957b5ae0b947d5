/** Realtime reports (Spikes and States frames with seq 0) as the Device's event payloads. */
import { stateIds } from "../../shared/state-ids.ts";
import type { LayerSpec } from "../config.ts";
import { toRealUnits } from "../layer-numbers.ts";
import { spikeHeights } from "./lockstep.ts";
import { type SpikesMessage, type StatesMessage, spikeBit } from "./messages.ts";

export interface SpikeReport {
  firstStep: number;
  steps: number;
  neurons: number;
  /** spikes[t·n + i]: 1 when neuron i fired at step firstStep + t. */
  spikes: Uint8Array;
  /** The spikes as the layer emits them (graded: Leaky's graded_spikes_factor). */
  values: Float64Array;
}

export interface StateReport {
  firstStep: number;
  /** The state's trace column ("mem", "syn", …). */
  state: string;
  /** values[m] is flat index start + m: t·n + i, t counted from firstStep. */
  start: number;
  values: number[];
}

export function spikeReport(m: SpikesMessage, spec: LayerSpec): SpikeReport {
  const n = spec.neurons;
  const heights = spikeHeights(spec);
  const spikes = new Uint8Array(m.k * n);
  const values = new Float64Array(m.k * n);
  for (let j = 0; j < spikes.length; j++) {
    spikes[j] = spikeBit(m.bits, j);
    values[j] = spikes[j] === 1 ? heights[j % n] : 0;
  }
  return { firstStep: m.firstStep, steps: m.k, neurons: n, spikes, values: toRealUnits(spec, values) };
}

export function stateReport(m: StatesMessage, spec: LayerSpec): StateReport {
  const column = spec.stateColumns[stateIds(spec.model).indexOf(m.state)];
  return { firstStep: m.firstStep, state: column ?? `state ${m.state}`, start: m.start, values: toRealUnits(spec, [...m.values]) };
}
