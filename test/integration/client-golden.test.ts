/**
 * Every snnTorch golden neuron case through the whole wire path — host client → frames → the
 * firmware → frames → trace — equals the `lua` backend's trace bit for bit: on the emulated
 * NodeMCU board in-process (`--backend emulator`), and under lua5.1 and lua5.3 through the stdio
 * adapter behind a pty opened as a serial port (`--backend emulator --lua …`). One device per
 * backend runs every case, reconfigured each time, as a board would.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../src/host/backends/backend.ts";
import { createEmulatorBackend } from "../../src/host/backends/emulator.ts";
import { createLuaBackend } from "../../src/host/backends/lua.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { layerConfig, neuronCases, readGoldenTrace } from "../helpers/golden.ts";
import { mismatches, saveFailure } from "../helpers/match.ts";

const cases = neuronCases();

/** Values equal as bit patterns (Object.is: -0 is not 0, NaN is NaN). */
function identical(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((x, k) => Object.is(x, b[k]));
}

describe("golden traces through the wire backends", () => {
  let reference: Backend;
  beforeAll(async () => {
    reference = await createLuaBackend();
  });
  afterAll(() => reference.close());

  const backends: [string, string | undefined][] = [["emulated board", undefined], ["lua5.1", "lua5.1"], ["lua5.3", "lua5.3"]];

  it.concurrent.each(backends)(`%s: all ${cases.length} cases identical to the lua backend`, async (_, lua) => {
    expect(cases.length).toBeGreaterThan(40);
    const wire = createEmulatorBackend({ lua });
    try {
      for (const c of cases) {
        const spec = parseLayerConfig(layerConfig(c));
        const { inputs, csv, columns } = readGoldenTrace(c);
        const expected = await reference.simulate(spec, inputs);
        const trace = await wire.simulate(spec, inputs);
        expect(trace.columns, c.name).toEqual(columns);
        if (!identical(trace.values, expected.values)) saveFailure(`${c.name}.${wire.name.replace("/", "-")}`, trace, inputs, csv);
        expect(mismatches(trace, expected.values, "exact"), c.name).toEqual([]);
        expect(identical(trace.values, expected.values), `${c.name}: bit patterns`).toBe(true);
      }
    } finally {
      await wire.close();
    }
  });
});
