/** Reading a network file (net.json or net.nir) and writing a network's trace as CSV. */
import { ConfigError, NetworkConfigError } from "../errors.ts";
import { readJsonFile } from "../files.ts";
import { formatFloat } from "../number-format.ts";
import { type NetworkSpec, parseNetworkConfig } from "./config.ts";
import { nirToNetworkJson } from "./nir.ts";
import type { NetworkTrace } from "./trace.ts";

/**
 * A validated network from a `.nir` file (NIR, HDF5) or a net.json (anything else); every
 * problem is a NetworkConfigError naming the field or NIR node.
 */
export async function readNetworkFile(path: string): Promise<NetworkSpec> {
  try {
    return parseNetworkConfig(path.toLowerCase().endsWith(".nir") ? await nirToNetworkJson(path) : readJsonFile(path));
  } catch (err) {
    if (!(err instanceof ConfigError) || err instanceof NetworkConfigError) throw err;
    throw new NetworkConfigError(err.code, err.field, err.detail);
  }
}

/**
 * The trace in the golden files' layout: `step,layer,neuron,input,mem,spk`, one row per step,
 * neuron layer and neuron. With `allStates`, every state of each layer's model replaces `mem`
 * (the golden `_states.csv` layout: its first line says which states each layer has). Steps are
 * counted from `firstStep` (a window of a longer run, as the scope's download).
 */
export function formatNetworkTraceCsv(trace: NetworkTrace, allStates: boolean, firstStep = 0): string {
  const lines: string[] = [];
  if (allStates) {
    const per = trace.layers.map((l, k) => `${k}=${l.states.join("/")}`).join("; ");
    lines.push(`# step,layer,neuron,input,<states>,spk; states per layer: ${per}`);
  } else {
    lines.push("step,layer,neuron,input,mem,spk");
  }
  let at = 0;
  for (let t = 0; t < trace.steps; t++) {
    trace.layers.forEach((layer, k) => {
      const width = layer.states.length + 2;
      const mem = layer.states.indexOf("mem");
      for (let i = 0; i < layer.neurons; i++, at += width) {
        const cells = [String(firstStep + t), String(k), String(i), formatFloat(trace.values[at])];
        if (allStates) {
          for (let s = 0; s < layer.states.length; s++) cells.push(formatFloat(trace.values[at + 1 + s]));
        } else {
          cells.push(formatFloat(trace.values[at + 1 + mem]));
        }
        cells.push(formatFloat(trace.values[at + width - 1]));
        lines.push(cells.join(","));
      }
    });
  }
  return lines.join("\n") + "\n";
}
