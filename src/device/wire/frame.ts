/**
 * Neuron-extension frames: F0 01 op seq payload… c1 c2 F7, with a Fletcher checksum modulo 127
 * over `01 op seq payload…` (docs/protocol.md). Built in place in a caller-owned byte array.
 */
import { Firmata, Sysex } from "../protocol.ts";

/**
 * Fletcher checksum mod 127 of bytes[from … to-1], as s1 * 128 + s2. The sums are reduced once at
 * the end rather than per byte (the same result: reduction commutes with addition); they stay
 * exact, far below 2^53, for any frame. The counter runs one higher than the index so that the
 * Lua loop reads `bytes[i]` (tools/tstl-fold-index.cjs): four VM instructions a byte.
 */
export function checksum(bytes: number[], from: number, to: number): number {
  let s1 = 0;
  let s2 = 0;
  for (let i = from + 1; i <= to; i++) {
    s1 = s1 + bytes[i - 1];
    s2 = s2 + s1;
  }
  return (s1 % 127) * 128 + (s2 % 127);
}

/** Writes F0 01 op seq at out[0…]; returns the position where the payload starts (4). */
export function beginFrame(out: number[], op: number, seq: number): number {
  out[0] = Firmata.StartSysex;
  out[1] = Sysex.Spikeloop;
  out[2] = op;
  out[3] = seq;
  return 4;
}

/** Appends the checksum and F7 after the payload that ends at `pos`; returns the frame length. */
export function endFrame(out: number[], pos: number): number {
  const c = checksum(out, 1, pos);
  out[pos] = Math.floor(c / 128);
  out[pos + 1] = c % 128;
  out[pos + 2] = Firmata.EndSysex;
  return pos + 3;
}

/**
 * Checks a received SysEx body: `body[0 … len-1]` are the bytes between F0 and F7, starting
 * with 01 op seq and ending with c1 c2. True when the checksum matches.
 */
export function bodyChecksumOk(body: number[], len: number): boolean {
  return bodyOkAt(body, 0, len);
}

/** bodyChecksumOk for a body at bytes[start … start+len-1], read in place (stream frames). */
export function bodyOkAt(bytes: number[], start: number, len: number): boolean {
  if (len < 5) return false;
  const end = start + len;
  const c = checksum(bytes, start, end - 2);
  return bytes[end - 2] === Math.floor(c / 128) && bytes[end - 1] === c % 128;
}
