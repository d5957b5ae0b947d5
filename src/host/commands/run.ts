/**
 * `spikeloop run --config layer.json --input <spec> [--steps N] [--device emulator|<path>]
 *   [--mode lockstep|realtime] [--period ms] [--out trace.csv] [--plot <file>]`
 *
 * Runs a layer on a device through the wire, records its spikes and states, and prints a
 * summary with a small membrane chart. See docs/plots.md and src/host/runner/inputs.ts.
 */
import { existsSync } from "node:fs";
import { basename, dirname } from "node:path";
import { parseArgs } from "node:util";
import { formatTraceCsv } from "../csv.ts";
import { writeFigure } from "../plot/index.ts";
import { readLayerConfig, writeFileAtomic } from "../files.ts";
import { membraneOf, spikeStepsOf, thresholdsOf } from "../runner/layer.ts";
import { parseInputSpec } from "../runner/inputs.ts";
import { type RunMode, runLayer } from "../runner/run.ts";
import { openRunTarget } from "../runner/target.ts";
import { runNetworkOnDevice } from "../network/run.ts";
import { createProgress } from "../summary/progress.ts";
import { formatSummary, summarizeTrace } from "../summary/summary.ts";
import { membraneChart } from "../summary/chart.ts";
import type { Command } from "./index.ts";
import { UsageError } from "./usage.ts";

export const RUN_USAGE =
  "spikeloop run --config layer.json --input <spec> [--steps N] [--device emulator|<serial path>] [--mode lockstep|realtime] [--period ms] [--out trace.csv] [--plot figure.svg] [--boot-wait ms]";
export const RUN_NETWORK_USAGE =
  "spikeloop run --network net.json|net.nir --input <spec> [--steps N] [--device emulator|<serial path>] [--mode lockstep|realtime] [--period ms] [--out trace.csv] [--boot-wait ms]";

const MODES: RunMode[] = ["lockstep", "realtime"];
/** Runs this long or longer get a progress bar (on a terminal). */
const PROGRESS_FROM_STEPS = 500;

async function run(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: "string" },
      input: { type: "string" },
      steps: { type: "string", default: "100" },
      device: { type: "string", default: "emulator" },
      mode: { type: "string", default: "lockstep" },
      period: { type: "string", default: "10" },
      out: { type: "string" },
      plot: { type: "string" },
      "boot-wait": { type: "string", default: "5000" },
      network: { type: "string" },
    },
    strict: true,
  });
  if (values.network !== undefined) return runNetwork(values);
  if (values.config === undefined) throw new UsageError("missing --config", RUN_USAGE);
  if (values.input === undefined) throw new UsageError("missing --input (a kind such as step:amplitude=0.1,start=10, or a .csv file)", RUN_USAGE);
  const mode = values.mode as RunMode;
  if (!MODES.includes(mode)) throw new UsageError(`unknown mode "${values.mode}" (expected ${MODES.join(", ")})`, RUN_USAGE);
  const steps = wholeOption("steps", values.steps!, 1);
  const periodMs = wholeOption("period", values.period!, 1);
  const bootWaitMs = wholeOption("boot-wait", values["boot-wait"]!, 0);

  // Checked before the run, so a long run is never lost to a folder that is not there.
  for (const name of ["out", "plot"] as const) {
    const path = values[name];
    if (path !== undefined && !existsSync(dirname(path))) throw new UsageError(`--${name}: the folder ${dirname(path)} does not exist`, RUN_USAGE);
  }
  const spec = readLayerConfig(values.config);
  const source = parseInputSpec(values.input, spec.neurons, steps);
  if (source.kind === "analog" && mode !== "realtime") {
    throw new UsageError("a live analog input is read while the device runs on its timer: add --mode realtime", RUN_USAGE);
  }
  const total = source.kind === "currents" ? source.currents.steps : steps;
  const progress = total >= PROGRESS_FROM_STEPS ? createProgress(process.stdout, total, `${mode} on ${values.device}`) : undefined;

  const target = await openRunTarget(values.device!, { bootWaitMs });
  let result;
  try {
    result = await runLayer(target, spec, source, { mode, periodMs, steps, onProgress: (done) => progress?.update(done) });
    progress?.finish();
  } finally {
    await target.close();
  }
  const { trace, inputs } = result;
  const lines = [`${spec.modelName} x ${spec.neurons}, ${source.description}, ${trace.steps} steps in ${mode} mode on ${values.device}`];
  if (values.out !== undefined) {
    writeFileAtomic(values.out, formatTraceCsv(trace, inputs));
    lines.push(`trace: ${values.out}`);
  }
  if (values.plot !== undefined) {
    const base = values.plot.replace(/\.(svg|html)$/, "");
    const paths = await writeFigure(dirname(base), basename(base), {
      title: `${spec.modelName}: ${source.description}`,
      subtitle: `${trace.steps} steps in ${mode} mode on ${values.device}`,
      inputs,
      trace,
      thresholds: thresholdsOf(spec),
    });
    lines.push(`figure: ${paths.svg}, ${paths.html}`);
  }
  const summary = summarizeTrace(trace, mode === "realtime" ? periodMs / 1000 : undefined);
  lines.push(...formatSummary(summary));
  if (trace.columns.includes("mem")) {
    lines.push(`membrane of neuron 0:`);
    lines.push(...membraneChart(membraneOf(trace, 0), { threshold: thresholdsOf(spec)[0], spikes: spikeStepsOf(trace, 0), width: 60, height: 8 }));
  }
  return lines.join("\n");
}

function wholeOption(name: string, text: string, min: number, usage = RUN_USAGE): number {
  const x = Number(text);
  if (text.trim() === "" || !Number.isInteger(x) || x < min) throw new UsageError(`--${name} must be a whole number >= ${min}, got "${text}"`, usage);
  return x;
}

/** `run --network`: lockstep or realtime over generated, CSV or live analog inputs (src/host/network/run.ts). */
async function runNetwork(values: Record<string, string | undefined>): Promise<string> {
  const usage = RUN_NETWORK_USAGE;
  if (values.config !== undefined) throw new UsageError("give --config (one layer) or --network (a network), not both", usage);
  if (values.input === undefined) throw new UsageError("missing --input (a kind such as step:amplitude=0.1,start=10, or a .csv file)", usage);
  const mode = values.mode as RunMode;
  if (!MODES.includes(mode)) throw new UsageError(`unknown mode "${values.mode}" (expected ${MODES.join(", ")})`, usage);
  if (values.plot !== undefined) throw new UsageError("--plot draws one layer; a network's trace goes to --out", usage);
  if (values.input.startsWith("analog") && mode !== "realtime") {
    throw new UsageError("a live analog input is read while the device runs on its timer: add --mode realtime", usage);
  }
  if (values.out !== undefined && !existsSync(dirname(values.out))) throw new UsageError(`--out: the folder ${dirname(values.out)} does not exist`, usage);
  const lines = await runNetworkOnDevice({
    network: values.network!,
    input: values.input,
    steps: wholeOption("steps", values.steps!, 1, usage),
    mode,
    periodMs: wholeOption("period", values.period!, 1, usage),
    device: values.device!,
    out: values.out,
    bootWaitMs: wholeOption("boot-wait", values["boot-wait"]!, 0, usage),
  });
  return lines.join("\n");
}

export const runCommand: Command = {
  name: "run",
  usage: [RUN_USAGE, RUN_NETWORK_USAGE],
  summary: "run a layer or a network on a device (the emulator by default) and record, plot and summarise it",
  run,
};
