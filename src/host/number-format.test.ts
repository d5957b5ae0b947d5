import { describe, expect, it } from "vitest";
import { formatFloat } from "./number-format.ts";

describe("formatFloat", () => {
  // Expected strings are what CPython's repr() prints for the same doubles.
  const cases: [number, string][] = [
    [0, "0.0"],
    [-0, "-0.0"],
    [1, "1.0"],
    [-3, "-3.0"],
    [0.1, "0.1"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1.5e-5, "1.5e-05"],
    [2.5e-7, "2.5e-07"],
    [123, "123.0"],
    [1e15, "1000000000000000.0"],
    [1e16, "1e+16"],
    [1e22, "1e+22"],
    [12345678901234567, "1.2345678901234568e+16"],
    [0.49999994039535522, "0.4999999403953552"],
    [5e-324, "5e-324"],
    [Math.fround(0.9), "0.8999999761581421"],
    [NaN, "nan"],
    [Infinity, "inf"],
  ];
  it.each(cases)("prints %s as Python does", (x, expected) => {
    expect(formatFloat(x)).toBe(expected);
  });

  it("round-trips every value it prints", () => {
    for (const x of [Math.PI, 1 / 3, 1e-300, 6.02e23, Math.fround(0.1)]) {
      expect(Number(formatFloat(x))).toBe(x);
    }
  });
});
