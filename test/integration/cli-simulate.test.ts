/** `spikeloop simulate` as a user runs it: the built CLI in a child process. */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GOLDEN_DIR, layerConfig, neuronCases } from "../helpers/golden.ts";
import { CLI } from "../helpers/cli.ts";


function simulate(args: string[]) {
  return spawnSync(process.execPath, [CLI, "simulate", ...args], { encoding: "utf8" });
}

describe("spikeloop simulate", () => {
  const dir = mkdtempSync(join(tmpdir(), "spikeloop-cli-"));

  it.each(["ts", "lua"])("reproduces a float64 golden file byte for byte on the %s backend", (backend) => {
    const c = neuronCases().find((k) => k.name === "rsynaptic_step_subtract_f64")!;
    const config = join(dir, `${backend}.json`);
    writeFileSync(config, JSON.stringify(layerConfig(c)));
    const out = join(dir, `${backend}.csv`);
    const result = simulate(["--config", config, "--input", join(GOLDEN_DIR, c.file), "--out", out, "--backend", backend]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(GOLDEN_DIR, c.file), "utf8"));
  });

  it("writes a multi-neuron trace with one row per step and neuron", () => {
    const config = join(dir, "leaky4.json");
    writeFileSync(config, JSON.stringify({ model: "Leaky", neurons: 4, beta: [0.5, 0.8, 0.9, 0.95], threshold: 1.0, reset_mechanism: "zero" }));
    const input = join(dir, "in4.csv");
    const rows = ["step,neuron,input"];
    for (let t = 0; t < 30; t++) for (let i = 0; i < 4; i++) rows.push(`${t},${i},0.3`);
    writeFileSync(input, rows.join("\n"));
    const out = join(dir, "leaky4.csv");
    expect(simulate(["--config", config, "--input", input, "--out", out]).status).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("step,neuron,input,mem,spk");
    expect(lines).toHaveLength(1 + 30 * 4);
    // beta 0.5 settles at 0.6 and never fires; the leakier the neuron, the later its first spike.
    const firstSpike = [0, 1, 2, 3].map((i) => lines.slice(1).map((l) => l.split(",")).find((c) => c[1] === String(i) && c[4] === "1.0")?.[0]);
    expect(firstSpike).toEqual([undefined, "4", "3", "3"]);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ["an unknown model", { model: "Hodgkin", neurons: 1 }, "model"],
    ["an unknown keyword", { model: "Leaky", neurons: 1, beta: 0.9, gamma: 1 }, "gamma"],
    ["alpha <= beta for Alpha", { model: "Alpha", neurons: 1, alpha: 0.5, beta: 0.9 }, "alpha"],
    ["a negative threshold", { model: "Leaky", neurons: 1, beta: 0.9, threshold: -0.1 }, "threshold"],
    ["a vector of the wrong length", { model: "Leaky", neurons: 1, beta: [0.9, 0.8] }, "beta"],
    ["a missing parameter", { model: "Synaptic", neurons: 1, beta: 0.9 }, "alpha"],
  ];
  it.each(invalid)("exits non-zero on %s, names the field and writes nothing", (name, layer, field) => {
    const config = join(dir, "bad.json");
    writeFileSync(config, JSON.stringify(layer));
    const out = join(dir, `bad-${field}.csv`);
    const result = simulate(["--config", config, "--input", join(GOLDEN_DIR, "leaky_step_zero_f64.csv"), "--out", out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(field);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it("rejects NaN written as JSON's non-standard token with a clear message", () => {
    const config = join(dir, "nan.json");
    writeFileSync(config, '{"model":"Leaky","neurons":1,"beta":NaN}');
    const result = simulate(["--config", config, "--input", join(GOLDEN_DIR, "leaky_step_zero_f64.csv"), "--out", join(dir, "nan.csv")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("not valid JSON");
  });

  it("reports an input row that is missing, with its step and neuron", () => {
    const config = join(dir, "two.json");
    writeFileSync(config, JSON.stringify({ model: "Leaky", neurons: 2, beta: 0.9 }));
    const input = join(dir, "gap.csv");
    writeFileSync(input, "step,neuron,input\n0,0,0.1\n0,1,0.1\n1,0,0.1\n");
    const result = simulate(["--config", config, "--input", input, "--out", join(dir, "gap-out.csv")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("step 1, neuron 1");
  });

  it("names a missing option and prints the usage", () => {
    const result = simulate(["--config", "x.json"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/missing --input[\s\S]*usage: spikeloop simulate/);
  });

  it("prints help", () => {
    expect(execFileSync(process.execPath, [CLI, "--help"], { encoding: "utf8" })).toContain("spikeloop simulate");
  });
});
