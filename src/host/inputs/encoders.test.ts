import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Currents } from "../currents.ts";
import { delta, latency, latencyCode, rate, rateTrain } from "./encoders.ts";
import { createRandom } from "./random.ts";
import { constant } from "./shapes.ts";

const GOLDEN = "test/fixtures/golden";

interface GoldenCase {
  name: string;
  data?: number[];
  kwargs: Record<string, number | boolean>;
  spike_time_float?: number[];
}

const cases: GoldenCase[] = JSON.parse(readFileSync(`${GOLDEN}/cases.json`, "utf8")).cases;

function goldenCase(name: string): GoldenCase {
  const found = cases.find((c) => c.name === name);
  if (!found) throw new Error(`no golden case ${name}`);
  return found;
}

/** A golden CSV as numbers, header dropped; `columns` picks columns by name. */
function goldenColumns(file: string, columns: (header: string) => boolean): number[][] {
  const [header, ...rows] = readFileSync(`${GOLDEN}/${file}`, "utf8").trim().split("\n");
  const keep = header.split(",").map(columns);
  return rows.map((row) => row.split(",").map(Number).filter((_, i) => keep[i]));
}

/** The currents as rows of steps. */
function rows(c: Currents): number[][] {
  return Array.from({ length: c.steps }, (_, t) =>
    Array.from(c.values.subarray(t * c.channels, (t + 1) * c.channels)),
  );
}

function mean(values: ArrayLike<number>): number {
  return Array.from(values).reduce((a, b) => a + b, 0) / values.length;
}

describe("latency matches snnTorch 0.9.4", () => {
  const log = goldenCase("spikegen_latency_log");
  const linear = goldenCase("spikegen_latency_linear_tau5");
  const logTrain = goldenColumns("spikegen_latency_log.csv", (h) => h.startsWith("ch"));
  const linearTrain = goldenColumns("spikegen_latency_linear_tau5.csv", (h) => h.startsWith("ch"));

  it("log code: float32 spike times bit for bit, and the train", () => {
    const options = { numSteps: 16, tau: 1, threshold: 0.01 };
    expect(latencyCode(log.data!, options)).toEqual(log.spike_time_float);
    expect(rows(latency(log.data!, options))).toEqual(logTrain);
  });

  it("linear code with tau 5: spike times and the train (2.5 rounds to 2, 3.5 to 4)", () => {
    const options = { numSteps: 10, tau: 5, threshold: 0.01, linear: true };
    expect(latencyCode(linear.data!, options)).toEqual(linear.spike_time_float);
    expect(rows(latency(linear.data!, options))).toEqual(linearTrain);
  });

  it("uses snnTorch's defaults (threshold 0.01, tau 1, log code)", () => {
    expect(rows(latency(log.data!, { numSteps: 16 }))).toEqual(logTrain);
  });

  it("clip removes the spikes of channels below the threshold", () => {
    const clipped = rows(latency(log.data!, { numSteps: 16, clip: true }));
    const expected = logTrain.map((row) => row.map((s, i) => (i === 3 || i === 5 ? 0 : s)));
    expect(clipped).toEqual(expected);
    expect(clipped.flat().reduce((a, b) => a + b)).toBe(4);
  });

  it("a spike past the last step is an error naming numSteps, or dropped with bypass", () => {
    // Channels 3 and 5 (below threshold) fire at 11.507 -> step 12.
    expect(() => latency(log.data!, { numSteps: 12 })).toThrow(RangeError);
    expect(() => latency(log.data!, { numSteps: 12 })).toThrow(
      /^numSteps: spike time 12 of channel 3 exceeds numSteps - 1 \(11\)/,
    );
    const dropped = rows(latency(log.data!, { numSteps: 12, bypass: true }));
    expect(dropped).toEqual(logTrain.slice(0, 12));
    expect(dropped.map((row) => row[3] + row[5]).every((s) => s === 0)).toBe(true);
    expect(rows(latency(log.data!, { numSteps: 13 }))).toEqual(logTrain.slice(0, 13));
  });

  it("normalize, linear: snnTorch's documented example", () => {
    const data = [0.02, 0.5, 1];
    const times = latencyCode(data, { numSteps: 5, normalize: true, linear: true });
    expect(times[0]).toBeCloseTo(3.92, 6);
    expect(times.slice(1)).toEqual([2, 0]);
    expect(rows(latency(data, { numSteps: 5, normalize: true, linear: true }))).toEqual([
      [0, 0, 1],
      [0, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
      [1, 0, 0],
    ]);
  });

  it("normalize, log: snnTorch's documented example, the latest spike on the last step", () => {
    const times = latencyCode([0.02, 0.5, 1], { numSteps: 5, normalize: true });
    expect(times[0]).toBe(4);
    expect(times[1]).toBeCloseTo(0.1166, 4);
    expect(times[2]).toBeCloseTo(0.058, 4);
    const train = rows(latency(log.data!, { numSteps: 8, normalize: true }));
    expect(train[7][3]).toBe(1);
    expect(train[7][5]).toBe(1);
  });

  it("firstSpikeTime delays every spike", () => {
    const options = { numSteps: 10, tau: 5, linear: true, firstSpikeTime: 2 };
    const times = latencyCode([1, 0.5], options);
    expect(times).toEqual([2, 4.5]);
    expect(rows(latency([1, 0.5], options)).map((row) => row.join(""))).toEqual([
      "00", "00", "10", "00", "01", "00", "00", "00", "00", "00",
    ]);
    const normalized = latencyCode([1, 0.001], { numSteps: 10, normalize: true, firstSpikeTime: 3 });
    expect(normalized[1]).toBe(9);
    expect(normalized[0]).toBeGreaterThanOrEqual(3);
  });

  const bad: [string, () => unknown, RegExp][] = [
    ["numSteps 0", () => latency([0.5], { numSteps: 0 }), /^numSteps: /],
    ["fractional numSteps", () => latency([0.5], { numSteps: 2.5 }), /^numSteps: /],
    ["data above 1", () => latency([0.5, 1.5], { numSteps: 5 }), /^data\[1\]: must be in \[0, 1\]/],
    ["negative data", () => latency([-0.1], { numSteps: 5 }), /^data\[0\]: /],
    ["NaN data", () => latency([Number.NaN], { numSteps: 5 }), /^data\[0\]: /],
    ["threshold 0", () => latency([0.5], { numSteps: 5, threshold: 0 }), /^threshold: /],
    ["threshold 1", () => latency([0.5], { numSteps: 5, threshold: 1 }), /^threshold: /],
    ["tau 0", () => latency([0.5], { numSteps: 5, tau: 0 }), /^tau: /],
    ["infinite tau", () => latency([0.5], { numSteps: 5, tau: Infinity }), /^tau: /],
    ["firstSpikeTime = numSteps", () => latency([0.5], { numSteps: 5, firstSpikeTime: 5 }), /^firstSpike/],
    ["negative firstSpikeTime", () => latency([0.5], { numSteps: 5, firstSpikeTime: -1 }), /^firstSpike/],
  ];

  it.each(bad)("%s throws a RangeError naming the argument", (_, call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });
});

describe("delta matches snnTorch 0.9.4", () => {
  it.each([
    ["spikegen_delta_default", {}],
    ["spikegen_delta_offspike", { offSpike: true }],
  ])("%s", (name, options) => {
    expect(goldenCase(name).kwargs.threshold).toBe(0.1);
    const golden = goldenColumns(`${name}.csv`, (h) => h !== "step");
    const data = golden.map(([x]) => x);
    const spikes = delta(data, { threshold: 0.1, ...options });
    expect(spikes.channels).toBe(1);
    expect(Array.from(spikes.values)).toEqual(golden.map(([, s]) => s));
  });

  it("spikes on a change exactly equal to the threshold (>=)", () => {
    expect(Array.from(delta([0, 0.5, 0], { threshold: 0.5, offSpike: true }).values)).toEqual([0, 1, -1]);
  });

  it("compares in float32 like snnTorch: 0.3 - 0.2 reaches 0.1 there, not in float64", () => {
    expect(0.3 - 0.2 >= 0.1).toBe(false);
    expect(Array.from(delta([0.2, 0.3], { padding: true }).values)).toEqual([0, 1]);
  });

  it("padding compares step 0 with itself instead of with 0", () => {
    expect(Array.from(delta([1, 2, 2.5], { threshold: 1 }).values)).toEqual([1, 1, 0]);
    expect(Array.from(delta([1, 2, 2.5], { threshold: 1, padding: true }).values)).toEqual([0, 1, 0]);
    expect(Array.from(delta([1, 2, 0], { threshold: 1, padding: true, offSpike: true }).values)).toEqual([
      0, 1, -1,
    ]);
  });

  it("rejects non-finite arguments", () => {
    expect(() => delta([0, Number.NaN])).toThrow(/^data\[1\]: /);
    expect(() => delta([0], { threshold: Number.NaN })).toThrow(RangeError);
    expect(() => delta([0], { threshold: Number.NaN })).toThrow(/^threshold: /);
  });
});

describe("rate", () => {
  const p = 0.4;
  const n = 20_000;
  const fourSigma = 4 * Math.sqrt((p * (1 - p)) / n);

  it.each([1, 42, 2024])("fires with probability p over 20k steps (seed %i)", (seed) => {
    const train = rateTrain([p], n, { seed });
    expect(train.steps).toBe(n);
    expect(train.values.every((s) => s === 0 || s === 1)).toBe(true);
    expect(Math.abs(mean(train.values) - p)).toBeLessThan(fourSigma);
  });

  it("draws each channel with its own probability", () => {
    const train = rateTrain([0.1, 0.9], n, { seed: 7 });
    const ch = (i: number) => train.values.filter((_, k) => k % 2 === i);
    expect(Math.abs(mean(ch(0)) - 0.1)).toBeLessThan(4 * Math.sqrt((0.1 * 0.9) / n));
    expect(Math.abs(mean(ch(1)) - 0.9)).toBeLessThan(4 * Math.sqrt((0.1 * 0.9) / n));
  });

  it("applies gain then offset: 0.5·2 − 0.6 = 0.4", () => {
    const train = rate(constant(n, 1, 0.5), { gain: 2, offset: -0.6, seed: 3 });
    expect(Math.abs(mean(train.values) - p)).toBeLessThan(fourSigma);
  });

  it("agrees in rate with snnTorch's seeded Tutorial 2 train (p = 0.4, 200 steps)", () => {
    const golden = goldenColumns("t2_spike_input_train.csv", (h) => h === "spike").map(([s]) => s);
    expect(golden.length).toBe(200);
    const ours = rateTrain([p], n, { seed: 42 });
    expect(Math.abs(mean(golden) - mean(ours.values))).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / 200));
  });

  it("is reproducible for a seed and differs between seeds", () => {
    const a = rateTrain([p, p], 500, { seed: 11 });
    expect(rateTrain([p, p], 500, { seed: 11 }).values).toEqual(a.values);
    expect(rateTrain([p, p], 500, { seed: 12 }).values).not.toEqual(a.values);
  });

  it("clamps the probability to [0, 1]: all 0 below, all 1 above", () => {
    expect(rateTrain([0, -3], 1000, { seed: 1 }).values.every((s) => s === 0)).toBe(true);
    expect(rateTrain([1, 5], 1000, { seed: 1 }).values.every((s) => s === 1)).toBe(true);
    expect(rateTrain([0.5], 1000, { seed: 1, offset: 1 }).values.every((s) => s === 1)).toBe(true);
    expect(rateTrain([0.5], 1000, { seed: 1, gain: -1 }).values.every((s) => s === 0)).toBe(true);
  });

  it("rejects bad arguments with the argument's name", () => {
    expect(() => rateTrain([p], -1, { seed: 1 })).toThrow(/^numSteps: /);
    expect(() => rateTrain([Number.NaN], 5, { seed: 1 })).toThrow(/^data\[0\]: /);
    expect(() => rateTrain([p], 5, { seed: 1, gain: Infinity })).toThrow(/^gain: /);
    expect(() => rateTrain([p], 5, { seed: 1, offset: Number.NaN })).toThrow(/^offset: /);
    expect(() => rateTrain([p], 5, { seed: 1.5 })).toThrow(/^seed: /);
    const bad = constant(2, 1, 0);
    bad.values[1] = Number.NaN;
    expect(() => rate(bad, { seed: 1 })).toThrow(/^data\.values\[1\]: /);
  });
});

describe("createRandom", () => {
  it("gives floats in [0, 1), uniform and uncorrelated step to step", () => {
    const n = 20_000;
    const draws = Array.from({ length: n }, createRandom(0));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(mean(draws) - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    const lagged = draws.slice(1).map((x, i) => (x - 0.5) * (draws[i] - 0.5));
    // Correlation of successive draws: mean of products over the variance 1/12.
    expect(Math.abs(mean(lagged) * 12)).toBeLessThan(4 / Math.sqrt(n));
  });

  it("repeats for a seed, differs for nearby seeds", () => {
    const take = (seed: number) => Array.from({ length: 8 }, createRandom(seed));
    expect(take(5)).toEqual(take(5));
    expect(take(5)).not.toEqual(take(6));
    expect(new Set([...take(5), ...take(6)]).size).toBe(16);
  });
});
