/**
 * snnTorch semantics that the golden cases do not pin down on their own: layers of many neurons,
 * per-neuron parameters, initial states, graded spikes, the strict threshold and the delayed reset.
 * And a differential test: the transpiled Lua equals the TypeScript on random layers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend, Trace } from "../../src/host/backends/backend.ts";
import { createLuaBackend } from "../../src/host/backends/lua.ts";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { type ModelName, parseLayerConfig } from "../../src/host/config.ts";
import type { Currents } from "../../src/host/currents.ts";
import { createRandom } from "../../src/host/inputs/random.ts";

const ts = createTsBackend();

function run(config: Record<string, unknown>, values: number[][]): Promise<Trace> {
  const steps = values.length;
  const channels = values[0].length;
  return ts.simulate(parseLayerConfig(config), { steps, channels, values: Float64Array.from(values.flat()) });
}

/** Column `name` of neuron `i` over all steps. */
function column(trace: Trace, name: string, i: number): number[] {
  const width = trace.columns.length;
  const k = trace.columns.indexOf(name);
  return Array.from({ length: trace.steps }, (_, t) => trace.values[(t * trace.neurons + i) * width + k]);
}

/** Per-model configs with per-neuron parameters for three neurons. */
const LAYERS: Record<ModelName, Record<string, unknown>> = {
  Lapicque: { R: [5, 5.1, 2], C: [0.001, 0.005, 0.01], time_step: 0.001, threshold: [1, 0.5, 0.7] },
  Leaky: { beta: [0.5, 0.9, 0.97], threshold: [1, 0.5, 0.8], graded_spikes_factor: [1, 2, 0.5] },
  Synaptic: { alpha: [0.5, 0.8, 0.9], beta: [0.9, 0.7, 0.95], threshold: [1, 0.6, 1.2] },
  Alpha: { alpha: [0.9, 0.8, 0.95], beta: [0.8, 0.5, 0.9], threshold: [0.5, 0.3, 0.8], reset_mechanism: "subtract" },
  RLeaky: { beta: [0.9, 0.8, 0.95], V: [0.5, -0.3, 0.1], threshold: [1, 0.6, 0.9] },
  RSynaptic: { alpha: [0.8, 0.6, 0.9], beta: [0.9, 0.8, 0.95], V: [-0.25, 0.4, 0.1], threshold: [1, 0.5, 0.9] },
};

describe("a layer is N independent neurons", () => {
  const steps = 120;
  const rand = createRandom(7);
  const inputs = Array.from({ length: steps }, () => [0, 1, 2].map(() => Math.fround(rand() * 0.6)));

  it.each(Object.keys(LAYERS) as ModelName[])("%s with per-neuron parameters equals three one-neuron layers, bit for bit in float32", async (model) => {
    for (const reset of ["subtract", "zero", "none"]) {
      const base = { model, dtype: "float32", ...LAYERS[model], reset_mechanism: reset };
      const layer = await run({ ...base, neurons: 3 }, inputs);
      for (let i = 0; i < 3; i++) {
        const single = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, Array.isArray(v) ? v[i] : v]));
        const alone = await run({ ...single, neurons: 1 }, inputs.map((row) => [row[i]]));
        for (const name of layer.columns) expect(column(layer, name, i), `${reset} ${name} ${i}`).toEqual(column(alone, name, 0));
      }
      expect(column(layer, "spk", 0).concat(column(layer, "spk", 1)).some((s) => s !== 0), `${model} ${reset} never fires`).toBe(true);
    }
  });
});

describe("snnTorch's step semantics", () => {
  it("a membrane exactly at threshold does not spike (strict >)", async () => {
    const trace = await run({ model: "Leaky", neurons: 1, beta: 0.5, init: { mem: [1] } }, [[0.5]]);
    expect(column(trace, "mem", 0)).toEqual([1]);
    expect(column(trace, "spk", 0)).toEqual([0]);
  });

  it("a membrane starting above threshold is reset at step 0 with no spike", async () => {
    const trace = await run({ model: "Leaky", neurons: 1, beta: 0.5, init: { mem: [1.5] } }, [[0], [0]]);
    expect(column(trace, "mem", 0)).toEqual([0.75 - 1, (0.75 - 1) * 0.5]);
    expect(column(trace, "spk", 0)).toEqual([0, 0]);
  });

  it("the reset lands one step after the spike, and Leaky's zero reset keeps that step's input", async () => {
    const trace = await run({ model: "Leaky", neurons: 1, beta: 0.5, reset_mechanism: "zero" }, [[1.5], [0.25], [0]]);
    expect(column(trace, "mem", 0)).toEqual([1.5, 0.25, 0.125]);
    expect(column(trace, "spk", 0)).toEqual([1, 0, 0]);
  });

  it("graded_spikes_factor scales Leaky's spikes but not its reset", async () => {
    const trace = await run({ model: "Leaky", neurons: 1, beta: 0.5, graded_spikes_factor: 3 }, [[1.5], [0]]);
    expect(column(trace, "spk", 0)).toEqual([3, 0]);
    expect(column(trace, "mem", 0)).toEqual([1.5, 0.75 - 1]);
  });

  it("clamps beta to [0, 1] as snnTorch does on every step", async () => {
    const trace = await run({ model: "Leaky", neurons: 2, beta: [1.7, -0.3], reset_mechanism: "none" }, [[0.25, 0.25], [0.25, 0.25]]);
    expect(column(trace, "mem", 0)).toEqual([0.25, 0.5]);
    expect(column(trace, "mem", 1)).toEqual([0.25, 0.25]);
  });

  it("RLeaky feeds V times the previous spike back, starting from an initial spike", async () => {
    const trace = await run({ model: "RLeaky", neurons: 1, beta: 0.5, V: 0.25, reset_mechanism: "none", init: { spk: [1] } }, [[0], [0]]);
    expect(column(trace, "mem", 0)).toEqual([0.25, 0.125]);
  });

  it("Synaptic's zero reset zeroes the membrane but never the synaptic current", async () => {
    const trace = await run({ model: "Synaptic", neurons: 1, alpha: 0.5, beta: 0.5, reset_mechanism: "zero" }, [[2], [0], [0]]);
    expect(column(trace, "syn", 0)).toEqual([2, 1, 0.5]);
    expect(column(trace, "mem", 0)).toEqual([2, 0, 0.5]);
  });
});

describe("differential: the transpiled Lua in the VM equals the TypeScript bit for bit", () => {
  let lua: Backend;
  beforeAll(async () => {
    lua = await createLuaBackend();
  });
  afterAll(() => lua.close());

  it.each(Object.keys(LAYERS) as ModelName[])("%s, 3 resets, random inputs and initial states", async (model) => {
    const rand = createRandom(model.length * 101);
    const steps = 400;
    const currents: Currents = { steps, channels: 3, values: Float64Array.from({ length: steps * 3 }, () => rand() * 0.8 - 0.1) };
    for (const reset of ["subtract", "zero", "none"]) {
      const spec = parseLayerConfig({ model, neurons: 3, ...LAYERS[model], reset_mechanism: reset, init: { mem: [0.3, 1.2, -0.1] } });
      const [a, b] = [await ts.simulate(spec, currents), await lua.simulate(spec, currents)];
      expect(Array.from(b.values)).toEqual(Array.from(a.values));
    }
  });
});
