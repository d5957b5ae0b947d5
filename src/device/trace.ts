/**
 * Runs a layer over many steps and records what snnTorch returns at each step, for the
 * simulate backends: one call per run keeps the host/VM boundary out of the inner loop.
 */
import { DeviceError } from "../shared/codes.ts";
import { stateIds } from "../shared/state-ids.ts";
import { configureLayer } from "./configure.ts";
import type { Round } from "./rounding.ts";
import { type Layer, getState } from "./layer.ts";
import { selectStep } from "./kernels.ts";

/**
 * Steps `layer` `steps` times over `inputs` (step-major: step t, neuron i at t*n + i) and appends
 * to `out`, per step and neuron, the model's states followed by the spike.
 */
export function recordSteps(layer: Layer, inputs: number[], steps: number, out: number[]): void {
  const n = layer.n;
  const states = stateIds(layer.model);
  const stateCount = states.length;
  const step = selectStep(layer);
  for (let t = 0; t < steps; t++) {
    step(layer, inputs, t * n);
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < stateCount; s++) {
        out.push(getState(layer, states[s], i));
      }
      out.push(layer.spk[i]);
    }
  }
}

export interface SimulateResult {
  error: DeviceError;
  out: number[];
}

/**
 * Configures a layer (see configureLayer) and records `steps` steps of it: the whole of a
 * `spikeloop simulate` run in one call.
 */
export function simulate(
  model: number,
  reset: number,
  dtype: number,
  n: number,
  paramIds: number[],
  paramValues: number[],
  stateIds: number[],
  stateValues: number[],
  inputs: number[],
  steps: number,
  rnd: Round | undefined,
): SimulateResult {
  const out: number[] = [];
  const configured = configureLayer(model, reset, dtype, n, paramIds, paramValues, stateIds, stateValues, rnd);
  if (configured.layer === undefined) return { error: configured.error, out };
  if (inputs.length !== steps * n) return { error: DeviceError.BadIndex, out };
  recordSteps(configured.layer, inputs, steps, out);
  return { error: DeviceError.None, out };
}
