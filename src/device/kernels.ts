/**
 * One time step of a layer, for each of snnTorch's six neuron models, in place.
 *
 * Every model follows snnTorch's order (docs/neuron-models.md):
 *   1. r = U_{t-1} > threshold   (the reset comes from the PREVIOUS membrane)
 *   2. update the states with the input, applying the reset mechanism when r
 *   3. S = U_t > threshold        (the spike comes from the NEW membrane)
 * `rnd` wraps every arithmetic result so float32 layers round like snnTorch (see rounding.ts).
 * Since r is 0 or 1, `x - r*y` is written as a branch: `x - 1*y` rounds exactly like `x - y`.
 */
import { Model, Reset } from "./codes.ts";
import type { Layer } from "./layer.ts";

function stepLeaky(layer: Layer, inputs: number[], base: number): void {
  const rnd = layer.rnd;
  const n = layer.n;
  const reset = layer.reset;
  const beta = layer.beta;
  const threshold = layer.threshold;
  const resetBy = layer.resetBy;
  const gain = layer.gain;
  const mem = layer.mem;
  const spk = layer.spk;
  for (let i = 0; i < n; i++) {
    const u = mem[i];
    const fired = u > threshold[i];
    let next: number;
    if (fired && reset === Reset.Zero) {
      // Leaky's own zero reset: beta * (0 * U) + X keeps the input of the reset step.
      next = rnd(0 + inputs[base + i]);
    } else {
      next = rnd(rnd(beta[i] * u) + inputs[base + i]);
      if (fired && reset === Reset.Subtract) {
        next = rnd(next - resetBy[i]);
      }
    }
    mem[i] = next;
    spk[i] = next > threshold[i] ? gain[i] : 0;
  }
}

function stepLapicque(layer: Layer, inputs: number[], base: number): void {
  const rnd = layer.rnd;
  const n = layer.n;
  const reset = layer.reset;
  const r = layer.r;
  const k = layer.lapK;
  const d = layer.lapD;
  const dt = layer.timeStep;
  const threshold = layer.threshold;
  const resetBy = layer.resetBy;
  const mem = layer.mem;
  const spk = layer.spk;
  for (let i = 0; i < n; i++) {
    const u = mem[i];
    const fired = u > threshold[i];
    let next = rnd(rnd(rnd(rnd(inputs[base + i] * r[i]) * k[i]) * dt[i]) + rnd(d[i] * u));
    if (fired) {
      if (reset === Reset.Subtract) next = rnd(next - resetBy[i]);
      else if (reset === Reset.Zero) next = 0;
    }
    mem[i] = next;
    spk[i] = next > threshold[i] ? 1 : 0;
  }
}

/** Synaptic, and RSynaptic when `recurrent`: I = alpha*I + X (+ V*S), U = beta*U + I. */
function stepSynaptic(layer: Layer, inputs: number[], base: number, recurrent: boolean): void {
  const rnd = layer.rnd;
  const n = layer.n;
  const reset = layer.reset;
  const alpha = layer.alpha;
  const beta = layer.beta;
  const v = layer.v;
  const threshold = layer.threshold;
  const resetBy = layer.resetBy;
  const syn = layer.syn;
  const mem = layer.mem;
  const spk = layer.spk;
  for (let i = 0; i < n; i++) {
    const u = mem[i];
    const fired = u > threshold[i];
    let current = rnd(rnd(alpha[i] * syn[i]) + inputs[base + i]);
    if (recurrent) {
      current = rnd(current + rnd(v[i] * spk[i]));
    }
    let next = rnd(rnd(beta[i] * u) + current);
    if (fired) {
      if (reset === Reset.Subtract) next = rnd(next - resetBy[i]);
      else if (reset === Reset.Zero) next = 0;
    }
    syn[i] = current;
    mem[i] = next;
    spk[i] = next > threshold[i] ? 1 : 0;
  }
}

function stepRLeaky(layer: Layer, inputs: number[], base: number): void {
  const rnd = layer.rnd;
  const n = layer.n;
  const reset = layer.reset;
  const beta = layer.beta;
  const v = layer.v;
  const threshold = layer.threshold;
  const resetBy = layer.resetBy;
  const mem = layer.mem;
  const spk = layer.spk;
  for (let i = 0; i < n; i++) {
    const u = mem[i];
    const fired = u > threshold[i];
    let next = rnd(rnd(rnd(beta[i] * u) + inputs[base + i]) + rnd(v[i] * spk[i]));
    if (fired) {
      if (reset === Reset.Subtract) next = rnd(next - resetBy[i]);
      else if (reset === Reset.Zero) next = 0;
    }
    mem[i] = next;
    spk[i] = next > threshold[i] ? 1 : 0;
  }
}

/** Alpha: E = alpha*E + X, N = beta*N - X, U = tau_alpha * (E + N). */
function stepAlpha(layer: Layer, inputs: number[], base: number): void {
  const rnd = layer.rnd;
  const n = layer.n;
  const reset = layer.reset;
  const alpha = layer.alpha;
  const beta = layer.beta;
  const tau = layer.tauAlpha;
  const threshold = layer.threshold;
  const resetBy = layer.resetBy;
  const synExc = layer.synExc;
  const synInh = layer.synInh;
  const mem = layer.mem;
  const spk = layer.spk;
  for (let i = 0; i < n; i++) {
    const x = inputs[base + i];
    const inhPrev = synInh[i];
    const fired = mem[i] > threshold[i];
    let exc = rnd(rnd(alpha[i] * synExc[i]) + x);
    let inh = rnd(rnd(beta[i] * inhPrev) - x);
    let next = rnd(tau[i] * rnd(exc + inh));
    if (fired) {
      if (reset === Reset.Zero) {
        exc = 0;
        inh = 0;
        next = 0;
      } else if (reset === Reset.Subtract) {
        // snnTorch's correction: E loses the threshold, N is zeroed, U gains N_{t-1}.
        exc = rnd(exc - resetBy[i]);
        inh = 0;
        next = rnd(next + inhPrev);
      }
    }
    synExc[i] = exc;
    synInh[i] = inh;
    mem[i] = next;
    spk[i] = next > threshold[i] ? 1 : 0;
  }
}

/**
 * Advances every neuron of `layer` by one step. The step's inputs are
 * `inputs[base] .. inputs[base + n - 1]`, so a batch of steps can sit in one array.
 */
export function stepLayer(layer: Layer, inputs: number[], base: number): void {
  const model = layer.model;
  if (model === Model.Leaky) stepLeaky(layer, inputs, base);
  else if (model === Model.Lapicque) stepLapicque(layer, inputs, base);
  else if (model === Model.Synaptic) stepSynaptic(layer, inputs, base, false);
  else if (model === Model.RSynaptic) stepSynaptic(layer, inputs, base, true);
  else if (model === Model.RLeaky) stepRLeaky(layer, inputs, base);
  else if (model === Model.Alpha) stepAlpha(layer, inputs, base);
}
