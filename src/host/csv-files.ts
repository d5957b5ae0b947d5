/**
 * Input and trace CSV files as streams: a file of millions of rows is read a chunk at a time
 * into one array of currents, and a trace is written a slice of steps at a time, so neither is
 * ever held as one big string or an array of lines.
 */
import { once } from "node:events";
import { closeSync, createWriteStream, openSync, readSync, renameSync, rmSync, statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { Trace } from "./backends/backend.ts";
import type { Currents } from "./currents.ts";
import { type InputIndex, createInputCsvParser, traceCsvHeader, traceCsvRows } from "./csv.ts";

/** Bytes read so far of a file's total, or steps written of a trace's total. */
export type CsvProgress = (done: number, total: number) => void;

/** Read or written per chunk: big enough to be fast, small enough to keep memory flat. */
const CHUNK_BYTES = 1 << 20;
const STEPS_PER_WRITE = 4096;

/**
 * Input currents from a `step,neuron,input` CSV file (see createInputCsvParser), read a chunk at
 * a time. Synchronous: it runs before anything else starts, and callers stay simple.
 */
export function readInputCsv(path: string, neurons: number, onProgress?: CsvProgress, what: InputIndex = "neuron"): Currents {
  const stat = statSync(path);
  if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path} is a directory`), { code: "EISDIR", path });
  const size = stat.size;
  const parser = createInputCsvParser(neurons, Math.ceil(size / 6), path, what);
  const decoder = new StringDecoder("utf8");
  const buffer = Buffer.alloc(CHUNK_BYTES);
  const fd = openSync(path, "r");
  try {
    let bytes = 0;
    let rest = "";
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      bytes += n;
      const lines = (rest + decoder.write(buffer.subarray(0, n))).split("\n");
      rest = lines.pop()!;
      for (const line of lines) parser.line(line);
      onProgress?.(bytes, size);
    }
    rest += decoder.end();
    if (rest !== "") parser.line(rest);
  } finally {
    closeSync(fd);
  }
  return parser.finish();
}

/**
 * Writes the trace CSV beside `path` and renames it into place once complete; on any failure
 * the partial file is removed, so `path` is either the whole trace or untouched.
 */
export async function writeTraceCsv(path: string, trace: Trace, inputs: Currents, onProgress?: CsvProgress): Promise<void> {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  try {
    await once(out, "open");
    out.write(`${traceCsvHeader(trace)}\n`);
    for (let from = 0; from < trace.steps; from += STEPS_PER_WRITE) {
      const to = Math.min(trace.steps, from + STEPS_PER_WRITE);
      if (!out.write(traceCsvRows(trace, inputs, from, to))) await once(out, "drain");
      onProgress?.(to, trace.steps);
    }
    out.end();
    await once(out, "finish");
    renameSync(partial, path);
  } catch (error) {
    out.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}
