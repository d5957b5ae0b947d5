/**
 * Packed input values of the stream ops (docs/protocol.md, "Streaming"), read with straight-line
 * code per encoding: no generic bit reader, no `math.floor` or `2^x` per septet, so a value costs
 * a few dozen Lua VM instructions. The layouts, value k of a frame's payload at bytes[base…]:
 *
 *   F64    10 septets at base + 10k: the IEEE-754 pattern, 7 bits a septet, least significant first
 *   F32     5 septets at base + 5k, the same way
 *   I32     5 septets at base + 5k: wire/int32.ts
 *   F16     groups of three values in 7 septets (49 bits; value r of a group at bits 16r…16r+15,
 *           bit 48 is 0): group ⌊k/3⌋ at base + 7⌊k/3⌋
 *   Spike   one bit a value, 7 to a septet: bit k mod 7 of the septet at base + ⌊k/7⌋
 *
 * Every septet of a pattern is read as the number it is (0 … 127); the arithmetic is exact in
 * doubles. Lua 5.1 has no bit operators, so `(s - s % 8) / 8` stands for `s >> 3`.
 *
 * F64's straight-line reader builds the 52-bit mantissa as one number, which needs doubles: on
 * a VM without them (NodeMCU's Lua 5.3: int32 integers, whose products wrap, and float32
 * floats) F64 values are read with wire/ieee.ts's generic reader, the one the Input op uses,
 * so a streamed run gives the trace a lockstep one gives there.
 */
import { Encoding, NumberType } from "../protocol.ts";
import { measureNumberType } from "../number-type.ts";
import { readFloat } from "./ieee.ts";

const DOUBLES = measureNumberType() === NumberType.Double;

/** Septets of one group of values, and the values a group holds; 0 for an unknown encoding. */
export function groupSeptets(encoding: number): number {
  if (encoding === Encoding.F64) return 10;
  if (encoding === Encoding.F32 || encoding === Encoding.I32) return 5;
  if (encoding === Encoding.F16) return 7;
  if (encoding === Encoding.Spike) return 1;
  return 0;
}

export function groupValues(encoding: number): number {
  if (encoding === Encoding.F16) return 3;
  if (encoding === Encoding.Spike) return 7;
  return 1;
}

/** Septets that `count` values take: whole groups, the last one padded with zero bits. */
export function packedSeptets(encoding: number, count: number): number {
  const per = groupValues(encoding);
  return ((count + per - 1 - ((count + per - 1) % per)) / per) * groupSeptets(encoding);
}

const TWO52 = 4503599627370496;
const TWO23 = 8388608;

/** The index of the first of values 0 … count-1 that is not finite (or not a valid I32); -1 when all are. */
export function firstInvalid(bytes: number[], base: number, encoding: number, count: number): number {
  if (encoding === Encoding.F64) {
    // Exponent 2047: septet 8 all ones and the top four bits of septet 7.
    for (let k = 0; k < count; k++) {
      const p = base + 10 * k;
      if (bytes[p + 8] === 127 && bytes[p + 7] >= 120) return k;
    }
  } else if (encoding === Encoding.F32) {
    // Exponent 255: bits 23-27 (septet 3 ≥ 124) and bits 28-30 (septet 4 mod 8 = 7).
    for (let k = 0; k < count; k++) {
      const p = base + 5 * k;
      if (bytes[p + 3] >= 124 && bytes[p + 4] % 8 === 7) return k;
    }
  } else if (encoding === Encoding.I32) {
    for (let k = 0; k < count; k++) {
      if (bytes[base + 5 * k + 4] >= 16) return k;
    }
  } else if (encoding === Encoding.F16) {
    for (let k = 0; k < count; k++) {
      if (halfAt(bytes, base, k) % 32768 >= 31744) return k;
    }
  }
  return -1;
}

/** The 16-bit pattern of F16 value k. */
function halfAt(bytes: number[], base: number, k: number): number {
  const r = k % 3;
  const p = base + ((k - r) / 3) * 7;
  if (r === 0) return bytes[p] + bytes[p + 1] * 128 + (bytes[p + 2] % 4) * 16384;
  if (r === 1) {
    const s2 = bytes[p + 2];
    return (s2 - (s2 % 4)) / 4 + bytes[p + 3] * 32 + (bytes[p + 4] % 16) * 4096;
  }
  const s4 = bytes[p + 4];
  return (s4 - (s4 % 16)) / 16 + bytes[p + 5] * 8 + (bytes[p + 6] % 64) * 1024;
}

/** The value of a finite F16 pattern. */
function halfValue(h: number): number {
  const m = h % 1024;
  const top = (h - m) / 1024;
  const e = top % 32;
  const x = e === 0 ? m * 2 ** -24 : (m + 1024) * 2 ** (e - 25);
  return top >= 32 ? -x : x;
}

/**
 * Reads values first … first+count-1 (checked by firstInvalid; spikes are always valid) into
 * out[at…].
 */
export function unpack(bytes: number[], base: number, encoding: number, first: number, count: number, out: number[], at: number): void {
  if (encoding === Encoding.F64) {
    if (DOUBLES) unpackF64(bytes, base + 10 * first, count, out, at);
    else for (let j = 0; j < count; j++) out[at + j] = readFloat(bytes, base + 10 * (first + j), Encoding.F64);
  } else if (encoding === Encoding.F32) unpackF32(bytes, base + 5 * first, count, out, at);
  else if (encoding === Encoding.I32) unpackI32(bytes, base + 5 * first, count, out, at);
  else if (encoding === Encoding.F16) {
    for (let j = 0; j < count; j++) out[at + j] = halfValue(halfAt(bytes, base, first + j));
  } else if (encoding === Encoding.Spike) unpackSpikes(bytes, base, first, count, out, at);
}

function unpackF64(bytes: number[], start: number, count: number, out: number[], at: number): void {
  let p = start;
  // `j <= count` from 1: Lua's numeric for (tools/tstl-numeric-for.cjs); out[at + j - 1] is one index.
  for (let j = 1; j <= count; j++) {
    const s7 = bytes[p + 7];
    const low = s7 % 8;
    const e = (s7 - low) / 8 + bytes[p + 8] * 16;
    const m =
      bytes[p] + bytes[p + 1] * 128 + bytes[p + 2] * 16384 + bytes[p + 3] * 2097152 +
      (bytes[p + 4] + bytes[p + 5] * 128 + bytes[p + 6] * 16384 + low * 2097152) * 268435456;
    const x = e === 0 ? m * 2 ** -1074 : (m + TWO52) * 2 ** (e - 1075);
    out[at + j - 1] = bytes[p + 9] === 1 ? -x : x;
    p = p + 10;
  }
}

function unpackF32(bytes: number[], start: number, count: number, out: number[], at: number): void {
  let p = start;
  for (let j = 1; j <= count; j++) {
    const s3 = bytes[p + 3];
    const s4 = bytes[p + 4];
    const low = s3 % 4;
    const e = (s3 - low) / 4 + (s4 % 8) * 32;
    const m = bytes[p] + bytes[p + 1] * 128 + bytes[p + 2] * 16384 + low * 2097152;
    const x = e === 0 ? m * 2 ** -149 : (m + TWO23) * 2 ** (e - 150);
    out[at + j - 1] = s4 >= 8 ? -x : x;
    p = p + 5;
  }
}

function unpackI32(bytes: number[], start: number, count: number, out: number[], at: number): void {
  let p = start;
  for (let j = 1; j <= count; j++) {
    const top = bytes[p + 4];
    const m = bytes[p] + bytes[p + 1] * 128 + bytes[p + 2] * 16384 + bytes[p + 3] * 2097152 + (top % 8) * 268435456;
    out[at + j - 1] = top >= 8 ? 0 - m : m;
    p = p + 5;
  }
}

function unpackSpikes(bytes: number[], base: number, first: number, count: number, out: number[], at: number): void {
  let bit = first % 7;
  let p = base + (first - bit) / 7;
  // The septet shifted right by `bit`: its lowest bit is the next value.
  let s = (bytes[p] - (bytes[p] % 2 ** bit)) / 2 ** bit;
  for (let j = 0; j < count; j++) {
    const v = s % 2;
    out[at + j] = v;
    s = (s - v) / 2;
    bit = bit + 1;
    if (bit === 7) {
      bit = 0;
      p = p + 1;
      s = bytes[p];
    }
  }
}

/**
 * Writes `x` as F64 at out[pos…] (10 septets, the layout of wire/ieee.ts); returns the position
 * after it. The exponent is found by scaling with powers of two (exact), in steps of 2^32 and 2,
 * since NodeMCU's math has no log: a few instructions for the magnitudes states have.
 */
export function putF64(out: number[], pos: number, x: number): number {
  let v = x;
  let sign = 0;
  if (v < 0 || (v === 0 && 1 / v < 0)) {
    sign = 1;
    v = -v;
  }
  let e = 1023;
  let m = 0;
  if (v !== v) {
    e = 2047;
    m = TWO52 / 2;
  } else if (v === Infinity) {
    e = 2047;
  } else if (v === 0) {
    e = 0;
  } else {
    const a = v;
    if (v >= 2) {
      while (v >= 4294967296) {
        v = v * 2 ** -32;
        e = e + 32;
      }
      while (v >= 2) {
        v = v * 0.5;
        e = e + 1;
      }
    } else if (v < 1) {
      while (v < 2 ** -32) {
        v = v * 4294967296;
        e = e - 32;
      }
      while (v < 1) {
        v = v * 2;
        e = e - 1;
      }
    }
    if (e <= 0) {
      // Subnormal: the pattern is a·2^1074, taken in two exact steps (2^1074 is no double).
      m = a * 2 ** 1022 * TWO52;
      e = 0;
    } else {
      m = (v - 1) * TWO52;
    }
  }
  // The 52 mantissa bits, seven at a time, written out rather than looped.
  let s = m % 128;
  out[pos] = s;
  m = (m - s) / 128;
  s = m % 128;
  out[pos + 1] = s;
  m = (m - s) / 128;
  s = m % 128;
  out[pos + 2] = s;
  m = (m - s) / 128;
  s = m % 128;
  out[pos + 3] = s;
  m = (m - s) / 128;
  s = m % 128;
  out[pos + 4] = s;
  m = (m - s) / 128;
  s = m % 128;
  out[pos + 5] = s;
  m = (m - s) / 128;
  s = m % 128;
  out[pos + 6] = s;
  m = (m - s) / 128;
  const el = e % 16;
  out[pos + 7] = m + el * 8;
  out[pos + 8] = (e - el) / 16;
  out[pos + 9] = sign;
  return pos + 10;
}
