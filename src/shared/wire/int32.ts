/**
 * The I32 wire encoding of int layers: a signed integer of magnitude ≤ 2^31 − 1 in 5 septets,
 * sign-magnitude. Septets 0–3 hold bits 0–27 of the magnitude (7 each, least significant
 * first); septet 4 holds bits 28–30 in its bits 0–2 and the sign in bit 3 (1 = negative); bits
 * 4–6 of septet 4 are 0. Sign-magnitude rather than an offset so that no intermediate reaches
 * 2^31, which a Lua with 32-bit integers could not hold. Arithmetic only, like septets.ts.
 */
import { Dtype } from "../codes.ts";
import { Encoding } from "../protocol.ts";
import { encodingSeptets, readFloat, writeFloat } from "./ieee.ts";

export const I32_SEPTETS = 5;

/** Writes `v` (a whole number, |v| ≤ 2^31 − 1) at out[pos…]; returns the position after it. */
export function writeInt(out: number[], pos: number, v: number): number {
  let sign = 0;
  let m = v;
  if (v < 0) {
    sign = 8;
    m = 0 - v;
  }
  for (let i = 0; i < 4; i++) {
    const low = m % 128;
    out[pos + i] = low;
    m = Math.floor((m - low) / 128);
  }
  out[pos + 4] = m + sign;
  return pos + I32_SEPTETS;
}

/** True when the 5 septets at bytes[pos…] are an I32 value (septet 4 below 16). */
export function intValid(bytes: number[], pos: number): boolean {
  return bytes[pos + 4] < 16;
}

/** Reads the I32 value at bytes[pos…] (checked by intValid); a negative zero reads as 0. */
export function readInt(bytes: number[], pos: number): number {
  const top = bytes[pos + 4];
  const high = top % 8;
  const m = bytes[pos] + bytes[pos + 1] * 128 + bytes[pos + 2] * 16384 + bytes[pos + 3] * 2097152 + high * 268435456;
  return top >= 8 ? 0 - m : m;
}

/** Septets of one value in `encoding` (a float encoding or I32); 0 for an unknown encoding. */
export function valueSeptets(encoding: number): number {
  return encoding === Encoding.I32 ? I32_SEPTETS : encodingSeptets(encoding);
}

/** Writes `x` in `encoding` (a known one); returns the position after it. */
export function writeValue(out: number[], pos: number, x: number, encoding: number): number {
  return encoding === Encoding.I32 ? writeInt(out, pos, x) : writeFloat(out, pos, x, encoding);
}

/** Reads a value of `encoding`; a float encoding may give NaN or ±Infinity (see valueOk). */
export function readValue(bytes: number[], pos: number, encoding: number): number {
  return encoding === Encoding.I32 ? readInt(bytes, pos) : readFloat(bytes, pos, encoding);
}

/** True when the value at bytes[pos…] is a finite float or a valid I32. */
export function valueOk(bytes: number[], pos: number, encoding: number): boolean {
  if (encoding === Encoding.I32) return intValid(bytes, pos);
  const v = readFloat(bytes, pos, encoding);
  return v === v && v !== Infinity && v !== -Infinity;
}

/** Int layers take inputs and report states in I32 only; float layers in any float encoding. */
export function encodingFits(dtype: number, encoding: number): boolean {
  if (dtype === Dtype.Int) return encoding === Encoding.I32;
  return encodingSeptets(encoding) > 0;
}
