/**
 * The expected result of one round, from the device code's own `simulate` (src/device/trace.ts)
 * run as the ts backend runs it: every subject, after one round from rest, must hold exactly
 * these membranes (the same float64 operations in the same order), which shows the baselines
 * do the same math as the device code.
 */
import { simulate } from "../src/device/trace.ts";
import { traceFromFlat } from "../src/host/backends/backend.ts";
import { dtypeCode } from "../src/host/config.ts";
import type { Workload } from "./workload.ts";

export interface Reference {
  /** Sum of the membranes after one round. */
  memSum: number;
  /** Fraction of neuron-steps that spike. */
  spikeRate: number;
}

export function reference(w: Workload): Reference {
  const { spec, device, currents } = w;
  const result = simulate(
    spec.model, spec.reset, dtypeCode(spec.dtype), spec.neurons,
    device.paramIds, device.paramValues, device.stateIds, device.stateValues, device.inputs, currents.steps, undefined,
  );
  const trace = traceFromFlat(spec, currents.steps, result.out);
  const width = trace.columns.length;
  const mem = trace.columns.indexOf("mem");
  const spk = trace.columns.indexOf("spk");
  let spikes = 0;
  for (let k = 0; k < trace.steps * trace.neurons; k++) if (trace.values[k * width + spk] !== 0) spikes++;
  let memSum = 0;
  const last = (trace.steps - 1) * trace.neurons;
  for (let i = 0; i < trace.neurons; i++) memSum += trace.values[(last + i) * width + mem];
  return { memSum, spikeRate: spikes / (trace.steps * trace.neurons) };
}
