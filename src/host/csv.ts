/**
 * The CSV files of `spikeloop simulate`: inputs as `step,neuron,input` rows (extra columns are
 * ignored, so snnTorch golden traces are valid inputs) and traces in the golden files' layout.
 * Numbers are decimal only (csvNumber); files are read and written as streams in csv-files.ts.
 */
import type { Currents } from "./currents.ts";
import { InputError } from "./errors.ts";
import { formatFloat } from "./number-format.ts";
import type { Trace } from "./backends/backend.ts";

/** What the index column of an input CSV counts: a layer's neurons, or a network's input channels. */
export type InputIndex = "neuron" | "channel";

/** A decimal number: optional sign, digits with an optional point, optional exponent. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A CSV cell as a number: decimal notation, or `inf`, `-inf`, `nan` as Python prints them (the
 * golden files' spelling). Anything else (an empty cell, spaces, `0x10`, `1_000`, `Infinity`) is
 * undefined: Number() would silently turn those into 0, 16 or 1000.
 */
export function parseCsvNumber(cell: string): number | undefined {
  if (DECIMAL.test(cell)) return Number(cell);
  if (cell === "inf") return Infinity;
  if (cell === "-inf") return -Infinity;
  if (cell === "nan") return NaN;
  return undefined;
}

/** parseCsvNumber, or an InputError naming the line, the column and what the column holds. */
export function csvNumber(cells: string[], column: number, name: string, line: number, file?: string): number {
  const cell = cells[column];
  const x = cell === undefined ? undefined : parseCsvNumber(cell);
  if (x === undefined) {
    const got = cell === undefined ? "no such cell" : `got ${JSON.stringify(cell)}`;
    throw new InputError(`${name} must be a decimal number (like 0.25 or -1e-3), ${got}`, line, column + 1, file);
  }
  return x;
}

/** Reads an input CSV line by line into currents; see createInputCsvParser. */
export interface InputCsvParser {
  /** The next line of the file (without its line break). */
  line(text: string): void;
  /** Every step from 0 to the last one, checked to have one row per neuron. */
  finish(): Currents;
}

/**
 * A parser for input currents of a layer of `neurons` neurons (or of a network's `neurons` input
 * channels, `what` "channel": the column is then named `channel`). Rows may come in any order;
 * every step from 0 to the last one must have exactly one row per neuron. `maxRows` bounds the
 * rows a file can hold (from its size), so a typo such as step 1e9 is refused before memory is
 * reserved for it. The first problem is an InputError with its line and column (and `file`).
 */
export function createInputCsvParser(neurons: number, maxRows: number, file?: string, what: InputIndex = "neuron"): InputCsvParser {
  const required = ["step", what, "input"];
  const fail = (message: string, line?: number, column?: number) => new InputError(message, line, column, file);
  let lineNo = 0;
  let col: { step: number; neuron: number; input: number } | undefined;
  let capacity = 0;
  let values = new Float64Array(0);
  let seen = new Uint8Array(0);
  let steps = 0;
  const grow = (step: number) => {
    capacity = Math.max(step + 1, capacity * 2, 1024);
    const v = new Float64Array(capacity * neurons);
    v.set(values);
    const s = new Uint8Array(capacity * neurons);
    s.set(seen);
    values = v;
    seen = s;
  };
  return {
    line(text: string) {
      lineNo++;
      if (col === undefined) {
        const header = text.split(",").map((h) => h.trim());
        for (const name of required) {
          if (!header.includes(name)) throw fail(`the header needs a "${name}" column, found ${header.join(",")}`, lineNo);
        }
        col = { step: header.indexOf("step"), neuron: header.indexOf(what), input: header.indexOf("input") };
        return;
      }
      if (text === "" || text === "\r") return;
      const cells = (text.endsWith("\r") ? text.slice(0, -1) : text).split(",");
      const step = csvNumber(cells, col.step, "step", lineNo, file);
      if (!Number.isInteger(step) || step < 0) throw fail(`step must be a whole number >= 0, got "${cells[col.step]}"`, lineNo, col.step + 1);
      if ((step + 1) * neurons > maxRows) {
        throw fail(`step ${step} cannot be: a file this size holds at most ${maxRows} rows, fewer than the ${(step + 1) * neurons} it takes`, lineNo, col.step + 1);
      }
      const neuron = csvNumber(cells, col.neuron, what, lineNo, file);
      if (!Number.isInteger(neuron) || neuron < 0 || neuron >= neurons) {
        throw fail(`${what} must be a whole number from 0 to ${neurons - 1}, got "${cells[col.neuron]}"`, lineNo, col.neuron + 1);
      }
      const input = csvNumber(cells, col.input, "input", lineNo, file);
      if (!Number.isFinite(input)) throw fail(`input must be a finite number, got "${cells[col.input]}"`, lineNo, col.input + 1);
      if (step >= capacity) grow(step);
      const k = step * neurons + neuron;
      if (seen[k]) throw fail(`a second row for step ${step}, ${what} ${neuron}`, lineNo);
      seen[k] = 1;
      values[k] = input;
      if (step >= steps) steps = step + 1;
    },
    finish() {
      if (col === undefined) throw fail(`the file is empty (it needs a header: ${required.join(",")})`);
      if (steps === 0) throw fail("no input rows");
      const missing = seen.subarray(0, steps * neurons).indexOf(0);
      if (missing >= 0) {
        throw fail(`no row for step ${Math.floor(missing / neurons)}, ${what} ${missing % neurons} (every step needs one row per ${what})`);
      }
      // The array may be up to twice the steps: copy the used part so the rest can be freed.
      return { steps, channels: neurons, values: values.slice(0, steps * neurons) };
    },
  };
}

/** Parses input currents held in a string (see createInputCsvParser; files: readInputCsv). */
export function parseInputCsv(text: string, neurons: number, what: InputIndex = "neuron"): Currents {
  const parser = createInputCsvParser(neurons, Math.ceil(text.length / 6), undefined, what);
  for (const line of text.split("\n")) parser.line(line);
  return parser.finish();
}

/** The trace CSV's header line, without its line break. */
export function traceCsvHeader(trace: Trace): string {
  return ["step", "neuron", "input", ...trace.columns].join(",");
}

/**
 * Rows `from` to `to` (exclusive, in steps) of the trace CSV, each ending in a line break; the
 * step column counts from `firstStep` (a window of a longer run).
 */
export function traceCsvRows(trace: Trace, inputs: Currents, from: number, to: number, firstStep = 0): string {
  const width = trace.columns.length;
  let out = "";
  for (let t = from; t < to; t++) {
    for (let i = 0; i < trace.neurons; i++) {
      const base = (t * trace.neurons + i) * width;
      let row = `${firstStep + t},${i},${formatFloat(inputs.values[t * trace.neurons + i])}`;
      for (let k = 0; k < width; k++) row += `,${formatFloat(trace.values[base + k])}`;
      out += `${row}\n`;
    }
  }
  return out;
}

/** The trace as CSV: `step,neuron,input,<states>,spk`, numbers as Python prints them; steps counted from `firstStep`. */
export function formatTraceCsv(trace: Trace, inputs: Currents, firstStep = 0): string {
  return `${traceCsvHeader(trace)}\n${traceCsvRows(trace, inputs, 0, trace.steps, firstStep)}`;
}
