import { describe, expect, it } from "vitest";
import { Param, Reset, State } from "../shared/codes.ts";
import { type LayerSpec, parseLayerConfig } from "./config.ts";
import { ConfigError } from "./errors.ts";

function configError(raw: unknown): ConfigError {
  try {
    parseLayerConfig(raw);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

function param(spec: LayerSpec, id: Param): number[] | undefined {
  return spec.params.find((p) => p.id === id)?.values;
}

describe("parseLayerConfig rejects, naming the field", () => {
  const cases: [string, unknown, string, string][] = [
    ["a non-object", [1], "not-an-object", "layer"],
    ["an unknown model", { model: "Izhikevich", neurons: 1 }, "unknown-model", "model"],
    ["an unknown keyword", { model: "Leaky", neurons: 1, beta: 0.9, tau: 3 }, "unknown-keyword", "tau"],
    ["a keyword of another model", { model: "Synaptic", neurons: 1, alpha: 0.8, beta: 0.9, graded_spikes_factor: 2 }, "unknown-keyword", "graded_spikes_factor"],
    ["a missing beta", { model: "Leaky", neurons: 1 }, "missing-parameter", "beta"],
    ["a missing alpha", { model: "Synaptic", neurons: 1, beta: 0.9 }, "missing-parameter", "alpha"],
    ["a missing neuron count", { model: "Leaky", beta: 0.9 }, "missing-parameter", "neurons"],
    ["zero neurons", { model: "Leaky", neurons: 0, beta: 0.9 }, "out-of-range", "neurons"],
    ["a fractional neuron count", { model: "Leaky", neurons: 2.5, beta: 0.9 }, "out-of-range", "neurons"],
    ["NaN", { model: "Leaky", neurons: 1, beta: NaN }, "not-a-number", "beta"],
    ["a string", { model: "Leaky", neurons: 1, beta: "0.9" }, "not-a-number", "beta"],
    ["null inside a vector", { model: "Leaky", neurons: 2, beta: [0.9, null] }, "not-a-number", "beta[1]"],
    ["a vector of the wrong length", { model: "Leaky", neurons: 4, beta: [0.5, 0.8, 0.9] }, "wrong-length", "beta"],
    ["a negative threshold", { model: "Leaky", neurons: 1, beta: 0.9, threshold: -1 }, "out-of-range", "threshold"],
    ["a negative per-neuron threshold", { model: "Leaky", neurons: 2, beta: 0.9, threshold: [1, -0.5] }, "out-of-range", "threshold[1]"],
    ["alpha <= beta for Alpha", { model: "Alpha", neurons: 1, alpha: 0.8, beta: 0.9 }, "out-of-range", "alpha"],
    ["alpha == beta for Alpha", { model: "Alpha", neurons: 1, alpha: 0.9, beta: 0.9 }, "out-of-range", "alpha"],
    ["an unknown reset", { model: "Leaky", neurons: 1, beta: 0.9, reset_mechanism: "soft" }, "out-of-range", "reset_mechanism"],
    ["an unknown dtype", { model: "Leaky", neurons: 1, beta: 0.9, dtype: "float16" }, "out-of-range", "dtype"],
    ["Lapicque with R alone", { model: "Lapicque", neurons: 1, R: 5 }, "missing-parameter", "C"],
    ["Lapicque with nothing", { model: "Lapicque", neurons: 1 }, "missing-parameter", "R"],
    ["Lapicque with beta, R and C", { model: "Lapicque", neurons: 1, beta: 0.9, R: 1, C: 1 }, "conflicting-parameters", "C"],
    ["Lapicque with a negative C", { model: "Lapicque", neurons: 1, R: 5, C: -1 }, "out-of-range", "C"],
    ["Lapicque with beta 1", { model: "Lapicque", neurons: 1, beta: 1 }, "out-of-range", "beta"],
    ["all-to-all recurrence", { model: "RLeaky", neurons: 1, beta: 0.9, all_to_all: true }, "out-of-range", "all_to_all"],
    ["an unknown initial state", { model: "Leaky", neurons: 1, beta: 0.9, init: { syn: [0] } }, "unknown-keyword", "init.syn"],
    ["an initial state of the wrong length", { model: "Leaky", neurons: 2, beta: 0.9, init: { mem: [0] } }, "wrong-length", "init.mem"],
  ];
  it.each(cases)("%s", (_, raw, code, field) => {
    const err = configError(raw);
    expect({ code: err.code, field: err.field }).toEqual({ code, field });
    expect(err.message).toContain(field);
  });
});

describe("parseLayerConfig expands and rounds parameters", () => {
  it("expands a shared value to every neuron and keeps per-neuron vectors", () => {
    const spec = parseLayerConfig({ model: "Leaky", neurons: 4, beta: [0.5, 0.8, 0.9, 0.95], threshold: 1.0, reset_mechanism: "zero" });
    expect(param(spec, Param.Beta)).toEqual([0.5, 0.8, 0.9, 0.95]);
    expect(param(spec, Param.Threshold)).toEqual([1, 1, 1, 1]);
    expect(spec.reset).toBe(Reset.Zero);
    expect(spec.dtype).toBe("float64");
  });

  it("uses snnTorch's default reset per model: zero for Alpha, subtract elsewhere", () => {
    expect(parseLayerConfig({ model: "Alpha", neurons: 1, alpha: 0.9, beta: 0.8 }).reset).toBe(Reset.Zero);
    expect(parseLayerConfig({ model: "Synaptic", neurons: 1, alpha: 0.9, beta: 0.8 }).reset).toBe(Reset.Subtract);
  });

  it("rounds every float32 parameter and initial state to float32", () => {
    const spec = parseLayerConfig({ model: "Leaky", neurons: 1, beta: 0.9, threshold: 0.3, dtype: "float32", init: { mem: [0.1] } });
    expect(param(spec, Param.Beta)).toEqual([Math.fround(0.9)]);
    expect(param(spec, Param.Threshold)).toEqual([Math.fround(0.3)]);
    expect(spec.init).toEqual([{ id: State.Mem, values: [Math.fround(0.1)] }]);
  });

  it("in float64 rounds only the shared spike products (reset amount, V, graded spikes) to float32", () => {
    const shared = parseLayerConfig({ model: "Leaky", neurons: 2, beta: 0.9, threshold: 0.3, graded_spikes_factor: 0.7 });
    expect(param(shared, Param.Threshold)).toEqual([0.3, 0.3]);
    expect(param(shared, Param.ResetBy)).toEqual([Math.fround(0.3), Math.fround(0.3)]);
    expect(param(shared, Param.Gain)).toEqual([Math.fround(0.7), Math.fround(0.7)]);
    const vector = parseLayerConfig({ model: "RLeaky", neurons: 2, beta: 0.9, threshold: [0.3, 0.4], V: [0.1, 0.2] });
    expect(param(vector, Param.ResetBy)).toEqual([0.3, 0.4]);
    expect(param(vector, Param.V)).toEqual([0.1, 0.2]);
  });

  it("derives Lapicque's C from beta as snnTorch does (R = 1, C = dt / ln(1/beta))", () => {
    const spec = parseLayerConfig({ model: "Lapicque", neurons: 1, beta: 0.9, time_step: 0.002 });
    expect(param(spec, Param.R)).toEqual([1]);
    expect(param(spec, Param.C)![0]).toBeCloseTo(0.002 / Math.log(1 / 0.9), 15);
    const withC = parseLayerConfig({ model: "Lapicque", neurons: 1, beta: 0.9, C: 0.01, time_step: 0.002 });
    expect(param(withC, Param.R)![0]).toBeCloseTo(0.002 / (0.01 * Math.log(1 / 0.9)), 12);
  });

  it("accepts an initial spike for the recurrent models", () => {
    const spec = parseLayerConfig({ model: "RLeaky", neurons: 1, beta: 0.9, V: 0.5, init: { spk: [1], mem: [0.2] } });
    expect(spec.init.map((s) => s.id)).toEqual([State.Spk, State.Mem]);
  });
});
