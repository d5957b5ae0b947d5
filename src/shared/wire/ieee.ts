/**
 * IEEE-754 binary64/32/16 numbers as septets, encoded and decoded with arithmetic only, so that
 * Lua 5.1 (no bit operators, no float32 type) reads and writes exactly what Node's DataView does.
 * Narrower formats round to nearest, ties to even, and overflow to infinity.
 */
import { Encoding } from "../protocol.ts";
import { binaryExponent } from "../logarithm.ts";
import { addBits, clearSeptets, readBits } from "./septets.ts";

/** Septets one value of `encoding` takes on the wire; 0 for an unknown encoding. */
export function encodingSeptets(encoding: number): number {
  if (encoding === Encoding.F64) return 10;
  if (encoding === Encoding.F32) return 5;
  if (encoding === Encoding.F16) return 3;
  return 0;
}

function exponentBits(encoding: number): number {
  return encoding === Encoding.F64 ? 11 : encoding === Encoding.F32 ? 8 : 5;
}

function mantissaBits(encoding: number): number {
  return encoding === Encoding.F64 ? 52 : encoding === Encoding.F32 ? 23 : 10;
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Writes `x` at out[pos…] in `encoding` (a known one); returns the position after it. */
export function writeFloat(out: number[], pos: number, x: number, encoding: number): number {
  const expBits = exponentBits(encoding);
  const mantBits = mantissaBits(encoding);
  const bias = 2 ** (expBits - 1) - 1;
  const maxExp = 2 ** expBits - 1;
  const mantSpan = 2 ** mantBits;
  let sign = 0;
  let exp = 0;
  let mant = 0;
  let v = x;
  if (v !== v) {
    exp = maxExp;
    mant = mantSpan / 2;
  } else {
    if (v < 0 || (v === 0 && 1 / v < 0)) {
      sign = 1;
      v = -v;
    }
    if (v === Infinity) {
      exp = maxExp;
    } else if (v !== 0) {
      const e = binaryExponent(v);
      if (e < 1 - bias) {
        mant = roundHalfEven(v / 2 ** (1 - bias - mantBits));
        if (mant >= mantSpan) {
          exp = 1;
          mant = mant - mantSpan;
        }
      } else {
        mant = roundHalfEven((v / 2 ** e - 1) * mantSpan);
        exp = e + bias;
        if (mant >= mantSpan) {
          mant = 0;
          exp = exp + 1;
        }
        if (exp >= maxExp) {
          exp = maxExp;
          mant = 0;
        }
      }
    }
  }
  const septets = encodingSeptets(encoding);
  clearSeptets(out, pos, septets);
  addBits(out, pos, 0, mant, mantBits);
  addBits(out, pos, mantBits, exp, expBits);
  addBits(out, pos, mantBits + expBits, sign, 1);
  return pos + septets;
}

/** Reads a value of `encoding` (a known one) at bytes[pos…]. */
export function readFloat(bytes: number[], pos: number, encoding: number): number {
  const expBits = exponentBits(encoding);
  const mantBits = mantissaBits(encoding);
  const bias = 2 ** (expBits - 1) - 1;
  const maxExp = 2 ** expBits - 1;
  const mant = readBits(bytes, pos, 0, mantBits);
  const exp = readBits(bytes, pos, mantBits, expBits);
  const negative = readBits(bytes, pos, mantBits + expBits, 1) === 1;
  let v: number;
  if (exp === maxExp) {
    v = mant === 0 ? Infinity : 0 / 0;
  } else if (exp === 0) {
    v = mant * 2 ** (1 - bias - mantBits);
  } else {
    v = (1 + mant / 2 ** mantBits) * 2 ** (exp - bias);
  }
  return negative ? -v : v;
}
