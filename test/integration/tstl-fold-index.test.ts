/**
 * tools/tstl-fold-index.cjs: an index with a literal offset costs one addition in Lua, not two,
 * and the Lua computes what the TypeScript does (run under lua5.1 against Node).
 */
import { execFileSync } from "node:child_process";
import ts from "typescript";
import * as tstl from "typescript-to-lua";
import { describe, expect, it } from "vitest";
import { join } from "node:path";

const OPTIONS: tstl.CompilerOptions = {
  target: ts.ScriptTarget.ES2020,
  lib: ["lib.es2020.d.ts"],
  strict: true,
  luaTarget: tstl.LuaTarget.Lua51,
  luaLibImport: tstl.LuaLibImportKind.Inline,
  noImplicitSelf: true,
  noHeader: true,
  luaPlugins: [{ name: join(import.meta.dirname, "..", "..", "tools", "tstl-fold-index.cjs") }],
};

const SOURCE = `
declare function print(...args: unknown[]): void;
const a: number[] = [10, 20, 30, 40, 50, 60];
function pick(p: number, i: number): number {
  return a[p + 3] * 1000 + a[i - 1] * 10 + a[p + 1 - 1] + a[p];
}
a[pick(0, 1) > 0 ? 2 + 2 : 0] = 7;
print(pick(1, 2), a[4]);
`;

describe("tools/tstl-fold-index.cjs", () => {
  const result = tstl.transpileVirtualProject({ "main.ts": SOURCE }, OPTIONS);
  const lua = result.transpiledFiles[0].lua ?? "";

  it("folds the literal into TSTL's + 1", () => {
    expect(result.diagnostics).toEqual([]);
    expect(lua).toContain("a[p + 4]");
    expect(lua).toContain("a[i]");
    expect(lua).not.toMatch(/\+ \d+ \+ 1\]/);
  });

  it("computes what the TypeScript computes", () => {
    const out = execFileSync("lua5.1", ["-"], { input: lua, encoding: "utf8" }).trim();
    const a = [10, 20, 30, 40, 50, 60];
    const pick = (p: number, i: number) => a[p + 3] * 1000 + a[i - 1] * 10 + a[p + 1 - 1] + a[p];
    a[pick(0, 1) > 0 ? 4 : 0] = 7;
    expect(out.split(/\s+/).map(Number)).toEqual([pick(1, 2), a[4]]);
  });
});
