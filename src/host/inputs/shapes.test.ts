import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Currents } from "../currents.ts";
import { constant, currentSpike, pulse, step } from "./shapes.ts";

/** The `input` column of a single-neuron Tutorial 2 golden trace. */
function goldenInput(name: string): number[] {
  const [header, ...rows] = readFileSync(`test/fixtures/golden/${name}.csv`, "utf8").trim().split("\n");
  const column = header.split(",").indexOf("input");
  return rows.map((row) => Number(row.split(",")[column]));
}

/** Channel `i` of the currents over time. */
function channel(c: Currents, i: number): number[] {
  return Array.from({ length: c.steps }, (_, t) => c.values[t * c.channels + i]);
}

describe("shapes match the inputs of snnTorch Tutorial 2", () => {
  it("step: 0.1 from t=10 over 200 steps", () => {
    expect(channel(step(200, 1, 0.1, 10), 0)).toEqual(goldenInput("t2_lapicque_step_f64"));
  });

  it("pulse: 0.1 on [10, 30) and the equal-charge variants", () => {
    expect(channel(pulse(200, 1, 0.1, 10, 30), 0)).toEqual(goldenInput("t2_lapicque_pulse_20_f64"));
    expect(channel(pulse(200, 1, 0.111, 10, 20), 0)).toEqual(
      goldenInput("t2_lapicque_pulse_10_equal_charge_f64"),
    );
    expect(channel(pulse(200, 1, 0.147, 10, 15), 0)).toEqual(
      goldenInput("t2_lapicque_pulse_5_equal_charge_f64"),
    );
  });

  it("currentSpike: 0.5 at t=10 only", () => {
    expect(channel(currentSpike(200, 1, 0.5, 10), 0)).toEqual(goldenInput("t2_lapicque_current_spike_f64"));
  });

  it("constant: zero input", () => {
    expect(channel(constant(100, 1, 0), 0)).toEqual(goldenInput("t2_lapicque_no_stimulus_f64"));
  });
});

describe("layout and channels", () => {
  it("is step-major with the same value on every channel", () => {
    const c = step(4, 3, 2, 2);
    expect(c.steps).toBe(4);
    expect(c.channels).toBe(3);
    expect(Array.from(c.values)).toEqual([0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2]);
  });

  it("takes one amplitude per channel", () => {
    const c = pulse(3, 2, [1, -0.5], 1, 2);
    expect(Array.from(c.values)).toEqual([0, 0, 1, -0.5, 0, 0]);
    expect(channel(constant(2, 3, [1, 2, 3]), 2)).toEqual([3, 3]);
  });

  it("accepts empty windows and empty blocks", () => {
    expect(Array.from(step(3, 1, 1, 3).values)).toEqual([0, 0, 0]);
    expect(Array.from(pulse(3, 1, 1, 1, 1).values)).toEqual([0, 0, 0]);
    expect(constant(0, 2, 1).values.length).toBe(0);
    expect(constant(2, 0, []).values.length).toBe(0);
  });
});

describe("argument checks", () => {
  const cases: [string, () => unknown, string][] = [
    ["negative steps", () => constant(-1, 1, 1), "steps"],
    ["fractional steps", () => constant(1.5, 1, 1), "steps"],
    ["negative channels", () => constant(1, -2, 1), "channels"],
    ["NaN channels", () => constant(1, Number.NaN, 1), "channels"],
    ["infinite amplitude", () => constant(1, 1, Infinity), "amplitude"],
    ["NaN amplitude", () => step(5, 1, Number.NaN, 0), "amplitude"],
    ["NaN in per-channel amplitudes", () => constant(1, 2, [1, Number.NaN]), "amplitude[1]"],
    ["too few amplitudes", () => constant(1, 3, [1, 2]), "amplitude"],
    ["step start past the end", () => step(10, 1, 1, 11), "start"],
    ["negative step start", () => step(10, 1, 1, -1), "start"],
    ["fractional step start", () => step(10, 1, 1, 2.5), "start"],
    ["pulse end past the end", () => pulse(10, 1, 1, 2, 11), "end"],
    ["pulse start after end", () => pulse(10, 1, 1, 5, 4), "start"],
    ["spike at the end", () => currentSpike(10, 1, 1, 10), "at"],
    ["negative spike step", () => currentSpike(10, 1, 1, -1), "at"],
  ];

  it.each(cases)("%s throws a RangeError naming the argument", (_, call, name) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(new RegExp(`^${name.replace(/[[\]]/g, "\\$&")}: `));
  });

  it("checks steps before the window, so the message names the real culprit", () => {
    expect(() => step(-1, 1, 1, 0)).toThrow(/^steps: must be a non-negative integer \(got -1\)/);
  });
});
