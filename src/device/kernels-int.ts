/**
 * One time step of an int (fixed-point) layer, for each of snnTorch's six models, in the same
 * order as the float kernels (kernels.ts) but in integer arithmetic only, so every Lua computes
 * the same bits: doubles (Lua 5.1, LuaJIT), 64- or 32-bit integers (Lua 5.3/5.4, NodeMCU's
 * integer builds) and 32-bit floats (NodeMCU's Lua 5.3 on the ESP32).
 *
 * Formats (docs/integer-mode.md): states, inputs, thresholds, reset amounts, V and spike heights
 * are whole numbers within ±(2^31 − 1) in one fixed-point scale the host chooses (2^20 = 1.0 by
 * default; the device never needs to know it); decays (beta, alpha, Lapicque's 1 − Δt/RC) are
 * Q30 (2^30 = 1.0) and Alpha's tau_alpha Q15 (2^15 = 1.0). Results saturate at ±(2^31 − 1).
 *
 * Every intermediate stays below 2^31 in magnitude, and the only divisions divide an exact
 * multiple of 2^15 (whose quotient has at most 16 significant bits, exact even in a float32),
 * floored back to an integer. `%` only ever sees non-negative operands: JavaScript truncates
 * where Lua floors.
 *
 * Lapicque's int layer holds its decay 1 − Δt/RC in `beta`; the host folds R·(1/RC)·Δt into
 * the quantized inputs (src/host/quantize.ts), so the device adds the input as it comes. Every
 * model's spike is its `gain` (1.0 in the layer's scale, or Leaky's graded_spikes_factor); the
 * recurrent models add V when the last spike was not 0, or in a network's all-to-all layer the
 * recurrent term its Linear computed (Layer.feedback, network.ts).
 */
import { Model, Reset } from "../shared/codes.ts";
import * as Q from "../shared/fixed-point.ts";
import type { Layer } from "./layer.ts";

// Copied into locals: a Lua local is a register, an imported or exported name a table lookup.
const INT_MAX = Q.INT_MAX;
const MUL_MAX = Q.MUL_MAX;

/** a + b saturated to ±INT_MAX, for |a|, |b| ≤ INT_MAX; the sum is never formed when it would overflow. */
function satAdd(a: number, b: number): number {
  if (b > 0) {
    if (a > INT_MAX - b) return INT_MAX;
  } else if (a < -INT_MAX - b) {
    return -INT_MAX;
  }
  return a + b;
}

/**
 * x·m / 2^15 rounded to nearest, ties away from zero, saturated; |x| ≤ INT_MAX, 0 ≤ m ≤ MUL_MAX.
 * With |x| = ah·2^15 + al and m = mh·2^15 + ml:
 *   |x|·m / 2^15 = ah·mh·2^15 + ah·ml + (al·mh + round(al·ml / 2^15)),
 * each term non-negative and below 2^31, added only after checking the sum stays below 2^31.
 */
function mulQ15(x: number, m: number): number {
  const a = x < 0 ? 0 - x : x;
  const al = a % 32768;
  const ah = Math.floor((a - al) / 32768);
  const ml = m % 32768;
  const mh = Math.floor((m - ml) / 32768);
  const top = ah * mh;
  let r = INT_MAX;
  if (top < 65536) {
    const low = al * ml + 16384;
    const lowRem = low % 32768;
    const rest = al * mh + Math.floor((low - lowRem) / 32768);
    const middle = ah * ml;
    r = top * 32768;
    r = r > INT_MAX - middle ? INT_MAX : r + middle;
    r = r > INT_MAX - rest ? INT_MAX : r + rest;
  }
  // 0 - r, not -r: a negative zero would print as "-0.0" where integer Luas print 0.
  return x < 0 ? 0 - r : r;
}

/**
 * x·d / 2^30 rounded to nearest, ties away from zero; |x| ≤ INT_MAX, 0 ≤ d ≤ DECAY_ONE, so the
 * result is no larger than |x| and never saturates. With |x| = ah·2^15 + al, d = dh·2^15 + dl:
 *   |x|·d / 2^30 = ah·dh + (ah·dl + al·dh) / 2^15 + al·dl / 2^30,
 * where each product is split at 2^15 so that the fractional parts add up below 2^31.
 */
function mulDecay(x: number, d: number): number {
  const a = x < 0 ? 0 - x : x;
  const al = a % 32768;
  const ah = Math.floor((a - al) / 32768);
  const dl = d % 32768;
  const dh = Math.floor((d - dl) / 32768);
  const c1 = ah * dl;
  const c1l = c1 % 32768;
  const c2 = al * dh;
  const c2l = c2 % 32768;
  const low = al * dl;
  const lowLo = low % 32768;
  // The parts below 1 in units of 2^-15 (< 3·2^15), then its whole part sh and remainder sl.
  const s = c1l + c2l + Math.floor((low - lowLo) / 32768);
  const sl = s % 32768;
  let r = ah * dh + Math.floor((c1 - c1l) / 32768) + Math.floor((c2 - c2l) / 32768) + Math.floor((s - sl) / 32768);
  // What is left is (sl·2^15 + lowLo) / 2^30 < 1: round it.
  if (sl * 32768 + lowLo >= 536870912) r = r + 1;
  return x < 0 ? 0 - r : r;
}

function stepLeaky(layer: Layer, inputs: number[], base: number): void {
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
      next = inputs[base + i];
    } else {
      next = satAdd(mulDecay(u, beta[i]), inputs[base + i]);
      if (fired && reset === Reset.Subtract) next = satAdd(next, 0 - resetBy[i]);
    }
    mem[i] = next;
    spk[i] = next > threshold[i] ? gain[i] : 0;
  }
}

/** U = X' + d·U with d = 1 − Δt/RC in `beta` and X' the host-scaled input. */
function stepLapicque(layer: Layer, inputs: number[], base: number): void {
  const n = layer.n;
  const reset = layer.reset;
  const decay = layer.beta;
  const threshold = layer.threshold;
  const gain = layer.gain;
  const resetBy = layer.resetBy;
  const mem = layer.mem;
  const spk = layer.spk;
  for (let i = 0; i < n; i++) {
    const u = mem[i];
    const fired = u > threshold[i];
    let next = satAdd(inputs[base + i], mulDecay(u, decay[i]));
    if (fired) {
      if (reset === Reset.Subtract) next = satAdd(next, 0 - resetBy[i]);
      else if (reset === Reset.Zero) next = 0;
    }
    mem[i] = next;
    spk[i] = next > threshold[i] ? gain[i] : 0;
  }
}

/** Synaptic, and RSynaptic when `recurrent`: I = αI + X (+ V when S_{t−1}), U = βU + I. */
function stepSynaptic(layer: Layer, inputs: number[], base: number, recurrent: boolean): void {
  const n = layer.n;
  const reset = layer.reset;
  const alpha = layer.alpha;
  const beta = layer.beta;
  const v = layer.v;
  const threshold = layer.threshold;
  const resetBy = layer.resetBy;
  const gain = layer.gain;
  const syn = layer.syn;
  const mem = layer.mem;
  const spk = layer.spk;
  const feedback = layer.feedback;
  for (let i = 0; i < n; i++) {
    const u = mem[i];
    const fired = u > threshold[i];
    let current = satAdd(mulDecay(syn[i], alpha[i]), inputs[base + i]);
    if (recurrent && feedback !== undefined) current = satAdd(current, feedback[i]);
    else if (recurrent && spk[i] !== 0) current = satAdd(current, v[i]);
    let next = satAdd(mulDecay(u, beta[i]), current);
    if (fired) {
      if (reset === Reset.Subtract) next = satAdd(next, 0 - resetBy[i]);
      else if (reset === Reset.Zero) next = 0;
    }
    syn[i] = current;
    mem[i] = next;
    spk[i] = next > threshold[i] ? gain[i] : 0;
  }
}

function stepRLeaky(layer: Layer, inputs: number[], base: number): void {
  const n = layer.n;
  const reset = layer.reset;
  const beta = layer.beta;
  const v = layer.v;
  const threshold = layer.threshold;
  const resetBy = layer.resetBy;
  const gain = layer.gain;
  const mem = layer.mem;
  const spk = layer.spk;
  const feedback = layer.feedback;
  for (let i = 0; i < n; i++) {
    const u = mem[i];
    const fired = u > threshold[i];
    let next = satAdd(mulDecay(u, beta[i]), inputs[base + i]);
    if (feedback !== undefined) next = satAdd(next, feedback[i]);
    else if (spk[i] !== 0) next = satAdd(next, v[i]);
    if (fired) {
      if (reset === Reset.Subtract) next = satAdd(next, 0 - resetBy[i]);
      else if (reset === Reset.Zero) next = 0;
    }
    mem[i] = next;
    spk[i] = next > threshold[i] ? gain[i] : 0;
  }
}

/** Alpha: E = αE + X, N = βN − X, U = τα(E + N), with snnTorch's reset corrections. */
function stepAlpha(layer: Layer, inputs: number[], base: number): void {
  const n = layer.n;
  const reset = layer.reset;
  const alpha = layer.alpha;
  const beta = layer.beta;
  const tau = layer.tauAlpha;
  const threshold = layer.threshold;
  const resetBy = layer.resetBy;
  const gain = layer.gain;
  const synExc = layer.synExc;
  const synInh = layer.synInh;
  const mem = layer.mem;
  const spk = layer.spk;
  for (let i = 0; i < n; i++) {
    const x = inputs[base + i];
    const inhPrev = synInh[i];
    const fired = mem[i] > threshold[i];
    let exc = satAdd(mulDecay(synExc[i], alpha[i]), x);
    let inh = satAdd(mulDecay(inhPrev, beta[i]), 0 - x);
    let next = mulQ15(satAdd(exc, inh), tau[i]);
    if (fired) {
      if (reset === Reset.Zero) {
        exc = 0;
        inh = 0;
        next = 0;
      } else if (reset === Reset.Subtract) {
        exc = satAdd(exc, 0 - resetBy[i]);
        inh = 0;
        next = satAdd(next, inhPrev);
      }
    }
    synExc[i] = exc;
    synInh[i] = inh;
    mem[i] = next;
    spk[i] = next > threshold[i] ? gain[i] : 0;
  }
}

/**
 * An int network's Linear (network.ts): out[i] = Σ_j x[base + j]·w[i·fanIn + j] / 2^15 (+ b[i]),
 * weights signed Q15 (|w| ≤ MUL_MAX), x and b in the layer's scale, each product rounded as
 * mulQ15 rounds, summed from j = 0 up and saturated. A zero input (no spike) adds nothing.
 */
function linearInt(w: number[], b: number[], fanIn: number, n: number, x: number[], base: number, out: number[]): void {
  const hasBias = b.length !== 0;
  for (let i = 0; i < n; i++) {
    const row = i * fanIn;
    let sum = 0;
    for (let j = 0; j < fanIn; j++) {
      const xj = x[base + j];
      const wj = w[row + j];
      if (xj !== 0) sum = satAdd(sum, wj < 0 ? 0 - mulQ15(xj, 0 - wj) : mulQ15(xj, wj));
    }
    out[i] = hasBias ? satAdd(sum, b[i]) : sum;
  }
}

/** Advances every neuron of an int layer by one step over `inputs[base] .. inputs[base + n - 1]`. */
export function stepIntLayer(layer: Layer, inputs: number[], base: number): void {
  const model = layer.model;
  if (model === Model.Leaky) stepLeaky(layer, inputs, base);
  else if (model === Model.Lapicque) stepLapicque(layer, inputs, base);
  else if (model === Model.Synaptic) stepSynaptic(layer, inputs, base, false);
  else if (model === Model.RSynaptic) stepSynaptic(layer, inputs, base, true);
  else if (model === Model.RLeaky) stepRLeaky(layer, inputs, base);
  else if (model === Model.Alpha) stepAlpha(layer, inputs, base);
}

export { linearInt, mulDecay, mulQ15, satAdd };
