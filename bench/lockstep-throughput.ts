/**
 * End-to-end lockstep throughput: the host client `Device` running the benchmark's Leaky layer
 * over the wire to a device running the transpiled firmware, timed from the host, with the bytes
 * counted in both directions on the link. Two devices: the in-process emulated NodeMCU board
 * (wasmoon) over `openEmulatorLink`, and the firmware under lua5.1 behind a pty (socat), opened
 * as a serial port.
 */
import { performance } from "node:perf_hooks";
import { stateIds } from "../src/shared/state-ids.ts";
import { NodeMcuEmulator, openEmulatorLink, startExternalLuaPty } from "../src/emulator/index.ts";
import { Device } from "../src/host/client/device.ts";
import type { EncodingName } from "../src/host/client/options.ts";
import { deviceArguments } from "../src/host/backends/backend.ts";
import { openSerialLink } from "../src/host/client/serial-link.ts";
import type { Link } from "../src/io/link.ts";
import { type CountingLink, countingLink } from "./counting-link.ts";
import { type Reference, reference } from "./reference.ts";
import { type WireMinimum, wireMinimum } from "./wire-minimum.ts";
import { type Workload, leakyConfig } from "./workload.ts";

/** A spikes-only run (`states: false`) or one that also returns the states. */
export interface LockstepCase {
  states: boolean;
  encoding: Exclude<EncodingName, "i32">;
}

export const LOCKSTEP_CASES: LockstepCase[] = [
  { states: false, encoding: "f64" },
  { states: false, encoding: "f16" },
  { states: true, encoding: "f64" },
  { states: true, encoding: "f32" },
  { states: true, encoding: "f16" },
];

export interface LockstepRow extends LockstepCase {
  /** "emulator" or "lua5.1 pty". */
  target: string;
  n: number;
  /** Steps per timed run. */
  steps: number;
  /** Steps per second of the best timed run. */
  stepsPerSecond: number;
  /** Measured bytes per step in each direction, and the information minimum. */
  sentPerStep: number;
  receivedPerStep: number;
  minimum: WireMinimum;
}

export interface LockstepTiming {
  /** Timed runs per row; the best counts. */
  runs: number;
  /** Length of each timed run, calibrated on a short first run. */
  runSeconds: number;
}

export const FULL_LOCKSTEP: LockstepTiming = { runs: 2, runSeconds: 0.3 };
export const QUICK_LOCKSTEP: LockstepTiming = { runs: 1, runSeconds: 0.04 };

/** Steps of the calibration run; timed runs take 20 steps at least, the whole block at most. */
const CALIBRATION_STEPS = 20;

export interface Target {
  name: string;
  /** Opens a fresh device link; `close` ends what it started. */
  open(): Promise<{ link: Link; close(): Promise<void> }>;
}

export const EMULATOR_TARGET: Target = {
  name: "emulator",
  async open() {
    const emulator = await NodeMcuEmulator.create();
    return { link: openEmulatorLink(emulator), close: () => emulator.close() };
  },
};

export const LUA51_PTY_TARGET: Target = {
  name: "lua5.1 pty",
  async open() {
    const pty = await startExternalLuaPty({ lua: "lua5.1" });
    try {
      return { link: await openSerialLink(pty.path), close: () => pty.close() };
    } catch (err) {
      await pty.close();
      throw err;
    }
  },
};

/** The first `steps` steps of the workload, with their own reference. */
function prefix(w: Workload, steps: number): { w: Workload; ref: Reference } {
  const k = Math.min(steps, w.currents.steps);
  const currents = { steps: k, channels: w.n, values: w.currents.values.slice(0, k * w.n) };
  const short = { ...w, currents, device: deviceArguments(w.spec, currents) };
  return { w: short, ref: reference(short) };
}

/**
 * A timed run of full f64 precision must match the device code's `simulate` bit for bit (its
 * spike count, and the last step's membranes when states come back); f32/f16 round the inputs.
 */
function check(target: string, w: Workload, ref: Reference, c: LockstepCase, values: Float64Array, width: number): string | undefined {
  const label = `${target}, ${w.n} neurons, ${c.states ? "states" : "spikes"} ${c.encoding}`;
  let spikes = 0;
  for (let j = 0; j < w.currents.steps * w.n; j++) if (values[j * width + width - 1] !== 0) spikes++;
  const expected = Math.round(ref.spikeRate * w.currents.steps * w.n);
  if (spikes !== expected) return `${label}: ${spikes} spikes, expected ${expected}`;
  if (!c.states) return undefined;
  let memSum = 0;
  const last = (w.currents.steps - 1) * w.n;
  for (let i = 0; i < w.n; i++) memSum += values[(last + i) * width];
  return memSum === ref.memSum ? undefined : `${label}: membrane sum ${memSum}, expected ${ref.memSum}`;
}

/** Runs `w` from rest; resolves with the seconds it took, the trace and the bytes it moved. */
async function timedRun(device: Device, link: CountingLink, w: Workload, c: LockstepCase) {
  await device.resetState();
  link.reset();
  const start = performance.now();
  const trace = await device.run(w.currents, c);
  return { seconds: (performance.now() - start) / 1000, trace, counts: link.counts() };
}

/** Calibrates the run length, times `timing.runs` runs and checks the first one (F64 only). */
async function timeCase(device: Device, link: CountingLink, target: string, w: Workload, c: LockstepCase, timing: LockstepTiming, failures: string[]) {
  const calibration = await timedRun(device, link, prefix(w, CALIBRATION_STEPS).w, c);
  const { w: block, ref } = prefix(w, Math.max(CALIBRATION_STEPS, Math.round((timing.runSeconds * CALIBRATION_STEPS) / calibration.seconds)));
  const runs = [];
  for (let r = 0; r < timing.runs; r++) runs.push(await timedRun(device, link, block, c));
  const { trace, counts } = runs[0];
  if (c.encoding === "f64") {
    const problem = check(target, block, ref, c, trace.values, trace.columns.length);
    if (problem !== undefined) failures.push(problem);
  }
  const steps = block.currents.steps;
  const best = Math.min(...runs.map((r) => r.seconds));
  return { steps, stepsPerSecond: steps / best, sentPerStep: counts.sent / steps, receivedPerStep: counts.received / steps };
}

/** Every case at every neuron count on one target; failed checks go to `failures`. */
export async function measureLockstep(target: Target, workloads: Workload[], timing: LockstepTiming, failures: string[]): Promise<LockstepRow[]> {
  const rows: LockstepRow[] = [];
  // A fresh device per layer size: each starts from the same free heap, whatever ran before.
  for (const w of workloads) {
    const opened = await target.open();
    const link = countingLink(opened.link);
    try {
      const device = await Device.open(link);
      await device.configure(leakyConfig(w.n));
      for (const c of LOCKSTEP_CASES) {
        const timed = await timeCase(device, link, target.name, w, c, timing, failures);
        rows.push({ target: target.name, n: w.n, ...c, ...timed, minimum: wireMinimum(w.n, c.encoding, c.states ? stateIds(w.spec.model).length : 0) });
      }
      await device.close();
    } finally {
      await opened.close();
    }
  }
  return rows;
}
