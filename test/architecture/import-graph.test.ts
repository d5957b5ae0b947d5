/**
 * The import rules of docs/architecture.md, checked on the import statements of src/**.ts (read
 * with TypeScript's own pre-processor, so `import type`, `export … from` and `import()` count):
 *
 *   shared < device < emulator, io < host < testing
 *
 * A file imports only from its own layer or lower ones; shared imports only shared; io (the
 * Node-side plumbing) imports no emulator file; the host reaches into src/device only through
 * the ts backend; and the firmware the board loads (everything runtime.ts reaches) leaves out the
 * simulate-only modules.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** Layer order, lowest first. Layers of one rank may not import each other unless allowed below. */
const RANK: Record<string, number> = { shared: 0, device: 1, io: 2, emulator: 2, host: 3, testing: 4 };
/** The only host files that may import from src/device, and what they may import. */
const HOST_INTO_DEVICE: Record<string, string[]> = { "src/host/backends/ts.ts": ["src/device/trace.ts", "src/device/network-trace.ts"] };
/** Same-rank imports that are allowed: the emulator uses io (Link, paths, firmware files). */
const SIDEWAYS = new Set(["emulator->io"]);
/** Device modules only `simulate` uses: the board must not load them. */
const SIMULATE_ONLY = ["src/device/trace.ts", "src/device/network-trace.ts", "src/device/configure.ts"];

type Edge = { from: string; to: string };

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts"))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split("\\").join("/"));
}

function importEdges(files: string[]): Edge[] {
  const edges: Edge[] = [];
  for (const from of files) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, from), "utf8"), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const to = relative(ROOT, resolve(ROOT, dirname(from), fileName)).split("\\").join("/");
      edges.push({ from, to });
    }
  }
  return edges;
}

const layerOf = (file: string): string => file.split("/")[1];

/** Every rule an edge breaks, as one readable line each. */
function violations(edges: Edge[]): string[] {
  const out: string[] = [];
  for (const { from, to } of edges) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (!(a in RANK) || !(b in RANK)) {
      out.push(`${from} -> ${to}: outside the known layers`);
      continue;
    }
    if (a === b) continue;
    if (RANK[a] < RANK[b]) out.push(`${from} -> ${to}: ${a} is below ${b}`);
    else if (RANK[a] === RANK[b] && !SIDEWAYS.has(`${a}->${b}`)) out.push(`${from} -> ${to}: ${a} may not import ${b}`);
    else if (a === "host" && b === "device" && !(HOST_INTO_DEVICE[from] ?? []).includes(to)) {
      out.push(`${from} -> ${to}: the host reaches src/device only through src/shared and the ts backend`);
    }
  }
  return out;
}

function reachable(edges: Edge[], start: string): Set<string> {
  const seen = new Set([start]);
  const todo = [start];
  while (todo.length > 0) {
    const file = todo.pop()!;
    for (const e of edges) {
      if (e.from === file && !seen.has(e.to)) {
        seen.add(e.to);
        todo.push(e.to);
      }
    }
  }
  return seen;
}

const FILES = ["src/shared", "src/device", "src/io", "src/emulator", "src/host", "src/testing"].flatMap(sources);
const EDGES = importEdges(FILES);

describe("the import graph of src/", () => {
  it("reads every source file and resolves every relative import to one of them", () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(EDGES.length).toBeGreaterThan(300);
    const known = new Set(FILES);
    expect(EDGES.filter((e) => !known.has(e.to))).toEqual([]);
  });

  it("has no import from a lower layer to a higher one, nor sideways except emulator -> io", () => {
    expect(violations(EDGES)).toEqual([]);
  });

  it("keeps the shared layer to itself, the emulator away from the host and io away from the emulator", () => {
    const from = (layer: string) => EDGES.filter((e) => layerOf(e.from) === layer);
    expect(from("shared").filter((e) => layerOf(e.to) !== "shared")).toEqual([]);
    expect(from("emulator").filter((e) => layerOf(e.to) === "host")).toEqual([]);
    expect(from("io").filter((e) => layerOf(e.to) !== "io" && layerOf(e.to) !== "shared")).toEqual([]);
  });

  it("lets the host into src/device only through the ts backend, and only to the simulate entries", () => {
    const intoDevice = EDGES.filter((e) => layerOf(e.from) === "host" && layerOf(e.to) === "device");
    expect(intoDevice).toEqual([
      { from: "src/host/backends/ts.ts", to: "src/device/trace.ts" },
      { from: "src/host/backends/ts.ts", to: "src/device/network-trace.ts" },
    ]);
  });

  it("flags each kind of broken rule (the checker itself can fail)", () => {
    expect(violations([
      { from: "src/shared/codes.ts", to: "src/device/layer.ts" },
      { from: "src/emulator/link.ts", to: "src/host/index.ts" },
      { from: "src/io/paths.ts", to: "src/emulator/index.ts" },
      { from: "src/host/quantize.ts", to: "src/device/kernels-int.ts" },
      { from: "src/host/backends/ts.ts", to: "src/device/trace.ts" },
      { from: "src/testing/index.ts", to: "src/host/index.ts" },
    ])).toEqual([
      "src/shared/codes.ts -> src/device/layer.ts: shared is below device",
      "src/emulator/link.ts -> src/host/index.ts: emulator is below host",
      "src/io/paths.ts -> src/emulator/index.ts: io may not import emulator",
      "src/host/quantize.ts -> src/device/kernels-int.ts: the host reaches src/device only through src/shared and the ts backend",
    ]);
  });

  it("gives the board only board modules: runtime.ts does not reach the simulate-only ones", () => {
    const board = reachable(EDGES, "src/device/runtime.ts");
    expect(board.size).toBeGreaterThan(20);
    for (const file of SIMULATE_ONLY) expect(board.has(file), file).toBe(false);
    expect(reachable(EDGES, "src/device/trace.ts").has("src/device/configure.ts")).toBe(true);
  });
});
