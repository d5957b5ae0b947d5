/**
 * docs/host-client.md stays true: its example runs (the built library, the firmware under
 * lua5.1) and prints exactly the output the page shows under it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

it("docs/host-client.md's example prints what the page says", () => {
  const page = readFileSync(join(ROOT, "docs", "host-client.md"), "utf8");
  const example = /## Example[\s\S]*?```js\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/.exec(page);
  expect(example, "an Example section with a js block and its text output").not.toBeNull();
  const [, code, output] = example!;
  // The snippet imports the build relative to the repository root; run it from a scratch file.
  const library = pathToFileURL(join(ROOT, "dist", "src", "host", "client", "index.js")).href;
  expect(code).toContain('from "./dist/src/host/client/index.js"');
  const file = join(mkdtempSync(join(tmpdir(), "spikeloop-doc-")), "example.mjs");
  writeFileSync(file, code.replace('"./dist/src/host/client/index.js"', JSON.stringify(library)));
  const result = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: "utf8", timeout: 20_000 });
  expect(result.stderr).toBe("");
  expect(result.stdout).toBe(output);
});
