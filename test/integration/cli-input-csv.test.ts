/**
 * Input CSVs as a user meets them (issue 9): files of any length, read as a stream, and numbers
 * in decimal only. Every malformed cell is exit 2 with its line and column, and nothing written.
 * The built CLI in a child process.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsvNumber, parseInputCsv } from "../../src/host/csv.ts";
import { parseInputSpec } from "../../src/host/runner/inputs.ts";
import { CLI } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "spikeloop-input-csv-"));
const config = join(dir, "leaky.json");
writeFileSync(config, JSON.stringify({ model: "Leaky", neurons: 1, beta: 0.9 }));

function spikeloop(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
}

/** A one-neuron input of `steps` rows, 0.3 on every tenth step. */
function longInput(name: string, steps: number): string {
  const path = join(dir, name);
  const rows = ["step,neuron,input"];
  for (let t = 0; t < steps; t++) rows.push(`${t},0,${t % 10 === 0 ? "0.3" : "0.0"}`);
  writeFileSync(path, `${rows.join("\n")}\n`);
  return path;
}

describe("input CSV numbers", () => {
  it("accepts decimal notation and Python's inf, -inf and nan, and nothing else", () => {
    for (const [text, value] of [["0", 0], ["-1.5", -1.5], ["+.5", 0.5], ["1.", 1], ["1E+2", 100], ["-1e-3", -0.001], ["inf", Infinity], ["-inf", -Infinity]] as const) {
      expect(parseCsvNumber(text), text).toBe(value);
    }
    expect(parseCsvNumber("nan")).toBeNaN();
    for (const text of ["", " ", " 1e0 ", "1e0 ", "0x10", "0b1", "0o7", "1_000", "Infinity", "NaN", "+inf", "1e", ".", "+", "--1", "1,5", "1.2.3", "٣"]) {
      expect(parseCsvNumber(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  const malformed: [string, string, string][] = [
    ["an empty cell", "0,0,", "line 3, column 3: input must be a decimal number (like 0.25 or -1e-3), got \"\""],
    ["hexadecimal", "0,0,0x10", "line 3, column 3: input must be a decimal number (like 0.25 or -1e-3), got \"0x10\""],
    ["spaces around a number", "0,0, 1e0 ", "line 3, column 3: input must be a decimal number (like 0.25 or -1e-3), got \" 1e0 \""],
    ["a hexadecimal step", "0x0,0,1", "line 3, column 1: step must be a decimal number"],
    ["an empty neuron", "0,,1", "line 3, column 2: neuron must be a decimal number"],
    ["a missing cell", "0,0", "line 3, column 3: input must be a decimal number (like 0.25 or -1e-3), no such cell"],
    ["inf as an input", "0,0,inf", "line 3, column 3: input must be a finite number, got \"inf\""],
    ["a step beyond what the file can hold", "100000000,0,1", "line 3, column 1: step 100000000 cannot be: a file this size holds at most"],
  ];
  it.each(malformed)("%s: exit 2 with the file, line and column; nothing written", (name, row, message) => {
    const input = join(dir, "bad.csv");
    writeFileSync(input, `step,neuron,input\n1,0,0.5\n${row}\n`);
    const out = join(dir, "bad-out.csv");
    const commands = [["simulate", "--config", config, "--input", input, "--out", out]];
    // run reads CSVs (a file, or delta's signal) with the same parser: checked on one case.
    if (name === malformed[0][0]) {
      commands.push(["run", "--config", config, "--input", input, "--out", out], ["run", "--config", config, "--input", `delta:file=${input}`, "--out", out]);
    }
    for (const args of commands) {
      const result = spikeloop(args);
      expect(result.stderr, args.join(" ")).toContain(`invalid input: ${input}, ${message}`);
      expect(result.status, args.join(" ")).toBe(2);
    }
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith(".partial"))).toEqual([]);
  });

  it("--input options take decimal numbers only, as the CSV cells do", () => {
    for (const value of ["0x10", "1_0", "Infinity", ""]) {
      expect(() => parseInputSpec(`constant:amplitude=${value}`, 1, 3), value).toThrow(`amplitude must be a finite number, got "${value}"`);
    }
    expect(() => parseInputSpec("step:amplitude=0.5,start=0x2", 1, 3)).toThrow('start must be a finite number, got "0x2"');
    expect(parseInputSpec("constant:amplitude=1e-1", 1, 2)).toMatchObject({ currents: { values: Float64Array.from([0.1, 0.1]) } });
  });

  it("takes rows in any order, and names the line of a second row for a step", () => {
    expect(Array.from(parseInputCsv("step,neuron,input\n1,1,4\n0,1,2\n1,0,3\n0,0,1\n", 2).values)).toEqual([1, 2, 3, 4]);
    expect(() => parseInputCsv("step,neuron,input\n0,0,1\n1,0,2\n0,0,3\n", 1)).toThrow("line 4: a second row for step 0, neuron 0");
  });
});

describe("long input files", () => {
  // 130k rows: the old parser spread every step into Math.max and overflowed the stack here.
  const steps = 130_000;
  const input = longInput("long.csv", steps);

  it("simulate: a 130k-row input runs and its trace has every row", () => {
    const out = join(dir, "long-out.csv");
    const result = spikeloop(["simulate", "--config", config, "--input", input, "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(steps + 1);
    expect(lines[steps]).toMatch(new RegExp(`^${steps - 1},0,0\\.0,`));
  });

  it("run: a 130k-row input is read, and --steps cuts it to its first steps", () => {
    const out = join(dir, "long-run.csv");
    const result = spikeloop(["run", "--config", config, "--input", input, "--steps", "25", "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`csv ${input} (its first 25 of ${steps} steps), 25 steps in lockstep mode`);
    expect(readFileSync(out, "utf8").trimEnd().split("\n")).toHaveLength(26);
  });

  it("run: --steps beyond the CSV's length is refused, exit 2, before the run", () => {
    const short = longInput("short.csv", 10);
    const result = spikeloop(["run", "--config", config, "--input", short, "--steps", "11"]);
    expect(result.stderr).toMatch(/^spikeloop run: --steps 11: the input has only 10 steps\nusage: spikeloop run/);
    expect(result.status).toBe(2);
  });
});
