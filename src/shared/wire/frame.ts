/**
 * Neuron-extension frames: F0 01 op seq payload… c1 c2 F7, with a Fletcher checksum modulo 127
 * over `01 op seq payload…` (docs/protocol.md). Built in place in a caller-owned byte array.
 */
import { Firmata, Sysex } from "../protocol.ts";

/** Fletcher checksum mod 127 of bytes[from … to-1], as s1 * 128 + s2. */
export function checksum(bytes: number[], from: number, to: number): number {
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    s1 = (s1 + bytes[i]) % 127;
    s2 = (s2 + s1) % 127;
  }
  return s1 * 128 + s2;
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
  if (len < 5) return false;
  const c = checksum(body, 0, len - 2);
  return body[len - 2] === Math.floor(c / 128) && body[len - 1] === c % 128;
}
