/**
 * The spikeloop firmware as it goes on a board, for the flash tool and the emulated board alike:
 * firmware/app (built) with the NodeMCU adapter firmware/nodemcu on top.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FIRMWARE_APP_DIR, NODEMCU_ADAPTER_DIR } from "./paths.ts";

/** Board file name → contents. The board's filesystem is flat: "shared/wire/frame.lua" is one name. */
export type FirmwareFiles = Record<string, Uint8Array>;

function luaFiles(dir: string, into: FirmwareFiles, prefix = ""): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) luaFiles(join(dir, entry.name), into, `${prefix}${entry.name}/`);
    else if (entry.isFile() && entry.name.endsWith(".lua")) into[prefix + entry.name] = readFileSync(join(dir, entry.name));
  }
}

/**
 * Every .lua under `appDir` (named by its relative path, "device/runtime.lua") and the adapter's
 * files from `adapterDir` on top ("main.lua", "board.lua", "init.lua").
 */
export function readFirmwareFiles(appDir = FIRMWARE_APP_DIR, adapterDir = NODEMCU_ADAPTER_DIR): FirmwareFiles {
  if (!existsSync(appDir)) throw new Error(`no transpiled firmware in ${appDir}: run \`npm run build\` first`);
  if (!existsSync(adapterDir)) throw new Error(`no NodeMCU adapter in ${adapterDir}`);
  const files: FirmwareFiles = {};
  luaFiles(appDir, files);
  luaFiles(adapterDir, files);
  return files;
}

/** `require("a.b")`, or `pcall(require, "a.b")`. */
const REQUIRE = /\brequire(?:\(|,\s*)"([\w.-]+)"/g;

/**
 * Only the files the board runs: init.lua, main.lua and every module they require, directly or
 * not ("shared.wire.parser" is shared/wire/parser.lua). Simulate-only modules the board never
 * loads stay off it.
 */
export function boardFiles(files: FirmwareFiles = readFirmwareFiles()): FirmwareFiles {
  const chosen: FirmwareFiles = {};
  const queue = ["init.lua", "main.lua"];
  while (queue.length > 0) {
    const name = queue.shift()!;
    const data = files[name];
    if (data === undefined || chosen[name] !== undefined) continue;
    chosen[name] = data;
    for (const m of Buffer.from(data).toString("utf8").matchAll(REQUIRE)) queue.push(`${m[1].replace(/\./g, "/")}.lua`);
  }
  return chosen;
}
