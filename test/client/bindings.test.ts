/**
 * On-device bindings on the emulated NodeMCU board (the transpiled firmware in its Lua VM, on
 * the virtual clock): a scripted ramp on A0 feeds neurons' currents inside the realtime loop,
 * the spikes match what `spikeloop simulate` (the built CLI) predicts for the currents the board
 * sampled, and the bound pins change in the very step of each spike.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NodeMcuEmulator, openEmulatorLink, type PinEvent } from "../../src/emulator/index.ts";
import { Device } from "../../src/host/client/device.ts";
import { DeviceRejectedError, DeviceUsageError } from "../../src/host/client/errors.ts";
import type { SpikeReport } from "../../src/host/client/reports.ts";
import { CLI } from "../helpers/cli.ts";

const PERIOD_MS = 10;

/** `spikeloop simulate` of `config` on per-step currents; returns spk[step][neuron]. */
function simulate(config: object, currents: number[][]): number[][] {
  const dir = mkdtempSync(join(tmpdir(), "spikeloop-bindings-"));
  writeFileSync(join(dir, "layer.json"), JSON.stringify(config));
  const rows = currents.flatMap((row, t) => row.map((x, i) => `${t},${i},${x}`));
  writeFileSync(join(dir, "input.csv"), ["step,neuron,input", ...rows].join("\n") + "\n");
  const run = spawnSync(process.execPath, [CLI, "simulate", "--config", join(dir, "layer.json"), "--input", join(dir, "input.csv"), "--out", join(dir, "out.csv")], {
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  const spk = currents.map((row) => row.map(() => 0));
  for (const line of readFileSync(join(dir, "out.csv"), "utf8").trim().split("\n").slice(1)) {
    const [t, i, , , s] = line.split(",").map(Number);
    spk[t][i] = s > 0 ? 1 : 0;
  }
  return spk;
}

/** The level (or duty) of a pin at the end of each step, from its output history. */
function levels(events: PinEvent[], stepTimes: number[], initial = 0): number[] {
  let level = initial;
  let e = 0;
  return stepTimes.map((time) => {
    for (; e < events.length && events[e].timeUs <= time; e++) level = events[e].value;
    return level;
  });
}

describe("on-device bindings in the realtime loop", () => {
  it("turns an analog ramp into the spikes simulate predicts, and drives pins in the same step", async () => {
    const emulator = await NodeMcuEmulator.create();
    const device = await Device.open(openEmulatorLink(emulator));
    const config = { model: "Leaky", neurons: 2, beta: [0.9, 0.8], threshold: 1 };
    await device.configure(config);
    await device.setInputs([0, 0.3]);
    // Neuron 0: A0 alone, sampled every step. Neuron 1: the host's 0.3 plus A0 every 4 steps.
    await device.bindInput({ neuron: 0, pin: 9, gain: 0.001 });
    await device.bindInput({ neuron: 1, pin: 9, gain: 0.0005, offset: 0.1, every: 4, mix: true });
    await device.bindOutput({ neuron: 0, pin: 1, mode: "pulse", ms: 5 });
    await device.bindOutput({ neuron: 1, pin: 2, mode: "toggle" });
    await device.bindOutput({ neuron: 0, pin: 5, mode: "rate", window: 10, low: 0, high: 1000 });
    await device.bindOutput({ neuron: 0, pin: 6, mode: "servo", window: 10 }); // 1000–2000 µs
    expect(emulator.pins.state(6).pwm).toMatchObject({ clock: 50, duty: 51 }); // 1000 µs of 20000 at 10 bits

    const t0 = emulator.clock.now();
    const samples = new Map<number, number>();
    emulator.pins.setAnalogInput((timeUs) => {
      const reading = Math.min(1024, Math.floor((timeUs - t0) / 3000)); // a ramp: one count per 3 ms
      samples.set(timeUs, reading);
      return reading;
    });
    const reports: SpikeReport[] = [];
    device.on("spikes", (r) => reports.push(r));
    emulator.pins.clearHistory();
    await device.start({ periodMs: PERIOD_MS, every: 10 });
    await emulator.advance(3000);
    const steps = await device.stop();
    expect(steps).toBeGreaterThanOrEqual(290);

    // Every step sampled A0 once (neuron 0's binding), at the step's own time.
    const stepTimes = [...samples.keys()].sort((a, b) => a - b);
    expect(stepTimes.length).toBe(steps);
    const reading = stepTimes.map((t) => samples.get(t)!);
    const currents = reading.map((r, s) => [0.001 * r, 0.3 + (0.0005 * reading[s - (s % 4)] + 0.1)]);
    const predicted = simulate(config, currents);

    const got = Array.from({ length: steps }, () => [0, 0]);
    for (const r of reports) for (let k = 0; k < r.steps * 2; k++) got[r.firstStep + Math.floor(k / 2)][k % 2] = r.values[k] > 0 ? 1 : 0;
    expect(got).toEqual(predicted);
    const spikes0 = predicted.map((row) => row[0]);
    expect(spikes0.slice(0, 20)).not.toContain(1); // the ramp starts below threshold…
    expect(spikes0.filter((x) => x === 1).length).toBeGreaterThan(20); // …and ends above it

    // Pulse (5 ms < one 10 ms step: one step long): high exactly in the steps neuron 0 fired.
    const pulse = emulator.pins.history(1);
    expect(pulse.every((e) => samples.has(e.timeUs))).toBe(true); // pin changes happen at step times
    expect(levels(pulse, stepTimes)).toEqual(spikes0);
    // Toggle: flips at each spike of neuron 1.
    let level = 0;
    expect(levels(emulator.pins.history(2), stepTimes)).toEqual(predicted.map((row) => (level ^= row[1])));
    // Rate: duty = 1000 · spikes / 10 at the end of every 10-step window.
    const duty = emulator.pins.history(5).filter((e) => e.kind === "pwm");
    let last = 0;
    const expected: number[] = [];
    for (let s = 0; s < steps; s++) {
      if ((s + 1) % 10 === 0) last = 100 * spikes0.slice(s - 9, s + 1).reduce((a, b) => a + b, 0);
      expected.push(last);
    }
    expect(levels(duty, stepTimes)).toEqual(expected);
    expect(Math.max(...expected)).toBeGreaterThan(0);
    // Servo: the pulse width follows the same rate, 1000 µs + 1000 µs · spikes / 10, as a 10-bit duty at 50 Hz.
    const servo = expected.map((d) => Math.floor(((1000 + d) * 1023) / 20000 + 0.5));
    expect(levels(emulator.pins.history(6).filter((e) => e.kind === "pwm"), stepTimes, 51)).toEqual([...Array(9).fill(51), ...servo.slice(9)]);

    // Clearing drops the pins low and stops the bindings.
    await device.clearBindings();
    expect(emulator.pins.state(5).pwm?.duty).toBe(0);
    await device.close();
    await emulator.close();
  });

  it("runs bindings in lockstep too, and refuses bad bindings without losing the good ones", async () => {
    const emulator = await NodeMcuEmulator.create();
    const device = await Device.open(openEmulatorLink(emulator));
    await expect(device.bindInput({ neuron: 0, pin: 9 })).rejects.toMatchObject({ code: "not-configured" });
    const config = { model: "Leaky", neurons: 3, beta: 0.5, threshold: 1 };
    await device.configure(config);
    emulator.pins.setAnalogInput(700);

    // Refused on the host: nothing sent.
    for (const bad of [{ neuron: 3, pin: 9 }, { neuron: 0, pin: 9, gain: Number.NaN }, { neuron: 0, pin: 9, every: 0 }]) {
      await expect(device.bindInput(bad)).rejects.toBeInstanceOf(DeviceUsageError);
    }
    // Refused by the device: pin 1 has no ADC; pin 0 has no PWM; duty above 10 bits.
    const refusals = [
      device.bindInput({ neuron: 0, pin: 1 }),
      device.bindOutput({ neuron: 0, pin: 0, mode: "rate", window: 5 }),
      device.bindOutput({ neuron: 0, pin: 5, mode: "rate", window: 5, high: 4000 }),
    ];
    const details = [];
    for (const r of refusals) {
      const err = await r.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeviceRejectedError);
      expect((err as DeviceRejectedError).code).toBe("bad-binding");
      details.push((err as DeviceRejectedError).detail);
    }
    expect(details).toEqual([2, 2, 5]);

    await device.bindInput({ neuron: 1, pin: 9, gain: 0.001, offset: 0.05 });
    await device.bindInput({ neuron: 2, pin: 9, gain: 0.0002, mix: true });
    for (let k = 0; k < 7; k++) await device.bindOutput({ neuron: 1, pin: 3, mode: "toggle" });
    await device.bindOutput({ neuron: 1, pin: 4, mode: "pulse", ms: 1 });
    await expect(device.bindOutput({ neuron: 1, pin: 6, mode: "toggle" })).rejects.toMatchObject({ code: "bindings-full", detail: 8 });

    const host = [0.6, 0.2, 0.1];
    const trace = await device.run({ steps: 40, channels: 3, values: Float64Array.from({ length: 120 }, (_, k) => host[k % 3]) });
    const currents = Array.from({ length: 40 }, () => [0.6, 0.001 * 700 + 0.05, 0.1 + 0.0002 * 700]);
    const predicted = simulate(config, currents);
    const spk = Array.from({ length: 40 }, (_, t) => [0, 1, 2].map((i) => (trace.values[(t * 3 + i) * 2 + 1] > 0 ? 1 : 0)));
    expect(spk).toEqual(predicted);

    // A new layer drops the bindings: the same inputs now run unbound.
    await device.configure(config);
    const unbound = await device.run({ steps: 40, channels: 3, values: Float64Array.from({ length: 120 }, (_, k) => host[k % 3]) });
    const plain = simulate(config, Array.from({ length: 40 }, () => host));
    expect(Array.from({ length: 40 }, (_, t) => [0, 1, 2].map((i) => (unbound.values[(t * 3 + i) * 2 + 1] > 0 ? 1 : 0)))).toEqual(plain);
    await device.close();
    await emulator.close();
  });
});
