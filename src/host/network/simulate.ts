/** `spikeloop simulate --network FILE …`: a network over a CSV of input channels. */
import type { BackendName } from "../backends/index.ts";
import { readInputCsv } from "../csv-files.ts";
import { writeFileAtomic } from "../files.ts";
import { type NetworkBackend, openNetworkBackend } from "./backends.ts";
import { formatNetworkTraceCsv, readNetworkFile } from "./files.ts";

export interface SimulateNetworkOptions {
  network: string;
  input: string;
  out: string;
  backend: BackendName;
  lua?: string;
  /** Every state column of each layer's model instead of `mem` alone. */
  states: boolean;
}

/** Runs the network file over the input file and writes the trace; returns the summary line. */
export async function simulateNetworkFiles(o: SimulateNetworkOptions): Promise<string> {
  const spec = await readNetworkFile(o.network);
  const currents = readInputCsv(o.input, spec.inputs, undefined, "channel");
  const backend: NetworkBackend = await openNetworkBackend(o.backend, { lua: o.lua });
  try {
    const trace = await backend.simulate(spec, currents);
    writeFileAtomic(o.out, formatNetworkTraceCsv(trace, o.states));
    const shape = [spec.inputs, ...spec.layers.map((l) => `${l.spec.neurons} ${l.spec.modelName}${l.recWeight.length > 0 ? " (all-to-all)" : ""}`)].join(" → ");
    return `${o.out}: ${trace.steps} steps of a ${spec.dtype} network ${shape} on the ${backend.name} backend`;
  } finally {
    await backend.close();
  }
}
