/**
 * Every test file sits in a group that vitest.config.ts runs: a test in a folder no project
 * includes would never run, and nothing would say so.
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
/** The folders of test/, fast groups first; test/integration runs second (package.json "test"). */
const GROUPS = ["architecture", "tools", "device", "protocol", "client", "emulator", "cli", "integration"];

describe("test/ groups", () => {
  it("holds every test file in one of the groups vitest.config.ts runs", () => {
    const files = readdirSync(join(ROOT, "test"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".test.ts"))
      .map((e) => relative(join(ROOT, "test"), join(e.parentPath, e.name)).split("\\").join("/"));
    expect(files.length).toBeGreaterThan(40);
    expect(files.filter((f) => !GROUPS.includes(f.split("/")[0]) || f.split("/").length !== 2)).toEqual([]);
    for (const group of GROUPS) expect(files.some((f) => f.startsWith(`${group}/`)), group).toBe(true);
  });
});
