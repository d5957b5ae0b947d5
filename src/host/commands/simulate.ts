/**
 * `spikeloop simulate --config layer.json --input in.csv --out trace.csv
 *   [--backend ts|lua|emulator [--lua <interpreter>]]`
 */
import { numbersWarning } from "../client/numbers.ts";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { BACKEND_NAMES, type BackendName, openBackend } from "../backends/index.ts";
import { formatTraceCsv, parseInputCsv } from "../csv.ts";
import { toLayerNumbers } from "../layer-numbers.ts";
import { readLayerConfig, writeFileAtomic } from "../files.ts";
import type { Command } from "./index.ts";
import { UsageError } from "./usage.ts";

export const SIMULATE_USAGE =
  "spikeloop simulate --config layer.json --input in.csv --out trace.csv [--backend ts|lua|emulator [--lua <interpreter>]]";

async function simulate(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: "string" },
      input: { type: "string" },
      out: { type: "string" },
      backend: { type: "string", default: "ts" },
      lua: { type: "string" },
    },
    strict: true,
  });
  for (const name of ["config", "input", "out"] as const) {
    if (values[name] === undefined) throw new UsageError(`missing --${name}`, SIMULATE_USAGE);
  }
  const backendName = values.backend as BackendName;
  if (!BACKEND_NAMES.includes(backendName)) {
    throw new UsageError(`unknown backend "${values.backend}" (expected ${BACKEND_NAMES.join(", ")})`, SIMULATE_USAGE);
  }
  if (values.lua !== undefined && backendName !== "emulator") {
    throw new UsageError("--lua <interpreter> runs the emulated device's firmware under that Lua: use it with --backend emulator", SIMULATE_USAGE);
  }
  const spec = readLayerConfig(values.config!);
  const currents = toLayerNumbers(parseInputCsv(readFileSync(values.input!, "utf8"), spec.neurons), spec.dtype);
  const backend = await openBackend(backendName, { lua: values.lua });
  try {
    const trace = await backend.simulate(spec, currents);
    writeFileAtomic(values.out!, formatTraceCsv(trace, currents));
    // The CSV layout is fixed (it matches the golden files): what computed it is said here.
    const computed = trace.numbers !== undefined ? `, computed in ${trace.numbers}` : "";
    const summary = `${values.out}: ${trace.steps} steps x ${trace.neurons} neurons of ${spec.modelName} on the ${backend.name} backend${computed}`;
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
  usage: [SIMULATE_USAGE],
  summary: "run a layer over input currents and write its trace",
  run: simulate,
};
