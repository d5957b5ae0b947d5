/** The snnTorch golden traces (test/fixtures/golden, a copy of shared/golden) as test cases. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Currents } from "../../src/host/currents.ts";

export const GOLDEN_DIR = join(import.meta.dirname, "..", "fixtures", "golden");

export interface GoldenCase {
  name: string;
  file: string;
  model: string;
  dtype: "float32" | "float64";
  steps: number;
  neurons: number;
  constructor_kwargs: Record<string, unknown>;
  init?: Record<string, number[]>;
  columns: string[];
}

/** The neuron-model cases (snnTorch classes; not the hand-written tutorial functions or encoders). */
export function neuronCases(): GoldenCase[] {
  const all = JSON.parse(readFileSync(join(GOLDEN_DIR, "cases.json"), "utf8")).cases as GoldenCase[];
  return all.filter((c) => c.constructor_kwargs !== undefined);
}

/** The layer config `spikeloop simulate` takes for a case. */
export function layerConfig(c: GoldenCase): Record<string, unknown> {
  const config: Record<string, unknown> = { model: c.model, neurons: c.neurons, dtype: c.dtype, ...c.constructor_kwargs };
  if (c.init !== undefined && Object.keys(c.init).length > 0) config.init = c.init;
  return config;
}

export interface GoldenTrace {
  inputs: Currents;
  /** Per row: the state columns then spk. */
  expected: Float64Array;
  columns: string[];
  csv: string;
}

export function readGoldenTrace(c: GoldenCase): GoldenTrace {
  const csv = readFileSync(join(GOLDEN_DIR, c.file), "utf8");
  const rows = csv.trim().split("\n").slice(1).map((line) => line.split(",").map(Number));
  const columns = c.columns.slice(3);
  const inputs = new Float64Array(c.steps * c.neurons);
  const expected = new Float64Array(rows.length * columns.length);
  rows.forEach((row, r) => {
    inputs[row[0] * c.neurons + row[1]] = row[2];
    columns.forEach((_, k) => (expected[r * columns.length + k] = row[3 + k]));
  });
  return { inputs: { steps: c.steps, channels: c.neurons, values: inputs }, expected, columns, csv };
}
