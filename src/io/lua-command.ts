/**
 * The command line that runs the stdio adapter (firmware/stdio/main.lua) under a Lua: a desktop
 * Lua (`lua5.1 main.lua firmware/app`) or one of NodeMCU's own Lua cores (`luac.cross.51`,
 * `.53`, `.int`: NodeMCU's VM built for the host). `luac.cross -e FILE` runs FILE but passes it
 * no arguments, so for a core spikeloop writes a two-line launcher that sets `arg` and runs the
 * adapter. The launcher's name derives from its content, so it is written once and shared.
 */
import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

/** Whether `lua` names one of NodeMCU's Lua cores (luac.cross, luac.cross.51, …), by file name. */
export function isNodeMcuCore(lua: string): boolean {
  return /^luac\.cross(\.\w+)?$/.test(basename(lua));
}

/** A Lua long string holding `text` (a path), whatever brackets it contains. */
function longString(text: string): string {
  let level = "";
  while (text.includes(`]${level}]`)) level += "=";
  return `[${level}[${text}]${level}]`;
}

/** Writes (once) the launcher that runs `main` with `arg = { appDir }`; returns its path. */
export function nodeMcuLauncher(main: string, appDir: string): string {
  const text = [
    "-- Written by spikeloop: luac.cross -e passes no arguments to the file it runs.",
    `arg = { ${longString(appDir)} }`,
    `dofile(${longString(main)})`,
    "",
  ].join("\n");
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const path = join(tmpdir(), `spikeloop-launch-${hash}.lua`);
  if (!existsSync(path)) writeFileSync(path, text);
  return path;
}

/** [program, ...args] running `main` (the stdio adapter) with the firmware in `appDir` under `lua`. */
export function stdioLuaCommand(lua: string, main: string, appDir: string): string[] {
  return isNodeMcuCore(lua) ? [lua, "-e", nodeMcuLauncher(main, appDir)] : [lua, main, appDir];
}
