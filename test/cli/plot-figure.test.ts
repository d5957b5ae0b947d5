/**
 * The Tutorial 2 figure drawn with Vega: a real snnTorch golden trace (the lower-threshold
 * firing run) through the ts backend, rendered to SVG and HTML and checked for its parts.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { plotTrace, traceFigureSpec, writeFigure } from "../../src/host/plot/index.ts";
import { step } from "../../src/host/inputs/shapes.ts";

async function firingRun(neurons = 1) {
  const spec = parseLayerConfig({ model: "Lapicque", neurons, R: 5.1, C: 5e-3, time_step: 1e-3, threshold: 0.5 });
  const inputs = step(200, neurons, 0.3, 10);
  const trace = await createTsBackend().simulate(spec, inputs);
  return { inputs, trace, thresholds: new Array<number>(neurons).fill(0.5) };
}

describe("the trace figure", () => {
  it("draws input, membrane with the threshold line, and one raster tick per spike", async () => {
    const run = await firingRun();
    const spikes = run.trace.values.filter((_, k) => k % 2 === 1 && run.trace.values[k] !== 0).length;
    expect(spikes).toBe(18);
    const figure = await plotTrace({ title: "Lapicque <threshold 0.5>", subtitle: "step input 0.3 from t = 10", ...run });
    expect(figure.svg.startsWith("<svg")).toBe(true);
    for (const text of ["Input current", "Membrane potential", "Output spikes", "threshold", "time step"]) expect(figure.svg).toContain(text);
    // Vega labels every mark it draws: one raster tick per spike, at the spike's step.
    const ticks = [...figure.svg.matchAll(/aria-label="time step: (\d+); neuron: 0"/g)].map((m) => Number(m[1]));
    const spikeSteps = Array.from({ length: 200 }, (_, t) => t).filter((t) => run.trace.values[t * 2 + 1] !== 0);
    expect(ticks).toEqual(spikeSteps);
    expect(figure.svg).toContain('aria-label="threshold: 0.5"');
    expect(figure.svg).toContain('stroke-dasharray="6,4"');
    // The membrane line passes through every step's value.
    expect(figure.svg).toContain('aria-label="time step: 0; U_mem: 0"');
    expect(figure.html).toContain("<!doctype html>");
    expect(figure.html).toContain("Lapicque &lt;threshold 0.5&gt;");
    expect(figure.html).not.toContain("<script");
    expect(figure.html).toContain(figure.svg);
  });

  it("colours several neurons and raster rows by neuron", async () => {
    const run = await firingRun(3);
    const spec = traceFigureSpec({ title: "three", ...run });
    expect(JSON.stringify(spec)).toContain('"field":"neuron"');
    const dir = mkdtempSync(join(tmpdir(), "spikeloop-plot-"));
    const paths = await writeFigure(dir, "three", { title: "three", ...run });
    expect(readFileSync(paths.svg, "utf8").length).toBeGreaterThan(5000);
    expect(readFileSync(paths.html, "utf8")).toContain("<svg");
  });

  it("refuses a trace without a membrane or inputs of another shape", async () => {
    const run = await firingRun();
    expect(() => traceFigureSpec({ title: "x", ...run, trace: { ...run.trace, columns: ["syn", "spk"] } })).toThrow(/"mem"/);
    expect(() => traceFigureSpec({ title: "x", ...run, inputs: step(10, 1, 0.3, 1) })).toThrow(/inputs: 10 steps/);
  });
});
