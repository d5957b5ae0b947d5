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
  // One array for the whole trace, filled slice by slice (a long run is never held twice).
  let columns = [...(device.spec?.stateColumns ?? []), "spk"];
  let values = new Float64Array(currents.steps * n * columns.length);
  for (let from = 0; from < currents.steps; from += slice) {
    const to = Math.min(currents.steps, from + slice);
    const part = await device.run({ ...currents, steps: to - from, values: currents.values.subarray(from * n, to * n) }, { states: true, encoding: "f64" });
    if (from === 0 && part.columns.length !== columns.length) {
      columns = part.columns;
      values = new Float64Array(currents.steps * n * columns.length);
    }
    values.set(part.values, from * n * columns.length);
    options.onProgress?.(to);
  }
  return { steps: currents.steps, neurons: n, columns, values };
}
