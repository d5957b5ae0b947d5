/**
 * `spikeloop run --network FILE …`: a network on a device (the emulator by default) in lockstep,
 * over any input `run` generates (constant, step, pulse, rate, latency, delta, csv); the trace
 * CSV and a spike summary per layer.
 */
import { writeFileAtomic } from "../files.ts";
import { parseInputSpec } from "../runner/inputs.ts";
import { openRunTarget } from "../runner/target.ts";
import { formatSummary, summarizeTrace } from "../summary/summary.ts";
import { formatNetworkTraceCsv, readNetworkFile } from "./files.ts";
import { layerTrace } from "./trace.ts";

export interface RunNetworkOptions {
  network: string;
  input: string;
  steps: number;
  device: string;
  out?: string;
  bootWaitMs: number;
}

/** Runs the network file on the device; returns the lines of the summary. */
export async function runNetworkOnDevice(o: RunNetworkOptions): Promise<string[]> {
  const spec = await readNetworkFile(o.network);
  const source = parseInputSpec(o.input, spec.inputs, o.steps, "channel");
  if (source.kind !== "currents") throw new RangeError("a live analog input needs the realtime loop, which runs a network's bindings on the device: see examples/network-pot-servo.mjs");
  const target = await openRunTarget(o.device, { bootWaitMs: o.bootWaitMs });
  let trace;
  try {
    await target.device.configureNetwork(spec);
    const currents = { ...source.currents, values: spec.dtype === "float32" ? source.currents.values.map(Math.fround) : source.currents.values };
    trace = await target.device.runNetwork(currents);
  } finally {
    await target.close();
  }
  const shape = [spec.inputs, ...spec.layers.map((l) => `${l.spec.neurons} ${l.spec.modelName}`)].join(" → ");
  const lines = [`network ${shape}, ${source.description}, ${trace.steps} steps in lockstep mode on ${o.device}`];
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

