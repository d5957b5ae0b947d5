import { describe, expect, it } from "vitest";
import { Encoding, Firmata } from "../../src/shared/protocol.ts";
import { bodyChecksumOk, beginFrame, endFrame } from "../../src/shared/wire/frame.ts";
import { encodingSeptets, readFloat, writeFloat } from "../../src/shared/wire/ieee.ts";
import { ParseEvent, newParser, parseByte } from "../../src/shared/wire/parser.ts";
import { addBits, clearSeptets, readBits, readUint, writeUint } from "../../src/shared/wire/septets.ts";

/** The IEEE bit pattern of x in `bits` bits, LSB first, as DataView computes it. */
function patternBits(x: number, encoding: Encoding): bigint {
  const view = new DataView(new ArrayBuffer(8));
  if (encoding === Encoding.F64) {
    view.setFloat64(0, x, true);
    return view.getBigUint64(0, true);
  }
  if (encoding === Encoding.F32) {
    view.setFloat32(0, x, true);
    return BigInt(view.getUint32(0, true));
  }
  return BigInt(half(x));
}

/** Half-precision values of every non-negative finite pattern, decoded the textbook way. */
const HALVES = Array.from({ length: 0x7c00 }, (_, p) => {
  const exp = p >> 10;
  const mant = p & 0x3ff;
  return exp === 0 ? mant * 2 ** -24 : (1 + mant / 1024) * 2 ** (exp - 15);
});

/** x rounded to half precision (nearest, ties to the even pattern), by search over HALVES. */
function half(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00;
  let lo = 0;
  let hi = HALVES.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (HALVES[mid] <= a) lo = mid;
    else hi = mid;
  }
  const pick = a - HALVES[lo] < HALVES[hi] - a || (a - HALVES[lo] === HALVES[hi] - a && lo % 2 === 0) ? lo : hi;
  return sign | (a <= HALVES[0] ? 0 : pick);
}

function f16round(x: number): number {
  const p = half(x);
  if ((p & 0x7fff) === 0x7c00) return p & 0x8000 ? -Infinity : Infinity;
  const v = HALVES[p & 0x7fff];
  return p & 0x8000 ? -v : v;
}

function septetsOf(pattern: bigint, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Number((pattern >> BigInt(7 * i)) & 0x7fn));
}

const SAMPLES = [
  0, -0, 1, -1, 0.1, 1 / 3, Math.PI, 65504, 65520, 1e-5, 6.1e-5, 5.96e-8, 2.98e-8, 1e-40, 1.4e-45, 7e-46,
  3.4028234663852886e38, 3.5e38, 1e300, 5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, Infinity, -Infinity,
  0.49999994039535522, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -24, 1 + 3 * 2 ** -24,
];

describe("IEEE numbers in septets", () => {
  const random = Array.from({ length: 2000 }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 40) - 20));
  for (const encoding of [Encoding.F64, Encoding.F32, Encoding.F16]) {
    it(`encoding ${encoding} writes DataView's bit pattern and reads it back`, () => {
      const n = encodingSeptets(encoding);
      for (const x of [...SAMPLES, ...random]) {
        const out: number[] = [];
        expect(writeFloat(out, 2, x, encoding)).toBe(2 + n);
        expect(out.slice(2), `${x}`).toEqual(septetsOf(patternBits(x, encoding), n));
        const back = readFloat(out, 2, encoding);
        const rounded = encoding === Encoding.F64 ? x : encoding === Encoding.F32 ? Math.fround(x) : f16round(x);
        expect(Object.is(back, rounded), `${x} → ${back}`).toBe(true);
      }
    });
  }

  it("keeps NaN a NaN", () => {
    const out: number[] = [];
    writeFloat(out, 0, NaN, Encoding.F32);
    expect(readFloat(out, 0, Encoding.F32)).toBeNaN();
    expect(out.every((b) => b >= 0 && b < 128)).toBe(true);
  });
});

describe("septets", () => {
  it("round-trips unsigned integers and bit fields", () => {
    const out: number[] = [];
    writeUint(out, 0, 2 ** 28 - 1, 4);
    expect(out).toEqual([127, 127, 127, 127]);
    expect(readUint(out, 0, 4)).toBe(2 ** 28 - 1);
    clearSeptets(out, 0, 4);
    addBits(out, 0, 5, 0b1011, 4);
    expect(readBits(out, 0, 5, 4)).toBe(0b1011);
    expect(out.slice(0, 2)).toEqual([0b1100000, 0b10]);
  });
});

describe("frames", () => {
  it("ends a frame with its CRC and F7, and accepts only an intact body", () => {
    const out: number[] = [];
    const end = endFrame(out, writeUint(out, beginFrame(out, 0x0a, 5), 300, 2));
    expect(out.slice(0, 4)).toEqual([0xf0, 0x01, 0x0a, 5]);
    expect(out[end - 1]).toBe(0xf7);
    const body = out.slice(1, end - 1);
    expect(bodyChecksumOk(body, body.length)).toBe(true);
    body[3] ^= 1;
    expect(bodyChecksumOk(body, body.length)).toBe(false);
  });
});

describe("the byte-stream parser", () => {
  function feed(bytes: number[], toDevice = true) {
    const p = newParser(toDevice, 8);
    const events: [ParseEvent, number, number[]][] = [];
    for (let i = 0; i < bytes.length; i++) {
      const e = parseByte(p, bytes[i]);
      if (e === ParseEvent.Truncated) i--;
      if (e !== ParseEvent.None) events.push([e, p.command, p.buf.slice(0, p.len)]);
    }
    return events.map(([e, c, d]) => (e === ParseEvent.Message ? [e, c, d] : [e]));
  }

  it("splits core commands and SysEx, including zero-length ones", () => {
    expect(feed([0xf9, 0xf4, 3, 1, 0xf0, 0x79, 0xf7, 0xff, 0x91, 0x7f, 0x01])).toEqual([
      [ParseEvent.Message, Firmata.ReportVersion, []],
      [ParseEvent.Message, Firmata.SetPinMode, [3, 1]],
      [ParseEvent.Message, 0xf0, [0x79]],
      [ParseEvent.Message, Firmata.SystemReset, []],
      [ParseEvent.Message, 0x91, [0x7f, 0x01]],
    ]);
  });

  it("reports stray bytes, cut messages and over-long SysEx, then recovers", () => {
    expect(feed([0x05, 0xf7, 0xf4, 3, 0xf0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xf7, 0xf9])).toEqual([
      [ParseEvent.Stray],
      [ParseEvent.Stray],
      [ParseEvent.Truncated],
      [ParseEvent.TooLong],
      [ParseEvent.Message, Firmata.ReportVersion, []],
    ]);
  });

  it("takes a command byte inside a SysEx for damage, and skips the rest of that SysEx", () => {
    // F0 01 … 85 (a flipped data byte) … FF (7F with its top bit flipped) … F7: one damaged
    // frame, no SystemReset; then F9 is a command again, and so is everything after a new F0.
    expect(feed([0xf0, 0x01, 0x21, 0x85, 0x10, 0xff, 0x20, 0xf7, 0xf9, 0xf0, 0x01, 0x33, 0xf4, 0xf0, 0x79, 0xf7, 0xff])).toEqual([
      [ParseEvent.Damaged],
      [ParseEvent.Message, Firmata.ReportVersion, []],
      [ParseEvent.Damaged],
      [ParseEvent.Message, 0xf0, [0x79]],
      [ParseEvent.Message, Firmata.SystemReset, []],
    ]);
  });

  it("reads a version report from the device side, where F9 carries two bytes", () => {
    expect(feed([0xf9, 2, 6], false)).toEqual([[ParseEvent.Message, Firmata.ReportVersion, [2, 6]]]);
  });
});
