/**
 * `spikeloop tutorial`: snnTorch Tutorial 2 on the emulated board through the wire, in-process,
 * every figure written and every trace checked against the shipped snnTorch references; and the
 * built CLI's exit codes when a reference differs or is missing.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRunTarget, type RunTarget } from "../../src/host/runner/target.ts";
import { EXPERIMENTS } from "../../src/host/tutorial/experiments.ts";
import { REFERENCE_DIR } from "../../src/host/tutorial/reference.ts";
import { type ExperimentResult, runTutorial } from "../../src/host/tutorial/run-tutorial.ts";
import { GOLDEN_DIR } from "../helpers/golden.ts";
import { CLI } from "../helpers/cli.ts";

const ROOT = join(import.meta.dirname, "..", "..");

describe("Tutorial 2 on the emulated board", () => {
  const out = mkdtempSync(join(tmpdir(), "spikeloop-tutorial-"));
  let target: RunTarget;
  let results: ExperimentResult[];
  const seen: string[] = [];
  beforeAll(async () => {
    target = await openRunTarget("emulator");
    results = await runTutorial(target, { outDir: out, onResult: (r) => seen.push(r.experiment.name) });
  });
  afterAll(() => target.close());

  it("runs every experiment and matches snnTorch's traces bit for bit", () => {
    expect(results.map((r) => r.experiment.name)).toEqual(EXPERIMENTS.map((e) => e.name));
    expect(seen).toEqual(EXPERIMENTS.map((e) => e.name));
    for (const r of results) {
      expect(r.problems, r.experiment.name).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.maxError, r.experiment.name).toBe(0);
    }
    // The spike counts snnTorch reports for these runs (cases.json num_spikes).
    const spikes = Object.fromEntries(results.map((r) => [r.experiment.name, r.spikes]));
    expect(spikes).toMatchObject({ step: 0, firing_step_0p2: 1, firing_step_0p3: 6, firing_thr0p5_step_0p3: 18, spike_input_subtract: 31, spike_input_zero: 26, spike_input_none: 198 });
  });

  it("writes an SVG and a self-contained HTML page per experiment, and an index", () => {
    const files = readdirSync(out);
    for (const e of EXPERIMENTS) {
      const svg = readFileSync(join(out, `${e.name}.svg`), "utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg.length, e.name).toBeGreaterThan(10_000);
      expect(svg).toContain("Membrane potential");
      expect(svg).toContain("threshold");
      // The output raster (the third panel) has one tick per spike of the run.
      const raster = svg.slice(svg.indexOf("role-mark concat_2_marks"));
      const ticks = raster.slice(0, raster.indexOf("</g>")).match(/aria-label="time step: \d+; neuron: 0"/g) ?? [];
      expect(ticks.length, e.name).toBe(results.find((r) => r.experiment.name === e.name)!.spikes);
      const html = readFileSync(join(out, `${e.name}.html`), "utf8");
      expect(html).toContain("<svg");
      expect(html).not.toMatch(/<script|<link|src="http/);
    }
    expect(readFileSync(join(out, "spike_input_zero.svg"), "utf8")).toContain("Input spikes");
    expect(files.filter((f) => f.endsWith(".partial"))).toEqual([]);
    const index = readFileSync(join(out, "index.html"), "utf8");
    expect(index.match(/PASS/g)?.length).toBe(EXPERIMENTS.length);
    expect(index).toContain('src="firing_step_0p3.svg"');
  });

  it("ships the references it checks against: the golden files, unchanged", () => {
    const shipped = readdirSync(REFERENCE_DIR).filter((f) => f.endsWith(".csv"));
    expect(shipped.length).toBe(EXPERIMENTS.length + 1);
    for (const f of shipped) expect(readFileSync(join(REFERENCE_DIR, f), "utf8"), f).toBe(readFileSync(join(GOLDEN_DIR, f), "utf8"));
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg.files).toContain("reference");
    expect(pkg.scripts.demo).toMatch(/cli\.js tutorial/);
  });
});

describe("spikeloop tutorial (the built CLI)", () => {
  const tutorial = (args: string[]) => spawnSync(process.execPath, [CLI, "tutorial", ...args], { encoding: "utf8" });

  it("prints FAIL for a trace that differs from its reference and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "spikeloop-tutorial-ref-"));
    cpSync(REFERENCE_DIR, dir, { recursive: true });
    const file = join(dir, "t2_lapicque_step_f64.csv");
    const lines = readFileSync(file, "utf8").split("\n");
    lines[51] = lines[51].replace(/^(50,0,[^,]+,)([^,]+)/, (_, head, mem) => `${head}${Number(mem) + 1e-6}`);
    writeFileSync(file, lines.join("\n"));
    const out = join(dir, "figures");
    const result = tutorial(["--out", out, "--reference", dir]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL step +200 steps: step 50 mem: /m);
    expect(result.stdout.match(/^PASS /gm)?.length).toBe(EXPERIMENTS.length - 1);
    expect(result.stderr).toMatch(/^spikeloop tutorial: 1 of 12 experiments differ from snnTorch's reference \(step\)/);
    expect(existsSync(join(out, "step.svg"))).toBe(true);
  });

  it("says which reference is missing, and refuses stray arguments", () => {
    const empty = mkdtempSync(join(tmpdir(), "spikeloop-tutorial-none-"));
    const missing = tutorial(["--out", join(empty, "figures"), "--reference", empty]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`${join(empty, "t2_spike_input_train.csv")}: the tutorial's spike train is missing`);
    const stray = tutorial(["figures"]);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toMatch(/Unexpected argument 'figures'.*\nusage: spikeloop tutorial/);
  });
});
