/**
 * The `lua` backend hands every finite double to the VM as that same double and takes every
 * result back unchanged: whole numbers ≥ 2^63 (which wasmoon pushes as wrapping 64-bit integers),
 * -0, subnormals and 2^53 + 2 included. The `ts` backend (the same device code in Node) is the
 * reference, compared with Object.is so that -0 and +0 differ.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../src/host/backends/backend.ts";
import { createLuaBackend } from "../../src/host/backends/lua.ts";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { differentDoubles } from "../helpers/match.ts";

const HARD = [1e19, -1e19, 1e308, -0, 5e-324, 2.2250738585072014e-308 / 3, 2 ** 53 + 2, 2 ** 63, 1.5];

describe("numbers through the lua backend", () => {
  let lua: Backend;
  const ts = createTsBackend();
  beforeAll(async () => {
    lua = await createLuaBackend();
  });
  afterAll(() => lua.close());

  it("passes inputs and initial states through as the same doubles (reset none, beta 1: U = U + X)", async () => {
    for (const x of HARD) {
      const spec = parseLayerConfig({ model: "Leaky", neurons: 2, beta: 1, threshold: 1e30, reset_mechanism: "none", init: { mem: [x, -0] } });
      const currents = { steps: 3, channels: 2, values: Float64Array.of(-0, -0, x, -0, -x, x) };
      const expected = await ts.simulate(spec, currents);
      const got = await lua.simulate(spec, currents);
      expect(differentDoubles(got.values, expected.values)).toEqual([]);
      expect(Object.is(got.values[0], x)).toBe(true); // step 0, neuron 0: x + -0
      expect(Object.is(got.values[2], -0)).toBe(true); // step 0, neuron 1: -0 + -0
    }
  });

  it("passes parameters through: beta 1e308 clamps to 1 (it acted as 0), a threshold of 1e19 is 1e19", async () => {
    const spec = parseLayerConfig({ model: "Leaky", neurons: 1, beta: 1e308, threshold: 1e19 });
    const currents = { steps: 4, channels: 1, values: Float64Array.of(6e18, 0, 5e18, 0) };
    const got = await lua.simulate(spec, currents);
    expect(differentDoubles(got.values, (await ts.simulate(spec, currents)).values)).toEqual([]);
    // the subtract reset takes snnTorch's float32 product of the shared threshold
    expect(Array.from(got.values)).toEqual([6e18, 0, 6e18, 0, 1.1e19, 1, 1.1e19 - Math.fround(1e19), 0]);
  });

  it("runs an int layer on whole numbers as before", async () => {
    const spec = parseLayerConfig({ model: "Synaptic", neurons: 2, alpha: 0.5, beta: 0.75, dtype: "int" });
    const currents = { steps: 5, channels: 2, values: Float64Array.of(1, 0.5, 2, -1, 0, 3, 0.25, 0, 1, 1) };
    expect(differentDoubles((await lua.simulate(spec, currents)).values, (await ts.simulate(spec, currents)).values)).toEqual([]);
  });
});
