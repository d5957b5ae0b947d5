/**
 * A layer of N neurons of one snnTorch model: per-neuron parameters and states in plain arrays,
 * allocated once when the layer is created and updated in place by the kernels.
 */
import { DeviceError, Dtype, MAX_NEURONS, Model, Param, Reset, State } from "../shared/codes.ts";
import { type Round, rnd } from "./rounding.ts";
import { filledNumbers } from "../shared/arrays.ts";
import { finishIntLayer } from "./layer-int.ts";
import { ln } from "../shared/logarithm.ts";

export interface Layer {
  model: Model;
  reset: Reset;
  dtype: Dtype;
  /** Number of neurons, a whole number (validNeuronCount). @integer (see tools/counted-loop.cjs) */
  n: number;
  /** Rounding hook (see rounding.ts): Math.fround for float32 in Node, else undefined; erased in Lua. */
  rnd: Round | undefined;
  beta: number[];
  alpha: number[];
  threshold: number[];
  resetBy: number[];
  gain: number[];
  v: number[];
  r: number[];
  c: number[];
  timeStep: number[];
  /** Derived by finishLayer: Lapicque's 1/(RC) and 1 - dt/(RC), Alpha's tau_alpha. */
  lapK: number[];
  lapD: number[];
  tauAlpha: number[];
  mem: number[];
  syn: number[];
  synExc: number[];
  synInh: number[];
  /** The spikes of the last step: the output, and S_{t-1} of the recurrent models. */
  spk: number[];
  /**
   * All-to-all RLeaky/RSynaptic in a network (network.ts): this step's recurrent term
   * W·S_{t-1} + b per neuron, used instead of V·S_{t-1}; undefined for the one-to-one recurrence.
   */
  feedback: number[] | undefined;
}

function isFiniteNumber(x: number): boolean {
  return x === x && x !== Infinity && x !== -Infinity;
}

/** True when `n` is a whole number of neurons this device accepts. */
export function validNeuronCount(n: number): boolean {
  return n >= 1 && n <= MAX_NEURONS && Math.floor(n) === n;
}

/**
 * A new layer with snnTorch's defaults (threshold 1, graded_spikes_factor 1, time_step 1)
 * and all states zero. Parameters without a default (beta, alpha, V, R, C) start as NaN, so
 * finishLayer rejects a layer whose model needs one that was never set.
 * Returns undefined for an unknown model or reset or a bad neuron count; `layerError` says which.
 */
export function newLayer(model: number, reset: number, dtype: number, n: number): Layer | undefined {
  if (layerError(model, reset, dtype, n) !== DeviceError.None) {
    return undefined;
  }
  const nan = 0 / 0;
  return {
    model: model as Model,
    reset: reset as Reset,
    dtype: dtype as Dtype,
    n,
    rnd: undefined,
    beta: filledNumbers(n, nan),
    alpha: filledNumbers(n, nan),
    threshold: filledNumbers(n, 1),
    resetBy: filledNumbers(n, 1),
    gain: filledNumbers(n, 1),
    v: filledNumbers(n, nan),
    r: filledNumbers(n, nan),
    c: filledNumbers(n, nan),
    timeStep: filledNumbers(n, 1),
    lapK: filledNumbers(n, 0),
    lapD: filledNumbers(n, 0),
    tauAlpha: filledNumbers(n, 0),
    mem: filledNumbers(n, 0),
    syn: filledNumbers(n, 0),
    synExc: filledNumbers(n, 0),
    synInh: filledNumbers(n, 0),
    spk: filledNumbers(n, 0),
    feedback: undefined,
  };
}

/** Why newLayer would refuse these header values, or DeviceError.None. */
export function layerError(model: number, reset: number, dtype: number, n: number): DeviceError {
  if (model !== Math.floor(model) || model < Model.Lapicque || model > Model.RSynaptic) {
    return DeviceError.UnknownModel;
  }
  if (reset !== Reset.Subtract && reset !== Reset.Zero && reset !== Reset.None) {
    return DeviceError.UnknownReset;
  }
  if (dtype !== Dtype.Float64 && dtype !== Dtype.Float32 && dtype !== Dtype.Int) {
    return DeviceError.UnknownDtype;
  }
  if (!validNeuronCount(n)) {
    return DeviceError.BadNeuronCount;
  }
  return DeviceError.None;
}

function paramArray(layer: Layer, param: number): number[] | undefined {
  if (param === Param.Beta) return layer.beta;
  if (param === Param.Alpha) return layer.alpha;
  if (param === Param.Threshold) return layer.threshold;
  if (param === Param.ResetBy) return layer.resetBy;
  if (param === Param.Gain) return layer.gain;
  if (param === Param.V) return layer.v;
  if (param === Param.R) return layer.r;
  if (param === Param.C) return layer.c;
  if (param === Param.TimeStep) return layer.timeStep;
  if (param === Param.TauAlpha) return layer.tauAlpha;
  return undefined;
}

export function stateArray(layer: Layer, state: number): number[] | undefined {
  if (state === State.Mem) return layer.mem;
  if (state === State.Syn) return layer.syn;
  if (state === State.SynExc) return layer.synExc;
  if (state === State.SynInh) return layer.synInh;
  if (state === State.Spk) return layer.spk;
  return undefined;
}

function setValue(a: number[] | undefined, n: number, index: number, value: number, missing: DeviceError): DeviceError {
  if (a === undefined) return missing;
  if (index < 0 || index >= n || Math.floor(index) !== index) return DeviceError.BadIndex;
  if (!isFiniteNumber(value)) return DeviceError.NotFinite;
  a[index] = value;
  return DeviceError.None;
}

/** The array of state `state` (a known State id) of every neuron. */
export function stateValues(layer: Layer, state: number): number[] {
  return stateArray(layer, state) as number[];
}

/** Sets parameter `param` of neuron `index` (0-based). */
export function setParam(layer: Layer, param: number, index: number, value: number): DeviceError {
  return setValue(paramArray(layer, param), layer.n, index, value, DeviceError.UnknownParam);
}

/** Sets state `state` of neuron `index` (0-based): the initial state before the first step. */
export function setState(layer: Layer, state: number, index: number, value: number): DeviceError {
  return setValue(stateArray(layer, state), layer.n, index, value, DeviceError.UnknownState);
}

/** Reads state `state` of neuron `index` (0-based); NaN for an unknown state or index. */
export function getState(layer: Layer, state: number, index: number): number {
  const a = stateArray(layer, state);
  if (a === undefined || index < 0 || index >= layer.n) return 0 / 0;
  return a[index];
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function usesAlpha(model: Model): boolean {
  return model === Model.Synaptic || model === Model.Alpha || model === Model.RSynaptic;
}

function usesBeta(model: Model): boolean {
  return model !== Model.Lapicque;
}

function neuronError(layer: Layer, i: number): DeviceError {
  const model = layer.model;
  if (!isFiniteNumber(layer.threshold[i]) || !isFiniteNumber(layer.resetBy[i]) || !isFiniteNumber(layer.gain[i])) {
    return DeviceError.NotFinite;
  }
  if (layer.threshold[i] < 0) return DeviceError.NegativeThreshold;
  if (usesBeta(model) && !isFiniteNumber(layer.beta[i])) return DeviceError.NotFinite;
  if (usesAlpha(model) && !isFiniteNumber(layer.alpha[i])) return DeviceError.NotFinite;
  if ((model === Model.RLeaky || model === Model.RSynaptic) && !isFiniteNumber(layer.v[i])) return DeviceError.NotFinite;
  if (model === Model.Alpha) {
    if (layer.alpha[i] <= layer.beta[i]) return DeviceError.AlphaNotAboveBeta;
    if (layer.beta[i] === 1) return DeviceError.BetaIsOne;
  }
  if (model === Model.Lapicque) {
    if (!isFiniteNumber(layer.r[i]) || !isFiniteNumber(layer.c[i]) || !isFiniteNumber(layer.timeStep[i])) {
      return DeviceError.NotFinite;
    }
    if (layer.r[i] * layer.c[i] <= 0 || layer.timeStep[i] <= 0) return DeviceError.NonPositiveRC;
  }
  return DeviceError.None;
}

/**
 * Checks every parameter the model needs and derives the per-step constants, in snnTorch's
 * operation order so float32 layers round exactly as snnTorch does. Call once after the
 * parameters are set and before the first step. beta and alpha are clamped to [0, 1] here,
 * which is what snnTorch does on every step.
 */
export function finishLayer(layer: Layer): DeviceError {
  if (layer.dtype === Dtype.Int) return finishIntLayer(layer);
  const round = layer.rnd;
  for (let i = 0; i < layer.n; i++) {
    const err = neuronError(layer, i);
    if (err !== DeviceError.None) return err;
  }
  for (let i = 0; i < layer.n; i++) {
    layer.beta[i] = clamp01(layer.beta[i]);
    layer.alpha[i] = clamp01(layer.alpha[i]);
    if (layer.model === Model.Lapicque) {
      const rc = rnd(layer.r[i] * layer.c[i], round);
      layer.lapK[i] = rnd(1 / rc, round);
      layer.lapD[i] = rnd(1 - rnd(layer.timeStep[i] / rc, round), round);
    } else if (layer.model === Model.Alpha) {
      const logAlpha = rnd(ln(layer.alpha[i]), round);
      const logBeta = rnd(ln(layer.beta[i]), round);
      layer.tauAlpha[i] = rnd(rnd(logAlpha / rnd(logBeta - logAlpha, round), round) + 1, round);
    }
  }
  return DeviceError.None;
}
