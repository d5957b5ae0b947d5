/** The snnTorch network golden traces (test/fixtures/golden/networks, a copy of shared/golden/networks). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { Currents } from "../../src/host/currents.ts";
import type { NetworkTrace } from "../../src/host/network/trace.ts";
import { GOLDEN_DIR } from "./golden.ts";

export const NETWORK_GOLDEN_DIR = join(GOLDEN_DIR, "networks");

export interface NetworkCase {
  name: string;
  dtype: "float32" | "float64";
  steps: number;
  inputs: number;
  nir: string | null;
}

export function networkCases(): NetworkCase[] {
  return JSON.parse(readFileSync(join(NETWORK_GOLDEN_DIR, "cases.json"), "utf8")).cases as NetworkCase[];
}

export function networkFile(c: NetworkCase, suffix: string): string {
  return join(NETWORK_GOLDEN_DIR, `${c.name}${suffix}`);
}

export function networkJson(c: NetworkCase): unknown {
  return JSON.parse(readFileSync(networkFile(c, ".json"), "utf8"));
}

function rows(path: string): number[][] {
  return readFileSync(path, "utf8").trim().split("\n").filter((l) => !l.startsWith("#") && !l.startsWith("step")).map((l) => l.split(",").map(Number));
}

export function networkInputs(c: NetworkCase): Currents {
  const values = new Float64Array(c.steps * c.inputs);
  for (const [step, channel, input] of rows(networkFile(c, "_in.csv"))) values[step * c.inputs + channel] = input;
  return { steps: c.steps, channels: c.inputs, values };
}

/**
 * Compares a backend's trace with the case's `_states.csv` (input, every state, spk per row, in
 * the same row order): spikes exactly, the rest within 1e-9 (float64) or 1e-5 (float32).
 */
export function expectMatchesGolden(c: NetworkCase, trace: NetworkTrace): void {
  const expected = rows(networkFile(c, "_states.csv"));
  const tolerance = c.dtype === "float64" ? 1e-9 : 1e-5;
  expect(trace.steps).toBe(c.steps);
  let at = 0;
  let r = 0;
  let spikes = 0;
  let worst = 0;
  for (let t = 0; t < trace.steps; t++) {
    trace.layers.forEach((layer, k) => {
      const width = layer.states.length + 2;
      for (let i = 0; i < layer.neurons; i++, r++, at += width) {
        const row = expected[r];
        expect(row.slice(0, 3), `row ${r + 2}`).toEqual([t, k, i]);
        expect(row.length - 3, `row ${r + 2} width`).toBe(width);
        const spk = trace.values[at + width - 1];
        expect(spk, `spike at step ${t}, layer ${k}, neuron ${i}`).toBe(row[row.length - 1]);
        spikes += spk !== 0 ? 1 : 0;
        for (let s = 0; s < width - 1; s++) worst = Math.max(worst, Math.abs(trace.values[at + s] - row[3 + s]));
      }
    });
  }
  expect(r).toBe(expected.length);
  expect(worst).toBeLessThanOrEqual(tolerance);
  expect(spikes).toBeGreaterThan(0);
}
