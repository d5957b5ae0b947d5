/**
 * `spikeloop run --config layer.json --input <spec> [--steps N] [--device emulator|<path>]
 *   [--mode lockstep|realtime] [--period ms] [--out trace.csv] [--plot <file>]`
 *
 * Runs a layer on a device through the wire, records its spikes and states, and prints a
 * summary with a small membrane chart. See docs/plots.md and src/host/runner/inputs.ts.
 */
import { describeBoardNumbers, layerNumbers, numbersWarning } from "../client/numbers.ts";
import { statSync } from "node:fs";
import { basename, dirname } from "node:path";
import { writeTraceCsv } from "../csv-files.ts";
import { writeFigure } from "../plot/index.ts";
import { readLayerConfig } from "../files.ts";
import { membraneOf, spikeStepsOf, thresholdsOf } from "../runner/layer.ts";
import { type InputSource, parseInputSpec } from "../runner/inputs.ts";
import { type RunMode, runLayer } from "../runner/run.ts";
import { openRunTarget } from "../runner/target.ts";
import { runNetworkOnDevice } from "../network/run.ts";
import { createProgress, noProgress } from "../summary/progress.ts";
import { formatSummary, summarizeTrace } from "../summary/summary.ts";
import { membraneChart } from "../summary/chart.ts";
import type { Command } from "./index.ts";
import { checkOutputFile, parseCommandLine, plotBase, readingOption, wholeOption } from "./options.ts";
import { UsageError } from "./usage.ts";

export const RUN_USAGE =
  "spikeloop run --config layer.json --input <spec> [--steps N] [--device emulator|<serial path>] [--mode lockstep|realtime] [--period ms] [--out trace.csv] [--plot figure.svg|.html] [--boot-wait ms] [--quiet]";
export const RUN_NETWORK_USAGE =
  "spikeloop run --network net.json|net.nir --input <spec> [--steps N] [--device emulator|<serial path>] [--mode lockstep|realtime] [--period ms] [--out trace.csv] [--boot-wait ms]";

const MODES: RunMode[] = ["lockstep", "realtime"];
/** Runs this long or longer show progress (on a terminal a bar, elsewhere a line every few seconds). */
const PROGRESS_FROM_STEPS = 500;
/** Steps of a generated or analog input without --steps. */
const DEFAULT_STEPS = 100;

async function run(argv: string[]): Promise<string> {
  const values = parseCommandLine(
    argv,
    {
      config: { type: "string" },
      input: { type: "string" },
      steps: { type: "string" },
      device: { type: "string", default: "emulator" },
      mode: { type: "string", default: "lockstep" },
      period: { type: "string", default: "10" },
      out: { type: "string" },
      plot: { type: "string" },
      "boot-wait": { type: "string", default: "5000" },
      quiet: { type: "boolean", default: false },
      network: { type: "string" },
    },
    RUN_USAGE,
  );
  if (values.network !== undefined) return runNetwork(values);
  const { config, input } = values;
  if (config === undefined) throw new UsageError("missing --config", RUN_USAGE);
  if (input === undefined) throw new UsageError("missing --input (a kind such as step:amplitude=0.1,start=10, or a .csv file)", RUN_USAGE);
  const mode = values.mode as RunMode;
  if (!MODES.includes(mode)) throw new UsageError(`unknown mode "${values.mode}" (expected ${MODES.join(", ")})`, RUN_USAGE);
  const steps = values.steps === undefined ? undefined : wholeOption("steps", values.steps, 1, RUN_USAGE);
  const periodMs = wholeOption("period", values.period!, 1, RUN_USAGE);
  const bootWaitMs = wholeOption("boot-wait", values["boot-wait"]!, 0, RUN_USAGE);

  // Checked before the run, so a long run is never lost to an output that cannot be written.
  if (values.out !== undefined) checkOutputFile("out", values.out, RUN_USAGE);
  const plot = values.plot === undefined ? undefined : plotBase(values.plot, RUN_USAGE);
  const spec = readingOption("config", config, RUN_USAGE, () => readLayerConfig(config));
  const source = withSteps(readingOption("input", input, RUN_USAGE, () => parseInputSpec(input, spec.neurons, steps ?? DEFAULT_STEPS)), steps);
  if (source.kind === "analog" && mode !== "realtime") {
    throw new UsageError("a live analog input is read while the device runs on its timer: add --mode realtime", RUN_USAGE);
  }
  const total = source.kind === "currents" ? source.currents.steps : (steps ?? DEFAULT_STEPS);
  const progress =
    total >= PROGRESS_FROM_STEPS && !values.quiet ? createProgress(process.stderr, total, `${mode} on ${values.device}`, { unit: "steps" }) : noProgress();

  const target = await openRunTarget(values.device!, { bootWaitMs });
  // Measured by the board's VM at the handshake: what the trace is computed in.
  const boardNumbers = target.device.info.numbers;
  let result;
  try {
    result = await runLayer(target, spec, source, { mode, periodMs, steps: total, onProgress: (done) => progress.update(done) });
    progress.finish();
  } finally {
    await target.close();
  }
  const { trace, inputs } = result;
  const computed = `computed in ${layerNumbers(spec.dtype, boardNumbers)} on a board with ${describeBoardNumbers(boardNumbers)}`;
  const lines = [`${spec.modelName} x ${spec.neurons}, ${source.description}, ${trace.steps} steps in ${mode} mode on ${values.device}, ${computed}`];
  const narrower = numbersWarning(spec.dtype, layerNumbers(spec.dtype, boardNumbers));
  if (narrower !== undefined) lines.push(`warning: ${narrower}`);
  if (values.out !== undefined) {
    await writeTraceCsv(values.out, trace, inputs);
    lines.push(`trace: ${values.out}`);
  }
  if (plot !== undefined) {
    const paths = await writeFigure(dirname(plot), basename(plot), {
      title: `${spec.modelName}: ${source.description}`,
      subtitle: `${trace.steps} steps in ${mode} mode on ${values.device}, ${computed}`,
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

/**
 * An input that brings its own length (a CSV file, delta of a file) is cut to `--steps` when
 * given; asking for more steps than it has is refused. Generated inputs already have `steps`.
 */
function withSteps(source: InputSource, steps: number | undefined): InputSource {
  if (steps === undefined || source.kind !== "currents" || source.currents.steps === steps) return source;
  const { currents } = source;
  if (steps > currents.steps) throw new UsageError(`--steps ${steps}: the input has only ${currents.steps} steps`, RUN_USAGE);
  return {
    ...source,
    currents: { steps, channels: currents.channels, values: currents.values.subarray(0, steps * currents.channels) },
    description: `${source.description} (its first ${steps} of ${currents.steps} steps)`,
  };
}

/** The options `run` reads (parseCommandLine's values). */
interface RunValues {
  config?: string;
  input?: string;
  steps?: string;
  device?: string;
  mode?: string;
  period?: string;
  out?: string;
  plot?: string;
  "boot-wait"?: string;
  network?: string;
}

/** `run --network`: lockstep or realtime over generated, CSV or live analog inputs (src/host/network/run.ts). */
async function runNetwork(values: RunValues): Promise<string> {
  const usage = RUN_NETWORK_USAGE;
  const { network, input } = values;
  if (values.config !== undefined) throw new UsageError("give --config (one layer) or --network (a network), not both", usage);
  if (input === undefined) throw new UsageError("missing --input (a kind such as step:amplitude=0.1,start=10, or a .csv file)", usage);
  const mode = values.mode as RunMode;
  if (!MODES.includes(mode)) throw new UsageError(`unknown mode "${values.mode}" (expected ${MODES.join(", ")})`, usage);
  if (values.plot !== undefined) throw new UsageError("--plot draws one layer; a network's trace goes to --out", usage);
  if (input.startsWith("analog") && mode !== "realtime") {
    throw new UsageError("a live analog input is read while the device runs on its timer: add --mode realtime", usage);
  }
  if (values.out !== undefined) checkOutputFile("out", values.out, usage);
  readingOption("network", network!, usage, () => statSync(network!));
  const lines = await runNetworkOnDevice({
    network: network!,
    input,
    steps: values.steps === undefined ? DEFAULT_STEPS : wholeOption("steps", values.steps, 1, usage),
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
