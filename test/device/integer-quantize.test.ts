/** The int layer's arithmetic and the host quantizer: exactness, rounding, warnings, refusals. */
import { describe, expect, it } from "vitest";
import { DeviceError, Dtype, Model, Param, Reset } from "../../src/shared/codes.ts";
import { configureLayer } from "../../src/device/configure.ts";
import { DECAY_ONE, INT_MAX } from "../../src/shared/fixed-point.ts";
import { mulDecay, mulQ15, satAdd } from "../../src/device/kernels-int.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { ConfigError } from "../../src/host/errors.ts";
import { quantizeInputs, roundHalfAway } from "../../src/host/quantize.ts";

/** round(x·m / 2^shift), ties away from zero, saturated: computed exactly with BigInt. */
function reference(x: number, m: number, shift: number): number {
  const p = BigInt(Math.abs(x)) * BigInt(m);
  const half = 1n << BigInt(shift - 1);
  let r = (p + half) >> BigInt(shift);
  if (r > BigInt(INT_MAX)) r = BigInt(INT_MAX);
  const n = Number(r);
  return x < 0 && n !== 0 ? -n : n;
}

function edgeAndRandom(count: number, max: number): number[] {
  const out = [0, 1, 2, 32767, 32768, 32769, 65535, 65536, max - 1, max];
  let s = 12345;
  for (let k = 0; k < count; k++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out.push(Math.floor((s / 2 ** 32) ** (1 + (k % 4)) * max));
  }
  return out;
}

describe("the int kernels' arithmetic", () => {
  const xs = edgeAndRandom(300, INT_MAX).flatMap((x) => [x, -x]);

  it("mulDecay is the exactly rounded x·d / 2^30", () => {
    for (const d of edgeAndRandom(60, DECAY_ONE)) {
      for (const x of xs) expect(mulDecay(x, d), `${x} * ${d}`).toBe(reference(x, d, 30));
    }
  });

  it("mulQ15 is the exactly rounded, saturated x·m / 2^15", () => {
    for (const m of edgeAndRandom(60, 2 ** 30)) {
      for (const x of xs) expect(mulQ15(x, m), `${x} * ${m}`).toBe(reference(x, m, 15));
    }
  });

  it("satAdd saturates at ±(2^31 − 1) instead of wrapping", () => {
    expect(satAdd(INT_MAX, 1)).toBe(INT_MAX);
    expect(satAdd(-INT_MAX, -INT_MAX)).toBe(-INT_MAX);
    expect(satAdd(INT_MAX - 5, 3)).toBe(INT_MAX - 2);
    expect(satAdd(-3, 5)).toBe(2);
  });

  it("never gives a negative zero", () => {
    expect(Object.is(mulDecay(-1, 1), 0)).toBe(true);
    expect(Object.is(mulQ15(-1, 1), 0)).toBe(true);
    expect(Object.is(roundHalfAway(-0.2), 0)).toBe(true);
  });

  it("the device refuses an int layer whose values are not whole numbers in range", () => {
    const n = 1;
    const configure = (ids: number[], values: number[]) =>
      configureLayer(Model.Leaky, Reset.Subtract, Dtype.Int, n, ids, values, [], [], (x) => x).error;
    expect(configure([Param.Beta, Param.Threshold], [DECAY_ONE / 2, 1048576])).toBe(DeviceError.None);
    expect(configure([Param.Beta, Param.Threshold], [0.5, 1048576])).toBe(DeviceError.NotInteger);
    expect(configure([Param.Beta, Param.Threshold], [DECAY_ONE + 1, 1048576])).toBe(DeviceError.NotInteger);
    expect(configure([Param.Beta, Param.Threshold], [DECAY_ONE / 2, 2 ** 31])).toBe(DeviceError.NotInteger);
  });
});

describe("the quantizer", () => {
  it("reports each parameter's integer and its error", () => {
    const spec = parseLayerConfig({ model: "Synaptic", neurons: 2, alpha: [0.8, 0.7], beta: 0.9, threshold: 0.3, dtype: "int" });
    const q = spec.quantization!;
    expect(q.scale).toBe(2 ** 20);
    const beta = q.report.filter((r) => r.name === "beta");
    expect(beta).toHaveLength(2);
    expect(beta[0].quantized).toBe(Math.round(0.9 * 2 ** 30));
    expect(beta[0].error).toBe(beta[0].quantized / 2 ** 30 - 0.9);
    expect(Math.abs(beta[0].error)).toBeLessThanOrEqual(2 ** -31);
    const threshold = q.report.find((r) => r.name === "threshold")!;
    expect(threshold.quantized).toBe(Math.round(0.3 * 2 ** 20));
    expect(Math.abs(threshold.error)).toBeLessThanOrEqual(2 ** -21);
    expect(q.warnings).toEqual([]);
    expect(spec.params.find((p) => p.id === Param.Gain)!.values).toEqual([2 ** 20, 2 ** 20]);
  });

  it("honours int_frac_bits and refuses it where it does not apply", () => {
    expect(parseLayerConfig({ model: "Leaky", neurons: 1, beta: 0.5, dtype: "int", int_frac_bits: 16 }).quantization!.scale).toBe(65536);
    expect(() => parseLayerConfig({ model: "Leaky", neurons: 1, beta: 0.5, int_frac_bits: 16 })).toThrow(ConfigError);
    expect(() => parseLayerConfig({ model: "Leaky", neurons: 1, beta: 0.5, dtype: "int", int_frac_bits: 31 })).toThrow(/0 to 30/);
  });

  it("warns when quantization changes behaviour", () => {
    const codes = (config: Record<string, unknown>) =>
      parseLayerConfig({ neurons: 1, dtype: "int", ...config }).quantization!.warnings.map((w) => `${w.code}:${w.name}`);
    expect(codes({ model: "Leaky", beta: 1e-12 })).toEqual(["decay-rounds-to-zero:beta"]);
    expect(codes({ model: "Leaky", beta: 1 - 1e-12 })).toEqual(["decay-rounds-to-one:beta"]);
    expect(codes({ model: "Leaky", beta: 0.5, threshold: 5000 })).toContain("threshold-unreachable:threshold");
    expect(codes({ model: "Leaky", beta: 0.5, graded_spikes_factor: 1e-9 })).toEqual(["spike-height-zero:graded_spikes_factor"]);
    expect(codes({ model: "RLeaky", beta: 0.5, V: 1e-9 })).toEqual(["recurrent-weight-zero:V"]);
    expect(codes({ model: "Lapicque", R: 1, C: 1e12 })).toEqual(["decay-rounds-to-one:decay"]);
    expect(codes({ model: "Leaky", beta: 0.5, init: { mem: 1e6 } })).toEqual(["saturated:init.mem"]);
  });

  it("refuses what the device would refuse after rounding", () => {
    expect(() => parseLayerConfig({ model: "Alpha", neurons: 1, dtype: "int", alpha: 0.9 + 1e-12, beta: 0.9 })).toThrow(/alpha > beta/);
    expect(() => parseLayerConfig({ model: "RLeaky", neurons: 1, dtype: "int", beta: 0.5, init: { spk: 0.5 } })).toThrow(/0 or 1/);
  });

  it("quantizes inputs in the layer's scale, Lapicque's scaled first, and counts saturation", () => {
    const leaky = parseLayerConfig({ model: "Leaky", neurons: 2, beta: 0.5, dtype: "int" });
    const q = quantizeInputs({ steps: 2, channels: 2, values: Float64Array.of(0.5, -0.25, 5000, -1e-7) }, leaky.quantization!);
    expect(q.values).toEqual([2 ** 19, -(2 ** 18), INT_MAX, 0]);
    expect(q.saturated).toBe(1);
    const lapicque = parseLayerConfig({ model: "Lapicque", neurons: 1, R: 5, C: 0.001, time_step: 0.001, dtype: "int" });
    // ((X·R)·(1/RC))·Δt = X for these values.
    expect(quantizeInputs({ steps: 1, channels: 1, values: Float64Array.of(0.3) }, lapicque.quantization!).values).toEqual([
      roundHalfAway(((0.3 * 5) * (1 / (5 * 0.001))) * 0.001 * 2 ** 20),
    ]);
  });
});
