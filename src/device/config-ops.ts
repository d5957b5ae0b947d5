/**
 * The configuration operations of the neuron extension: ConfigBegin, ConfigParam, ConfigState,
 * ConfigEnd and ResetState, on top of layer.ts. A frame that fails validation changes nothing
 * and gets an Error with the DeviceError code; `detail` names the offending value or index.
 */
import { DeviceError, Dtype, MAX_NEURONS, Param, State } from "../shared/codes.ts";
import { finishLayer, getState, type Layer, layerError, newLayer, setParam, setState } from "./layer.ts";
import { Encoding, Op, WireError } from "../shared/protocol.ts";
import { sendAck, sendAckValue, sendError } from "./output.ts";
import type { Runtime } from "./state.ts";
import { stateIds } from "../shared/state-ids.ts";
import { readValue, valueOk, valueSeptets } from "../shared/wire/int32.ts";
import { readUint } from "../shared/wire/septets.ts";


/**
 * Lua heap estimate of a layer, for refusing a layer the board cannot hold (a Lua out-of-memory
 * error would reboot an ESP8266). NodeMCU's Lua 5.1 stores a number in a 16-byte slot; an array
 * filled by push grows to the next power of two; a table costs ~40 bytes plus its slots. A
 * layer is 17 per-neuron arrays (layer.ts) plus one array of initial states (≤ 4 per neuron)
 * and the layer table's ~22 named fields.
 */
const VALUE_BYTES = 16;
const TABLE_BYTES = 40;
const LAYER_ARRAYS = 17;
const LAYER_TABLE_BYTES = 1400;
/** Heap kept free besides the layer: received strings, replies in flight, the collector. */
const HEAP_RESERVE = 4096;

/** Heap bytes of an array of `values` numbers filled by push. */
export function arrayBytes(values: number): number {
  let slots = 1;
  while (slots < values) slots = slots * 2;
  return TABLE_BYTES + VALUE_BYTES * slots;
}

/** Estimated heap bytes of an n-neuron layer and its initial states. */
export function layerBytes(n: number): number {
  return LAYER_ARRAYS * arrayBytes(n) + arrayBytes(4 * n) + LAYER_TABLE_BYTES;
}

/**
 * Largest layer the board can hold now (HelloReply `max_neurons`), counting the memory a new
 * ConfigBegin would free; at most MAX_NEURONS.
 */
export function maxNeurons(rt: Runtime): number {
  let available = rt.board.freeHeap() - HEAP_RESERVE;
  if (rt.layer !== undefined) available = available + layerBytes(rt.layer.n);
  if (rt.pending !== undefined) available = available + layerBytes(rt.pending.n);
  let n = MAX_NEURONS;
  while (n > 0 && layerBytes(n) > available) n = n - 1;
  return n;
}

/** ConfigBegin `model reset dtype n:u14` (5 bytes, checked by the caller). */
export function configBegin(rt: Runtime, seq: number, body: number[]): void {
  const model = body[3];
  const reset = body[4];
  const dtype = body[5];
  const n = readUint(body, 6, 2);
  const err = layerError(model, reset, dtype, n);
  if (err !== DeviceError.None) {
    const detail = err === DeviceError.UnknownModel ? model : err === DeviceError.UnknownReset ? reset : err === DeviceError.UnknownDtype ? dtype : n;
    sendError(rt, seq, Op.ConfigBegin, err, detail);
    return;
  }
  const max = maxNeurons(rt);
  if (n > max) {
    sendError(rt, seq, Op.ConfigBegin, DeviceError.BadNeuronCount, max);
    return;
  }
  // Drop the previous layer before allocating the next, so the collector can reuse its memory.
  rt.layer = undefined;
  rt.pending = undefined;
  rt.network = undefined;
  rt.netPending = undefined;
  rt.netParts = [];
  rt.steps = 0;
  for (let i = 0; i < rt.inputCapacity; i++) rt.input[i] = 0;
  rt.inputEnd = 0;
  const layer = newLayer(model, reset, dtype, n) as Layer;
  rt.pending = layer;
  sendAck(rt, seq, Op.ConfigBegin);
}

/**
 * ConfigParam / ConfigState `id start:u14 count values×count`: values are F64, or I32 for an
 * int layer; all values are checked before any is stored.
 */
export function configValues(rt: Runtime, seq: number, op: number, body: number[], plen: number): void {
  const layer = rt.pending;
  if (layer === undefined) {
    sendError(rt, seq, op, WireError.NotConfigured, 0);
    return;
  }
  const count = plen >= 4 ? body[6] : 0;
  const encoding = layer.dtype === Dtype.Int ? Encoding.I32 : Encoding.F64;
  const septets = valueSeptets(encoding);
  if (plen < 4 || plen !== 4 + septets * count) {
    sendError(rt, seq, op, WireError.BadLength, plen);
    return;
  }
  const id = body[3];
  const start = readUint(body, 4, 2);
  const isParam = op === Op.ConfigParam;
  const known = isParam ? id >= Param.Beta && id <= Param.TauAlpha : id >= State.Mem && id <= State.Spk;
  if (!known) {
    sendError(rt, seq, op, isParam ? DeviceError.UnknownParam : DeviceError.UnknownState, id);
    return;
  }
  if (start + count > layer.n) {
    sendError(rt, seq, op, DeviceError.BadIndex, start > layer.n ? start : layer.n);
    return;
  }
  for (let k = 0; k < count; k++) {
    if (!valueOk(body, 7 + septets * k, encoding)) {
      sendError(rt, seq, op, DeviceError.NotFinite, start + k);
      return;
    }
  }
  for (let k = 0; k < count; k++) {
    const v = readValue(body, 7 + septets * k, encoding);
    const err = isParam ? setParam(layer, id, start + k, v) : setState(layer, id, start + k, v);
    if (err !== DeviceError.None) {
      sendError(rt, seq, op, err, start + k);
      return;
    }
  }
  sendAck(rt, seq, op);
}

/** ConfigEnd: validates and derives (finishLayer); on failure the layer stays pending. */
export function configEnd(rt: Runtime, seq: number): void {
  const layer = rt.pending;
  if (layer === undefined) {
    sendError(rt, seq, Op.ConfigEnd, WireError.NotConfigured, 0);
    return;
  }
  const err = finishLayer(layer);
  if (err !== DeviceError.None) {
    sendError(rt, seq, Op.ConfigEnd, err, 0);
    return;
  }
  const n = layer.n;
  const ids = stateIds(layer.model);
  rt.stateIds = ids;
  const initIds: number[] = [];
  const initValues: number[] = [];
  for (let s = 0; s < ids.length; s++) initIds.push(ids[s]);
  initIds.push(State.Spk);
  for (let s = 0; s < initIds.length; s++) {
    for (let i = 0; i < n; i++) initValues.push(getState(layer, initIds[s], i));
  }
  rt.initIds = initIds;
  rt.initValues = initValues;
  rt.pending = undefined;
  rt.layer = layer;
  rt.steps = 0;
  sendAckValue(rt, seq, Op.ConfigEnd, n, 2);
}

/** ResetState: the configured initial states back, step count 0. */
export function resetState(rt: Runtime, seq: number): void {
  const layer = rt.layer;
  if (layer === undefined) {
    sendError(rt, seq, Op.ResetState, WireError.NotConfigured, 0);
    return;
  }
  const n = layer.n;
  for (let s = 0; s < rt.initIds.length; s++) {
    for (let i = 0; i < n; i++) setState(layer, rt.initIds[s], i, rt.initValues[s * n + i]);
  }
  rt.steps = 0;
  sendAck(rt, seq, Op.ResetState);
}
