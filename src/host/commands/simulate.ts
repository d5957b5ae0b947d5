/**
 * `spikeloop simulate --config layer.json --input in.csv --out trace.csv
 *   [--backend ts|lua|emulator [--lua <interpreter>]]`
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { BACKEND_NAMES, type BackendName, openBackend } from "../backends/index.ts";
import { formatTraceCsv, parseInputCsv } from "../csv.ts";
import { toLayerNumbers } from "../currents.ts";
import { readLayerConfig, writeFileAtomic } from "../files.ts";
import { simulateNetworkFiles } from "../network/simulate.ts";
import type { Command } from "./index.ts";
import { UsageError } from "./usage.ts";

export const SIMULATE_USAGE =
  "spikeloop simulate --config layer.json --input in.csv --out trace.csv [--backend ts|lua|emulator [--lua <interpreter>]]";
export const SIMULATE_NETWORK_USAGE =
  "spikeloop simulate --network net.json|net.nir --input in.csv --out trace.csv [--states] [--backend ts|lua|emulator [--lua <interpreter>]]";

async function simulate(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: "string" },
      input: { type: "string" },
      out: { type: "string" },
      backend: { type: "string", default: "ts" },
      lua: { type: "string" },
      network: { type: "string" },
      states: { type: "boolean", default: false },
    },
    strict: true,
  });
  const network = values.network !== undefined;
  const usage = network ? SIMULATE_NETWORK_USAGE : SIMULATE_USAGE;
  if (network && values.config !== undefined) throw new UsageError("give --config (one layer) or --network (a network), not both", usage);
  if (!network && values.states) throw new UsageError("--states is for --network traces (a layer's trace has every state already)", usage);
  for (const name of [network ? "network" : "config", "input", "out"] as const) {
    if (values[name] === undefined) throw new UsageError(`missing --${name}`, usage);
  }
  const backendName = values.backend as BackendName;
  if (!BACKEND_NAMES.includes(backendName)) {
    throw new UsageError(`unknown backend "${values.backend}" (expected ${BACKEND_NAMES.join(", ")})`, usage);
  }
  if (values.lua !== undefined && backendName !== "emulator") {
    throw new UsageError("--lua <interpreter> runs the emulated device's firmware under that Lua: use it with --backend emulator", usage);
  }
  if (network) {
    return simulateNetworkFiles({ network: values.network!, input: values.input!, out: values.out!, backend: backendName, lua: values.lua, states: values.states! });
  }
  const spec = readLayerConfig(values.config!);
  const currents = toLayerNumbers(parseInputCsv(readFileSync(values.input!, "utf8"), spec.neurons), spec.dtype);
  const backend = await openBackend(backendName, { lua: values.lua });
  try {
    const trace = await backend.simulate(spec, currents);
    writeFileAtomic(values.out!, formatTraceCsv(trace, currents));
    const summary = `${values.out}: ${trace.steps} steps x ${trace.neurons} neurons of ${spec.modelName} on the ${backend.name} backend`;
    // An int layer's quantizer says where rounding changed the layer's behaviour.
    const warnings = (spec.quantization?.warnings ?? []).map((w) => `\nwarning: ${w.name}${spec.neurons > 1 ? `[${w.neuron}]` : ""}: ${w.message}`);
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
