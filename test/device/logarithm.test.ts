/**
 * The logarithms the board uses without math.log (NodeMCU's Lua 5.1 has none): the exponent
 * exact over the whole double range, ln within a few units in the last place. (On NodeMCU's 5.1
 * core itself, the Alpha golden traces in nodemcu-cores.test.ts run through them.)
 */
import { describe, expect, it } from "vitest";
import { binaryExponent, portableLn } from "../../src/shared/logarithm.ts";

/** floor(log2 v) from the bits of v. */
function exponentFromBits(v: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const biased = (view.getUint16(0) >> 4) & 0x7ff;
  if (biased !== 0) return biased - 1023;
  const high = view.getUint32(0) & 0xfffff;
  const low = view.getUint32(4);
  const top = high !== 0 ? 31 - Math.clz32(high) + 32 : 31 - Math.clz32(low);
  return top - 1074;
}

const samples: number[] = [Number.MIN_VALUE, 2 ** -1074 * 3, 2 ** -1022, 2 ** -1022 * (1 - 2 ** -52), 0.5, 1, 2, 1 - 2 ** -53, 1 + 2 ** -52, Number.MAX_VALUE];
let seed = 7;
for (let k = 0; k < 2000; k++) {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  samples.push((seed / 2 ** 31 + 0.001) * 2 ** ((seed % 2000) - 1000));
}

describe("logarithms without math.log", () => {
  it("binaryExponent is floor(log2 v) exactly, subnormals and the largest double included", () => {
    for (const v of samples) expect(binaryExponent(v), String(v)).toBe(exponentFromBits(v));
  });

  it("portableLn is within 2 units in the last place of Math.log", () => {
    for (const v of samples) {
      const want = Math.log(v);
      const ulp = 2 ** (exponentFromBits(Math.abs(want) || 1) - 52);
      expect(Math.abs(portableLn(v) - want), String(v)).toBeLessThanOrEqual(2 * ulp);
    }
    expect(portableLn(1)).toBe(0);
    expect(portableLn(0)).toBe(-Infinity);
    expect(portableLn(Infinity)).toBe(Infinity);
    expect(portableLn(NaN)).toBeNaN();
  });
});
