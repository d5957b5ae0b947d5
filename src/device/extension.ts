/**
 * The neuron extension (SysEx 01): checks a received frame (length, checksum, op, payload
 * length, busy, configured) and runs its operation. Every request gets exactly one final reply
 * (Ack, Error, HelloReply or StatusReply) with its seq; a frame that cannot be read at all gets
 * Error with seq 7F and op 7F.
 */
import { DeviceError } from "../shared/codes.ts";
import { CHECK_SEPTETS, Mode, Op, WireError } from "../shared/protocol.ts";
import { configBegin, configEnd, configValues, resetState } from "./config-ops.ts";
// One local for the network ops: NodeMCU allows a main chunk 50 locals.
import * as networkOps from "./network-ops.ts";
import { runSteps } from "./lockstep.ts";
import { sendHello } from "./hello.ts";
import { bindInput, bindOutput, clearBindings, dropBindings } from "./bindings.ts";
import { clampUint, frameStart, sendAck, sendError, sendFrame } from "./output.ts";
import { startRealtime, stopRealtime } from "./realtime.ts";
// Namespace imports: one local each in the main chunk, which NodeMCU limits to 50.
import * as stream from "./stream.ts";
import * as baud from "./baud.ts";
import type { Runtime } from "./state.ts";
import { bodyChecksumOk } from "../shared/wire/frame.ts";
import { encodingFits, readValue, valueOk, valueSeptets } from "../shared/wire/int32.ts";
import { readUint, writeUint } from "../shared/wire/septets.ts";

/** Seq and op of an Error about a frame that could not be read. */
export const UNREADABLE = 0x7f;

/** Bytes around a payload in a SysEx body: 01 op seq … check. */
const BODY_OVERHEAD = 3 + CHECK_SEPTETS;
/** Where the payload starts in a SysEx body. */
const P = 3;

/** Payload length of an op with a fixed layout; -1 for a variable one, -2 for an unknown op. */
function payloadLength(op: number): number {
  if (op === Op.Hello || op === Op.ConfigEnd || op === Op.Stop || op === Op.Status || op === Op.ResetState) return 0;
  if (op === Op.ClearBindings) return 0;
  if (op === Op.BindInput) return 26;
  if (op === Op.BindOutput) return 10;
  if (op === Op.ConfigBegin) return 5;
  if (op === Op.StreamBegin) return 3;
  if (op === Op.SetBaud) return 1;
  if (op === Op.Step) return 4;
  if (op === Op.Start) return 6;
  if (op === Op.NetBegin) return 4;
  if (op === Op.NetLayer) return 5;
  if (op === Op.ConfigParam || op === Op.ConfigState || op === Op.Input || op === Op.NetWeights) return -1;
  return -2;
}

/** Ops refused with Busy while the realtime loop runs. */
function blockedWhileRunning(op: number): boolean {
  return op !== Op.Hello && op !== Op.Input && op !== Op.Stop && op !== Op.Status;
}

/** Handles the frame whose SysEx body is body[0 … len-1]: 01 op seq payload… check. */
export function handleFrame(rt: Runtime, body: number[], len: number): void {
  if (len < BODY_OVERHEAD) {
    sendError(rt, UNREADABLE, UNREADABLE, WireError.BadLength, len);
    return;
  }
  const op = body[1];
  const seq = body[2];
  if (!bodyChecksumOk(body, len)) {
    baud.baudGarbled(rt);
    sendError(rt, seq, op, WireError.BadChecksum, 0);
    return;
  }
  baud.baudConfirmed(rt);
  const plen = len - BODY_OVERHEAD;
  const want = payloadLength(op);
  if (want === -2) {
    sendError(rt, seq, op, WireError.UnknownOp, op);
    return;
  }
  if (want >= 0 && plen !== want) {
    sendError(rt, seq, op, WireError.BadLength, plen);
    return;
  }
  if (rt.running && blockedWhileRunning(op)) {
    sendError(rt, seq, op, WireError.Busy, 0);
    return;
  }
  if (op === Op.Hello) sendHello(rt, seq);
  else if (op === Op.ConfigBegin || op === Op.NetBegin) {
    dropBindings(rt); // they name neurons of the layer being replaced
    stream.dropStream(rt);
    if (op === Op.NetBegin) networkOps.netBegin(rt, seq, body);
    else configBegin(rt, seq, body);
  } else if (op === Op.NetLayer) networkOps.netLayer(rt, seq, body);
  else if (op === Op.NetWeights) networkOps.netWeights(rt, seq, body, plen);
  else if (op === Op.ConfigParam || op === Op.ConfigState) configValues(rt, seq, op, body, plen);
  else if (op === Op.ConfigEnd) {
    if (rt.netPending !== undefined) networkOps.netLayerEnd(rt, seq);
    else configEnd(rt, seq);
  }
  else if (op === Op.Input) input(rt, seq, body, plen);
  else if (op === Op.Step) step(rt, seq, body);
  else if (op === Op.Start) start(rt, seq, body);
  else if (op === Op.Stop) stopRealtime(rt, seq);
  else if (op === Op.Status) sendStatus(rt, seq);
  else if (op === Op.ResetState) {
    if (rt.network !== undefined) networkOps.resetNetwork(rt, rt.network, seq);
    else resetState(rt, seq);
  }
  else if (op === Op.BindInput) bindInput(rt, seq, body);
  else if (op === Op.BindOutput) bindOutput(rt, seq, body);
  else if (op === Op.ClearBindings) clearBindings(rt, seq);
  else if (op === Op.StreamBegin) stream.streamBegin(rt, seq, body);
  else if (op === Op.SetBaud) baud.setBaud(rt, seq, body[P]);
}

/** StatusReply `mode steps:u28 overruns:u21 heap:u21 errors:u14 n:u14`. */
function sendStatus(rt: Runtime, seq: number): void {
  const layer = rt.layer;
  let pos = frameStart(rt, Op.StatusReply, seq);
  rt.out[pos] = rt.running ? Mode.Realtime : layer !== undefined ? Mode.Idle : Mode.Unconfigured;
  pos = writeUint(rt.out, pos + 1, rt.steps % 268435456, 4);
  pos = writeUint(rt.out, pos, clampUint(rt.overruns, 2097151), 3);
  pos = writeUint(rt.out, pos, clampUint(rt.board.freeHeap(), 2097151), 3);
  pos = writeUint(rt.out, pos, clampUint(rt.errors, 16383), 2);
  pos = writeUint(rt.out, pos, layer !== undefined ? layer.n : 0, 2);
  sendFrame(rt, pos);
}

/** Input `encoding start:u14 count values×count`: all values are checked before any is stored. */
function input(rt: Runtime, seq: number, body: number[], plen: number): void {
  if (plen < 4) {
    sendError(rt, seq, Op.Input, WireError.BadLength, plen);
    return;
  }
  const encoding = body[P];
  const septets = valueSeptets(encoding);
  // A configured layer takes its own number format's encoding: I32 for int layers, floats otherwise.
  if (septets === 0 || (rt.layer !== undefined && !encodingFits(rt.layer.dtype, encoding))) {
    sendError(rt, seq, Op.Input, WireError.BadEncoding, encoding);
    return;
  }
  const start = readUint(body, P + 1, 2);
  const count = body[P + 3];
  if (plen !== 4 + septets * count) {
    sendError(rt, seq, Op.Input, WireError.BadLength, plen);
    return;
  }
  if (start + count > rt.inputCapacity) {
    sendError(rt, seq, Op.Input, WireError.InputOverflow, rt.inputCapacity);
    return;
  }
  for (let k = 0; k < count; k++) {
    if (!valueOk(body, P + 4 + septets * k, encoding)) {
      sendError(rt, seq, Op.Input, DeviceError.NotFinite, start + k);
      return;
    }
  }
  for (let k = 0; k < count; k++) {
    rt.input[start + k] = readValue(body, P + 4 + septets * k, encoding);
  }
  if (start + count > rt.inputEnd) rt.inputEnd = start + count;
  sendAck(rt, seq, Op.Input);
}

/** Step `k:u14 flags encoding`. */
function step(rt: Runtime, seq: number, body: number[]): void {
  const layer = rt.layer;
  if (layer === undefined) {
    sendError(rt, seq, Op.Step, WireError.NotConfigured, 0);
    return;
  }
  const k = readUint(body, P, 2);
  const flags = body[P + 2];
  const encoding = body[P + 3];
  if (flags % 2 === 1 && !encodingFits(layer.dtype, encoding)) {
    sendError(rt, seq, Op.Step, WireError.BadEncoding, encoding);
    return;
  }
  const needed = k * networkOps.inputWidth(rt, layer);
  if (needed > rt.inputCapacity) {
    sendError(rt, seq, Op.Step, WireError.InputOverflow, rt.inputCapacity);
    return;
  }
  if (needed > rt.inputEnd) {
    sendError(rt, seq, Op.Step, WireError.InputMissing, rt.inputEnd);
    return;
  }
  runSteps(rt, seq, k, flags, encoding);
}

/** Start `period_ms:u14 every:u14 flags encoding`. */
function start(rt: Runtime, seq: number, body: number[]): void {
  if (rt.layer === undefined) {
    sendError(rt, seq, Op.Start, WireError.NotConfigured, 0);
    return;
  }
  const periodMs = readUint(body, P, 2);
  const every = readUint(body, P + 2, 2);
  const flags = body[P + 4];
  const encoding = body[P + 5];
  if (periodMs < 1) {
    sendError(rt, seq, Op.Start, WireError.BadTimeStep, periodMs);
    return;
  }
  if (flags % 2 === 1 && !encodingFits(rt.layer.dtype, encoding)) {
    sendError(rt, seq, Op.Start, WireError.BadEncoding, encoding);
    return;
  }
  startRealtime(rt, seq, periodMs, every, flags, encoding);
}
