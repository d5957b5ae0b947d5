/**
 * The build's TypeScriptToLua plugins (tools/): each snippet is transpiled with them, the Lua is
 * checked for the shape the plugin promises, and then RUN under lua5.1 and lua5.3 and compared,
 * number for number, with the same TypeScript run in Node.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import * as tstl from "typescript-to-lua";
import { afterAll, describe, expect, it } from "vitest";
import { FIRMWARE_APP_DIR } from "../../src/io/paths.ts";

const TOOLS = join(import.meta.dirname, "..", "..", "tools");
const INTERPRETERS = ["lua5.1", "lua5.3"];
const scratch = mkdtempSync(join(tmpdir(), "spikeloop-tstl-plugins-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const OPTIONS: tstl.CompilerOptions = {
  target: ts.ScriptTarget.ES2020,
  lib: ["lib.es2020.d.ts"],
  strict: true,
  luaTarget: tstl.LuaTarget.Lua51,
  luaLibImport: tstl.LuaLibImportKind.Inline,
  noImplicitSelf: true,
  noHeader: true,
  luaPlugins: [{ name: join(TOOLS, "tstl-erase-rounding.cjs") }, { name: join(TOOLS, "tstl-numeric-for.cjs") }],
};

function transpileFiles(files: Record<string, string>, options: tstl.CompilerOptions = OPTIONS): Map<string, string> {
  const result = tstl.transpileVirtualProject(files, options);
  const messages = result.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  expect(messages).toEqual([]);
  return new Map(result.transpiledFiles.map((f) => [f.sourceFiles[0].fileName, f.lua ?? ""]));
}

function transpile(source: string, options: tstl.CompilerOptions = OPTIONS): string {
  return transpileFiles({ "main.ts": source }, options).get("main.ts") ?? "";
}

/** TypeScriptToLua's own translation, without the numeric-for plugin. */
function transpileWithoutNumericFor(source: string): string {
  return transpile(source, { ...OPTIONS, luaPlugins: [{ name: join(TOOLS, "tstl-erase-rounding.cjs") }] });
}

/** `run()` of the snippet, executed by Node. */
function runInNode(source: string): number[] {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } });
  const exports: { run?: () => number[] } = {};
  new Function("exports", js.outputText)(exports);
  return exports.run!();
}

/** `run()` of the transpiled snippet, executed by an external Lua interpreter. */
function runInLua(interpreter: string, lua: string): number[] {
  const file = join(scratch, "main.lua");
  writeFileSync(file, lua);
  const driver = `local r = dofile(${JSON.stringify(file)}).run()
    local out = {}
    for k = 1, #r do out[k] = string.format("%.17g", r[k]) end
    print(table.concat(out, " "))`;
  const output = execFileSync(interpreter, ["-e", driver], { encoding: "utf8" }).trim();
  return output === "" ? [] : output.split(" ").map(Number);
}

/** Transpiles `source`, checks Node and every Lua agree on run(), and returns the Lua. */
function agree(source: string): string {
  const lua = transpile(source);
  const expected = runInNode(source);
  expect(expected.length).toBeGreaterThan(0);
  for (const interpreter of INTERPRETERS) expect(runInLua(interpreter, lua), interpreter).toEqual(expected);
  return lua;
}

describe("tstl-numeric-for: loops it converts", () => {
  it("runs a counted loop 1-based: array accesses lose the + 1, other uses read i - 1", () => {
    const lua = agree(`
      export function run(): number[] {
        const a = [10, 20, 30, 40, 50, 60, 70];
        const base = 2;
        const n = 4;
        const out: number[] = [];
        for (let i = 0; i < n; i++) {
          out.push(a[i], a[base + i], a[i + base], i, i * 2, 100 - i);
          a[i] = -a[i];
        }
        return out.concat(a);
      }`);
    expect(lua).toContain("for i = 1, n do");
    expect(lua).not.toContain("while");
    expect(lua).toContain("a[i]");
    expect(lua).toContain("a[base + i]");
    expect(lua).toContain("a[i + base]");
    expect(lua).not.toMatch(/\[[^\]]*i \+ 1\]/);
    expect(lua).toContain("100 - (i - 1)");
  });

  it("accepts <=, ++i and i += 1, and literal or const-length bounds", () => {
    const lua = agree(`
      export function run(): number[] {
        const out: number[] = [];
        const xs = [3, 1, 4, 1, 5];
        const count = xs.length;
        for (let i = 0; i <= 5; i++) out.push(i);
        for (let j = 2; j < 6; ++j) out.push(10 * j);
        for (let k = 0; k < count; k += 1) out.push(xs[k]);
        return out;
      }`);
    expect(lua).toContain("for i = 1, 6 do");
    expect(lua).toContain("for j = 3, 6 do");
    expect(lua).toContain("for k = 1, count do");
    expect(lua).not.toContain("while");
  });

  it("trusts a property tagged @integer as a whole-number bound", () => {
    const lua = agree(`
      interface Layer {
        /** @integer */
        n: number;
        mem: number[];
      }
      export function run(): number[] {
        const layer: Layer = { n: 3, mem: [0.5, 1.5, 2.5, 3.5] };
        const n = layer.n;
        const mem = layer.mem;
        for (let i = 0; i < n; i++) mem[i] = mem[i] * 2;
        return mem;
      }`);
    expect(lua).toContain("for i = 1, n do");
  });

  it("keeps a counter that is not a known integer 0-based for <=, where Lua's test is the same", () => {
    const lua = agree(`
      function collect(from: number, to: number): number[] {
        const out: number[] = [];
        for (let x = from; x <= to; x++) out.push(x);
        return out;
      }
      export function run(): number[] {
        return collect(0.5, 3).concat(collect(0, 2.5), collect(-2, -2), collect(3, 1));
      }`);
    expect(lua).toContain("for x = from, to do");
    expect(lua).not.toContain("while");
  });

  it("converts loops with break and nested loops whose bounds use the outer counter", () => {
    const lua = agree(`
      export function run(): number[] {
        const rows = 3;
        const cols = 4;
        const m: number[] = [];
        for (let i = 0; i < rows * cols; i++) m.push(i * i);
        const out: number[] = [];
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j <= i; j++) out.push(m[i * cols + j], j);
        }
        for (let i = 0; i < 10; i++) {
          if (m[i] > 20) break;
          out.push(i);
        }
        return out;
      }`);
    expect(lua).toContain("for i = 1, rows do");
    expect(lua).toContain("for j = 0, i - 1 do");
    expect(lua).toContain("for i = 1, 10 do");
  });

  it("rewrites the counter in object literals and leaves property names alone", () => {
    const lua = agree(`
      export function run(): number[] {
        const out: number[] = [];
        const n = 3;
        for (let i = 0; i < n; i++) {
          const p = { i, j: i + 1 };
          out.push(p.i, p.j);
        }
        return out;
      }`);
    expect(lua).toContain("for i = 1, n do");
  });
});

describe("tstl-numeric-for: loops it leaves to TypeScriptToLua", () => {
  const cases: [string, string][] = [
    ["the body assigns the counter", `
      export function run(): number[] {
        const out: number[] = [];
        for (let i = 0; i < 10; i++) { out.push(i); if (i === 2) i += 3; }
        return out;
      }`],
    ["the body changes the bound", `
      export function run(): number[] {
        const out: number[] = [];
        let n = 8;
        for (let i = 0; i < n; i++) { out.push(i, n); n--; }
        return out;
      }`],
    ["a closure called from the body changes the bound", `
      export function run(): number[] {
        const out: number[] = [];
        let n = 8;
        const shrink = () => { n = n - 2; };
        for (let i = 0; i < n; i++) { out.push(i); shrink(); }
        return out;
      }`],
    ["the bound is a property that the body changes", `
      export function run(): number[] {
        const out: number[] = [1, 2];
        for (let i = 0; i < out.length; i++) if (out.length < 6) out.push(out[i] * 10);
        return out;
      }`],
    ["the bound of a < loop may not be a whole number", `
      function collect(to: number): number[] {
        const out: number[] = [];
        for (let i = 0; i < to; i++) out.push(i);
        return out;
      }
      export function run(): number[] {
        return collect(2.5).concat(collect(3), collect(0));
      }`],
    ["a closure captures the counter (which TSTL's own translation shares between iterations)", `
      export function run(): number[] {
        const read: (() => number)[] = [];
        const n = 3;
        for (let i = 0; i < n; i++) read.push(() => i);
        return [read[0](), read[1](), read[2]()];
      }`],
    ["the body declares another variable of the counter's name", `
      export function run(): number[] {
        const out: number[] = [];
        for (let i = 0; i < 3; i++) { { const i = 40; out.push(i); } out.push(i); }
        return out;
      }`],
  ];

  it.each(cases)("when %s", (what, source) => {
    const lua = transpile(source);
    expect(lua).toBe(transpileWithoutNumericFor(source));
    expect(lua).toMatch(/while i </);
    if (what.includes("captures the counter")) {
      expect(runInLua("lua5.1", lua)).toEqual([3, 3, 3]);
      return;
    }
    const expected = runInNode(source);
    for (const interpreter of INTERPRETERS) expect(runInLua(interpreter, lua), interpreter).toEqual(expected);
  });
});

describe("tstl-erase-rounding", () => {
  const rounding = `
    export type Round = (x: number) => number;
    export function rnd(x: number, round: Round | undefined): number {
      return round === undefined ? x : round(x);
    }`;

  it("erases rnd(x, round), the hook's local and the import, and empties the rounding module", () => {
    const files = transpileFiles({
      "rounding.ts": rounding,
      "main.ts": `
        import { type Round, rnd } from "./rounding";
        interface Layer { rnd: Round | undefined; beta: number }
        export function step(layer: Layer, u: number, x: number): number {
          const round = layer.rnd;
          return rnd(rnd(layer.beta * u, round) + x, round);
        }`,
    });
    const main = files.get("main.ts") ?? "";
    expect(main).toContain("return layer.beta * u + x");
    expect(main).not.toMatch(/\brnd\b|\bround\b|require/);
    expect(files.get("rounding.ts")?.trim()).toMatch(/^local ____exports = \{\}\s*return ____exports$/);
  });

  it("keeps a hook local that is used for anything but rnd's second argument", () => {
    const files = transpileFiles({
      "rounding.ts": rounding,
      "main.ts": `
        import { type Round, rnd } from "./rounding";
        interface Layer { rnd: Round | undefined }
        export function hook(layer: Layer, x: number): Round | undefined {
          const round = layer.rnd;
          x = rnd(x, round);
          return round;
        }`,
    });
    expect(files.get("main.ts")).toContain("local round = layer.rnd");
  });
});

describe("the device build", () => {
  it("steps every float model in a 1-based numeric for, with no trace of the rounding hook", () => {
    const kernels = readFileSync(join(FIRMWARE_APP_DIR, "device", "kernels.lua"), "utf8");
    expect(kernels.match(/for i = 1, n do/g)).toHaveLength(5);
    expect(kernels).not.toMatch(/while|\[i \+ 1\]|\brnd\b|\bround\b|"rounding"/);
    expect(existsSync(join(FIRMWARE_APP_DIR, "device", "rounding.lua"))).toBe(false);
  });
});
