/**
 * Everything the runtime sends goes through the runtime's one preallocated output buffer.
 * Two ways to fill it:
 * - streamed Firmata replies (`put` … `flush`): any length, sent in buffer-sized pieces;
 * - extension frames (`frameStart` … `sendFrame`): built whole in the buffer, ≤ MAX_FRAME_BYTES,
 *   since their checksum covers the frame.
 * Every handler flushes before it returns, so the buffer is empty between messages (timer ticks
 * and received bytes never interleave on a board: both run as callbacks of one Lua thread).
 */
import { Firmata, MAX_FRAME_BYTES, Op, Sysex } from "../shared/protocol.ts";
import type { Runtime } from "./state.ts";
import { beginFrame, endFrame } from "../shared/wire/frame.ts";
import { writeUint } from "../shared/wire/septets.ts";

/** Appends one byte of a streamed reply. */
export function put(rt: Runtime, b: number): void {
  rt.out[rt.outLen] = b;
  rt.outLen = rt.outLen + 1;
  if (rt.outLen >= MAX_FRAME_BYTES) flush(rt);
}

/** Sends what the streamed reply left in the buffer. */
export function flush(rt: Runtime): void {
  if (rt.outLen > 0) {
    rt.board.write(rt.out, rt.outLen);
    rt.outLen = 0;
  }
}

/** Appends a 7-bit-clean character as Firmata strings carry it: 2 septets (low 7 bits, rest). */
function putChar(rt: Runtime, c: number): void {
  put(rt, c % 128);
  put(rt, Math.floor(c / 128) % 128);
}

/**
 * Appends the characters of `s`, 2 septets each. Device code may not index a string by a
 * variable (TSTL would need its runtime library for that), so this walks it with charCodeAt(0) and slice(1), which
 * TSTL inlines as string.byte and string.sub. That allocates a substring per character: fine for
 * the rare human-readable messages (boot, errors), never used on a hot path.
 */
export function putText(rt: Runtime, s: string): void {
  let rest = s;
  while (rest.length > 0) {
    putChar(rt, rest.charCodeAt(0));
    rest = rest.slice(1);
  }
}

/** Appends a non-negative integer in decimal, as text. */
export function putNumber(rt: Runtime, x: number): void {
  let v = Math.floor(x);
  if (!(v >= 0)) v = 0;
  let scale = 1;
  while (scale * 10 <= v) scale = scale * 10;
  while (scale >= 1) {
    const digit = Math.floor(v / scale) % 10;
    putChar(rt, 48 + digit);
    scale = scale / 10;
  }
}

/** Starts a STRING_DATA message: F0 71. Finish with putText/putNumber and endString. */
export function beginString(rt: Runtime): void {
  put(rt, Firmata.StartSysex);
  put(rt, Sysex.StringData);
  putText(rt, "spikeloop: ");
}

export function endString(rt: Runtime): void {
  put(rt, Firmata.EndSysex);
  flush(rt);
}

/** A STRING_DATA message "spikeloop: <text><number>" (number omitted when negative). */
export function sendString(rt: Runtime, text: string, value: number): void {
  beginString(rt);
  putText(rt, text);
  if (value >= 0) putNumber(rt, value);
  endString(rt);
}

/** Starts an extension frame in the buffer; returns where its payload starts. */
export function frameStart(rt: Runtime, op: number, seq: number): number {
  flush(rt);
  // A seq read from a damaged frame may be any byte; every byte of a reply must be a septet.
  return beginFrame(rt.out, op, seq % 128);
}

/** Ends the frame whose payload ends at `pos` and sends it. */
export function sendFrame(rt: Runtime, pos: number): void {
  rt.board.write(rt.out, endFrame(rt.out, pos));
}

/** Error reply: `op code detail:u14`; detail is clamped to 14 bits. */
export function sendError(rt: Runtime, seq: number, op: number, code: number, detail: number): void {
  let pos = frameStart(rt, Op.Error, seq);
  rt.out[pos] = op % 128;
  rt.out[pos + 1] = code;
  pos = writeUint(rt.out, pos + 2, clampUint(detail, 16383), 2);
  sendFrame(rt, pos);
}

/** Ack with no result: `op`. */
export function sendAck(rt: Runtime, seq: number, op: number): void {
  const pos = frameStart(rt, Op.Ack, seq);
  rt.out[pos] = op;
  sendFrame(rt, pos + 1);
}

/** Ack with one unsigned result of `septets` septets (n:u14, steps:u28). */
export function sendAckValue(rt: Runtime, seq: number, op: number, value: number, septets: number): void {
  const pos = frameStart(rt, Op.Ack, seq);
  rt.out[pos] = op;
  sendFrame(rt, writeUint(rt.out, pos + 1, value, septets));
}

/** `x` as a whole number in 0 … max (NaN and negatives → 0). */
export function clampUint(x: number, max: number): number {
  const v = Math.floor(x);
  if (!(v >= 0)) return 0;
  return v > max ? max : v;
}
