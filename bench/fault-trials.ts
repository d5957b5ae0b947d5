/**
 * Fault trials (`node dist/bench/fault-trials.js [trials] [steps] [rates, e.g. 0.001,0.01]
 * [lua5.1|emulator|node] [first seed]`): streamed runs over a link that damages bytes in both directions
 * (src/testing/faulty-link.ts: flip, drop, duplicate), each compared with the fault-free trace.
 * A trial ends one of three ways: the fault-free trace (completed), an error (failed clearly),
 * or another trace without an error (silent: the one outcome that must never happen). The
 * device is the firmware under lua5.1 through the stdio adapter, or on the in-process emulated
 * board (the same transpiled Lua, handed whole SysEx chunks as NodeMCU's UART does), or the
 * firmware's TypeScript source in Node (node-firmware-link.ts: the same code before
 * transpiling, fast enough for ten thousand trials); it starts afresh after every failed trial,
 * and the handshake and configuration are clean.
 */
import { NodeMcuEmulator, openEmulatorLink } from "../src/emulator/index.ts";
import { Device } from "../src/host/client/device.ts";
import { spawnStdioFirmware } from "../src/host/client/process-link.ts";
import type { Trace } from "../src/host/backends/backend.ts";
import type { Link } from "../src/io/link.ts";
import { faultyLink } from "../src/testing/faulty-link.ts";
import { predictionInputs } from "./board-prediction.ts";
import { nodeFirmwareLink } from "./node-firmware-link.ts";
import { leakyConfig } from "./workload.ts";

export interface FaultOutcomes {
  rate: number;
  trials: number;
  completed: number;
  failed: number;
  silent: number;
  /** The errors' names and codes, with how often each ended a trial. */
  errors: Record<string, number>;
}

const NEURONS = 8;
/** Resends of one frame before a run gives up. */
export const RETRIES = 200;

function same(a: Trace, b: Trace): boolean {
  return a.values.length === b.values.length && a.values.every((x, j) => Object.is(x, b.values[j]));
}

/**
 * Silence before a stream frame goes again (the emulated board answers within a millisecond or
 * two of host time; a process through pipes needs more); other requests wait REPLY_TIMEOUT_MS.
 */
const RETRY_AFTER_MS: Record<TrialDevice, number> = { "lua5.1": 25, emulator: 25, node: 2 };
const REPLY_TIMEOUT_MS = 1000;

export type TrialDevice = "lua5.1" | "emulator" | "node";

/** A fresh firmware: its link, and how to shut it down. */
async function firmware(device: TrialDevice): Promise<{ link: Link; close(): Promise<void> }> {
  if (device === "lua5.1") {
    const link = await spawnStdioFirmware("lua5.1");
    return { link, close: () => link.close() };
  }
  if (device === "node") {
    const link = nodeFirmwareLink();
    return { link, close: () => link.close() };
  }
  const board = await NodeMcuEmulator.create();
  return { link: openEmulatorLink(board), close: () => board.close() };
}

export async function faultTrials(rate: number, trials: number, steps: number, on: TrialDevice = "lua5.1", firstSeed = 1000): Promise<FaultOutcomes> {
  const currents = predictionInputs(NEURONS, steps, false);
  const out: FaultOutcomes = { rate, trials, completed: 0, failed: 0, silent: 0, errors: {} };
  let expected: Trace | undefined;
  let cleanFailures = 0;
  let open: { device: Device; link: ReturnType<typeof faultyLink>; close(): Promise<void> } | undefined;
  for (let t = 0; t < trials; t++) {
    if (open === undefined) {
      const fresh = await firmware(on);
      const link = faultyLink(fresh.link, { rate, seed: firstSeed + t });
      link.enabled = false;
      const device = await Device.open(link, { timeouts: { reply: REPLY_TIMEOUT_MS } });
      await device.configure(leakyConfig(NEURONS));
      open = { device, link, close: fresh.close };
    }
    const { device, link } = open;
    try {
      // Bytes of the last trial may still be on their way (a resend the device reads late),
      // and a request of the clean link fails on them: then the trial starts on a fresh device.
      await device.resetState();
      expected ??= await device.run(currents, { states: true });
      await device.resetState();
      cleanFailures = 0;
    } catch (err) {
      await device.close().catch(() => undefined);
      await open.close();
      open = undefined;
      if (++cleanFailures > 3) throw err;
      t--;
      continue;
    }
    link.enabled = true;
    try {
      const trace = await device.run(currents, { states: true, retries: RETRIES, retryAfterMs: RETRY_AFTER_MS[on] });
      if (same(trace, expected)) out.completed++;
      else out.silent++;
      link.enabled = false;
    } catch (err) {
      out.failed++;
      const e = err as Error & { code?: string };
      const key = `${e.name}${e.code === undefined ? "" : ` ${e.code}`}`;
      out.errors[key] = (out.errors[key] ?? 0) + 1;
      await device.close().catch(() => undefined);
      await open.close();
      open = undefined;
    }
  }
  await open?.device.close();
  await open?.close();
  return out;
}

export function formatFaultOutcomes(rows: FaultOutcomes[], steps: number): string {
  const lines = rows.map((r) => {
    const errors = Object.entries(r.errors).map(([k, v]) => `${k}: ${v}`).join(", ");
    return `rate ${(r.rate * 100).toFixed(1)}%: ${r.trials} trials of ${steps} steps: ${r.completed} completed, ${r.failed} failed clearly, ${r.silent} silent wrong traces${errors ? ` (${errors})` : ""}`;
  });
  return lines.join("\n");
}

if (process.argv[1]?.endsWith("fault-trials.js")) {
  const trials = Number(process.argv[2] ?? 100);
  const steps = Number(process.argv[3] ?? 300);
  const rates = (process.argv[4] ?? "0.001,0.01,0.05").split(",").map(Number);
  const on = (process.argv[5] ?? "lua5.1") as TrialDevice;
  const firstSeed = Number(process.argv[6] ?? 1000);
  if (on !== "lua5.1" && on !== "emulator" && on !== "node") throw new Error(`device must be lua5.1, emulator or node, got ${on}`);
  const rows: FaultOutcomes[] = [];
  for (const rate of rates) rows.push(await faultTrials(rate, trials, steps, on, firstSeed));
  console.log(`on ${{ emulator: "the emulated board", "lua5.1": "lua5.1 (stdio)", node: "the firmware's TypeScript in Node" }[on]}:`);
  console.log(formatFaultOutcomes(rows, steps));
}
