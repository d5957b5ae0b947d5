/** Formats the benchmark's results as plain-text tables. */
import type { ByteCheck } from "./binary.ts";
import { formatTable } from "./table.ts";

/** One subject beside its baseline. Rates are neuron-steps per second. */
export interface Row {
  name: string;
  n: number;
  rate: number;
  baselineRate: number;
  /** Largest acceptable baseline/device ratio. */
  target: number;
}

const millions = (rate: number) => (rate / 1e6).toPrecision(3);

/** How many times slower than the baseline the device code is. */
const ratio = (row: Row) => row.baselineRate / row.rate;

export function formatRows(rows: Row[]): string {
  return formatTable(
    ["name", "neurons", "M neuron-steps/s", "baseline M neuron-steps/s", "ratio", "target"],
    rows.map((r) => [
      r.name,
      String(r.n),
      millions(r.rate),
      millions(r.baselineRate),
      ratio(r).toFixed(2),
      `<= ${r.target.toFixed(1)} ${ratio(r) <= r.target ? "met" : "MISSED"}`,
    ]),
  );
}

/** wasmoon's speed over fengari's, on the transpiled kernel, per neuron count. */
export function formatVmComparison(wasmoon: Row[], fengari: Row[]): string {
  return formatTable(
    ["neurons", "wasmoon M neuron-steps/s", "fengari M neuron-steps/s", "wasmoon / fengari"],
    wasmoon.map((w, k) => [String(w.n), millions(w.rate), millions(fengari[k].rate), (w.rate / fengari[k].rate).toFixed(1)]),
  );
}

export function formatByteChecks(checks: ByteCheck[]): string {
  return formatTable(
    ["vm", "direction", "bytes", "passed as", "arrives as", "length", "intact"],
    checks.map((c) => [
      c.vm, c.direction, `${c.first}..255`, c.passedAs, c.arrivesAs, c.length === undefined ? "-" : String(c.length), c.intact ? "yes" : "no",
    ]),
  );
}
