/**
 * Validation of an int (fixed-point) layer at ConfigEnd: every parameter and initial state must
 * be a whole number in its format's range (formats in kernels-int.ts), so the kernels never
 * see a value that could overflow 32 bits. An int layer derives nothing on the device: the host
 * quantizer (src/host/quantize.ts) sends Lapicque's decay in `beta` and Alpha's tau_alpha.
 */
import { DeviceError, Model } from "../shared/codes.ts";
import { DECAY_ONE, INT_MAX, MUL_MAX, MUL_ONE } from "../shared/fixed-point.ts";
import type { Layer } from "./layer.ts";

function whole(x: number, low: number, high: number): boolean {
  return x === x && x >= low && x <= high && Math.floor(x) === x;
}

function neuronError(layer: Layer, i: number): DeviceError {
  const model = layer.model;
  if (!whole(layer.threshold[i], 0 - INT_MAX, INT_MAX)) return DeviceError.NotInteger;
  if (layer.threshold[i] < 0) return DeviceError.NegativeThreshold;
  if (!whole(layer.resetBy[i], 0 - INT_MAX, INT_MAX) || !whole(layer.gain[i], 0 - INT_MAX, INT_MAX)) return DeviceError.NotInteger;
  // Every model but Lapicque decays by beta; Lapicque keeps its decay 1 − Δt/RC there.
  if (!whole(layer.beta[i], 0, DECAY_ONE)) return DeviceError.NotInteger;
  if (model === Model.Synaptic || model === Model.RSynaptic || model === Model.Alpha) {
    if (!whole(layer.alpha[i], 0, DECAY_ONE)) return DeviceError.NotInteger;
  }
  if ((model === Model.RLeaky || model === Model.RSynaptic) && !whole(layer.v[i], 0 - INT_MAX, INT_MAX)) {
    return DeviceError.NotInteger;
  }
  if (model === Model.Alpha) {
    if (layer.alpha[i] <= layer.beta[i]) return DeviceError.AlphaNotAboveBeta;
    if (layer.beta[i] === DECAY_ONE) return DeviceError.BetaIsOne;
    // tau_alpha = ln α / (ln β − ln α) + 1 ≥ 1 whenever α > β.
    if (!whole(layer.tauAlpha[i], MUL_ONE, MUL_MAX)) return DeviceError.NotInteger;
  }
  const states = [layer.mem[i], layer.syn[i], layer.synExc[i], layer.synInh[i], layer.spk[i]];
  for (let s = 0; s < states.length; s++) {
    if (!whole(states[s], 0 - INT_MAX, INT_MAX)) return DeviceError.NotInteger;
  }
  return DeviceError.None;
}

/** finishLayer for int layers: checks every neuron; nothing is derived or changed. */
export function finishIntLayer(layer: Layer): DeviceError {
  for (let i = 0; i < layer.n; i++) {
    const err = neuronError(layer, i);
    if (err !== DeviceError.None) return err;
  }
  return DeviceError.None;
}
