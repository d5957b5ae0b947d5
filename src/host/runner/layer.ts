/** What a run needs to know about its layer beyond the LayerSpec's device arrays. */
import { Param } from "../../shared/codes.ts";
import type { LayerSpec } from "../config.ts";

/** Each neuron's firing threshold (snnTorch's default 1 where none was given). */
export function thresholdsOf(spec: LayerSpec): number[] {
  const given = spec.params.find((p) => p.id === Param.Threshold);
  return given === undefined ? new Array<number>(spec.neurons).fill(1) : [...given.values];
}

/** The membrane potential of neuron `i` at every step, from a trace. */
export function membraneOf(trace: { steps: number; neurons: number; columns: string[]; values: Float64Array }, i: number): number[] {
  const width = trace.columns.length;
  const mem = trace.columns.indexOf("mem");
  return Array.from({ length: trace.steps }, (_, t) => trace.values[(t * trace.neurons + i) * width + mem]);
}

/** The steps at which neuron `i` fired. */
export function spikeStepsOf(trace: { steps: number; neurons: number; columns: string[]; values: Float64Array }, i: number): number[] {
  const width = trace.columns.length;
  const out: number[] = [];
  for (let t = 0; t < trace.steps; t++) if (trace.values[(t * trace.neurons + i) * width + width - 1] !== 0) out.push(t);
  return out;
}
