/**
 * `npm run report:int`: measures int layers against snnTorch's float64 golden traces
 * (integer-accuracy.ts) and writes the table into docs/integer-mode.md between its markers.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "../src/io/paths.ts";
import { type AccuracyRow, STATE_ERROR_BOUND, accuracyRows } from "./integer-accuracy.ts";

export const DOC_PATH = join(PACKAGE_ROOT, "docs", "integer-mode.md");
const BEGIN = "<!-- report:int begin (written by `npm run report:int`; do not edit) -->";
const END = "<!-- report:int end -->";

const exp = (x: number) => (x === 0 ? "0" : x.toExponential(2));

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The doc's generated section, markers included. */
export function accuracySection(rows: AccuracyRow[]): string {
  const table = markdownTable(
    ["case", "model", "steps", "spikes (snnTorch)", "spikes (int)", "spike steps that differ", "max abs mem error", "max abs state error"],
    rows.map((r) => [
      r.name, r.model, String(r.steps), String(r.goldenSpikes), String(r.intSpikes), String(r.spikeMismatches), exp(r.maxMemError), exp(r.maxStateError),
    ]),
  );
  const worst = Math.max(...rows.map((r) => r.maxStateError));
  const differing = rows.reduce((sum, r) => sum + r.spikeMismatches, 0);
  const summary =
    `${rows.length} cases; spike steps that differ from snnTorch: ${differing}; largest state error ${exp(worst)} ` +
    `(bound ${exp(STATE_ERROR_BOUND)} = 2^-14).`;
  return `${BEGIN}\n\n${table}\n\n${summary}\n\n${END}`;
}

async function main(): Promise<void> {
  const doc = readFileSync(DOC_PATH, "utf8");
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC_PATH} lacks the report markers`);
  writeFileSync(DOC_PATH, doc.slice(0, start) + accuracySection(await accuracyRows()) + doc.slice(end + END.length));
  process.stdout.write(`wrote the accuracy table into ${DOC_PATH}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
