/** Comparing traces the way the golden README defines a match. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Trace } from "../../src/host/backends/backend.ts";
import type { Currents } from "../../src/host/currents.ts";
import { formatTraceCsv } from "../../src/host/csv.ts";

/** "exact": every value bit for bit; a number: spikes identical, states within that absolute error. */
export type Tolerance = "exact" | number;

/** The first mismatches between a trace and the expected values (empty when they match). */
export function mismatches(trace: Trace, expected: Float64Array, tolerance: Tolerance, limit = 5): string[] {
  const width = trace.columns.length;
  const found: string[] = [];
  if (trace.values.length !== expected.length) return [`length ${trace.values.length}, expected ${expected.length}`];
  for (let k = 0; k < expected.length && found.length < limit; k++) {
    const column = trace.columns[k % width];
    const got = trace.values[k];
    const want = expected[k];
    const ok =
      tolerance === "exact" || column === "spk" ? Object.is(got, want) || got === want : Math.abs(got - want) <= tolerance;
    if (!ok) {
      const row = Math.floor(k / width);
      found.push(`step ${Math.floor(row / trace.neurons)} neuron ${row % trace.neurons} ${column}: got ${got}, expected ${want}`);
    }
  }
  return found;
}

/** Every place where two runs' values differ as doubles (Object.is: -0 and +0 differ); empty when none. */
export function differentDoubles(got: ArrayLike<number>, expected: ArrayLike<number>): string[] {
  if (got.length !== expected.length) return [`length ${got.length}, expected ${expected.length}`];
  const wrong: string[] = [];
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], expected[i])) wrong.push(`value ${i}: ${got[i]} vs ${expected[i]}`);
  }
  return wrong;
}

/** Writes what a failing run produced into test/.failures (ignored by git), beside the expectation. */
export function saveFailure(name: string, trace: Trace, inputs: Currents, expectedCsv: string): string {
  const dir = join(import.meta.dirname, "..", ".failures");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.got.csv`), formatTraceCsv(trace, inputs));
  writeFileSync(join(dir, `${name}.expected.csv`), expectedCsv);
  return dir;
}
