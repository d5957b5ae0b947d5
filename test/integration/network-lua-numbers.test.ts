/**
 * The network `lua` backend hands every finite double of the network (weights, biases,
 * parameters) and of its inputs to the VM as that same double and takes the trace back unchanged:
 * whole numbers ≥ 2^63 (which wasmoon pushes as wrapping 64-bit integers), 1e308, -0, subnormals
 * and 2^53 + 2 included. The `ts` backend (the same device code in Node) is the reference,
 * compared with Object.is so that -0 and +0 differ.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NetworkBackend, createLuaNetworkBackend, createTsNetworkBackend } from "../../src/host/network/backends.ts";
import { parseNetworkConfig } from "../../src/host/network/config.ts";
import { differentDoubles } from "../helpers/match.ts";

const HARD = [1e19, -1e19, 1e308, -0, 5e-324, 2.2250738585072014e-308 / 3, 2 ** 53 + 2, 2 ** 63, 1.5];

/**
 * Input → Linear(2, 2) → Leaky (beta 1, no reset: it sums its inputs) → Linear(2, 2) → an
 * all-to-all RLeaky, with `x` in every Linear's weights and biases and, when a float32 holds it
 * and it is above 1, as the Leaky's threshold (a registered buffer: float32).
 */
function network(x: number): unknown {
  const threshold = Math.abs(x) > 1 && Math.abs(x) < 3e38 ? Math.abs(x) : 1e9;
  return {
    dtype: "float64",
    inputs: 2,
    layers: [
      { kind: "Linear", in: 2, out: 2, weight: [[1, -0], [x, 0.5]], bias: [-0, x] },
      { kind: "Leaky", neurons: 2, kwargs: { beta: 1, threshold, reset_mechanism: "none" } },
      { kind: "Linear", in: 2, out: 2, weight: [[x, 1], [-0, x]], bias: null },
      { kind: "RLeaky", neurons: 2, kwargs: { beta: 0.5, all_to_all: true }, recurrent: { weight: [[x, -0], [1, x]], bias: [x, -0] } },
    ],
  };
}

describe("numbers through the network lua backend", () => {
  let lua: NetworkBackend;
  const ts = createTsNetworkBackend();
  beforeAll(async () => {
    lua = await createLuaNetworkBackend();
  });
  afterAll(() => lua.close());

  it.each(HARD.map((x) => [String(Object.is(x, -0) ? "-0" : x), x] as const))("weights, biases, threshold and inputs of %s give the ts backend's trace bit for bit", async (_, x) => {
    const spec = parseNetworkConfig(network(x));
    const currents = { steps: 4, channels: 2, values: Float64Array.of(x, -0, -0, x, -x, 1, x, x) };
    const expected = await ts.simulate(spec, currents);
    const got = await lua.simulate(spec, currents);
    expect(differentDoubles(got.values, expected.values)).toEqual([]);
    // step 0, layer 0, neuron 0: the Linear's output 0 + 1·x + -0·-0 is x itself (for x ≠ -0)
    expect(got.values[0]).toBe(Object.is(x, -0) ? 0 : x);
  });

  it("reports the device's error and the layer it is about as the ts backend does", async () => {
    const spec = parseNetworkConfig(network(1.5));
    // a second Linear one weight short: only the device's addLayer checks this
    const short = { ...spec, layers: [spec.layers[0], { ...spec.layers[1], weight: spec.layers[1].weight.slice(1) }] };
    const currents = { steps: 1, channels: 2, values: Float64Array.of(1, 1) };
    const message = "configure network layer 1: device error 5 (neuron index or array length out of range)";
    await expect(ts.simulate(short, currents)).rejects.toThrow(message);
    await expect(lua.simulate(short, currents)).rejects.toThrow(message);
  });
});
