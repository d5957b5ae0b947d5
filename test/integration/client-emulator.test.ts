/**
 * The host client with the emulated NodeMCU board: the realtime loop on the board's timer (the
 * stdio adapter has none), on the emulator's virtual clock; and `spikeloop simulate` over the
 * wire backends, as a user runs it (the built CLI in a child process).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NodeMcuEmulator, openEmulatorLink } from "../../src/emulator/index.ts";
import { createLuaBackend } from "../../src/host/backends/lua.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { Device } from "../../src/host/client/device.ts";
import type { SpikeReport, StateReport } from "../../src/host/client/reports.ts";
import { GOLDEN_DIR, layerConfig, neuronCases } from "../helpers/golden.ts";

describe("the realtime loop on the emulated board", () => {
  it("steps on the board's timer, reports every `every` steps, and stops with the step count", async () => {
    const emulator = await NodeMcuEmulator.create();
    const device = await Device.open(openEmulatorLink(emulator));
    expect(device.info.hasTimer).toBe(true);
    const config = { model: "Leaky", neurons: 3, beta: [0.5, 0.8, 0.9], graded_spikes_factor: [1, 2, 3] };
    await device.configure(config);
    await device.setInputs([0.6, 0.3, 0.2]);
    const spikes: SpikeReport[] = [];
    const states: StateReport[] = [];
    device.on("spikes", (r) => spikes.push(r));
    device.on("states", (r) => states.push(r));
    await device.start({ periodMs: 10, every: 4, states: true });
    await expect(device.run({ steps: 1, channels: 3, values: new Float64Array(3) })).rejects.toMatchObject({ code: "realtime" });
    await expect(device.resetState()).rejects.toMatchObject({ code: "busy", wireCode: 37 });
    expect((await device.status()).mode).toBe("realtime");
    await emulator.advance(205);
    const steps = await device.stop();
    expect(steps).toBeGreaterThanOrEqual(20);

    // The same layer stepped `steps` times on the held inputs, by the lua backend.
    const lua = await createLuaBackend();
    const held = Float64Array.from({ length: steps * 3 }, (_, k) => [0.6, 0.3, 0.2][k % 3]);
    const expected = await lua.simulate(parseLayerConfig(config), { steps, channels: 3, values: held });
    await lua.close();
    const spk = (t: number, i: number) => expected.values[(t * 3 + i) * 2 + 1];
    const mem = (t: number, i: number) => expected.values[(t * 3 + i) * 2];

    // Spike reports cover every step once, in order (the last one sent by Stop).
    expect(spikes.map((r) => r.firstStep)).toEqual(spikes.map((_, k) => k * 4));
    expect(spikes.reduce((n, r) => n + r.steps, 0)).toBe(steps);
    const graded = spikes.flatMap((r) => Array.from(r.values));
    expect(graded).toEqual(Array.from({ length: steps * 3 }, (_, k) => spk(Math.floor(k / 3), k % 3)));
    expect(graded.some((x) => x === 2)).toBe(true);
    // States of the last step of each report.
    expect(states.length).toBe(Math.floor(steps / 4));
    for (const r of states) {
      expect(r.state).toBe("mem");
      expect(r.values).toEqual([0, 1, 2].map((i) => mem(r.firstStep, i)));
      expect(r.firstStep % 4).toBe(3);
    }
    await device.close();
    await emulator.close();
  });
});

describe("spikeloop simulate over the wire", () => {
  const CLI = join(import.meta.dirname, "..", "..", "dist", "src", "host", "cli.js");
  const dir = mkdtempSync(join(tmpdir(), "spikeloop-wire-cli-"));
  const c = neuronCases().find((k) => k.name === "rsynaptic_step_subtract_f64")!;
  const config = join(dir, "layer.json");
  writeFileSync(config, JSON.stringify(layerConfig(c)));
  const simulate = (out: string, args: string[]) =>
    spawnSync(process.execPath, [CLI, "simulate", "--config", config, "--input", join(GOLDEN_DIR, c.file), "--out", join(dir, out), ...args], {
      encoding: "utf8",
    });

  it.concurrent.each([[["--backend", "emulator"]], [["--backend", "emulator", "--lua", "lua5.1"]], [["--backend", "emulator", "--lua", "lua5.3"]]])(
    "%j reproduces the golden file byte for byte",
    async (args) => {
      const out = `${args.join("_")}.csv`;
      const result = simulate(out, args);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/on the emulator(\/lua5\.\d)? backend/);
      expect(readFileSync(join(dir, out), "utf8")).toBe(readFileSync(join(GOLDEN_DIR, c.file), "utf8"));
    },
  );

  it("refuses --lua without --backend emulator, and names an interpreter it cannot start", () => {
    const usage = simulate("x.csv", ["--backend", "lua", "--lua", "lua5.1"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--lua/);
    const missing = simulate("y.csv", ["--backend", "emulator", "--lua", "no-such-lua"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no-such-lua/);
  });
});
