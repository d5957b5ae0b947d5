import { describe, expect, it } from "vitest";
import { membraneChart } from "./chart.ts";
import { createProgress } from "./progress.ts";
import { formatSummary, summarizeTrace } from "./summary.ts";

describe("the run summary", () => {
  // Two neurons, four steps: columns mem, spk.
  const trace = { steps: 4, neurons: 2, columns: ["mem", "spk"], values: Float64Array.from([0.5, 0, 0.2, 0, 1.1, 1, 0.4, 0, 0.1, 0, 0.6, 0.5, 0.7, 0, 0.9, 0.5]) };

  it("counts spikes (graded ones too) and turns rates into Hz with the step length", () => {
    const s = summarizeTrace(trace, 0.01);
    expect(s.spikeCounts).toEqual([1, 2]);
    expect(s.totalSpikes).toBe(3);
    expect(s.ratePerStep).toEqual([0.25, 0.5]);
    expect(s.rateHz).toEqual([25, 50]);
    expect(formatSummary(s)).toEqual(["3 spikes in 4 steps from 2 neurons", "  neuron 0: 1 spikes, 0.25 per step, 25 Hz", "  neuron 1: 2 spikes, 0.5 per step, 50 Hz"]);
    expect(formatSummary(summarizeTrace(trace), 1)).toEqual(["3 spikes in 4 steps from 2 neurons", "  neuron 0: 1 spikes, 0.25 per step", "  … and 1 more neurons"]);
  });

  it("charts a membrane with its threshold row and spike marks", () => {
    const lines = membraneChart([0, 0.25, 0.5, 1, 0], { width: 5, height: 4, threshold: 0.5, spikes: [3] });
    expect(lines).toEqual([
      "      1 ┤   █ ",
      "        ┤┄┄┄█┄ ┄ threshold 0.5",
      "        ┤  ██ ",
      "      0 ┤ ███ ",
      " spikes     | ",
      "         0   4",
    ]);
    expect(membraneChart([])).toEqual(["(no steps)"]);
    // Squeezed: 100 steps into 10 columns, each the mean of its 10 steps.
    expect(membraneChart(Array.from({ length: 100 }, (_, t) => (t < 50 ? 0 : 1)), { width: 10, height: 1 })[0]).toBe("      1 ┤     █████");
  });
});

describe("the progress bar", () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, isTTY, columns: 60, write: (s: string) => written.push(s) };
  };

  it("redraws in place on a terminal, once per percent, and ends its line", () => {
    const tty = stream(true);
    const bar = createProgress(tty, 200, "run");
    bar.update(0);
    bar.update(1);
    bar.update(100);
    bar.update(101);
    bar.finish();
    bar.finish();
    expect(tty.written).toEqual([
      `\rrun [${"-".repeat(40)}] 0% 0/200`,
      `\rrun [${"#".repeat(20)}${"-".repeat(20)}] 50% 100/200`,
      `\rrun [${"#".repeat(40)}] 100% 200/200`,
      "\n",
    ]);
  });

  it("writes nothing where the stream is not a terminal", () => {
    const pipe = stream(false);
    const bar = createProgress(pipe, 200, "run");
    bar.update(100);
    bar.finish();
    expect(pipe.written).toEqual([]);
  });
});
