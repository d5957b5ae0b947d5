/**
 * The acceptance contract of int layers: `spikeloop simulate` with `"dtype": "int"` writes
 * byte-identical trace files on every backend, in real units.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { GOLDEN_DIR, layerConfig, neuronCases } from "../helpers/golden.ts";
import { CLI } from "../helpers/cli.ts";

const run = promisify(execFile);
const BACKENDS: string[][] = [
  ["--backend", "ts"],
  ["--backend", "lua"],
  ["--backend", "emulator"],
  ["--backend", "emulator", "--lua", "lua5.1"],
  ["--backend", "emulator", "--lua", "lua5.3"],
  ["--backend", "emulator", "--lua", "lua5.4"],
  ["--backend", "emulator", "--lua", "luajit"],
];

describe("spikeloop simulate with \"dtype\": \"int\"", () => {
  const dir = mkdtempSync(join(tmpdir(), "spikeloop-int-"));

  // One case: each backend is a process of its own (the bits are compared case by case in
  // integer-backends.test.ts); Alpha has the most columns.
  it.each(["alpha_step_subtract_f64"])(
    "%s: every backend writes the same bytes",
    async (name) => {
      const c = neuronCases().find((k) => k.name === name)!;
      const config = join(dir, `${name}.json`);
      writeFileSync(config, JSON.stringify({ ...layerConfig(c), dtype: "int" }));
      const outs = BACKENDS.map((args) => join(dir, `${name}-${args.join("")}.csv`));
      // The backends run in parallel child processes.
      await Promise.all(BACKENDS.map((args, k) =>
        run(process.execPath, [CLI, "simulate", "--config", config, "--input", join(GOLDEN_DIR, c.file), "--out", outs[k], ...args])));
      const files = outs.map((f) => readFileSync(f, "utf8"));
      for (const [k, text] of files.entries()) expect(text, BACKENDS[k].join(" ")).toBe(files[0]);
      // Real units: snnTorch's columns, and 1.0 for a spike.
      const lines = files[0].trim().split("\n");
      expect(lines[0]).toBe(readFileSync(join(GOLDEN_DIR, c.file), "utf8").split("\n")[0]);
      expect(lines).toHaveLength(1 + c.steps * c.neurons);
      expect(lines.some((l) => l.endsWith(",1.0"))).toBe(true);
    },
    60_000,
  );
});
