/**
 * docs/plots.md stays true: its library example runs (the built library, the emulated board),
 * prints what the page shows under it and leaves the figure it names.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

it("docs/plots.md's library example prints what the page says and draws the figure", () => {
  const page = readFileSync(join(ROOT, "docs", "plots.md"), "utf8");
  const example = /## Library example[\s\S]*?```js\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/.exec(page);
  expect(example, "a Library example section with a js block and its output").not.toBeNull();
  const [, code, output] = example!;
  const library = pathToFileURL(join(ROOT, "dist", "src", "host", "index.js")).href;
  expect(code).toContain('from "./dist/src/host/index.js"');
  const dir = mkdtempSync(join(tmpdir(), "spikeloop-plot-doc-"));
  const file = join(dir, "example.mjs");
  writeFileSync(file, code.replace('"./dist/src/host/index.js"', JSON.stringify(library)));
  const result = spawnSync(process.execPath, [file], { cwd: dir, encoding: "utf8", timeout: 20_000 });
  expect(result.stderr).toBe("");
  expect(result.stdout).toBe(output);
  expect(readFileSync(join(dir, "lower-threshold.svg"), "utf8")).toContain("Output spikes");
  expect(existsSync(join(dir, "lower-threshold.html"))).toBe(true);
});
