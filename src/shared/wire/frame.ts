/**
 * Neuron-extension frames: F0 01 op seq payload… c1 c2 c3 c4 F7, with the four-septet check of
 * ./frame-check.ts over `01 op seq payload…` (docs/protocol.md). Built in place in a
 * caller-owned byte array.
 */
import { CHECK_SEPTETS, Firmata, Sysex } from "../protocol.ts";
import { frameCheck } from "./frame-check.ts";

/** The check a received frame is compared with (no allocation per frame). */
const expected = [0, 0, 0, 0];

/** Writes F0 01 op seq at out[0…]; returns the position where the payload starts (4). */
export function beginFrame(out: number[], op: number, seq: number): number {
  out[0] = Firmata.StartSysex;
  out[1] = Sysex.Spikeloop;
  out[2] = op;
  out[3] = seq;
  return 4;
}

/**
 * Appends the check and F7 after the payload that ends at `pos`; returns the frame length. The
 * frame must be septets (every writer puts only septets there).
 */
export function endFrame(out: number[], pos: number): number {
  frameCheck(out, 1, pos, out, pos);
  out[pos + CHECK_SEPTETS] = Firmata.EndSysex;
  return pos + CHECK_SEPTETS + 1;
}

/**
 * Checks a received SysEx body: `body[0 … len-1]` are the bytes between F0 and F7, starting
 * with 01 op seq and ending with the four check septets. True when the check matches.
 */
export function bodyChecksumOk(body: number[], len: number): boolean {
  return bodyOkAt(body, 0, len);
}

/** bodyChecksumOk for a body at bytes[start … start+len-1], read in place (stream frames). */
export function bodyOkAt(bytes: number[], start: number, len: number): boolean {
  if (len < 3 + CHECK_SEPTETS) return false;
  const at = start + len - CHECK_SEPTETS;
  if (!frameCheck(bytes, start, at, expected, 0)) return false;
  return bytes[at] === expected[0] && bytes[at + 1] === expected[1] && bytes[at + 2] === expected[2] && bytes[at + 3] === expected[3];
}
