/**
 * The run figure for several neurons and for long runs (issue 9): each neuron's spikes in its
 * own colour, a silent neuron kept on the raster's axis, one label per distinct threshold, and a
 * 100k-step run thinned to the pixels (min/max per column, every column with a spike kept) with
 * a note on the figure. Drawn by Vega from traces of the ts backend; one figure goes through
 * Debian's chromium to a PNG, so a person can look at it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { constant } from "../../src/host/inputs/shapes.ts";
import { plotTrace } from "../../src/host/plot/index.ts";
import { linePoints, spikeTicks } from "../../src/host/plot/series.ts";

const dir = mkdtempSync(join(tmpdir(), "spikeloop-rasters-"));

/** Four Leaky neurons; neuron 3 gets no input and never spikes; thresholds 1, 1, 0.8, 1.2. */
async function fourNeurons(steps: number) {
  const thresholds = [1, 1, 0.8, 1.2];
  const spec = parseLayerConfig({ model: "Leaky", neurons: 4, beta: [0.5, 0.8, 0.9, 0.95], threshold: thresholds });
  const inputs = constant(steps, 4, [0.6, 0.3, 0.2, 0]);
  const trace = await createTsBackend().simulate(spec, inputs);
  return { inputs, trace, thresholds };
}

/** The fill or stroke colour of each raster tick Vega drew for `neuron`. */
function tickColours(svg: string, neuron: number): Set<string> {
  const marks = [...svg.matchAll(/<path aria-label="time step: \d+; neuron: (\d+)"[^>]*?(?:fill|stroke)="(#[0-9a-f]{6})"/g)];
  return new Set(marks.filter((m) => Number(m[1]) === neuron).map((m) => m[2]));
}

describe("rasters of several neurons", () => {
  it("a colour per neuron, a silent neuron on the axis, one label per distinct threshold", async () => {
    const run = await fourNeurons(100);
    const { svg } = await plotTrace({ title: "four Leaky neurons", ...run });
    const colours = [0, 1, 2].map((i) => tickColours(svg, i));
    for (const c of colours) expect(c.size).toBe(1);
    expect(new Set(colours.map((c) => [...c][0])).size).toBe(3);
    // Neuron 3 never spikes, yet its row is on the raster's axis and in the legend.
    expect(run.trace.values.filter((v, k) => k % 2 === 1 && Math.floor(k / 2) % 4 === 3 && v !== 0)).toHaveLength(0);
    expect(tickColours(svg, 3).size).toBe(0);
    const rasterLabels = [...svg.matchAll(/<text[^>]*>(\d)<\/text>/g)].map((m) => m[1]);
    for (const n of ["0", "1", "2", "3"]) expect(rasterLabels).toContain(n);
    // Thresholds 0.8, 1 (neurons 0 and 1) and 1.2: three labels, each once, at distinct places.
    const labels = [...svg.matchAll(/<text[^>]*transform="translate\((-?[\d.]+),(-?[\d.]+)\)"[^>]*>(threshold[^<]*)<\/text>/g)];
    expect(labels.map((m) => m[3]).sort()).toEqual(["threshold of neuron 2", "threshold of neuron 3", "threshold of neurons 0, 1"]);
    expect(new Set(labels.map((m) => `${m[1]},${m[2]}`)).size).toBe(3);
  });

  it("draws to a PNG through chromium, for a person to look at", async () => {
    const chromium = ["chromium", "chromium-browser"].find((c) => spawnSync("which", [c]).status === 0);
    if (chromium === undefined) {
      console.warn("NOT RUN: no chromium on the PATH; the PNG of the raster figure was not drawn");
      return;
    }
    const run = await fourNeurons(100);
    const svgPath = join(dir, "four.svg");
    writeFileSync(svgPath, (await plotTrace({ title: "four Leaky neurons", subtitle: "constant 0.6/0.3/0.2/0", ...run })).svg);
    const png = join(dir, "four.png");
    const result = spawnSync(chromium, ["--headless", "--no-sandbox", "--disable-gpu", `--screenshot=${png}`, "--window-size=760,720", `file://${svgPath}`], { encoding: "utf8", timeout: 60_000 });
    expect(existsSync(png), result.stderr).toBe(true);
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    expect(bytes.length).toBeGreaterThan(10_000);
  }, 90_000);
});

describe("long runs", () => {
  it("min/max per column keeps each column's extremes in time order; spikes keep a tick per column", () => {
    const series = [0, 5, -1, 2, 2, 2, 9, 0];
    expect(linePoints(8, 1, 4, (t) => series[t])).toEqual([
      { step: 1, neuron: "0", value: 5 },
      { step: 2, neuron: "0", value: -1 },
      { step: 6, neuron: "0", value: 9 },
      { step: 7, neuron: "0", value: 0 },
    ]);
    expect(linePoints(3, 1, 1, (t) => series[t]).map((p) => p.step)).toEqual([0, 1, 2]);
    expect(spikeTicks(8, 1, 4, (t) => t === 1 || t === 3 || t === 7)).toEqual([{ step: 1, neuron: "0" }, { step: 7, neuron: "0" }]);
  });

  it("a 100k-step run of four neurons gives a small SVG that says it was thinned", async () => {
    const run = await fourNeurons(100_000);
    const figure = await plotTrace({ title: "100k steps", ...run });
    expect(figure.svg.length).toBeLessThan(600_000);
    expect(figure.svg).toContain("100000 steps in 640 px: lines show the min and max of every 157 steps, a raster tick marks 157 steps with a spike");
    // Every neuron that spikes in a column has a tick there: neuron 0 spikes often, so every column.
    const ticks0 = [...figure.svg.matchAll(/aria-label="time step: \d+; neuron: 0/g)].length;
    expect(ticks0).toBe(Math.ceil(100_000 / 157));
    const path = join(dir, "long.svg");
    writeFileSync(path, figure.svg);
    expect(statSync(path).size).toBeLessThan(600_000);
  });
});
