/**
 * The snnTorch reference traces the package ships (reference/tutorial2/), and the comparison
 * the golden traces define for float64: identical inputs and spikes, states within 1e-9.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Trace } from "../backends/backend.ts";
import type { Currents } from "../currents.ts";
import { csvNumber } from "../csv.ts";
import { PACKAGE_ROOT } from "../../io/paths.ts";
import { RunError } from "../runner/errors.ts";

export const REFERENCE_DIR = join(PACKAGE_ROOT, "reference", "tutorial2");

/** Largest difference of a state from snnTorch's float64 value that still matches. */
export const STATE_TOLERANCE = 1e-9;

export interface ReferenceTrace {
  inputs: Float64Array;
  columns: string[];
  /** Per row (step): the state columns then spk. */
  values: Float64Array;
}

export function referencePath(dir: string, name: string): string {
  return join(dir, `t2_lapicque_${name}_f64.csv`);
}

/** Reads a one-neuron reference trace (`step,neuron,input,<states>,spk`). */
export function readReference(dir: string, name: string): ReferenceTrace {
  const path = referencePath(dir, name);
  if (!existsSync(path)) throw new RunError("reference-missing", `${path}: no snnTorch reference for "${name}"`);
  const lines = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const header = lines[0].split(",");
  const columns = header.slice(3);
  const rows = lines.slice(1).map((l, r) => l.split(",").map((_, k, cells) => csvNumber(cells, k, header[k] ?? `column ${k + 1}`, r + 2, path)));
  const values = new Float64Array(rows.length * columns.length);
  rows.forEach((row, r) => columns.forEach((_, k) => (values[r * columns.length + k] = row[3 + k])));
  return { inputs: Float64Array.from(rows, (row) => row[2]), columns, values };
}

/** The tutorial's seeded rate-coded spike train (`step,spike`), as one-channel currents. */
export function readSpikeTrain(dir: string): Currents {
  const path = join(dir, "t2_spike_input_train.csv");
  if (!existsSync(path)) throw new RunError("reference-missing", `${path}: the tutorial's spike train is missing`);
  const rows = readFileSync(path, "utf8").trim().split(/\r?\n/).slice(1);
  return { steps: rows.length, channels: 1, values: Float64Array.from(rows, (r, i) => csvNumber(r.split(","), 1, "spike", i + 2, path)) };
}

export interface Comparison {
  ok: boolean;
  /** Largest state difference from the reference. */
  maxError: number;
  spikes: number;
  /** The first problems found (empty when ok). */
  problems: string[];
}

export function compareWithReference(trace: Trace, inputs: Currents, ref: ReferenceTrace, limit = 3): Comparison {
  const problems: string[] = [];
  const report = (p: string) => {
    if (problems.length < limit) problems.push(p);
  };
  if (trace.columns.join(",") !== ref.columns.join(",")) report(`columns ${trace.columns.join(",")}, reference ${ref.columns.join(",")}`);
  if (trace.values.length !== ref.values.length) report(`${trace.values.length / trace.columns.length} steps, reference ${ref.inputs.length}`);
  let maxError = 0;
  let spikes = 0;
  if (problems.length === 0) {
    const width = ref.columns.length;
    for (let t = 0; t < ref.inputs.length; t++) {
      if (inputs.values[t] !== ref.inputs[t]) report(`step ${t} input: ${inputs.values[t]}, reference ${ref.inputs[t]}`);
      for (let k = 0; k < width; k++) {
        const got = trace.values[t * width + k];
        const want = ref.values[t * width + k];
        if (ref.columns[k] === "spk") {
          if (got !== 0) spikes++;
          if (got !== want) report(`step ${t} spk: ${got}, reference ${want}`);
        } else {
          const error = Math.abs(got - want);
          maxError = Math.max(maxError, Number.isNaN(error) ? Infinity : error);
          if (!(error <= STATE_TOLERANCE)) report(`step ${t} ${ref.columns[k]}: ${got}, reference ${want}`);
        }
      }
    }
  }
  return { ok: problems.length === 0, maxError, spikes, problems };
}
