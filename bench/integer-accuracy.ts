/**
 * How close int layers stay to snnTorch: every float64 golden neuron case run as an int layer
 * (on the ts backend, whose integers every other backend matches bit for bit) against
 * snnTorch's float64 trace. Used by `npm run report:int` (integer-report.ts) and the tests.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTsBackend } from "../src/host/backends/ts.ts";
import { parseLayerConfig } from "../src/host/config.ts";
import { PACKAGE_ROOT } from "../src/io/paths.ts";

export const GOLDEN_DIR = join(PACKAGE_ROOT, "test", "fixtures", "golden");

export interface AccuracyRow {
  name: string;
  model: string;
  steps: number;
  neurons: number;
  /** Spikes in snnTorch's trace and in the int layer's. */
  goldenSpikes: number;
  intSpikes: number;
  /** (step, neuron) pairs where one fired and the other did not. */
  spikeMismatches: number;
  /** Largest |int − snnTorch| of the membrane, and of any state (mem, syn, syn_exc, syn_inh). */
  maxMemError: number;
  maxStateError: number;
  /** Largest |mem| in snnTorch's trace, for scale. */
  maxMem: number;
  /** Quantization warnings of the layer. */
  warnings: string[];
}

interface GoldenCase {
  name: string;
  file: string;
  model: string;
  dtype: string;
  steps: number;
  neurons: number;
  constructor_kwargs?: Record<string, unknown>;
  init?: Record<string, number[]>;
  columns: string[];
}

/** The float64 snnTorch neuron cases (the int layer quantizes the exact float64 parameters). */
export function goldenF64Cases(): GoldenCase[] {
  const all = JSON.parse(readFileSync(join(GOLDEN_DIR, "cases.json"), "utf8")).cases as GoldenCase[];
  return all.filter((c) => c.constructor_kwargs !== undefined && c.dtype === "float64");
}

export async function accuracyRows(): Promise<AccuracyRow[]> {
  const ts = createTsBackend();
  const rows: AccuracyRow[] = [];
  for (const c of goldenF64Cases()) {
    const config: Record<string, unknown> = { model: c.model, neurons: c.neurons, ...c.constructor_kwargs, dtype: "int" };
    if (c.init !== undefined && Object.keys(c.init).length > 0) config.init = c.init;
    const spec = parseLayerConfig(config);
    const lines = readFileSync(join(GOLDEN_DIR, c.file), "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
    const inputs = new Float64Array(c.steps * c.neurons);
    for (const row of lines) inputs[row[0] * c.neurons + row[1]] = row[2];
    const trace = await ts.simulate(spec, { steps: c.steps, channels: c.neurons, values: inputs });
    const width = trace.columns.length;
    const memColumn = trace.columns.indexOf("mem");
    const row: AccuracyRow = {
      name: c.name, model: c.model, steps: c.steps, neurons: c.neurons,
      goldenSpikes: 0, intSpikes: 0, spikeMismatches: 0, maxMemError: 0, maxStateError: 0, maxMem: 0,
      warnings: spec.quantization?.warnings.map((w) => `${w.code} (${w.name})`) ?? [],
    };
    for (const golden of lines) {
      const base = (golden[0] * c.neurons + golden[1]) * width;
      for (let k = 0; k < width - 1; k++) {
        const err = Math.abs(trace.values[base + k] - golden[3 + k]);
        row.maxStateError = Math.max(row.maxStateError, err);
        if (k === memColumn) {
          row.maxMemError = Math.max(row.maxMemError, err);
          row.maxMem = Math.max(row.maxMem, Math.abs(golden[3 + k]));
        }
      }
      const goldenFired = golden[3 + width - 1] !== 0;
      const intFired = trace.values[base + width - 1] !== 0;
      row.goldenSpikes += goldenFired ? 1 : 0;
      row.intSpikes += intFired ? 1 : 0;
      row.spikeMismatches += goldenFired !== intFired ? 1 : 0;
    }
    rows.push(row);
  }
  return rows;
}

/**
 * The bound docs/integer-mode.md states for |int − snnTorch float64| of any state on the golden
 * cases: 2^-14, 64 steps of the default 20-bit fraction (the reasoning is in the doc).
 */
export const STATE_ERROR_BOUND = 2 ** -14;
