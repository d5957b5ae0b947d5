/** Where the package's files are, whether running from src/ (tests) or dist/ (the CLI). */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("spikeloop: cannot find the package root");
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findRoot();

/** The transpiled device code (built by `npm run build`). */
export const DEVICE_LUA_DIR = join(PACKAGE_ROOT, "firmware", "app");
