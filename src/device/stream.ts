/**
 * Streaming lockstep (docs/protocol.md, "Streaming"): inputs ride with the steps.
 *
 *   StreamBegin `flags encoding state_encoding` → Ack `steps:u28`: sets the run up (no steps yet).
 *   StreamData / StreamSync `count:u14 values…`: `count` packed input values (wire/packed.ts)
 *     continue the input stream; every n values make one step, run as soon as they are complete.
 *     With the States flag each step sends its States frames (seq of the frame). Spike bits
 *     collect in one block of STREAM_BLOCK_BITS; when it is full it goes out as StreamSpikes. StreamSync then answers
 *     Stepped `k:u14 bits…` with the bits of the steps since the last report: the final reply,
 *     which acknowledges every frame up to it.
 *
 * The host sends frames without waiting for each reply, as long as the bytes it has not had a
 * Stepped for fit the board's receive buffer (host: src/host/client/streaming.ts).
 *
 * Retransmission: a frame that arrives again with the seq of the frame applied last is not
 * applied again. If it is a StreamSync, its Stepped goes out again (kept in the block until the
 * next frame is applied) after the States of the step it completed, if any: a host that resends
 * keeps one frame in flight, completing at most one step with States, so those are the layer's.
 */
import { stepBound } from "./bindings.ts";
import { baudConfirmed, baudGarbled } from "./baud.ts";
import { DeviceError, Dtype } from "../shared/codes.ts";
import { encodingFits } from "../shared/wire/int32.ts";
import { CHECK_SEPTETS, Encoding, Firmata, MAX_FRAME_BYTES, Op, STREAM_BLOCK_BITS, Sysex, WireError } from "../shared/protocol.ts";
import { sendAckValue, sendError } from "./output.ts";
import { sendStates } from "./reporting.ts";
import type { Runtime } from "./state.ts";
import { beginFrame, bodyOkAt, endFrame } from "../shared/wire/frame.ts";
import { firstInvalid, packedSeptets, unpack } from "../shared/wire/packed.ts";
import { writeUint } from "../shared/wire/septets.ts";

/** Bytes before the bits of a Stepped or StreamSpikes frame: F0 01 op seq k:u14. */
const BITS_AT = 6;
/** Numbers in the block: header, 74 septets of bits, check and F7. */
export const STREAM_BLOCK_SIZE = BITS_AT + Math.ceil(STREAM_BLOCK_BITS / 7) + CHECK_SEPTETS + 1;
/** Bytes of a stream frame's body besides its values: 01 op seq count:u14 … check. */
const DATA_OVERHEAD = 5 + CHECK_SEPTETS;

/** Where a stream frame's header fields are, from the body's start (the 01). */
const OP = 1;
const SEQ = 2;
const COUNT = 3;

/**
 * The fast path of runtime.feed: when bytes[i] (an F0 between messages) starts a whole stream
 * frame of this chunk, handles it in place and returns the index after its F7; otherwise -1 and
 * the byte parser takes the bytes one by one, as for every other message.
 */
export function streamFrameAt(rt: Runtime, bytes: number[], i: number, end: number): number {
  if (i + 5 >= end || bytes[i + 1] !== Sysex.Spikeloop) return -1;
  const op = bytes[i + 2];
  if (op !== Op.StreamData && op !== Op.StreamSync) return -1;
  const count = bytes[i + 4] + bytes[i + 5] * 128;
  const septets = packedSeptets(rt.streamEncoding, count);
  const len = DATA_OVERHEAD + septets;
  const last = i + 1 + len;
  if (septets === 0 || last >= end || len > MAX_FRAME_BYTES - 2 || bytes[last] !== Firmata.EndSysex) return -1;
  streamFrame(rt, bytes, i + 1, len);
  return last + 1;
}

/** Forgets the stream (ConfigBegin, system reset). */
export function dropStream(rt: Runtime): void {
  rt.streamLayer = undefined;
  rt.streamLastSeq = -1;
  rt.streamLastReply = 0;
}

/** StreamBegin `flags encoding state_encoding`; the caller has checked the payload length. */
export function streamBegin(rt: Runtime, seq: number, body: number[]): void {
  const layer = rt.layer;
  if (layer === undefined) {
    sendError(rt, seq, Op.StreamBegin, WireError.NotConfigured, 0);
    return;
  }
  const flags = body[3];
  const encoding = body[4];
  const stateEncoding = body[5];
  const inputOk = encoding === Encoding.Spike ? layer.dtype !== Dtype.Int : encodingFits(layer.dtype, encoding);
  if (!inputOk) {
    sendError(rt, seq, Op.StreamBegin, WireError.BadEncoding, encoding);
    return;
  }
  if (flags % 2 === 1 && !encodingFits(layer.dtype, stateEncoding)) {
    sendError(rt, seq, Op.StreamBegin, WireError.BadEncoding, stateEncoding);
    return;
  }
  const n = layer.n;
  rt.streamLayer = layer;
  rt.streamFlags = flags;
  rt.streamEncoding = encoding;
  rt.streamStateEncoding = stateEncoding;
  rt.streamFill = 0;
  rt.streamLastSeq = -1;
  rt.streamLastReply = 0;
  rt.streamMaxSteps = Math.floor(STREAM_BLOCK_BITS / n);
  clearBits(rt);
  sendAckValue(rt, seq, Op.StreamBegin, rt.steps % 268435456, 4);
}

function clearBits(rt: Runtime): void {
  rt.streamSteps = 0;
  rt.streamPos = BITS_AT;
  rt.streamAcc = 0;
  rt.streamWeight = 1;
}

/**
 * A StreamData (sync false) or StreamSync frame whose SysEx body is bytes[start … start+len-1]:
 * `01 op seq count:u14 values… check`. Read in place, from the chunk the UART handed over.
 */
export function streamFrame(rt: Runtime, bytes: number[], start: number, len: number): void {
  const op = bytes[start + OP];
  const seq = bytes[start + SEQ];
  const layer = rt.layer;
  const block = rt.streamBlock;
  if (len < DATA_OVERHEAD) {
    sendError(rt, seq, op, WireError.BadLength, len);
    return;
  }
  if (!bodyOkAt(bytes, start, len)) {
    baudGarbled(rt);
    sendError(rt, seq, op, WireError.BadChecksum, 0);
    return;
  }
  baudConfirmed(rt);
  if (layer === undefined || rt.streamLayer !== layer || rt.running) {
    sendError(rt, seq, op, rt.running ? WireError.Busy : WireError.NotConfigured, 0);
    return;
  }
  const encoding = rt.streamEncoding;
  const count = bytes[start + COUNT] + bytes[start + COUNT + 1] * 128;
  const base = start + COUNT + 2;
  if (len - DATA_OVERHEAD !== packedSeptets(encoding, count)) {
    sendError(rt, seq, op, WireError.BadLength, len - DATA_OVERHEAD);
    return;
  }
  const bad = firstInvalid(bytes, base, encoding, count);
  if (bad >= 0) {
    sendError(rt, seq, op, DeviceError.NotFinite, bad);
    return;
  }
  if (seq === rt.streamLastSeq) {
    replay(rt, seq, block, op);
    return;
  }
  rt.streamLastSeq = seq;
  rt.streamLastReply = 0;
  const before = rt.steps;
  const n = layer.n;
  let k = 0;
  while (k < count) {
    const fill = rt.streamFill;
    const take = count - k < n - fill ? count - k : n - fill;
    unpack(bytes, base, encoding, k, take, rt.input, fill);
    k = k + take;
    if (fill + take === n) {
      rt.streamFill = 0;
      streamStep(rt, seq, block);
    } else {
      rt.streamFill = fill + take;
    }
  }
  rt.streamLastSteps = rt.steps - before;
  if (op === Op.StreamSync) sendBits(rt, seq, block, Op.Stepped);
}

/** The frame applied last came again: its reply again, nothing applied twice. */
function replay(rt: Runtime, seq: number, block: number[], op: number): void {
  const layer = rt.layer;
  if (op !== Op.StreamSync || rt.streamLastReply === 0 || layer === undefined) return;
  if (rt.streamFlags % 2 === 1 && rt.streamLastSteps > 0) sendStates(rt, seq, layer, rt.steps - 1, rt.streamStateEncoding);
  rt.board.write(block, rt.streamLastReply);
}

/** One step on input[0 … n-1]; its spikes join the block, its states go out now if asked for. */
function streamStep(rt: Runtime, seq: number, block: number[]): void {
  const layer = rt.layer;
  if (layer === undefined) return;
  stepBound(rt, layer, rt.input, 0);
  const n = layer.n;
  const mem = layer.mem;
  const threshold = layer.threshold;
  let acc = rt.streamAcc;
  let weight = rt.streamWeight;
  let pos = rt.streamPos;
  for (let i = 0; i < n; i++) {
    if (mem[i] > threshold[i]) acc = acc + weight;
    if (weight === 64) {
      block[pos] = acc;
      pos = pos + 1;
      acc = 0;
      weight = 1;
    } else {
      weight = weight * 2;
    }
  }
  rt.streamAcc = acc;
  rt.streamWeight = weight;
  rt.streamPos = pos;
  rt.streamSteps = rt.streamSteps + 1;
  rt.steps = rt.steps + 1;
  if (rt.streamFlags % 2 === 1) sendStates(rt, seq, layer, rt.steps - 1, rt.streamStateEncoding);
  if (rt.streamSteps === rt.streamMaxSteps) sendBits(rt, seq, block, Op.StreamSpikes);
}

/** Sends the block as `op` (Stepped or StreamSpikes) `k:u14 bits…` and empties it. */
function sendBits(rt: Runtime, seq: number, block: number[], op: number): void {
  let end = rt.streamPos;
  if (rt.streamWeight > 1) {
    block[end] = rt.streamAcc;
    end = end + 1;
  }
  beginFrame(block, op, seq);
  writeUint(block, 4, rt.streamSteps, 2);
  const len = endFrame(block, end);
  rt.board.write(block, len);
  if (op === Op.Stepped) rt.streamLastReply = len;
  clearBits(rt);
}
