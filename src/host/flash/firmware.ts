/** The spikeloop firmware as it goes on a board: firmware/app (built) with firmware/nodemcu on top. */
import { readFirmwareFiles } from "../../emulator/flash.ts";

/** Board name → content: "runtime.lua", "wire/frame.lua", …, "main.lua", "board.lua", "init.lua". */
export function firmwareFiles(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(readFirmwareFiles())) {
    files[name] = typeof data === "string" ? new Uint8Array(Buffer.from(data, "utf8")) : data;
  }
  return files;
}

/** `require("a.b")`, or `pcall(require, "a.b")`. */
const REQUIRE = /\brequire(?:\(|,\s*)"([\w.-]+)"/g;

/**
 * Only the files the board runs: init.lua, main.lua and every module they require, directly or
 * not ("wire.parser" is wire/parser.lua). Simulate-only modules the board never loads stay off it.
 */
export function boardFiles(files: Record<string, Uint8Array> = firmwareFiles()): Record<string, Uint8Array> {
  const chosen: Record<string, Uint8Array> = {};
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
