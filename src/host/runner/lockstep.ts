/** A lockstep run in slices, so a long run can show its progress; states carry across slices. */
import type { Trace } from "../backends/backend.ts";
import type { Currents } from "../currents.ts";
import type { Device } from "../client/device.ts";

export interface LockstepRunOptions {
  /** Steps per slice (default 50). */
  slice?: number;
  /** Called with the number of steps done after each slice. */
  onProgress?: (done: number) => void;
}

/** Runs `currents` on the configured device, states at F64 (exact), and returns the whole trace. */
export async function runLockstepSliced(device: Device, currents: Currents, options: LockstepRunOptions = {}): Promise<Trace> {
  const slice = Math.max(1, options.slice ?? 50);
  const n = currents.channels;
  const parts: Trace[] = [];
  for (let from = 0; from < currents.steps; from += slice) {
    const to = Math.min(currents.steps, from + slice);
    const part = { ...currents, steps: to - from, values: currents.values.subarray(from * n, to * n) };
    parts.push(await device.run(part, { states: true, encoding: "f64" }));
    options.onProgress?.(to);
  }
  const columns = parts[0]?.columns ?? [...(device.spec?.stateColumns ?? []), "spk"];
  const values = new Float64Array(currents.steps * n * columns.length);
  let offset = 0;
  for (const p of parts) {
    values.set(p.values, offset);
    offset += p.values.length;
  }
  return { steps: currents.steps, neurons: n, columns, values };
}
