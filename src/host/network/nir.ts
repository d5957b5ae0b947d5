/**
 * NIR files (https://neuroir.org, HDF5) as snnTorch's `export_to_nir` writes them, read with
 * h5wasm (the HDF5 C library compiled to WebAssembly) and mapped the way snnTorch's
 * `import_from_nir` maps them, into the net.json layout (config.ts) that is then validated as
 * any net.json is:
 *
 *   Affine → Linear with bias; Linear → Linear without bias
 *   LIF → Leaky(beta = 1 − dt/tau, threshold = v_threshold, reset_mechanism "zero")
 *   CubaLIF → Synaptic(alpha = 1 − dt/tau_syn, beta = 1 − dt/tau_mem, …, reset "zero")
 *   a subgraph LIF/CubaLIF ⇄ Affine/Linear(n, n) → RLeaky/RSynaptic(all_to_all), its recurrent Linear
 *
 * with snnTorch's dt = 1e-4, computed in float32 as snnTorch does (NIR's arrays are float32, and
 * the network is float32). NIR has no reset mechanism: snnTorch imports with "zero", so an
 * exported network that subtracted comes back resetting to zero. Anything else (another node
 * type, a branching graph, v_leak or v_reset not 0) is refused with the node's name.
 */
import { readFileSync } from "node:fs";
import h5wasm, { type File as H5File, type Group as H5Group } from "h5wasm/node";
import { ConfigError } from "../errors.ts";

/** snnTorch's import (and export) time step. */
const SNNTORCH_DT = 1e-4;

interface NirNode {
  name: string;
  type: string;
  params: Map<string, number[]>;
  nodes: Map<string, NirNode>;
  edges: [string, string][];
}

function numbers(value: unknown): number[] {
  if (typeof value === "number" || typeof value === "bigint") return [Number(value)];
  if (ArrayBuffer.isView(value) || Array.isArray(value)) return Array.from(value as ArrayLike<number | bigint>, Number);
  return [];
}

function readNode(group: H5Group, name: string): NirNode {
  const node: NirNode = { name, type: "", params: new Map(), nodes: new Map(), edges: [] };
  for (const key of group.keys()) {
    const entry = group.get(key);
    if (key === "type" && entry instanceof h5wasm.Dataset) node.type = String(entry.value);
    else if (key === "nodes" && entry instanceof h5wasm.Group) {
      for (const child of entry.keys()) {
        const g = entry.get(child);
        if (g instanceof h5wasm.Group) node.nodes.set(child, readNode(g, name === "" ? child : `${name}.${child}`));
      }
    } else if (key === "edges" && entry instanceof h5wasm.Dataset) {
      const flat = (entry.value as string[]).map(String);
      for (let i = 0; i + 1 < flat.length; i += 2) node.edges.push([flat[i], flat[i + 1]]);
    } else if (entry instanceof h5wasm.Dataset) {
      node.params.set(key, numbers(entry.value));
      if (entry.shape !== null && entry.shape.length === 2) node.params.set(`${key}.shape`, entry.shape);
    }
  }
  return node;
}

/** HDF5's file signature; it starts the file or a power of two from 512 on (behind a user block). */
const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

function isHdf5(bytes: Buffer): boolean {
  for (let at = 0; at + 8 <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (bytes.subarray(at, at + 8).equals(HDF5_SIGNATURE)) return true;
  }
  return false;
}

/** Reads the NIR graph of `path`; a file h5wasm cannot open or without a graph is a ConfigError. */
async function readNir(path: string): Promise<NirNode> {
  // h5wasm does not throw on a file that is not HDF5 (the C library prints and fails later).
  if (!isHdf5(readFileSync(path))) throw new ConfigError("invalid-nir", path, "not an HDF5 file (NIR files are HDF5)");
  await h5wasm.ready;
  let file: H5File;
  try {
    file = new h5wasm.File(path, "r");
  } catch (err) {
    throw new ConfigError("invalid-nir", path, `not an HDF5 file h5wasm can read (${(err as Error).message})`);
  }
  try {
    const root = file.get("node");
    if (!(root instanceof h5wasm.Group)) throw new ConfigError("invalid-nir", path, "no NIR graph (the group \"node\" is missing)");
    const graph = readNode(root, "");
    if (graph.type !== "NIRGraph") throw new ConfigError("invalid-nir", path, `the top node is a ${graph.type || "node without type"}, not a NIRGraph`);
    return graph;
  } finally {
    file.close();
  }
}

function unsupported(node: NirNode, why: string): ConfigError {
  return new ConfigError("unsupported-node", `node ${node.name}`, `${node.type}: ${why}`);
}

function param(node: NirNode, key: string): number[] {
  const values = node.params.get(key);
  if (values === undefined || values.length === 0) throw unsupported(node, `has no "${key}"`);
  return values;
}

/** Rows of a 2-D parameter (weight): out × in. */
function rows(node: NirNode, key: string): number[][] {
  const values = param(node, key);
  const shape = node.params.get(`${key}.shape`);
  if (shape === undefined) throw unsupported(node, `"${key}" is not a matrix`);
  const [out, fanIn] = shape;
  return Array.from({ length: out }, (_, i) => values.slice(i * fanIn, (i + 1) * fanIn));
}

/** 1 − dt/tau in float32, as numpy computes it from NIR's float32 arrays. */
function decay(tau: number[]): number[] {
  const f = Math.fround;
  return tau.map((t) => f(1 - f(f(SNNTORCH_DT) / t)));
}

function requireZero(node: NirNode, key: string): void {
  if ((node.params.get(key) ?? []).some((x) => x !== 0)) {
    throw unsupported(node, `${key} is not 0: snnTorch's Leaky and Synaptic have no resting or reset potential`);
  }
}

interface JsonLayer {
  kind: string;
  [key: string]: unknown;
}

function linearLayer(node: NirNode): JsonLayer {
  const weight = rows(node, "weight");
  const bias = node.type === "Affine" ? param(node, "bias") : null;
  return { kind: "Linear", in: weight[0]?.length ?? 0, out: weight.length, weight, bias };
}

function neuronLayer(node: NirNode, recurrent?: NirNode): JsonLayer {
  requireZero(node, "v_leak");
  requireZero(node, "v_reset");
  const threshold = param(node, "v_threshold");
  const n = threshold.length;
  const kwargs: Record<string, unknown> = node.type === "LIF"
    ? { beta: decay(param(node, "tau")), threshold, reset_mechanism: "zero" }
    : { alpha: decay(param(node, "tau_syn")), beta: decay(param(node, "tau_mem")), threshold, reset_mechanism: "zero" };
  if (recurrent === undefined) return { kind: node.type === "LIF" ? "Leaky" : "Synaptic", neurons: n, kwargs };
  const w = linearLayer(recurrent);
  return {
    kind: node.type === "LIF" ? "RLeaky" : "RSynaptic",
    neurons: n,
    kwargs: { ...kwargs, all_to_all: true, linear_features: n },
    recurrent: { weight: w.weight, bias: w.bias },
  };
}

/** The nodes of `graph` in order from its Input to its Output; a graph that branches is refused. */
function chain(graph: NirNode): NirNode[] {
  const next = new Map<string, string[]>();
  for (const [from, to] of graph.edges) next.set(from, [...(next.get(from) ?? []), to]);
  const start = [...graph.nodes.values()].find((n) => n.type === "Input");
  if (start === undefined) throw new ConfigError("invalid-nir", graph.name || "graph", "no Input node");
  const order: NirNode[] = [];
  const seen = new Set<string>();
  let at: NirNode | undefined = start;
  while (at !== undefined && at.type !== "Output") {
    if (seen.has(at.name)) throw unsupported(at, "is part of a cycle outside a recurrent subgraph");
    seen.add(at.name);
    if (at !== start) order.push(at);
    const key: string = at.name.split(".").pop()!;
    const successors: string[] = next.get(key) ?? [];
    if (successors.length !== 1) throw unsupported(at, successors.length === 0 ? "leads nowhere (no edge to the Output)" : `branches to ${successors.join(", ")}: only chains of layers run on the board`);
    at = graph.nodes.get(successors[0]);
    if (at === undefined) throw new ConfigError("invalid-nir", graph.name || "graph", `an edge leads to the missing node "${successors[0]}"`);
  }
  return order;
}

/** A recurrent subgraph: one LIF/CubaLIF whose spikes come back through one Affine/Linear. */
function recurrentLayer(sub: NirNode): JsonLayer {
  const inner = [...sub.nodes.values()];
  const neurons = inner.filter((n) => n.type === "LIF" || n.type === "CubaLIF");
  const weights = inner.filter((n) => n.type === "Affine" || n.type === "Linear");
  const others = inner.filter((n) => !["LIF", "CubaLIF", "Affine", "Linear", "Input", "Output"].includes(n.type));
  if (others.length > 0) throw unsupported(others[0], "cannot run on the board inside a recurrent subgraph");
  if (neurons.length !== 1 || weights.length !== 1) {
    throw unsupported(sub, "only a recurrent subgraph of one LIF or CubaLIF and one Affine or Linear (snnTorch's RLeaky/RSynaptic) can run");
  }
  const [lif, w] = [neurons[0], weights[0]];
  const local = (n: NirNode) => n.name.split(".").pop()!;
  const loops = sub.edges.some(([a, b]) => a === local(lif) && b === local(w)) && sub.edges.some(([a, b]) => a === local(w) && b === local(lif));
  if (!loops) throw unsupported(sub, `its ${w.type} does not feed the ${lif.type}'s spikes back to it`);
  return neuronLayer(lif, w);
}

/** The NIR file at `path` as a net.json object (config.ts), ready for parseNetworkConfig. */
export async function nirToNetworkJson(path: string): Promise<Record<string, unknown>> {
  const graph = await readNir(path);
  const layers: JsonLayer[] = [];
  for (const node of chain(graph)) {
    const last = layers[layers.length - 1];
    let layer: JsonLayer;
    if (node.type === "Affine" || node.type === "Linear") layer = linearLayer(node);
    else if (node.type === "LIF" || node.type === "CubaLIF") layer = neuronLayer(node);
    else if (node.type === "NIRGraph") layer = recurrentLayer(node);
    else throw unsupported(node, "this node type cannot run on the board (it runs Affine, Linear, LIF, CubaLIF and recurrent LIF/CubaLIF subgraphs)");
    const isLinear = layer.kind === "Linear";
    if (isLinear && last?.kind === "Linear") throw unsupported(node, "follows another Linear: the board needs a neuron layer between two Linears");
    if (!isLinear && last?.kind !== "Linear") {
      // snnTorch feeds the previous output straight in: an identity Linear does the same exactly.
      const n = layer.neurons as number;
      layers.push({ kind: "Linear", in: n, out: n, weight: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))), bias: null });
    }
    layers.push(layer);
  }
  const first = layers[0];
  const input = [...graph.nodes.values()].find((n) => n.type === "Input");
  const shape = input?.params.get("shape");
  const inputs = first?.kind === "Linear" ? first.in : shape?.[0];
  return { dtype: "float32", inputs, layers };
}
