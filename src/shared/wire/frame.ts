/**
 * Neuron-extension frames: F0 01 op seq payload… c1 c2 F7, with a CRC-14 (./crc14.ts) over
 * `01 op seq payload…` (docs/protocol.md). Built in place in a caller-owned byte array.
 */
import { Firmata, Sysex } from "../protocol.ts";
import { crc14 } from "./crc14.ts";

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
  const c = crc14(out, 1, pos);
  out[pos] = Math.floor(c / 128);
  out[pos + 1] = c % 128;
  out[pos + 2] = Firmata.EndSysex;
  return pos + 3;
}

/**
 * Checks a received SysEx body: `body[0 … len-1]` are the bytes between F0 and F7, starting
 * with 01 op seq and ending with c1 c2. True when the CRC matches.
 */
export function bodyChecksumOk(body: number[], len: number): boolean {
  return bodyOkAt(body, 0, len);
}

/** bodyChecksumOk for a body at bytes[start … start+len-1], read in place (stream frames). */
export function bodyOkAt(bytes: number[], start: number, len: number): boolean {
  if (len < 5) return false;
  const end = start + len;
  const c = crc14(bytes, start, end - 2);
  return bytes[end - 2] === Math.floor(c / 128) && bytes[end - 1] === c % 128;
}
