/**
 * What `npm pack` ships (issue 9): no source map pointing at a file the package does not hold,
 * and the README's word on ESM. Reads npm's own file list (`npm pack --dry-run --json`).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

describe("the package", () => {
  it("ships no source map whose sources it does not ship, and no script points at a missing map", () => {
    const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: ROOT, encoding: "utf8" })) as [{ files: { path: string }[] }];
    const shipped = new Set(pack.files.map((f) => f.path));
    expect(shipped.has("dist/src/host/cli.js")).toBe(true);
    for (const path of shipped) {
      if (path.endsWith(".map")) {
        const map = JSON.parse(readFileSync(join(ROOT, path), "utf8")) as { sources: string[] };
        for (const source of map.sources) expect(shipped, `${path} → ${source}`).toContain(posix.join(dirname(path), source));
      }
      if (path.endsWith(".js")) {
        const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(ROOT, path), "utf8"))?.[1];
        if (url !== undefined) expect(shipped, `${path} → ${url}`).toContain(posix.join(dirname(path), url));
      }
    }
  });

  it("the README says it is ESM-only, and its CommonJS example runs as printed", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme).toMatch(/\*\*ESM-only\*\*/);
    const example = /```js\n\/\/ layer\.cjs\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain('await import("spikeloop")');
    // A .cjs file inside the package resolves "spikeloop" to the package itself (self-reference).
    const dir = mkdtempSync(join(ROOT, "test", ".cjs-"));
    try {
      writeFileSync(join(dir, "layer.cjs"), example!);
      expect(execFileSync(process.execPath, [join(dir, "layer.cjs")], { encoding: "utf8" })).toBe("Leaky\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
