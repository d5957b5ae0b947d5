/** One run of a layer on a device: configure, feed the inputs in lockstep or realtime, record. */
import type { Trace } from "../backends/backend.ts";
import type { LayerSpec } from "../config.ts";
import type { Currents } from "../currents.ts";
import { toLayerNumbers } from "../layer-numbers.ts";
import { startAnalogInput } from "./analog.ts";
import { RunError } from "./errors.ts";
import type { InputSource } from "./inputs.ts";
import { runLockstepSliced } from "./lockstep.ts";
import { runRealtime } from "./realtime.ts";
import type { RunTarget } from "./target.ts";

export type RunMode = "lockstep" | "realtime";

/** How long the first analog report may take (the device sends one as soon as asked). */
const FIRST_ANALOG_MS = 2000;

export interface LayerRunOptions {
  mode: RunMode;
  /** Step period of a realtime run in ms. */
  periodMs: number;
  /** Steps of an analog run (other inputs bring their own length). */
  steps: number;
  onProgress?: (done: number, total: number) => void;
}

export interface LayerRun {
  trace: Trace;
  /** The inputs each step got, as the layer saw them. */
  inputs: Currents;
}

export async function runLayer(target: RunTarget, spec: LayerSpec, source: InputSource, options: LayerRunOptions): Promise<LayerRun> {
  const { device } = target;
  await device.configure(spec);
  if (source.kind === "analog") {
    if (options.mode !== "realtime") throw new RangeError("mode: a live analog input needs --mode realtime");
    const analog = await startAnalogInput(device, target.link, source.channel, source.scale, options.periodMs);
    try {
      const first = await firstWithin(analog.first(), FIRST_ANALOG_MS);
      if (first === undefined) throw new RunError("no-analog", `${device.path}: no report from analog pin A${source.channel} within ${FIRST_ANALOG_MS} ms (does the board have it?)`);
      const held = new Array<number>(spec.neurons);
      return await runRealtime(device, {
        periodMs: options.periodMs,
        steps: options.steps,
        inputAt: () => held.fill(analog.latest() ?? first),
        tick: target.tick,
        onProgress: (done) => options.onProgress?.(done, options.steps),
      });
    } finally {
      await analog.stop();
    }
  }
  const currents = toLayerNumbers(source.currents, spec.dtype);
  const total = currents.steps;
  if (options.mode === "lockstep") {
    const trace = await runLockstepSliced(device, currents, { onProgress: (done) => options.onProgress?.(done, total) });
    return { trace, inputs: currents };
  }
  const n = currents.channels;
  return runRealtime(device, {
    periodMs: options.periodMs,
    steps: total,
    inputAt: (t) => currents.values.subarray(t * n, (t + 1) * n),
    tick: target.tick,
    onProgress: (done) => options.onProgress?.(done, total),
  });
}

/** The value of `promise`, or undefined when it takes longer than `ms`. */
async function firstWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
