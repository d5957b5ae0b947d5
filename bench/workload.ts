/**
 * The benchmarked layer: a float64 Leaky layer (beta 0.9, threshold 1, reset subtract) driven by
 * a fixed block of pseudo-random input currents that is replayed round after round.
 */
import { type DtypeName, type LayerSpec, dtypeCode, parseLayerConfig } from "../src/host/config.ts";
import type { Currents } from "../src/host/currents.ts";
import { deviceArguments } from "../src/host/backends/backend.ts";

export const NEURON_COUNTS = [1, 64];
export const BETA = 0.9;
export const THRESHOLD = 1;
/** Steps in the input block; one "round" runs the layer over the whole block once. */
export const BLOCK_STEPS = 1000;
/** Uniform inputs in [0, 0.3): the membrane drifts towards 10x the mean input (1.5), so neurons fire now and then. */
const INPUT_SCALE = 0.3;
const SEED = 12345;

export interface Workload {
  n: number;
  spec: LayerSpec;
  currents: Currents;
  /** The flat arguments of configureLayer, exactly as the backends build them. */
  device: ReturnType<typeof deviceArguments>;
}

/**
 * Park–Miller generator: every product stays below 2^53, so it is exact in doubles and JS and
 * every Lua produce the same sequence. bench/lua/bench_subjects.lua repeats it.
 */
function inputCurrents(n: number): Currents {
  const values = new Float64Array(n * BLOCK_STEPS);
  let x = SEED;
  for (let k = 0; k < values.length; k++) {
    x = (x * 16807) % 2147483647;
    values[k] = (x / 2147483647) * INPUT_SCALE;
  }
  return { steps: BLOCK_STEPS, channels: n, values };
}

/** The layer's configuration, as a layer.json would give it. */
export function leakyConfig(n: number, dtype: DtypeName = "float64") {
  return { model: "Leaky", neurons: n, beta: BETA, threshold: THRESHOLD, reset_mechanism: "subtract", dtype };
}

export function workload(n: number): Workload {
  const spec = parseLayerConfig(leakyConfig(n));
  const currents = inputCurrents(n);
  return { n, spec, currents, device: deviceArguments(spec, currents) };
}

/** What the Lua subjects need to rebuild the same workload (see bench/lua/bench_subjects.lua). */
export function luaWorkload(w: Workload) {
  return {
    n: w.n,
    steps: BLOCK_STEPS,
    seed: SEED,
    inputScale: INPUT_SCALE,
    beta: BETA,
    threshold: THRESHOLD,
    model: w.spec.model as number,
    reset: w.spec.reset as number,
    dtype: dtypeCode(w.spec.dtype) as number,
    paramIds: w.device.paramIds,
    paramValues: w.device.paramValues,
  };
}
