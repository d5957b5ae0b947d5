/**
 * Device cost in Lua VM instructions per step: the firmware under lua5.1 (NodeMCU's Lua
 * version) through the stdio adapter, with a debug.sethook count hook around every
 * runtime.feed (bench/lua/count_feed.lua), driven by the host client `Device` as users drive it.
 * Instruction counts are deterministic: the same run gives the same count on any machine.
 *
 * What is counted: everything the firmware does for the bytes it receives (parsing, frame
 * checks, decoding, the kernel, encoding and sending replies), not the adapter turning the
 * UART's string into bytes (NodeMCU's main.lua does that with one string.byte call per chunk).
 */
import { FIRMWARE_APP_DIR, PACKAGE_ROOT } from "../src/io/paths.ts";
import { Device } from "../src/host/client/device.ts";
import type { RunOptions } from "../src/host/client/lockstep.ts";
import { type ProcessLink, spawnProcessLink } from "../src/host/client/process-link.ts";
import { join } from "node:path";
import { Op } from "../src/shared/protocol.ts";
import { predictionInputs } from "./board-prediction.ts";
import { leakyConfig } from "./workload.ts";

const COUNTER = join(PACKAGE_ROOT, "bench", "lua", "count_feed.lua");
const ADAPTER = join(PACKAGE_ROOT, "firmware", "stdio", "main.lua");

export interface VmCase {
  label: string;
  n: number;
  options: RunOptions;
  /** The inputs are 0/1 (spike encoding) rather than currents. */
  spikeInputs?: boolean;
}

/** The cases the targets name, and the ones beside them. */
export const VM_CASES: VmCase[] = [
  { label: "64 neurons, float64 inputs, states returned (F64)", n: 64, options: { states: true, encoding: "f64" } },
  { label: "64 neurons, float32 inputs, spikes only", n: 64, options: { states: false, encoding: "f32" } },
  { label: "64 neurons, spike inputs, spikes only", n: 64, options: { states: false, inputEncoding: "spike" }, spikeInputs: true },
  { label: "64 neurons, float64 inputs, spikes only", n: 64, options: { states: false, encoding: "f64" } },
  { label: "1 neuron, float64 inputs, states returned (F64)", n: 1, options: { states: true, encoding: "f64" } },
];

/** The targets (VM instructions per step) for the first two cases. */
export const VM_TARGETS: Record<string, number> = {
  [VM_CASES[0].label]: 12000,
  [VM_CASES[1].label]: 5000,
};


/** The count the firmware wrote after its last Status frame was handled. */
async function countAfterStatus(link: ProcessLink): Promise<number> {
  for (let tries = 0; tries < 400; tries++) {
    const lines = link.stderr().trim().split("\n");
    const last = lines[lines.length - 1]?.split(" ");
    if (last?.[0] === "vm" && Number(last[1]) === Op.Status) return Number(last[2]);
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`count_feed.lua reported no count after a Status: ${link.stderr().slice(-200)}`);
}

/** Instructions the firmware executed for `run`, less a Status exchange's own. */
async function measured(device: Device, link: ProcessLink, run: () => Promise<unknown>): Promise<number> {
  await device.status();
  const a = await countAfterStatus(link);
  await device.status();
  const b = await countAfterStatus(link);
  await run();
  await device.status();
  const c = await countAfterStatus(link);
  return c - b - (b - a);
}

export interface VmRow {
  label: string;
  steps: number;
  perStep: number;
  target: number | undefined;
  /**
   * How the frame check XORs: with a C `bit.bxor` as NodeMCU has (lua-bitop here), or in
   * arithmetic, several times the instructions, when lua5.1 has no `bit` module.
   */
  xor: "bit.bxor" | "arithmetic";
}

/** VM instructions per step of each case over `steps` steps (lua5.1 must be installed). */
export async function measureVmInstructions(steps = 100, cases: VmCase[] = VM_CASES): Promise<VmRow[]> {
  const rows: VmRow[] = [];
  for (const c of cases) {
    const link = await spawnProcessLink("lua5.1", [COUNTER, FIRMWARE_APP_DIR, ADAPTER]);
    try {
      const device = await Device.open(link);
      await device.configure(leakyConfig(c.n));
      const currents = predictionInputs(c.n, steps, c.spikeInputs === true);
      const total = await measured(device, link, () => device.run(currents, c.options));
      const xor = link.stderr().includes("novm-bit") ? "arithmetic" : "bit.bxor";
      rows.push({ label: c.label, steps, perStep: total / steps, target: VM_TARGETS[c.label], xor });
      await device.close();
    } finally {
      await link.close();
    }
  }
  return rows;
}

export function formatVmRows(rows: VmRow[]): string {
  const lines = rows.map((r) => {
    const target = r.target === undefined ? "" : `  target <= ${r.target}: ${r.perStep <= r.target ? "met" : "MISSED"}`;
    return `${r.label.padEnd(52)} ${Math.round(r.perStep).toString().padStart(8)}${target}`;
  });
  const xor = rows.some((r) => r.xor === "arithmetic")
    ? "frame check without a bit module (install lua-bitop: NodeMCU has bit.bxor), so these counts are HIGHER than a board's"
    : "frame check with bit.bxor (lua-bitop, as NodeMCU's bit)";
  return [`${"case (streamed lockstep, lua5.1)".padEnd(52)} ${"VM instr/step".padStart(8)}`, ...lines, xor].join("\n");
}
