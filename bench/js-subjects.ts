/**
 * The two subjects run directly in Node: the device code itself, set up exactly as the ts
 * backend sets it up for a float64 layer, and a hand-written Leaky loop over Float64Arrays.
 * Both are driven the same way: one step call per time step, replaying the input block.
 */
import { configureLayer } from "../src/device/configure.ts";
import { selectStep } from "../src/device/kernels.ts";
import { dtypeCode } from "../src/host/config.ts";
import type { Subject } from "./timing.ts";
import { BETA, THRESHOLD, type Workload } from "./workload.ts";

/** A rounding hook that changes nothing. Float64 layers get none (`undefined`), as in the ts backend. */
export const identity = (x: number) => x;

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

export function deviceSubject(w: Workload): Subject {
  const { spec, device } = w;
  const configured = configureLayer(
    spec.model, spec.reset, dtypeCode(spec.dtype), spec.neurons,
    device.paramIds, device.paramValues, device.stateIds, device.stateValues, undefined,
  );
  const layer = configured.layer;
  if (layer === undefined) throw new Error(`configureLayer failed with device error ${configured.error}`);
  const inputs = device.inputs;
  const n = w.n;
  const steps = w.currents.steps;
  // The model's step function is chosen once per run, as the device's recordSteps does.
  const step = selectStep(layer);
  return {
    run(rounds) {
      for (let r = 0; r < rounds; r++) {
        for (let t = 0; t < steps; t++) step(layer, inputs, t * n);
      }
    },
    memSum: () => sum(layer.mem),
  };
}

/** The Leaky layer as one would write it by hand, with the device's reset and spike semantics. */
class Float64Leaky {
  readonly beta: Float64Array;
  readonly threshold: Float64Array;
  readonly mem: Float64Array;
  readonly spk: Float64Array;

  constructor(readonly n: number, beta: number, threshold: number) {
    this.beta = new Float64Array(n).fill(beta);
    this.threshold = new Float64Array(n).fill(threshold);
    this.mem = new Float64Array(n);
    this.spk = new Float64Array(n);
  }

  step(inputs: Float64Array, base: number): void {
    const { n, beta, threshold, mem, spk } = this;
    for (let i = 0; i < n; i++) {
      const u = mem[i];
      const th = threshold[i];
      let x = beta[i] * u + inputs[base + i];
      if (u > th) x -= th;
      mem[i] = x;
      spk[i] = x > th ? 1 : 0;
    }
  }
}

export function float64ArraySubject(w: Workload): Subject {
  const layer = new Float64Leaky(w.n, BETA, THRESHOLD);
  const inputs = w.currents.values;
  const n = w.n;
  const steps = w.currents.steps;
  return {
    run(rounds) {
      for (let r = 0; r < rounds; r++) {
        for (let t = 0; t < steps; t++) layer.step(inputs, t * n);
      }
    },
    memSum: () => sum(layer.mem),
  };
}
