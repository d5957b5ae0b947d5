/**
 * NIR import: the golden .nir (written by snnTorch's export_to_nir) maps to the same network as
 * snnTorch's import_from_nir, and NIR files written here with h5wasm cover the other mappings
 * (recurrent subgraph → all-to-all RLeaky, CubaLIF → Synaptic) and the refusals.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import h5wasm, { type Group } from "h5wasm/node";
import { beforeAll, describe, expect, it } from "vitest";
import { createTsNetworkBackend } from "../../src/host/network/backends.ts";
import { parseNetworkConfig } from "../../src/host/network/config.ts";
import { readNetworkFile } from "../../src/host/network/files.ts";
import { NetworkConfigError } from "../../src/host/errors.ts";
import { networkCases, networkFile, networkInputs, networkJson } from "../helpers/network-golden.ts";

const dir = mkdtempSync(join(tmpdir(), "spikeloop-nir-"));

type NodeSpec = { type: string; [param: string]: unknown };
interface GraphSpec {
  nodes: Record<string, NodeSpec | GraphSpec>;
  edges: [string, string][];
}

function writeGraph(group: Group, graph: GraphSpec): void {
  group.create_dataset({ name: "type", data: "NIRGraph" });
  group.create_dataset({ name: "edges", data: graph.edges.flat(), shape: [graph.edges.length, 2] });
  const nodes = group.create_group("nodes");
  for (const [name, node] of Object.entries(graph.nodes)) {
    const g = nodes.create_group(name);
    if ("edges" in node) {
      writeGraph(g, node as GraphSpec);
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "type") g.create_dataset({ name: key, data: value as string });
      else if (Array.isArray(value) && Array.isArray(value[0])) {
        g.create_dataset({ name: key, data: Float32Array.from((value as number[][]).flat()), shape: [value.length, (value[0] as number[]).length] });
      } else g.create_dataset({ name: key, data: Float32Array.from(value as number[]) });
    }
  }
}

/** Writes `graph` as a NIR file (the layout snnTorch's export writes) and returns its path. */
function writeNir(name: string, graph: GraphSpec): string {
  const path = join(dir, `${name}.nir`);
  const file = new h5wasm.File(path, "w");
  writeGraph(file.create_group("node"), graph);
  file.create_dataset({ name: "version", data: "1.0.7" });
  file.close();
  return path;
}

const lif = (n: number, beta: number) => ({
  type: "LIF",
  tau: new Array(n).fill(1e-4 / (1 - beta)),
  r: new Array(n).fill(1 / (1 - beta)),
  v_leak: new Array(n).fill(0),
  v_reset: new Array(n).fill(0),
  v_threshold: new Array(n).fill(1),
});

beforeAll(async () => {
  await h5wasm.ready;
});

describe("NIR import", () => {
  it("maps snnTorch's export to the network snnTorch's import_from_nir builds", async () => {
    const c = networkCases().find((k) => k.nir !== null)!;
    const fromNir = await readNetworkFile(networkFile(c, ".nir"));
    expect(fromNir).toEqual(parseNetworkConfig(networkJson(c)));
  });

  it("maps a recurrent LIF subgraph to an all-to-all RLeaky and runs it", async () => {
    const c = networkCases().find((k) => k.name === "net_rleaky_a2a_f64")!;
    const net = networkJson(c) as any;
    const [l0, rleaky, l2] = net.layers;
    const path = writeNir("rleaky", {
      nodes: {
        input: { type: "Input", shape: [2] },
        fc1: { type: "Affine", weight: l0.weight, bias: l0.bias },
        rec: {
          nodes: { input: { type: "Input", shape: [5] }, lif: lif(5, 0.85), w_rec: { type: "Affine", ...rleaky.recurrent }, output: { type: "Output", shape: [5] } },
          edges: [["input", "lif"], ["lif", "w_rec"], ["w_rec", "lif"], ["lif", "output"]],
        },
        fc2: { type: "Linear", weight: l2.weight },
        out: lif(1, 0.9),
        output: { type: "Output", shape: [1] },
      },
      edges: [["fc2", "out"], ["rec", "fc2"], ["input", "fc1"], ["out", "output"], ["fc1", "rec"]],
    });
    const spec = await readNetworkFile(path);
    expect(spec.dtype).toBe("float32");
    expect(spec.layers.map((l) => l.spec.modelName)).toEqual(["RLeaky", "Leaky"]);
    expect(spec.layers[0].recWeight).toEqual(rleaky.recurrent.weight.flat().map(Math.fround));
    expect(spec.layers[0].recBias).toEqual(rleaky.recurrent.bias.map(Math.fround));
    expect(spec.layers[1].bias).toEqual([]);
    expect(spec.layers.map((l) => l.spec.reset)).toEqual([1, 1]); // "zero", as snnTorch imports
    const beta = spec.layers[0].spec.params.find((p) => p.id === 1)!.values[0];
    expect(Math.abs(beta - 0.85)).toBeLessThan(1e-6);
    // The imported network is the golden one in float32 with reset "zero": it runs, and spikes.
    const trace = await createTsNetworkBackend().simulate(spec, networkInputs(c));
    expect(trace.values.some((x, i) => i % 3 === 2 && x === 1)).toBe(true);
  });

  it("maps CubaLIF to Synaptic (alpha from tau_syn, beta from tau_mem)", async () => {
    const path = writeNir("cuba", {
      nodes: {
        input: { type: "Input", shape: [2] },
        fc: { type: "Affine", weight: [[1, 0.5], [0.25, -1]], bias: [0, 0.1] },
        cuba: { type: "CubaLIF", tau_syn: [5e-4, 5e-4], tau_mem: [1e-3, 1e-3], r: [10, 10], v_leak: [0, 0], v_threshold: [1, 0.5], w_in: [5, 5] },
        output: { type: "Output", shape: [2] },
      },
      edges: [["input", "fc"], ["fc", "cuba"], ["cuba", "output"]],
    });
    const [layer] = (await readNetworkFile(path)).layers;
    expect(layer.spec.modelName).toBe("Synaptic");
    const param = (id: number) => layer.spec.params.find((p) => p.id === id)!.values;
    expect(param(2)).toEqual([Math.fround(0.8), Math.fround(0.8)]); // alpha = 1 - 1e-4/5e-4
    expect(param(1)).toEqual([Math.fround(0.9), Math.fround(0.9)]); // beta = 1 - 1e-4/1e-3
    expect(param(3)).toEqual([1, 0.5]);
  });

  it.each([
    ["a node type the board cannot run", { type: "Conv2d", weight: [[1]] }, /node conv: Conv2d: this node type cannot run on the board/],
    ["a LIF with a resting potential", { ...lif(2, 0.9), v_leak: [0.1, 0] }, /node conv: LIF: v_leak is not 0/],
  ])("names %s", async (name, node, message) => {
    const path = writeNir(name.replace(/ /g, "-"), {
      nodes: { input: { type: "Input", shape: [2] }, fc: { type: "Linear", weight: [[1, 0], [0, 1]] }, conv: node, output: { type: "Output", shape: [2] } },
      edges: [["input", "fc"], ["fc", "conv"], ["conv", "output"]],
    });
    const err = await readNetworkFile(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkConfigError);
    expect((err as Error).message).toMatch(message);
  });

  it("refuses a graph that branches, naming the node", async () => {
    const path = writeNir("branch", {
      nodes: { input: { type: "Input", shape: [2] }, a: { type: "Linear", weight: [[1, 0], [0, 1]] }, b: { type: "Linear", weight: [[1, 0], [0, 1]] }, output: { type: "Output", shape: [2] } },
      edges: [["input", "a"], ["input", "b"], ["a", "output"], ["b", "output"]],
    });
    await expect(readNetworkFile(path)).rejects.toThrow(/node input: Input: branches to a, b/);
  });
});
