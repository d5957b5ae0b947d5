/**
 * The transpiled device code runs unchanged under Debian's lua5.1 and lua5.3 (the two dialects
 * NodeMCU ships) and computes the same doubles as the device code in Node, bit for bit.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deviceArguments } from "../../src/host/backends/backend.ts";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { dtypeCode, type LayerSpec, parseLayerConfig } from "../../src/host/config.ts";
import type { Currents } from "../../src/host/currents.ts";
import { FIRMWARE_APP_DIR } from "../../src/io/paths.ts";
import { layerConfig, neuronCases, readGoldenTrace } from "../helpers/golden.ts";

const INTERPRETERS = ["lua5.1", "lua5.3"];
const RUNNER = join(import.meta.dirname, "..", "lua", "simulate.lua");

function luaList(values: number[]): string {
  return `{${values.map((x) => String(x)).join(",")}}`;
}

/** Runs simulate() of the transpiled code in an external interpreter; returns its flat output. */
function runExternal(lua: string, spec: LayerSpec, currents: Currents): number[] {
  const a = deviceArguments(spec, currents);
  const chunk = `return { model=${spec.model}, reset=${spec.reset}, dtype=${dtypeCode(spec.dtype)}, n=${spec.neurons},
    paramIds=${luaList(a.paramIds)}, paramValues=${luaList(a.paramValues)},
    stateIds=${luaList(a.stateIds)}, stateValues=${luaList(a.stateValues)},
    inputs=${luaList(a.inputs)}, steps=${currents.steps} }`;
  const output = execFileSync(lua, [RUNNER, FIRMWARE_APP_DIR], { input: chunk, encoding: "utf8" });
  const [error, ...values] = output.trim().split("\n").map(Number);
  expect(error).toBe(0);
  return values;
}

describe("the transpiled Lua", () => {
  it("needs no lualib at run time", () => {
    const files = readdirSync(FIRMWARE_APP_DIR, { recursive: true }).map(String).filter((f) => f.endsWith(".lua"));
    expect(files).toContain(join("device", "kernels.lua"));
    for (const file of files) {
      expect(readFileSync(join(FIRMWARE_APP_DIR, file), "utf8"), file).not.toMatch(/lualib/);
    }
  });
});

describe.each(INTERPRETERS)("the transpiled Lua under %s", (lua) => {
  const ts = createTsBackend();
  const f64Cases = neuronCases().filter((c) => c.dtype === "float64");

  it.each(f64Cases.map((c) => [c.name, c] as const))("%s equals the ts backend bit for bit", async (_, c) => {
    const spec = parseLayerConfig(layerConfig(c));
    const { inputs } = readGoldenTrace(c);
    const expected = await ts.simulate(spec, inputs);
    expect(runExternal(lua, spec, inputs)).toEqual(Array.from(expected.values));
  });

  it("runs a 16-neuron layer with per-neuron parameters and initial states like the ts backend", async () => {
    const n = 16;
    const spec = parseLayerConfig({
      model: "RSynaptic",
      neurons: n,
      alpha: Array.from({ length: n }, (_, i) => 0.5 + i * 0.02),
      beta: Array.from({ length: n }, (_, i) => 0.95 - i * 0.01),
      V: Array.from({ length: n }, (_, i) => (i % 3) * 0.3 - 0.2),
      threshold: 0.7,
      reset_mechanism: "subtract",
      init: { mem: Array.from({ length: n }, (_, i) => i * 0.05) },
    });
    const steps = 300;
    const values = Float64Array.from({ length: steps * n }, (_, k) => Math.sin(k * 0.37) * 0.4 + 0.15);
    const inputs = { steps, channels: n, values };
    const expected = await ts.simulate(spec, inputs);
    expect(runExternal(lua, spec, inputs)).toEqual(Array.from(expected.values));
  });
});
