/**
 * Where the package's files are, whether running from src/ (tests) or dist/ (the CLI): one list
 * for the host, the emulator and the flash tool.
 */
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

/** The transpiled firmware (firmware/app, built by `npm run build`): device/*.lua, shared/*.lua. */
export const FIRMWARE_APP_DIR = join(PACKAGE_ROOT, "firmware", "app");

/** The hand-written NodeMCU adapter: init.lua, main.lua, board.lua. */
export const NODEMCU_ADAPTER_DIR = join(PACKAGE_ROOT, "firmware", "nodemcu");

/** The stdio adapter for an external Lua: `lua firmware/stdio/main.lua <firmware/app>`. */
export const STDIO_ADAPTER_MAIN = join(PACKAGE_ROOT, "firmware", "stdio", "main.lua");

/**
 * The emulated NodeMCU modules (Lua). tsc does not copy .lua files, so they are read from the
 * source tree at run time, relative to the package root.
 */
export const EMULATOR_LUA_DIR = join(PACKAGE_ROOT, "src", "emulator", "lua");
