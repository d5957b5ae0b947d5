/**
 * The CSV files of `spikeloop simulate`: inputs as `step,neuron,input` rows (extra columns are
 * ignored, so snnTorch golden traces are valid inputs) and traces in the golden files' layout.
 */
import type { Currents } from "./currents.ts";
import { InputError } from "./errors.ts";
import { formatFloat } from "./number-format.ts";
import type { Trace } from "./backends/backend.ts";

/**
 * Parses input currents for a layer of `neurons` neurons. Every step from 0 to the last one must
 * have exactly one row per neuron; the first problem is reported with its line number.
 * A network's inputs name the index column `channel` instead of `neuron` (`what`).
 */
export function parseInputCsv(text: string, neurons: number, what: "neuron" | "channel" = "neuron"): Currents {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(",").map((h) => h.trim());
  const col = { step: header.indexOf("step"), neuron: header.indexOf(what), input: header.indexOf("input") };
  for (const [name, index] of [["step", col.step], [what, col.neuron], ["input", col.input]] as const) {
    if (index < 0) throw new InputError(`the header needs a "${name}" column, found ${header.join(",")}`, 1);
  }
  const rows: { step: number; neuron: number; input: number; line: number }[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const cells = lines[i].split(",");
    const step = Number(cells[col.step]);
    const neuron = Number(cells[col.neuron]);
    const input = Number(cells[col.input]);
    if (!Number.isInteger(step) || step < 0) throw new InputError(`step must be a whole number >= 0, got "${cells[col.step]}"`, i + 1);
    if (!Number.isInteger(neuron) || neuron < 0 || neuron >= neurons) {
      throw new InputError(`${what} must be a whole number from 0 to ${neurons - 1}, got "${cells[col.neuron]}"`, i + 1);
    }
    if (cells[col.input] === undefined || cells[col.input].trim() === "" || !Number.isFinite(input)) {
      throw new InputError(`input must be a finite number, got "${cells[col.input]}"`, i + 1);
    }
    rows.push({ step, neuron, input, line: i + 1 });
  }
  if (rows.length === 0) throw new InputError("no input rows");
  const steps = Math.max(...rows.map((r) => r.step)) + 1;
  const values = new Float64Array(steps * neurons);
  const seen = new Uint8Array(steps * neurons);
  for (const r of rows) {
    const k = r.step * neurons + r.neuron;
    if (seen[k]) throw new InputError(`a second row for step ${r.step}, ${what} ${r.neuron}`, r.line);
    seen[k] = 1;
    values[k] = r.input;
  }
  const missing = seen.indexOf(0);
  if (missing >= 0) {
    throw new InputError(`no row for step ${Math.floor(missing / neurons)}, ${what} ${missing % neurons} (every step needs one row per ${what})`);
  }
  return { steps, channels: neurons, values };
}

/** The trace as CSV: `step,neuron,input,<states>,spk`, numbers as Python prints them. */
export function formatTraceCsv(trace: Trace, inputs: Currents): string {
  const width = trace.columns.length;
  const out: string[] = [["step", "neuron", "input", ...trace.columns].join(",")];
  for (let t = 0; t < trace.steps; t++) {
    for (let i = 0; i < trace.neurons; i++) {
      const base = (t * trace.neurons + i) * width;
      const cells = [String(t), String(i), formatFloat(inputs.values[t * trace.neurons + i])];
      for (let k = 0; k < width; k++) cells.push(formatFloat(trace.values[base + k]));
      out.push(cells.join(","));
    }
  }
  return out.join("\n") + "\n";
}
