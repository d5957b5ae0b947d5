/**
 * The whole-system measurements of `npm run bench`, after the kernel timings: lockstep
 * throughput and wire bytes through the host client (lockstep-throughput.ts), the heap of a
 * 64-neuron layer (heap.ts), and sensor-to-actuator latency (latency.ts).
 */
import { SocatError } from "../src/emulator/index.ts";
import { type EmulatorHeap, type InterpreterHeap, emulatorHeap, interpreterHeap } from "./heap.ts";
import { type LatencyResult, measureLatency } from "./latency.ts";
import {
  EMULATOR_TARGET, FULL_LOCKSTEP, LUA51_PTY_TARGET, type LockstepRow, QUICK_LOCKSTEP, measureLockstep,
} from "./lockstep-throughput.ts";
import type { Workload } from "./workload.ts";

/** Interpreters whose layer heap is measured: NodeMCU's Lua, and the emulator's Lua version. */
export const HEAP_INTERPRETERS = ["lua5.1", "lua5.4"];

const FULL_LATENCY_TRIALS = 40;
const QUICK_LATENCY_TRIALS = 5;

export interface SystemResults {
  lockstep: LockstepRow[];
  emulatorHeap: EmulatorHeap;
  interpreterHeap: { interpreter: string; result: InterpreterHeap }[];
  latency: LatencyResult;
  notes: string[];
  failures: string[];
}

const progress = (name: string) => process.stderr.write(`timing ${name}\n`);

export async function measureSystem(workloads: Workload[], quick: boolean): Promise<SystemResults> {
  const notes: string[] = [];
  const failures: string[] = [];
  progress("heap");
  const heap = await emulatorHeap();
  const interpreters = HEAP_INTERPRETERS.map((interpreter) => ({ interpreter, result: interpreterHeap(interpreter) }));
  for (const { interpreter, result } of interpreters) if ("missing" in result) notes.push(`${interpreter}: not installed, its heap row skipped`);

  const timing = quick ? QUICK_LOCKSTEP : FULL_LOCKSTEP;
  progress("lockstep on the emulator");
  const lockstep = await measureLockstep(EMULATOR_TARGET, workloads, timing, failures);
  if ("missing" in interpreters[0].result) {
    notes.push("lua5.1: not installed, the lockstep rows over a pty skipped");
  } else {
    progress("lockstep over a pty to lua5.1");
    try {
      lockstep.push(...(await measureLockstep(LUA51_PTY_TARGET, workloads, timing, failures)));
    } catch (err) {
      if (!(err instanceof SocatError && err.code === "socat-missing")) throw err;
      notes.push(`${err.message}: the lockstep rows over a pty skipped`);
    }
  }

  progress("sensor-to-actuator latency");
  const latency = await measureLatency({ trials: quick ? QUICK_LATENCY_TRIALS : FULL_LATENCY_TRIALS });
  return { lockstep, emulatorHeap: heap, interpreterHeap: interpreters, latency, notes, failures };
}
