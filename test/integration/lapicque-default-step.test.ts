/**
 * Lapicque's default time_step is snnTorch 0.9's `torch.as_tensor(1)`: an int64 1, which PyTorch
 * promotes to exactly 1.0 in float32 and float64 arithmetic. The host's default (what it sends)
 * and the device's own default (when no time_step reaches it) must both be 1, on every backend.
 *
 * There is no Python here, so the expected trace is derived by hand from the update rule in
 * /work/shared/reference/snntorch-lif-semantics.md, with numbers chosen so that every operation
 * is exact in binary (float32, float64 and fixed point alike): R = 2, C = 1, Δt = 1 give
 * `U = ((X·2)·0.5)·1 + 0.5·U`. With Δt = 1e-3 the same layer barely moves.
 */
import { afterAll, describe, expect, it } from "vitest";
import { type Backend, type Trace } from "../../src/host/backends/backend.ts";
import { createEmulatorBackend } from "../../src/host/backends/emulator.ts";
import { createLuaBackend } from "../../src/host/backends/lua.ts";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { type LayerSpec, parseLayerConfig } from "../../src/host/config.ts";
import { Param } from "../../src/shared/codes.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const INPUTS = [1, 1, 1, 0, 0, 2, 0];
/** U_t = X_t + U_{t-1}/2 − r_t, r_t = U_{t-1} > 1, S_t = U_t > 1 (threshold 1, subtract). */
const MEM = [1, 1.5, 0.75, 0.375, 0.1875, 2.09375, 0.046875];
const SPK = [0, 1, 0, 0, 0, 1, 0];

function column(trace: Trace, k: number): number[] {
  const width = trace.columns.length;
  return Array.from({ length: trace.steps }, (_, t) => trace.values[t * width + k]);
}

/** The same layer with no time_step sent, so the device falls back on its own default. */
function withoutTimeStep(spec: LayerSpec): LayerSpec {
  return { ...spec, params: spec.params.filter((p) => p.id !== Param.TimeStep) };
}

const currents = { steps: INPUTS.length, channels: 1, values: Float64Array.from(INPUTS) };
const opened: Backend[] = [];
afterAll(async () => {
  for (const b of opened) await b.close();
});

const BACKENDS: [string, () => Promise<Backend> | Backend][] = [
  ["ts", () => createTsBackend()],
  ["lua", () => createLuaBackend()],
  ["emulator", () => createEmulatorBackend()],
  ["emulator/lua5.1", () => createEmulatorBackend({ lua: "lua5.1" })],
];

describe.each(BACKENDS)("Lapicque(R=2, C=1) with the default time_step on %s", (_, open) => {
  let backend: Backend;
  it.each(["float64", "float32", "int"])("%s: the host's default steps by 1", async (dtype) => {
    backend ??= await open();
    if (!opened.includes(backend)) opened.push(backend);
    const spec = parseLayerConfig({ model: "Lapicque", neurons: 1, R: 2, C: 1, dtype });
    expect(spec.params.find((p) => p.id === Param.TimeStep)?.values).toEqual(dtype === "int" ? undefined : [1]);
    const trace = await backend.simulate(spec, currents);
    expect(column(trace, 0)).toEqual(MEM);
    expect(column(trace, 1)).toEqual(SPK);
  });

  it.each(["float64", "float32"])("%s: the device's own default steps by 1", async (dtype) => {
    backend ??= await open();
    if (!opened.includes(backend)) opened.push(backend);
    const spec = withoutTimeStep(parseLayerConfig({ model: "Lapicque", neurons: 1, R: 2, C: 1, dtype }));
    const trace = await backend.simulate(spec, currents);
    expect(column(trace, 0)).toEqual(MEM);
    expect(column(trace, 1)).toEqual(SPK);
  });
});

describe("an int Lapicque layer whose decay 1 − Δt/RC leaves [0, 1]", () => {
  it("is refused, naming time_step (with the default Δt = 1, Tutorial 2's R = 5, C = 1e-3 gives −199)", () => {
    expect(() => parseLayerConfig({ model: "Lapicque", neurons: 1, R: 5, C: 1e-3, dtype: "int" })).toThrow(
      expect.objectContaining({ code: "out-of-range", field: "time_step", message: expect.stringMatching(/decay 1 − time_step\/\(R·C\) = -199/) }),
    );
    expect(() => parseLayerConfig({ model: "Lapicque", neurons: 2, R: [5, 5], C: [1, 1e-3], dtype: "int" })).toThrow(
      expect.objectContaining({ field: "time_step[1]" }),
    );
    expect(parseLayerConfig({ model: "Lapicque", neurons: 1, R: 5, C: 1e-3, time_step: 1e-3, dtype: "int" }).neurons).toBe(1);
  });
});

describe("Lapicque's derivations use time_step 1", () => {
  const golden = JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", "golden", "cases.json"), "utf8")) as {
    cases: { name: string; module_buffers_exact: Record<string, { value: number }> }[];
  };
  const buffers = (name: string) => golden.cases.find((c) => c.name === name)!.module_buffers_exact;
  const param = (spec: LayerSpec, id: Param) => spec.params.find((p) => p.id === id)!.values[0];

  it.each(["float32", "float64"])("beta alone (%s): R = 1 and C = 1/ln(1/beta), snnTorch's buffers exactly", (dtype) => {
    const spec = parseLayerConfig({ model: "Lapicque", neurons: 1, beta: 0.9, dtype });
    const expected = buffers(`lapicque_beta_step_subtract_${dtype === "float32" ? "f32" : "f64"}`);
    expect(expected.time_step.value).toBe(1);
    expect(param(spec, Param.TimeStep)).toBe(expected.time_step.value);
    expect(param(spec, Param.R)).toBe(expected.R.value);
    expect(param(spec, Param.C)).toBe(expected.C.value);
  });

  it("beta with R or C: the other one is 1 / (given · ln(1/beta)) in float32, step by step", () => {
    const f = Math.fround;
    const logInv = f(Math.log(f(1 / f(0.8))));
    const withR = parseLayerConfig({ model: "Lapicque", neurons: 1, beta: 0.8, R: 3, dtype: "float32" });
    expect(param(withR, Param.C)).toBe(f(1 / f(3 * logInv)));
    const withC = parseLayerConfig({ model: "Lapicque", neurons: 1, beta: 0.8, C: 0.25, dtype: "float32" });
    expect(param(withC, Param.R)).toBe(f(1 / f(0.25 * logInv)));
  });
});
