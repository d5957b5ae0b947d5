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
import { Dtype, Model, Reset } from "../shared/codes.ts";
import { stepIntLayer } from "./kernels-int.ts";
import type { Layer } from "./layer.ts";
import { rnd } from "./rounding.ts";

function stepLeaky(layer: Layer, inputs: number[], base: number): void {
  const round = layer.rnd;
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
    const th = threshold[i];
    let next = rnd(rnd(beta[i] * u, round) + inputs[base + i], round);
    // Leaky's own zero reset, beta * (0 * U) + X, keeps the input of the reset step.
    if (u > th) {
      if (reset === Reset.Subtract) next = rnd(next - resetBy[i], round);
      else if (reset === Reset.Zero) next = rnd(0 + inputs[base + i], round);
    }
    mem[i] = next;
    spk[i] = next > th ? gain[i] : 0;
  }
}

function stepLapicque(layer: Layer, inputs: number[], base: number): void {
  const round = layer.rnd;
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
    const th = threshold[i];
    let next = rnd(rnd(rnd(rnd(inputs[base + i] * r[i], round) * k[i], round) * dt[i], round) + rnd(d[i] * u, round), round);
    if (u > th) {
      if (reset === Reset.Subtract) next = rnd(next - resetBy[i], round);
      else if (reset === Reset.Zero) next = 0;
    }
    mem[i] = next;
    spk[i] = next > th ? 1 : 0;
  }
}

/**
 * Synaptic, and RSynaptic when `recurrent`: I = alpha*I + X (+ V*S, or the all-to-all feedback
 * W*S + b), U = beta*U + I.
 */
function stepSynaptic(layer: Layer, inputs: number[], base: number, recurrent: boolean): void {
  const round = layer.rnd;
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
  const feedback = layer.feedback;
  for (let i = 0; i < n; i++) {
    const u = mem[i];
    const th = threshold[i];
    let current = rnd(rnd(alpha[i] * syn[i], round) + inputs[base + i], round);
    if (recurrent) {
      current = rnd(current + (feedback === undefined ? rnd(v[i] * spk[i], round) : feedback[i]), round);
    }
    let next = rnd(rnd(beta[i] * u, round) + current, round);
    if (u > th) {
      if (reset === Reset.Subtract) next = rnd(next - resetBy[i], round);
      else if (reset === Reset.Zero) next = 0;
    }
    syn[i] = current;
    mem[i] = next;
    spk[i] = next > th ? 1 : 0;
  }
}

/** RLeaky: U = beta*U + X + V*S (or the all-to-all feedback W*S + b, see Layer.feedback). */
function stepRLeaky(layer: Layer, inputs: number[], base: number): void {
  const round = layer.rnd;
  const n = layer.n;
  const reset = layer.reset;
  const beta = layer.beta;
  const v = layer.v;
  const threshold = layer.threshold;
  const resetBy = layer.resetBy;
  const mem = layer.mem;
  const spk = layer.spk;
  const feedback = layer.feedback;
  for (let i = 0; i < n; i++) {
    const u = mem[i];
    const th = threshold[i];
    const recurrent = feedback === undefined ? rnd(v[i] * spk[i], round) : feedback[i];
    let next = rnd(rnd(rnd(beta[i] * u, round) + inputs[base + i], round) + recurrent, round);
    if (u > th) {
      if (reset === Reset.Subtract) next = rnd(next - resetBy[i], round);
      else if (reset === Reset.Zero) next = 0;
    }
    mem[i] = next;
    spk[i] = next > th ? 1 : 0;
  }
}

/** Alpha: E = alpha*E + X, N = beta*N - X, U = tau_alpha * (E + N). */
function stepAlpha(layer: Layer, inputs: number[], base: number): void {
  const round = layer.rnd;
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
    const u = mem[i];
    const th = threshold[i];
    let exc = rnd(rnd(alpha[i] * synExc[i], round) + x, round);
    let inh = rnd(rnd(beta[i] * inhPrev, round) - x, round);
    let next = rnd(tau[i] * rnd(exc + inh, round), round);
    if (u > th) {
      if (reset === Reset.Zero) {
        exc = 0;
        inh = 0;
        next = 0;
      } else if (reset === Reset.Subtract) {
        // snnTorch's correction: E loses the threshold, N is zeroed, U gains N_{t-1}.
        exc = rnd(exc - resetBy[i], round);
        inh = 0;
        next = rnd(next + inhPrev, round);
      }
    }
    synExc[i] = exc;
    synInh[i] = inh;
    mem[i] = next;
    spk[i] = next > th ? 1 : 0;
  }
}

/** One step of a layer: the inputs of neuron i are `inputs[base + i]`. */
export type StepFunction = (layer: Layer, inputs: number[], base: number) => void;

function stepSynapticAlone(layer: Layer, inputs: number[], base: number): void {
  stepSynaptic(layer, inputs, base, false);
}

function stepRSynaptic(layer: Layer, inputs: number[], base: number): void {
  stepSynaptic(layer, inputs, base, true);
}

/**
 * The step function of `layer`'s model and number format. A loop over many steps chooses it
 * once (as recordSteps does): at one neuron the choice would otherwise cost as much as the step.
 */
export function selectStep(layer: Layer): StepFunction {
  if (layer.dtype === Dtype.Int) return stepIntLayer;
  const model = layer.model;
  if (model === Model.Leaky) return stepLeaky;
  if (model === Model.Lapicque) return stepLapicque;
  if (model === Model.Synaptic) return stepSynapticAlone;
  if (model === Model.RSynaptic) return stepRSynaptic;
  if (model === Model.RLeaky) return stepRLeaky;
  return stepAlpha;
}

/**
 * Advances every neuron of `layer` by one step. The step's inputs are
 * `inputs[base] .. inputs[base + n - 1]`, so a batch of steps can sit in one array.
 */
export function stepLayer(layer: Layer, inputs: number[], base: number): void {
  selectStep(layer)(layer, inputs, base);
}
