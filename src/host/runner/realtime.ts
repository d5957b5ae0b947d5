/**
 * A realtime run: the device steps on its own timer (`Device.start`) and reports every step's
 * spikes and states; the host records them and, after each step's report, sends the next
 * step's inputs (`setInputs`), which the loop holds until replaced.
 *
 * On the emulated board the host moves its virtual clock one period per step (`tick`), so every
 * step sees its own input and the trace equals a lockstep run. On a board the device keeps
 * time: an input that arrives after the next tick is used one step late (longer `periodMs`
 * leaves more room), and a wide input sent in several Input frames can straddle a tick. The
 * recorded inputs are those the device held when the step ran (client/held-inputs.ts), so the
 * trace says what the board computed with.
 */
import type { Trace } from "../backends/backend.ts";
import type { Currents } from "../currents.ts";
import type { Device } from "../client/device.ts";
import type { SpikeReport, StateReport } from "../client/reports.ts";
import type { EncodingName } from "../client/options.ts";
import { HeldInputs } from "../client/held-inputs.ts";
import { RunError } from "./errors.ts";

export interface RealtimeRunOptions {
  periodMs: number;
  steps: number;
  /** The inputs of step t (one per neuron). */
  inputAt: (t: number) => ArrayLike<number>;
  /** Moves device time forward (the emulator's virtual clock); omitted on a real clock. */
  tick?: (ms: number) => Promise<void>;
  onProgress?: (done: number) => void;
  /** Longest wait for a step's report beyond its period (default 2000 ms). */
  reportTimeoutMs?: number;
}

export interface RealtimeRun {
  trace: Trace;
  /** The inputs each step ran on: the ones the device held at its first report. */
  inputs: Currents;
}

export async function runRealtime(device: Device, options: RealtimeRunOptions): Promise<RealtimeRun> {
  const spec = device.spec;
  if (spec === undefined) throw new RangeError("device: configure() the layer before a realtime run");
  const { steps } = options;
  const n = spec.neurons;
  const columns = [...spec.stateColumns, "spk"];
  const width = columns.length;
  const values = new Float64Array(steps * n * width);
  const inputs: Currents = { steps, channels: n, values: new Float64Array(steps * n) };
  // Per step: spikes received (1) plus state values received; complete at 1 + n·states.
  const received = new Uint32Array(steps);
  const complete = 1 + n * spec.stateColumns.length;
  await driveRealtime(device, options, {
    encoding: "f64",
    complete: (t) => received[t] === complete,
    inputAt: options.inputAt,
    listen: (progressed, held) => {
      const stamp = (t: number) => {
        if (received[t] === 0) inputs.values.set(held.values, t * n);
      };
      const onSpikes = (r: SpikeReport) => {
        for (let s = 0; s < r.steps; s++) {
          const t = r.firstStep + s;
          if (t >= steps) break;
          stamp(t);
          for (let i = 0; i < n; i++) values[(t * n + i) * width + width - 1] = r.values[s * n + i];
          received[t]++;
        }
        progressed();
      };
      const onStates = (r: StateReport) => {
        const k = spec.stateColumns.indexOf(r.state);
        if (k < 0) return;
        r.values.forEach((x, m) => {
          const flat = r.start + m;
          const t = r.firstStep + Math.floor(flat / n);
          if (t >= steps) return;
          stamp(t);
          values[(t * n + (flat % n)) * width + k] = x;
          received[t]++;
        });
        progressed();
      };
      device.on("spikes", onSpikes);
      device.on("states", onStates);
      return () => {
        device.off("spikes", onSpikes);
        device.off("states", onStates);
      };
    },
  });
  return { trace: { steps, neurons: n, columns, values }, inputs };
}

/** What a realtime run records and sends; driveRealtime does the timing. */
export interface RealtimeDriver {
  /** The wire encoding of inputs and states. */
  encoding: EncodingName;
  /** The inputs of step t, to send. */
  inputAt(t: number): ArrayLike<number>;
  /** Every report of step t has arrived. */
  complete(t: number): boolean;
  /**
   * Starts listening to the device's reports, calling `progressed` after each; returns how to
   * stop. A step's input is `held.values` at its first report.
   */
  listen(progressed: () => void, held: HeldInputs): () => void;
}

/**
 * The realtime loop from the host's side: step 0's inputs, Start (every step reported with its
 * states), then per step: tick the clock, wait for the step's reports, send the next inputs; Stop.
 * A board without a timer is refused before anything is sent; a board that reboots mid-run ends
 * the run at once as a reset.
 */
export async function driveRealtime(device: Device, options: Omit<RealtimeRunOptions, "inputAt">, driver: RealtimeDriver): Promise<void> {
  const { steps, periodMs } = options;
  if (!device.info.hasTimer) {
    throw new RunError(
      "no-timer",
      `${device.path}: the board's firmware (${device.info.firmware.name}) has no timer, so it cannot step on its own: a realtime run needs the emulated board (--device emulator, or \`spikeloop emulate\` without --lua) or a NodeMCU board; --mode lockstep runs here`,
    );
  }
  let waiting: { step: number; resolve: () => void; reject: (err: Error) => void } | undefined;
  let done = 0;
  // A reboot forgets the layer and stops the loop: no report will come, say why at once.
  let reset: RunError | undefined;
  const onReset = () => {
    reset = new RunError(
      "device-reset",
      `${device.path}: the board reset during the realtime run, after ${done} of ${steps} steps; the loop and the layer are gone (power, a crash or its reset button): run again`,
    );
    waiting?.reject(reset);
  };
  const held = new HeldInputs(device);
  const unlistenHeld = held.listen();
  const unlisten = driver.listen(() => {
    if (waiting !== undefined && driver.complete(waiting.step)) waiting.resolve();
  }, held);
  const send = (t: number) => held.send(driver.inputAt(t), driver.encoding);
  const reportOf = (t: number) =>
    new Promise<void>((resolve, reject) => {
      if (driver.complete(t)) return resolve();
      if (reset !== undefined) return reject(reset);
      const limit = periodMs + (options.reportTimeoutMs ?? 2000);
      const timer = setTimeout(() => reject(new RunError("report-timeout", `${device.path}: no report of step ${t} within ${limit} ms`)), limit);
      waiting = { step: t, resolve: () => (clearTimeout(timer), resolve()), reject: (err) => (clearTimeout(timer), reject(err)) };
    });
  device.on("reset", onReset);
  let running = false;
  try {
    if (steps > 0) await send(0);
    await device.start({ periodMs, every: 1, states: true, encoding: driver.encoding });
    running = true;
    for (let t = 0; t < steps; t++) {
      const report = reportOf(t);
      report.catch(() => undefined); // awaited below; a tick that throws first must not leave it unhandled
      if (options.tick !== undefined) await options.tick(periodMs);
      await report;
      done = t + 1;
      if (t + 1 < steps) await send(t + 1);
      options.onProgress?.(t + 1);
    }
    running = false;
    await device.stop();
  } catch (err) {
    throw reset ?? err; // a request that the reboot cut short says "reset" less clearly
  } finally {
    if (running) await device.stop().catch(() => undefined);
    unlisten();
    unlistenHeld();
    device.off("reset", onReset);
    waiting = undefined;
  }
}
