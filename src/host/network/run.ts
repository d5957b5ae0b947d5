/**
 * `spikeloop run --network FILE …`: a network on a device (the emulator by default), in lockstep
 * or on the device's timer, over any input `run` takes (constant, step, pulse, rate, latency,
 * delta, csv, and in realtime a live analog pin); the trace CSV and a spike summary per layer.
 */
import { writeFileAtomic } from "../files.ts";
import { startAnalogInput } from "../runner/analog.ts";
import { RunError } from "../runner/errors.ts";
import { parseInputSpec } from "../runner/inputs.ts";
import type { RunMode } from "../runner/run.ts";
import { openRunTarget } from "../runner/target.ts";
import { formatSummary, summarizeTrace } from "../summary/summary.ts";
import { formatNetworkTraceCsv, readNetworkFile } from "./files.ts";
import { runNetworkRealtime } from "./realtime.ts";
import { type NetworkTrace, layerTrace } from "./trace.ts";

export interface RunNetworkOptions {
  network: string;
  input: string;
  steps: number;
  mode: RunMode;
  periodMs: number;
  device: string;
  out?: string;
  bootWaitMs: number;
}

/** How long the first analog report may take (as src/host/runner/run.ts). */
const FIRST_ANALOG_MS = 2000;

/** Runs the network file on the device; returns the lines of the summary. */
export async function runNetworkOnDevice(o: RunNetworkOptions): Promise<string[]> {
  const spec = await readNetworkFile(o.network);
  const source = parseInputSpec(o.input, spec.inputs, o.steps, "channel");
  if (source.kind === "analog" && o.mode !== "realtime") throw new RangeError("a live analog input is read while the device runs on its timer: add --mode realtime");
  const target = await openRunTarget(o.device, { bootWaitMs: o.bootWaitMs });
  let trace: NetworkTrace;
  try {
    const { device } = target;
    await device.configureNetwork(spec);
    if (source.kind === "analog") {
      const analog = await startAnalogInput(device, target.link, source.channel, source.scale, o.periodMs);
      try {
        const first = await Promise.race([analog.first(), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), FIRST_ANALOG_MS))]);
        if (first === undefined) throw new RunError("no-analog", `${device.path}: no report from analog pin A${source.channel} within ${FIRST_ANALOG_MS} ms`);
        const held = new Array<number>(spec.inputs);
        trace = (await runNetworkRealtime(device, spec, { periodMs: o.periodMs, steps: o.steps, tick: target.tick, inputAt: () => held.fill(analog.latest() ?? first) })).trace;
      } finally {
        await analog.stop();
      }
    } else if (o.mode === "realtime") {
      const { values } = source.currents;
      const w = spec.inputs;
      trace = (await runNetworkRealtime(device, spec, { periodMs: o.periodMs, steps: source.currents.steps, tick: target.tick, inputAt: (t) => values.subarray(t * w, (t + 1) * w) })).trace;
    } else {
      trace = await device.runNetwork(source.currents);
    }
  } finally {
    await target.close();
  }
  const shape = [spec.inputs, ...spec.layers.map((l) => `${l.spec.neurons} ${l.spec.modelName}`)].join(" → ");
  const lines = [`network ${shape}, ${source.description}, ${trace.steps} steps in ${o.mode} mode on ${o.device}`];
  if (o.out !== undefined) {
    writeFileAtomic(o.out, formatNetworkTraceCsv(trace, false));
    lines.push(`trace: ${o.out}`);
  }
  spec.layers.forEach((l, k) => {
    lines.push(`layer ${k} (${l.spec.modelName}${k === spec.layers.length - 1 ? ", output" : ""}):`);
    lines.push(...formatSummary(summarizeTrace(layerTrace(trace, k))).map((line) => `  ${line}`));
  });
  return lines;
}

