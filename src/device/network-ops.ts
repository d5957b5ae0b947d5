/**
 * The network operations of the neuron extension (docs/protocol.md, "Networks"):
 *
 *   NetBegin `dtype inputs:u14 layers`   starts a network of `layers` neuron layers
 *   NetLayer `model reset n:u14 flags`   starts its next neuron layer (flags: 1 bias,
 *                                        2 all-to-all recurrence, 4 recurrent bias)
 *   ConfigParam / ConfigState            set that layer's parameters, as for a single layer
 *   NetWeights `part start:u21 count F64×count` (I32 for an int network)
 *                                        weights of its Linear (part 0), bias (1), recurrent
 *                                        weights (2), recurrent bias (3), row-major
 *   ConfigEnd                            checks and adds the layer; after the last one the
 *                                        network runs, and its output layer is `rt.layer`
 *
 * so lockstep, the realtime loop, Spikes reports and output bindings see the output layer, while
 * the input buffer and input bindings hold the network's input channels. A frame that fails
 * validation changes nothing and gets an Error.
 */
import { DeviceError, Dtype, Model } from "../shared/codes.ts";
import { arrayBytes, layerBytes } from "./config-ops.ts";
import { finishLayer, type Layer, layerError, newLayer } from "./layer.ts";
import { addLayer, type Network, networkError, newNetwork, nextFanIn, stepNetwork } from "./network.ts";
import { Encoding, Op, WireError } from "../shared/protocol.ts";
import { sendAck, sendAckValue, sendError } from "./output.ts";
import { selectStep } from "./kernels.ts";
import type { Runtime } from "./state.ts";
import { stateIds } from "../shared/state-ids.ts";
import { readValue, valueOk, valueSeptets } from "../shared/wire/int32.ts";
import { readUint } from "../shared/wire/septets.ts";
import { filledNumbers } from "../shared/arrays.ts";

/** Heap kept free besides the network (as config-ops.ts keeps for a layer). */
const HEAP_RESERVE = 4096;
const FLAG_BIAS = 1;
const FLAG_RECURRENT = 2;
const FLAG_RECURRENT_BIAS = 4;

/** Forgets any network, configured or pending. */
export function dropNetwork(rt: Runtime): void {
  rt.network = undefined;
  rt.netPending = undefined;
  rt.netLayers = 0;
  rt.netParts = [];
}

/** Input values per step: the network's channels, or the single layer's neurons. */
export function inputWidth(rt: Runtime, layer: Layer): number {
  const net = rt.network;
  return net !== undefined ? net.inputs : layer.n;
}

/** One step of what is configured: the network, or the single layer. */
export function stepConfigured(rt: Runtime, layer: Layer, input: number[], base: number): void {
  const net = rt.network;
  if (net !== undefined) stepNetwork(net, input, base);
  else selectStep(layer)(layer, input, base);
}

/** NetBegin `dtype inputs:u14 layers` (4 bytes, checked by the caller). */
export function netBegin(rt: Runtime, seq: number, body: number[]): void {
  const dtype = body[3];
  const inputs = readUint(body, 4, 2);
  const count = body[6];
  const err = networkError(dtype, inputs);
  if (err !== DeviceError.None || count < 1) {
    sendError(rt, seq, Op.NetBegin, err === DeviceError.None ? DeviceError.BadNeuronCount : err, err === DeviceError.UnknownDtype ? dtype : count < 1 ? count : inputs);
    return;
  }
  if (inputs > rt.inputCapacity) {
    sendError(rt, seq, Op.NetBegin, WireError.InputOverflow, rt.inputCapacity);
    return;
  }
  // Drop what was configured before allocating, so the collector can reuse its memory.
  rt.layer = undefined;
  rt.pending = undefined;
  dropNetwork(rt);
  rt.steps = 0;
  for (let i = 0; i < rt.inputCapacity; i++) rt.input[i] = 0;
  rt.inputEnd = 0;
  rt.netPending = newNetwork(dtype, inputs, undefined);
  rt.netLayers = count;
  sendAck(rt, seq, Op.NetBegin);
}

/** Estimated heap bytes of a layer of n neurons behind a Linear of `fanIn` inputs (config-ops.ts). */
function netLayerBytes(n: number, fanIn: number, flags: number): number {
  let bytes = layerBytes(n) + arrayBytes(n * fanIn) + 2 * arrayBytes(n);
  if (flags >= FLAG_RECURRENT) bytes = bytes + arrayBytes(n * n) + 2 * arrayBytes(n);
  return bytes;
}

/** NetLayer `model reset n:u14 flags` (5 bytes, checked by the caller). */
export function netLayer(rt: Runtime, seq: number, body: number[]): void {
  const net = rt.netPending;
  if (net === undefined) {
    sendError(rt, seq, Op.NetLayer, WireError.NotConfigured, 0);
    return;
  }
  const model = body[3];
  const reset = body[4];
  const n = readUint(body, 5, 2);
  const flags = body[7];
  let err = layerError(model, reset, net.dtype, n);
  let detail = err === DeviceError.UnknownModel ? model : err === DeviceError.UnknownReset ? reset : n;
  const recurrent = flags % 4 >= FLAG_RECURRENT;
  if (err === DeviceError.None && (flags > 7 || (flags >= FLAG_RECURRENT_BIAS && !recurrent) || net.layers.length >= rt.netLayers)) {
    err = DeviceError.BadIndex;
    detail = flags > 7 || flags >= FLAG_RECURRENT_BIAS ? flags : rt.netLayers;
  } else if (err === DeviceError.None && recurrent && model !== Model.RLeaky && model !== Model.RSynaptic) {
    err = DeviceError.UnknownModel;
    detail = model;
  }
  const fanIn = nextFanIn(net);
  if (err === DeviceError.None && netLayerBytes(n, fanIn, flags) > rt.board.freeHeap() - HEAP_RESERVE) err = DeviceError.BadNeuronCount;
  if (err !== DeviceError.None) {
    sendError(rt, seq, Op.NetLayer, err, detail);
    return;
  }
  rt.pending = undefined;
  rt.netParts = [];
  const nan = 0 / 0;
  rt.pending = newLayer(model, reset, net.dtype, n);
  rt.netParts = [
    filledNumbers(n * fanIn, nan),
    filledNumbers(flags % 2 === FLAG_BIAS ? n : 0, nan),
    filledNumbers(recurrent ? n * n : 0, nan),
    filledNumbers(flags >= FLAG_RECURRENT_BIAS ? n : 0, nan),
  ];
  sendAck(rt, seq, Op.NetLayer);
}

/** NetWeights `part start:u21 count values×count`, F64 (I32 for an int network): all values are checked before any is stored. */
export function netWeights(rt: Runtime, seq: number, body: number[], plen: number): void {
  if (rt.netPending === undefined || rt.pending === undefined) {
    sendError(rt, seq, Op.NetWeights, WireError.NotConfigured, 0);
    return;
  }
  // An int network's weights travel as I32, like an int layer's parameters.
  const encoding = rt.netPending.dtype === Dtype.Int ? Encoding.I32 : Encoding.F64;
  const septets = valueSeptets(encoding);
  const count = plen >= 5 ? body[7] : 0;
  if (plen < 5 || plen !== 5 + septets * count) {
    sendError(rt, seq, Op.NetWeights, WireError.BadLength, plen);
    return;
  }
  const part = body[3];
  const start = readUint(body, 4, 3);
  if (part > 3) {
    sendError(rt, seq, Op.NetWeights, DeviceError.BadIndex, part);
    return;
  }
  const target = rt.netParts[part];
  if (start + count > target.length) {
    sendError(rt, seq, Op.NetWeights, DeviceError.BadIndex, target.length % 16384);
    return;
  }
  for (let k = 0; k < count; k++) {
    if (!valueOk(body, 8 + septets * k, encoding)) {
      sendError(rt, seq, Op.NetWeights, DeviceError.NotFinite, (start + k) % 16384);
      return;
    }
  }
  for (let k = 0; k < count; k++) target[start + k] = readValue(body, 8 + septets * k, encoding);
  sendAck(rt, seq, Op.NetWeights);
}

/** ConfigEnd of a network's layer: checks it (finishLayer, addLayer); on failure it stays pending. */
export function netLayerEnd(rt: Runtime, seq: number): void {
  const net = rt.netPending;
  const layer = rt.pending;
  if (net === undefined || layer === undefined) {
    sendError(rt, seq, Op.ConfigEnd, WireError.NotConfigured, 0);
    return;
  }
  let err = finishLayer(layer);
  const parts = rt.netParts;
  if (err === DeviceError.None) err = addLayer(net, layer, parts[0], parts[1], parts[2], parts[3]);
  if (err !== DeviceError.None) {
    sendError(rt, seq, Op.ConfigEnd, err, net.layers.length);
    return;
  }
  rt.pending = undefined;
  rt.netParts = [];
  if (net.layers.length === rt.netLayers) {
    rt.netPending = undefined;
    rt.network = net;
    rt.layer = layer;
    rt.stateIds = stateIds(layer.model);
    rt.initIds = [];
    rt.initValues = [];
    rt.steps = 0;
  }
  sendAckValue(rt, seq, Op.ConfigEnd, layer.n, 2);
}

function zero(a: number[] | undefined): void {
  if (a === undefined) return;
  for (let i = 0; i < a.length; i++) a[i] = 0;
}

/** ResetState of a network: every state of every layer back to 0 (networks start at rest), step count 0. */
export function resetNetwork(rt: Runtime, net: Network, seq: number): void {
  for (let k = 0; k < net.layers.length; k++) {
    const layer = net.layers[k];
    zero(layer.mem);
    zero(layer.syn);
    zero(layer.synExc);
    zero(layer.synInh);
    zero(layer.spk);
    zero(layer.feedback);
    zero(net.linears[k].out);
  }
  rt.steps = 0;
  sendAck(rt, seq, Op.ResetState);
}
