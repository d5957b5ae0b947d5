/**
 * `spikeloop simulate --network` as a user runs it (the built CLI): every golden network case
 * from its net.json, the NIR case from its .nir file, the trace layout, and bad files refused
 * with the field named, exit 2 and nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { type NetworkCase, networkCases, networkFile, networkJson } from "../helpers/network-golden.ts";

const dir = mkdtempSync(join(tmpdir(), "spikeloop-network-cli-"));

function readCsv(path: string): number[][] {
  return readFileSync(path, "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
}

/** The CLI's trace equals the golden one: same rows, same spikes, states within the case's tolerance. */
function expectGoldenCsv(c: NetworkCase, out: string, golden = networkFile(c, ".csv")): void {
  const header = readFileSync(out, "utf8").split("\n")[0];
  expect(header).toBe(readFileSync(golden, "utf8").split("\n")[0]);
  const got = readCsv(out);
  const want = readCsv(golden);
  expect(got).toHaveLength(want.length);
  const tolerance = c.dtype === "float64" ? 1e-9 : 1e-5;
  got.forEach((row, r) => {
    expect(row.slice(0, 3), `row ${r + 2}`).toEqual(want[r].slice(0, 3));
    expect(row[row.length - 1], `spike, row ${r + 2}`).toBe(want[r][row.length - 1]);
    row.forEach((x, k) => expect(Math.abs(x - want[r][k]), `row ${r + 2} column ${k}`).toBeLessThanOrEqual(tolerance));
  });
}

describe("spikeloop simulate --network", () => {
  it.each(networkCases().map((c) => [c.name, c] as const))("%s: net.json gives snnTorch's trace", async (_, c) => {
    const out = join(dir, `${c.name}.csv`);
    const result = await runCli(["simulate", "--network", networkFile(c, ".json"), "--input", networkFile(c, "_in.csv"), "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expectGoldenCsv(c, out);
  });

  it("reads snnTorch's .nir export and gives the trace of snnTorch's import_from_nir", async () => {
    const c = networkCases().find((k) => k.nir !== null)!;
    const out = join(dir, "nir.csv");
    const result = await runCli(["simulate", "--network", networkFile(c, ".nir"), "--input", networkFile(c, "_in.csv"), "--out", out, "--backend", "lua"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/float32 network 3 → 4 Leaky → 2 Leaky on the lua backend/);
    expectGoldenCsv(c, out);
  });

  it("--states writes every state of each layer's model, as the golden _states.csv", async () => {
    const c = networkCases().find((k) => k.name === "net_ff_synaptic_spikein_f64")!;
    const out = join(dir, "states.csv");
    const result = await runCli(["simulate", "--network", networkFile(c, ".json"), "--input", networkFile(c, "_in.csv"), "--out", out, "--states"]);
    expect(result.status).toBe(0);
    expectGoldenCsv(c, out, networkFile(c, "_states.csv"));
  });

  it.each([
    ["beta not a number", (n: any) => (n.layers[1].kwargs.beta = "x"), /invalid network: layers\[1\]\.kwargs\.beta: expected a finite number/],
    ["a weight row too short", (n: any) => n.layers[2].weight[0].pop(), /invalid network: layers\[2\]\.weight\[0\]: expected 8 numbers, got 7/],
    ["a neuron layer without its Linear", (n: any) => n.layers.splice(2, 1), /invalid network: layers\[2\]\.kind: expected a Linear before every neuron layer/],
    ["an unknown kind", (n: any) => (n.layers[3].kind = "Leaky2"), /invalid network: layers\[3\]\.kind: expected Linear or a neuron layer/],
    ["neurons unlike the Linear's out", (n: any) => (n.layers[1].neurons = 7), /invalid network: layers\[1\]\.neurons: the Linear before it has 8 outputs, got 7/],
    ["all_to_all without recurrent weights", (n: any) => Object.assign(n.layers[3], { kind: "RLeaky", kwargs: { beta: 0.8, all_to_all: true } }), /invalid network: layers\[3\]\.recurrent: an all_to_all layer needs/],
    ["int_frac_bits on a float network", (n: any) => (n.int_frac_bits = 16), /invalid network: int_frac_bits: applies to "dtype": "int" networks only/],
  ])("refuses %s: the field named, exit 2, nothing written", async (_, edit, message) => {
    const c = networkCases().find((k) => k.name === "net_ff_leaky_f64")!;
    const net = networkJson(c);
    edit(net);
    const path = join(dir, "bad.json");
    writeFileSync(path, JSON.stringify(net));
    const out = join(dir, "bad.csv");
    const result = await runCli(["simulate", "--network", path, "--input", networkFile(c, "_in.csv"), "--out", out]);
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses an input file with the wrong channels, exit 2, nothing written", async () => {
    const c = networkCases().find((k) => k.name === "net_ff_synaptic_spikein_f64")!;
    const out = join(dir, "channels.csv");
    const result = await runCli(["simulate", "--network", networkFile(c, ".json"), "--input", networkFile(networkCases()[0], "_in.csv"), "--out", out]);
    expect(result.stderr).toMatch(/invalid input: .*_in\.csv: no row for step 0, channel 3/);
    expect(result.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a file that is not HDF5 as a .nir, exit 2", async () => {
    const path = join(dir, "fake.nir");
    writeFileSync(path, "{}");
    const c = networkCases()[0];
    const result = await runCli(["simulate", "--network", path, "--input", networkFile(c, "_in.csv"), "--out", join(dir, "fake.csv")]);
    expect(result.stderr).toMatch(/invalid network: .*fake\.nir: not an HDF5 file/);
    expect(result.status).toBe(2);
  });
});

describe("spikeloop run --network", () => {
  it("runs a golden network on the emulated board in lockstep and writes snnTorch's trace", async () => {
    const c = networkCases().find((k) => k.name === "net_ff_synaptic_spikein_f64")!;
    const out = join(dir, "run.csv");
    const result = await runCli(["run", "--network", networkFile(c, ".json"), "--input", networkFile(c, "_in.csv"), "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^network 4 → 6 Synaptic → 3 Leaky, csv .*, 120 steps in lockstep mode on emulator/);
    expect(result.stdout).toMatch(/layer 1 \(Leaky, output\):\n {2}\d+ spikes in 120 steps from 3 neurons/);
    expectGoldenCsv(c, out);
  });

  it("takes run's encoders as the network's input channels", async () => {
    const result = await runCli(["run", "--network", join(import.meta.dirname, "..", "..", "examples", "network", "net.json"), "--input", "rate:p=0.5,seed=3", "--steps", "40"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/network 2 → 8 Leaky → 2 Leaky, rate p=0.5,seed=3, 40 steps/);
    expect(result.stdout).toMatch(/layer 0 \(Leaky\):\n {2}[1-9]\d* spikes in 40 steps from 8 neurons/);
  });

  it("--mode realtime on the emulated board's clock writes the lockstep trace byte for byte", async () => {
    const net = join(import.meta.dirname, "..", "..", "examples", "network", "net.json");
    const paths = ["lockstep", "realtime"].map((mode) => join(dir, `mode-${mode}.csv`));
    for (const [k, mode] of ["lockstep", "realtime"].entries()) {
      const result = await runCli(["run", "--network", net, "--input", "rate:p=0.5,seed=3", "--steps", "40", "--mode", mode, "--out", paths[k]]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
    }
    expect(readFileSync(paths[1], "utf8")).toBe(readFileSync(paths[0], "utf8"));
  });

  it("reads a live analog pin into every input channel in realtime, and asks for realtime otherwise", async () => {
    const net = join(import.meta.dirname, "..", "..", "examples", "network", "net.json");
    const live = await runCli(["run", "--network", net, "--input", "analog:A0", "--mode", "realtime", "--steps", "20"]);
    expect(live.stderr).toBe("");
    expect(live.status).toBe(0);
    expect(live.stdout).toMatch(/analog A0 x 1, 20 steps in realtime mode on emulator/);
    const lockstep = await runCli(["run", "--network", net, "--input", "analog:A0"]);
    expect(lockstep.status).toBe(2);
    expect(lockstep.stderr).toMatch(/add --mode realtime/);
  });
});
