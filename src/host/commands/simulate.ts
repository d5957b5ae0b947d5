/**
 * `spikeloop simulate --config layer.json --input in.csv --out trace.csv
 *   [--backend ts|lua|emulator [--lua <interpreter>]] [--quiet]`, or `--network net.json|net.nir`
 *   instead of `--config` (src/host/network/simulate.ts)
 */
import { statSync } from "node:fs";
import { BACKEND_NAMES, type BackendName, openBackend } from "../backends/index.ts";
import { readInputCsv, writeTraceCsv } from "../csv-files.ts";
import { toLayerNumbers } from "../layer-numbers.ts";
import { readLayerConfig } from "../files.ts";
import { type Progress, createProgress, noProgress } from "../summary/progress.ts";
import { numbersWarning } from "../client/numbers.ts";
import { simulateNetworkFiles } from "../network/simulate.ts";
import type { Command } from "./index.ts";
import { checkOutputFile, parseCommandLine, readingOption } from "./options.ts";
import { UsageError } from "./usage.ts";

export const SIMULATE_USAGE =
  "spikeloop simulate --config layer.json --input in.csv --out trace.csv [--backend ts|lua|emulator [--lua <interpreter>]] [--quiet]";
export const SIMULATE_NETWORK_USAGE =
  "spikeloop simulate --network net.json|net.nir --input in.csv --out trace.csv [--states] [--backend ts|lua|emulator [--lua <interpreter>]]";

/** Input files this big or bigger get progress (on a terminal, a bar; elsewhere timed lines). */
const PROGRESS_FROM_BYTES = 1 << 20;

async function simulate(argv: string[]): Promise<string> {
  const values = parseCommandLine(
    argv,
    {
      config: { type: "string" },
      input: { type: "string" },
      out: { type: "string" },
      backend: { type: "string", default: "ts" },
      lua: { type: "string" },
      quiet: { type: "boolean", default: false },
      network: { type: "string" },
      states: { type: "boolean", default: false },
    },
    SIMULATE_USAGE,
  );
  const { config, input, out, network } = values;
  const usage = network !== undefined ? SIMULATE_NETWORK_USAGE : SIMULATE_USAGE;
  if (network !== undefined && config !== undefined) throw new UsageError("give --config (one layer) or --network (a network), not both", usage);
  if (network === undefined && values.states) throw new UsageError("--states is for --network traces (a layer's trace has every state already)", usage);
  for (const name of [network !== undefined ? "network" : "config", "input", "out"] as const) {
    if (values[name] === undefined) throw new UsageError(`missing --${name}`, usage);
  }
  const backendName = values.backend as BackendName;
  if (!BACKEND_NAMES.includes(backendName)) {
    throw new UsageError(`unknown backend "${values.backend}" (expected ${BACKEND_NAMES.join(", ")})`, usage);
  }
  if (values.lua !== undefined && backendName !== "emulator") {
    throw new UsageError("--lua <interpreter> runs the emulated device's firmware under that Lua: use it with --backend emulator", usage);
  }
  checkOutputFile("out", out!, usage);
  const size = readingOption("input", input!, usage, () => statSync(input!).size);
  if (network !== undefined) {
    readingOption("network", network, usage, () => statSync(network));
    return simulateNetworkFiles({ network, input: input!, out: out!, backend: backendName, lua: values.lua, states: values.states! });
  }
  const spec = readingOption("config", config!, SIMULATE_USAGE, () => readLayerConfig(config!));
  const showProgress = !values.quiet && size >= PROGRESS_FROM_BYTES;
  const phase = (label: string, total: number, unit?: string): Progress =>
    showProgress ? createProgress(process.stderr, total, label, { unit }) : noProgress();

  const reading = phase(`reading ${input}`, size);
  const read = readingOption("input", input!, SIMULATE_USAGE, () => readInputCsv(input!, spec.neurons, (done) => reading.update(done)));
  reading.finish();
  const currents = toLayerNumbers(read, spec.dtype);
  const backend = await openBackend(backendName, { lua: values.lua });
  try {
    // The backends run the whole input in one go: on a terminal this phase has a line, not a bar.
    if (showProgress && process.stderr.isTTY) process.stderr.write(`simulating ${currents.steps} steps on the ${backend.name} backend\n`);
    const trace = await backend.simulate(spec, currents);
    const writing = phase(`writing ${out}`, trace.steps, "steps");
    await writeTraceCsv(out!, trace, currents, (done) => writing.update(done));
    writing.finish();
    // The CSV layout is fixed (it matches the golden files): what computed it is said here.
    const computed = trace.numbers !== undefined ? `, computed in ${trace.numbers}` : "";
    const summary = `${out}: ${trace.steps} steps x ${trace.neurons} neurons of ${spec.modelName} on the ${backend.name} backend${computed}`;
    const narrower = trace.numbers !== undefined ? numbersWarning(spec.dtype, trace.numbers) : undefined;
    // An int layer's quantizer says where rounding changed the layer's behaviour.
    const warnings = [
      ...(narrower !== undefined ? [`\nwarning: ${narrower}`] : []),
      ...(spec.quantization?.warnings ?? []).map((w) => `\nwarning: ${w.name}${spec.neurons > 1 ? `[${w.neuron}]` : ""}: ${w.message}`),
    ];
    return summary + warnings.join("");
  } finally {
    await backend.close();
  }
}

export const simulateCommand: Command = {
  name: "simulate",
  usage: [SIMULATE_USAGE, SIMULATE_NETWORK_USAGE],
  summary: "run a layer or a network over input currents and write its trace",
  run: simulate,
};
