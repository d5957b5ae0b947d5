/**
 * `spikeloop run` as a user runs it (the built CLI in a child process) on the emulated board:
 * lockstep and realtime give the trace the lua backend computes, inputs from every encoder and a
 * CSV file, the figure, the summary and chart, the progress bar on a terminal, the error paths;
 * and a live analog pin (Firmata analog reporting) scripted on the emulator, through the library.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLuaBackend } from "../../src/host/backends/lua.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { formatTraceCsv } from "../../src/host/csv.ts";
import type { Currents } from "../../src/host/currents.ts";
import { rateTrain } from "../../src/host/inputs/encoders.ts";
import { constant, step } from "../../src/host/inputs/shapes.ts";
import { parseInputSpec } from "../../src/host/runner/inputs.ts";
import { runRealtime } from "../../src/host/runner/realtime.ts";
import { runLayer } from "../../src/host/runner/run.ts";
import { openRunTarget } from "../../src/host/runner/target.ts";
import { CLI } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "spikeloop-run-"));
const LAYER = { model: "Leaky", neurons: 2, beta: [0.9, 0.8], threshold: [1, 0.5] };
const config = join(dir, "layer.json");
writeFileSync(config, JSON.stringify(LAYER));

const spikeloop = (args: string[]) => spawnSync(process.execPath, [CLI, "run", ...args], { encoding: "utf8" });

async function expectedCsv(inputs: Currents, layer: object = LAYER): Promise<string> {
  const lua = await createLuaBackend();
  try {
    return formatTraceCsv(await lua.simulate(parseLayerConfig(layer), inputs), inputs);
  } finally {
    await lua.close();
  }
}

describe("spikeloop run on the emulated board", () => {
  it.concurrent.each(["lockstep", "realtime"])("%s: records the lua backend's trace, plots it and summarises it", async (mode) => {
    const out = join(dir, `${mode}.csv`);
    const plot = join(dir, `${mode}-figure.svg`);
    const result = spikeloop(["--config", config, "--input", "step:amplitude=0.3/0.2,start=5", "--steps", "60", "--mode", mode, "--out", out, "--plot", plot]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(await expectedCsv(step(60, 2, [0.3, 0.2], 5)));
    expect(readFileSync(plot, "utf8")).toContain("Membrane potential");
    expect(readFileSync(join(dir, `${mode}-figure.html`), "utf8")).toContain("<svg");
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(`Leaky x 2, step amplitude=0.3/0.2,start=5, 60 steps in ${mode} mode on emulator, computed in float64 on a board with doubles`);
    expect(result.stdout).toMatch(/^\d+ spikes in 60 steps from 2 neurons$/m);
    expect(result.stdout).toMatch(mode === "realtime" ? /^  neuron 1: \d+ spikes, [\d.]+ per step, [\d.]+ Hz$/m : /^  neuron 1: \d+ spikes, [\d.]+ per step$/m);
    expect(result.stdout).toContain("membrane of neuron 0:");
    expect(lines.filter((l) => l.includes(" ┤")).length).toBe(8);
    expect(result.stdout).toMatch(/^ spikes  .*\|/m);
    expect(result.stdout).not.toContain("\r");
  });

  it("takes a CSV file, and the rate encoder's seeded train", async () => {
    const csv = join(dir, "in.csv");
    const inputs = constant(30, 2, [0.4, 0.6]);
    writeFileSync(csv, ["step,neuron,input", ...Array.from({ length: 60 }, (_, k) => `${k >> 1},${k & 1},${inputs.values[k]}`)].join("\n"));
    const fromCsv = spikeloop(["--config", config, "--input", csv, "--out", join(dir, "csv.csv")]);
    expect(fromCsv.status).toBe(0);
    expect(readFileSync(join(dir, "csv.csv"), "utf8")).toBe(await expectedCsv(inputs));
    const rate = spikeloop(["--config", config, "--input", "rate:p=0.5,seed=7", "--steps", "40", "--out", join(dir, "rate.csv")]);
    expect(rate.status).toBe(0);
    expect(readFileSync(join(dir, "rate.csv"), "utf8")).toBe(await expectedCsv(rateTrain([0.5, 0.5], 40, { seed: 7 })));
  });

  it("parses every input kind into the encoders' output", () => {
    const signal = join(dir, "signal.csv");
    writeFileSync(signal, "step,neuron,input\n0,0,0\n1,0,0.5\n2,0,0.1\n3,0,0.9\n");
    const kinds: [string, number[]][] = [
      ["constant:amplitude=0.2", [0.2, 0.2, 0.2, 0.2]],
      ["pulse:amplitude=1,start=1,end=3", [0, 1, 1, 0]],
      ["current-spike:amplitude=0.5,at=2", [0, 0, 0.5, 0]],
      ["latency:data=0.5,tau=1,threshold=0.01", [1, 0, 0, 0]],
      ["latency:data=0.5,linear,tau=4", [0, 0, 1, 0]],
      [`delta:file=${signal},threshold=0.3,off-spike`, [0, 1, -1, 1]],
    ];
    for (const [spec, values] of kinds) {
      const source = parseInputSpec(spec, 1, 4);
      expect(source.kind, spec).toBe("currents");
      if (source.kind === "currents") expect(Array.from(source.currents.values), spec).toEqual(values);
    }
    expect(parseInputSpec("analog:A0,scale=2", 3, 10)).toMatchObject({ kind: "analog", channel: 0, scale: 2 });
  });

  it("draws a progress bar on a terminal, and none into a pipe", () => {
    const args = ["run", "--config", config, "--input", "constant:amplitude=0.3", "--steps", "600"];
    const piped = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
    expect(piped.status).toBe(0);
    expect(piped.stdout).not.toMatch(/\r|\[#/);
    const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(" ");
    const tty = spawnSync("script", ["-qec", command, "/dev/null"], { encoding: "utf8" });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toMatch(/\rlockstep on emulator \[#+\] 100% 600\/600 steps\r?\n/);
    expect(tty.stdout).toMatch(/\rlockstep on emulator \[#*-+\] \d{1,2}% \d+\/600 steps/);
    expect(tty.stdout).toContain("spikes in 600 steps from 2 neurons");
  });
});

describe("spikeloop run: bad command lines", () => {
  const cases: [string, string[], number, RegExp][] = [
    ["no --config", ["--input", "constant:amplitude=1"], 2, /^spikeloop run: missing --config\nusage: spikeloop run --config/],
    ["no --input", ["--config", config], 2, /^spikeloop run: missing --input/],
    ["an unknown mode", ["--config", config, "--input", "constant:amplitude=1", "--mode", "fast"], 2, /unknown mode "fast" \(expected lockstep, realtime\)/],
    ["zero steps", ["--config", config, "--input", "constant:amplitude=1", "--steps", "0"], 2, /--steps must be a whole number >= 1, got "0"/],
    ["a bad period", ["--config", config, "--input", "constant:amplitude=1", "--period", "1.5"], 2, /--period must be a whole number >= 1, got "1.5"/],
    ["an unknown input kind", ["--config", config, "--input", "sine:amplitude=1"], 2, /^spikeloop run: invalid input: unknown input kind "sine" \(expected constant, step/],
    ["an amplitude per neuron too many", ["--config", config, "--input", "step:amplitude=1/2/3"], 2, /invalid input: amplitude needs one value or 2 \(one per neuron\), got 3/],
    ["a non-number", ["--config", config, "--input", "step:amplitude=x"], 2, /invalid input: amplitude must be a finite number, got "x"/],
    ["an unknown option", ["--config", config, "--input", "step:amplitude=1,stop=3"], 2, /invalid input: step: unknown option "stop" \(it takes amplitude, start\)/],
    ["a window past the end", ["--config", config, "--input", "pulse:amplitude=1,start=5,end=500"], 2, /invalid input: pulse: end: must be an integer with 0 <= end <= 100 \(got 500\)/],
    ["analog in lockstep", ["--config", config, "--input", "analog:A0"], 2, /live analog input .*: add --mode realtime/],
    ["a bad analog pin", ["--config", config, "--input", "analog:D4", "--mode", "realtime"], 2, /invalid input: analog needs a pin: "analog:A0", got "D4"/],
    ["an --out folder that is not there", ["--config", config, "--input", "constant:amplitude=1", "--out", join(dir, "no", "t.csv")], 2, /--out: the folder .*\/no does not exist/],
    ["a --plot folder that is not there", ["--config", config, "--input", "constant:amplitude=1", "--plot", join(dir, "no", "f.svg")], 2, /--plot: the folder .*\/no does not exist/],
    ["a missing input file", ["--config", config, "--input", join(dir, "nope.csv")], 2, /^spikeloop run: --input: there is no file .*nope\.csv\nusage: /],
  ];
  it.each(cases)("%s: message and exit code", (_, args, status, message) => {
    const result = spikeloop(args);
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(status);
    expect(result.stdout).toBe("");
  });

  it("an invalid layer config: exit 2, the field named", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ model: "Leaky", neurons: 2 }));
    const result = spikeloop(["--config", bad, "--input", "constant:amplitude=1"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^spikeloop run: invalid layer config: beta: required by Leaky/);
  });
});

describe("a live analog pin as input (Firmata analog reporting)", () => {
  it("feeds A0's readings to every neuron in realtime, and the trace follows them", async () => {
    const target = await openRunTarget("emulator");
    try {
      // A knob turned after 100 ms: one sample per ms from now, the last one holds.
      target.emulator!.pins.setAnalogInput(Array.from({ length: 101 }, (_, ms) => (ms < 100 ? 256 : 768)));
      const spec = parseLayerConfig(LAYER);
      const source = parseInputSpec("analog:A0,scale=0.8", 2, 30);
      const run = await runLayer(target, spec, source, { mode: "realtime", periodMs: 10, steps: 30 });
      const sent = Array.from(run.inputs.values);
      const [low, high] = [(256 / 1024) * 0.8, (768 / 1024) * 0.8];
      expect(sent.slice(0, 10)).toEqual(new Array(10).fill(low));
      expect(sent.slice(-20)).toEqual(new Array(20).fill(high));
      expect(new Set(sent)).toEqual(new Set([low, high]));
      // Every step ran on the reading it was sent.
      expect(formatTraceCsv(run.trace, run.inputs)).toBe(await expectedCsv(run.inputs));
    } finally {
      await target.close();
    }
  });

  it("a pin that never reports: exit 1, the pin named", () => {
    const result = spikeloop(["--config", config, "--input", "analog:A1", "--mode", "realtime", "--steps", "5"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("spikeloop run: emulator: no report from analog pin A1 within 2000 ms (does the board have it?)\n");
  });

  it("runs from the CLI on the emulator's unconnected A0", () => {
    const out = join(dir, "analog.csv");
    const result = spikeloop(["--config", config, "--input", "analog:A0", "--mode", "realtime", "--steps", "20", "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Leaky x 2, analog A0 x 1, 20 steps in realtime mode on emulator, computed in float64 on a board with doubles$/m);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, "utf8").split("\n").length).toBe(42);
  });
});

describe("a realtime run whose device falls silent", () => {
  it("fails with report-timeout naming the step, and stops the loop", async () => {
    const target = await openRunTarget("emulator");
    try {
      await target.device.configure(LAYER);
      // The virtual clock is never moved, so the device never steps.
      const run = runRealtime(target.device, { periodMs: 10, steps: 5, inputAt: () => [0.5, 0.5], reportTimeoutMs: 50 });
      await expect(run).rejects.toMatchObject({ code: "report-timeout", message: "emulator: no report of step 0 within 60 ms" });
      expect((await target.device.status()).mode).toBe("idle");
    } finally {
      await target.close();
    }
  });
});
