/**
 * A network in snnTorch's usual shape: Linear → neuron layer → Linear → neuron layer …
 *
 * Neuron layer k (0-based) takes the output of its Linear, `W_k·x + b_k`, where x is the
 * network's input for k = 0 and layer k−1's spikes of the SAME step otherwise (snnTorch steps the
 * modules in order). An all-to-all RLeaky/RSynaptic also has its own recurrent Linear(n, n),
 * applied to its spikes of the previous step; the kernels add that term where the one-to-one
 * recurrence adds V·S (Layer.feedback).
 *
 * Weights are kept as one flat array per Linear, row-major (row i = output neuron i's weights):
 * in Lua one 16-byte array slot per weight (docs/networks.md weighs the alternatives).
 * A float32 network rounds every multiply and add with the layers' rounding hook (rounding.ts); an
 * int network computes in the fixed point of kernels-int.ts (Q15 weights, biases in the layers' scale).
 */
import { DeviceError, Dtype, Model } from "../shared/codes.ts";
import { type StepFunction, selectStep } from "./kernels.ts";
import { INT_MAX, MUL_MAX } from "../shared/fixed-point.ts";
import { linearInt } from "./kernels-int.ts";
import type { Layer } from "./layer.ts";
import { type Round, rnd } from "./rounding.ts";
import { filledNumbers } from "../shared/arrays.ts";

/** One nn.Linear: out = weight·x + bias, its output kept for the trace. */
export interface Linear {
  /** n × fanIn, row-major: row i holds output i's weights. */
  weight: number[];
  /** n values, or none (empty). */
  bias: number[];
  /** Inputs. @integer (see tools/counted-loop.cjs) */
  fanIn: number;
  /** Outputs. @integer */
  n: number;
  /** This step's output. */
  out: number[];
}

export interface Network {
  dtype: Dtype;
  /** Input channels (the first Linear's fan-in). @integer (see tools/counted-loop.cjs) */
  inputs: number;
  /** Neuron layers, in order; each follows its Linear. */
  layers: Layer[];
  /** Per layer: its Linear; `out` is the layer's input current (the trace's `input` column). */
  linears: Linear[];
  /** Per layer: its all-to-all recurrent Linear(n, n), whose `out` is Layer.feedback; empty (n 0) for the others. */
  recurrents: Linear[];
  /** Per layer: its model's step function (selectStep). */
  steps: StepFunction[];
  rnd: Round | undefined;
}

function isFiniteNumber(x: number): boolean {
  return x === x && x !== Infinity && x !== -Infinity;
}

function allFinite(values: number[]): boolean {
  for (let i = 0; i < values.length; i++) {
    if (!isFiniteNumber(values[i])) return false;
  }
  return true;
}

/** Whole numbers of magnitude at most `max`: an int network's Q15 weights or scaled biases. */
function allWhole(values: number[], max: number): boolean {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Math.floor(x) !== x || x > max || x < 0 - max) return false;
  }
  return true;
}

/** An empty network of `inputs` channels; undefined for a bad channel count or number format. */
export function newNetwork(dtype: number, inputs: number, round: Round | undefined): Network | undefined {
  if (networkError(dtype, inputs) !== DeviceError.None) return undefined;
  return { dtype: dtype as Dtype, inputs, layers: [], linears: [], recurrents: [], steps: [], rnd: round };
}

/** Why newNetwork would refuse these values, or DeviceError.None. */
export function networkError(dtype: number, inputs: number): DeviceError {
  if (dtype !== Dtype.Float64 && dtype !== Dtype.Float32 && dtype !== Dtype.Int) return DeviceError.UnknownDtype;
  if (inputs < 1 || Math.floor(inputs) !== inputs) return DeviceError.BadNeuronCount;
  return DeviceError.None;
}

/** Fan-in of the next layer's Linear: the input channels, or the last layer's neurons. */
export function nextFanIn(net: Network): number {
  const count = net.layers.length;
  return count === 0 ? net.inputs : net.layers[count - 1].n;
}

/**
 * Appends a finished `layer` (configure.ts) behind a Linear of `weight` (n × fan-in, row-major)
 * and `bias` (n values, or none), with the all-to-all recurrent Linear `recWeight` (n × n) and
 * `recBias` (n or none) when `recWeight` is not empty. Checks every size and value first.
 */
export function addLayer(
  net: Network,
  layer: Layer,
  weight: number[],
  bias: number[],
  recWeight: number[],
  recBias: number[],
): DeviceError {
  const n = layer.n;
  if (layer.dtype !== net.dtype) return DeviceError.UnknownDtype;
  if (weight.length !== n * nextFanIn(net) || (bias.length !== 0 && bias.length !== n)) return DeviceError.BadIndex;
  const recurrent = recWeight.length !== 0;
  if (recurrent && layer.model !== Model.RLeaky && layer.model !== Model.RSynaptic) return DeviceError.UnknownModel;
  if ((recurrent && recWeight.length !== n * n) || (recBias.length !== 0 && (!recurrent || recBias.length !== n))) {
    return DeviceError.BadIndex;
  }
  if (!allFinite(weight) || !allFinite(bias) || !allFinite(recWeight) || !allFinite(recBias)) return DeviceError.NotFinite;
  if (net.dtype === Dtype.Int && !(allWhole(weight, MUL_MAX) && allWhole(bias, INT_MAX) && allWhole(recWeight, MUL_MAX) && allWhole(recBias, INT_MAX))) {
    return DeviceError.NotInteger;
  }
  const feedback = newLinear(recWeight, recBias, recurrent ? n : 0, recurrent ? n : 0);
  layer.rnd = net.rnd;
  layer.feedback = recurrent ? feedback.out : undefined;
  net.linears.push(newLinear(weight, bias, nextFanIn(net), n));
  net.recurrents.push(feedback);
  net.layers.push(layer);
  net.steps.push(selectStep(layer));
  return DeviceError.None;
}

function newLinear(weight: number[], bias: number[], fanIn: number, n: number): Linear {
  return { weight, bias, fanIn, n, out: filledNumbers(n, 0) };
}

/**
 * l.out[i] = Σ_j l.weight[i·fanIn + j]·x[base + j] (+ l.bias[i]): torch's nn.Linear. Summed from
 * j = 0 up, then the bias; torch's own order differs only in float rounding (docs/networks.md).
 */
export function linear(l: Linear, x: number[], base: number, round: Round | undefined): void {
  const w = l.weight;
  const b = l.bias;
  const out = l.out;
  const fanIn = l.fanIn;
  const n = l.n;
  const hasBias = b.length !== 0;
  for (let i = 0; i < n; i++) {
    const row = i * fanIn;
    let sum = 0;
    for (let j = 0; j < fanIn; j++) {
      sum = rnd(sum + rnd(w[row + j] * x[base + j], round), round);
    }
    out[i] = hasBias ? rnd(sum + b[i], round) : sum;
  }
}

/** One step of the whole network; its inputs are `inputs[base] .. inputs[base + net.inputs - 1]`. */
export function stepNetwork(net: Network, inputs: number[], base: number): void {
  const round = net.rnd;
  const count = net.layers.length;
  let x = inputs;
  let at = base;
  const int = net.dtype === Dtype.Int;
  for (let k = 0; k < count; k++) {
    const layer = net.layers[k];
    const l = net.linears[k];
    if (int) linearInt(l.weight, l.bias, l.fanIn, l.n, x, at, l.out);
    else linear(l, x, at, round);
    if (layer.feedback !== undefined) {
      const r = net.recurrents[k];
      if (int) linearInt(r.weight, r.bias, r.fanIn, r.n, layer.spk, 0, r.out);
      else linear(r, layer.spk, 0, round);
    }
    net.steps[k](layer, l.out, 0);
    x = layer.spk;
    at = 0;
  }
}
