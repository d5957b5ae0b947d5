/**
 * The stream ops' packed values: what the host packs (src/host/client/pack.ts) the device's
 * straight-line readers (src/device/wire/packed.ts) read back as DataView's numbers, every
 * encoding; the F64 writer of States frames writes wire/ieee.ts's exact pattern.
 */
import { describe, expect, it } from "vitest";
import { Encoding } from "../../src/shared/protocol.ts";
import { readFloat, writeFloat } from "../../src/shared/wire/ieee.ts";
import { firstInvalid, packedSeptets, putF64, unpack } from "../../src/shared/wire/packed.ts";
import { packValues } from "../../src/host/client/pack.ts";

const SAMPLES = [
  0, -0, 1, -1, 0.1, 1 / 3, Math.PI, 65504, 1e-5, 6.1e-5, 5.96e-8, 1e-40, 1.4e-45, 3.4028234663852886e38, 1e300, 5e-324,
  2.2250738585072014e-308, Number.MAX_VALUE, -123.456, 2 ** 40, 2 ** -40,
  ...Array.from({ length: 300 }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 40) - 20)),
];

function rounded(x: number, encoding: Encoding): number {
  if (encoding === Encoding.F64) return x;
  const out: number[] = [];
  writeFloat(out, 0, x, encoding);
  return readFloat(out, 0, encoding);
}

describe("packed stream values", () => {
  for (const encoding of [Encoding.F64, Encoding.F32, Encoding.F16]) {
    it(`encoding ${encoding}: every value and every sub-range reads back as the encoding rounds it`, () => {
      const finite = SAMPLES.filter((x) => Number.isFinite(rounded(x, encoding)));
      const septets = packValues(finite, 0, finite.length, encoding);
      expect(septets.length).toBe(packedSeptets(encoding, finite.length));
      expect(septets.every((s) => s >= 0 && s < 128)).toBe(true);
      const bytes = [1, 2, 3, ...septets]; // the payload need not start at 0
      expect(firstInvalid(bytes, 3, encoding, finite.length)).toBe(-1);
      const out: number[] = [];
      unpack(bytes, 3, encoding, 0, finite.length, out, 0);
      expect(out.map((x, i) => Object.is(x, rounded(finite[i], encoding)))).not.toContain(false);
      const part: number[] = [];
      unpack(bytes, 3, encoding, 5, 7, part, 2); // values 5…11 into part[2…8]
      expect(part.slice(2)).toEqual(out.slice(5, 12));
    });

    it(`encoding ${encoding}: names the first value that is not finite`, () => {
      const septets = packValues([1, 2, Infinity, NaN], 0, 4, encoding);
      expect(firstInvalid(septets, 0, encoding, 4)).toBe(2);
    });
  }

  it("I32: whole numbers both signs; a pattern above 2^31 is refused", () => {
    const values = [0, 1, -1, 2147483647, -2147483647, 123456, -98765];
    const septets = packValues(values, 0, values.length, Encoding.I32);
    const out: number[] = [];
    unpack(septets, 0, Encoding.I32, 0, values.length, out, 0);
    expect(out).toEqual(values);
    septets[4] = 16;
    expect(firstInvalid(septets, 0, Encoding.I32, values.length)).toBe(0);
  });

  it("spikes: one bit a value, seven to a septet, from any offset", () => {
    const values = Array.from({ length: 40 }, (_, i) => ((i * 7919) % 3 === 0 ? 1 : 0));
    const septets = packValues(values, 0, values.length, Encoding.Spike);
    expect(septets.length).toBe(Math.ceil(40 / 7));
    for (const first of [0, 3, 6, 7, 13]) {
      const out: number[] = [];
      unpack(septets, 0, Encoding.Spike, first, values.length - first, out, 0);
      expect(out).toEqual(values.slice(first));
    }
  });

  it("putF64 writes the pattern writeFloat writes, NaN and infinities included", () => {
    for (const x of [...SAMPLES, NaN, Infinity, -Infinity]) {
      const a: number[] = [];
      const b: number[] = [];
      expect(putF64(a, 1, x)).toBe(11);
      writeFloat(b, 1, x, Encoding.F64);
      expect(a.slice(1), String(x)).toEqual(b.slice(1));
    }
  });
});
