/**
 * `npm run bench:csv [-- --rows 1000000,4000000]`: long input CSVs through `spikeloop simulate`'s
 * path (src/host/csv-files.ts), rows per second and peak memory per million rows, beside a
 * baseline in the same run: the same file read whole and split into lines, the least any reader
 * does. Each measurement runs in a fresh Node process, so its peak RSS is its own.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTsBackend } from "../src/host/backends/ts.ts";
import { parseLayerConfig } from "../src/host/config.ts";
import { readInputCsv, writeTraceCsv } from "../src/host/csv-files.ts";
import { toLayerNumbers } from "../src/host/layer-numbers.ts";

const NEURONS = 4;
const SUBJECTS = ["baseline: read whole + split", "read (readInputCsv)", "simulate: read, ts backend, write"] as const;
type Subject = (typeof SUBJECTS)[number];

interface Measurement {
  ms: number;
  maxRssKiB: number;
}

/** `rows` rows of a 4-neuron input, numbers as Python prints them. */
function writeInput(path: string, rows: number): void {
  const chunks = ["step,neuron,input\n"];
  for (let r = 0; r < rows; r++) chunks.push(`${Math.floor(r / NEURONS)},${r % NEURONS},${((r * 7919) % 1000) / 1000}\n`);
  writeFileSync(path, chunks.join(""));
}

/** Runs in the child: one subject over the file, then its time and peak RSS as JSON. */
async function child(subject: Subject, input: string, out: string): Promise<void> {
  const start = performance.now();
  if (subject === SUBJECTS[0]) {
    const lines = readFileSync(input, "utf8").split("\n");
    if (lines.length < 2) throw new Error("no rows");
  } else {
    const currents = readInputCsv(input, NEURONS);
    if (subject === SUBJECTS[2]) {
      const spec = parseLayerConfig({ model: "Leaky", neurons: NEURONS, beta: 0.9 });
      const inputs = toLayerNumbers(currents, spec.dtype);
      const trace = await createTsBackend().simulate(spec, inputs);
      await writeTraceCsv(out, trace, inputs);
    }
  }
  const m: Measurement = { ms: performance.now() - start, maxRssKiB: process.resourceUsage().maxRSS };
  process.stdout.write(JSON.stringify(m));
}

function measure(subject: Subject, input: string, out: string): Measurement {
  const script = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, [script, "--child", subject, input, out], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`${subject}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Measurement;
}

/** Peak RSS of a Node process that does nothing: subtracted to get the memory the rows take. */
function idleRssKiB(): number {
  const result = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.resourceUsage().maxRSS))"], { encoding: "utf8" });
  return Number(result.stdout);
}

async function main(args: string[]): Promise<void> {
  if (args[0] === "--child") return child(args[1] as Subject, args[2], args[3]);
  const rowsArg = args[0] === "--rows" ? args[1] : args.length === 0 ? "1000000,4000000" : undefined;
  const counts = rowsArg?.split(",").map(Number);
  if (counts === undefined || counts.some((n) => !Number.isInteger(n) || n < NEURONS)) {
    console.error("usage: npm run bench:csv [-- --rows 1000000,4000000]");
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), "spikeloop-bench-csv-"));
  const idle = idleRssKiB();
  console.log(`Node ${process.version}, an idle Node process peaks at ${(idle / 1024).toFixed(0)} MiB RSS; ${NEURONS}-neuron inputs`);
  console.log("| rows | subject | rows/s | vs baseline | peak RSS MiB | MiB per million rows (above idle) |");
  console.log("|---:|---|---:|---:|---:|---:|");
  try {
    for (const rows of counts) {
      const input = join(dir, `in-${rows}.csv`);
      writeInput(input, rows);
      let baselineRate = 0;
      for (const subject of SUBJECTS) {
        const m = measure(subject, input, join(dir, "trace.csv"));
        const rate = rows / (m.ms / 1000);
        if (subject === SUBJECTS[0]) baselineRate = rate;
        const perMillion = (m.maxRssKiB - idle) / 1024 / (rows / 1e6);
        console.log(`| ${rows} | ${subject} | ${Math.round(rate)} | ${(rate / baselineRate).toFixed(2)}x | ${(m.maxRssKiB / 1024).toFixed(0)} | ${perMillion.toFixed(0)} |`);
      }
      rmSync(input);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
