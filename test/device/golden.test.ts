/**
 * Every snnTorch golden case on both in-process backends, with the golden README's definition
 * of a match: float32 on `ts` bit-exact, float64 within 1e-9, float32 computed in doubles (the
 * Lua VM has no float32) within 1e-5; spikes identical everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../src/host/backends/backend.ts";
import { createLuaBackend } from "../../src/host/backends/lua.ts";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { type GoldenCase, layerConfig, neuronCases, readGoldenTrace } from "../helpers/golden.ts";
import { type Tolerance, mismatches, saveFailure } from "../helpers/match.ts";

const cases = neuronCases();

function tolerance(backend: string, c: GoldenCase): Tolerance {
  if (c.dtype === "float64") return 1e-9;
  return backend === "ts" ? "exact" : 1e-5;
}

describe.each(["ts", "lua"])("golden snnTorch traces on the %s backend", (name) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = name === "ts" ? createTsBackend() : await createLuaBackend();
  });
  afterAll(() => backend.close());

  it("covers all six models", () => {
    expect(new Set(cases.map((c) => c.model))).toEqual(new Set(["Lapicque", "Leaky", "Synaptic", "Alpha", "RLeaky", "RSynaptic"]));
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const golden = readGoldenTrace(c);
    const trace = await backend.simulate(parseLayerConfig(layerConfig(c)), golden.inputs);
    expect(trace.columns).toEqual(golden.columns);
    const wrong = mismatches(trace, golden.expected, tolerance(name, c));
    if (wrong.length > 0) saveFailure(`${c.name}.${name}`, trace, golden.inputs, golden.csv);
    expect(wrong).toEqual([]);
  });
});
