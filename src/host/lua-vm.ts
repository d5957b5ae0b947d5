/**
 * An in-process Lua VM (wasmoon: Lua 5.4 compiled to WebAssembly) with the transpiled device
 * modules preloaded, so `require("device.trace")` works exactly as on the board.
 * docs/architecture.md explains the choice of wasmoon over fengari.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { LuaFactory, type LuaEngine } from "wasmoon";
import { FIRMWARE_APP_DIR } from "../io/paths.ts";

/**
 * Reads every module of the transpiled device code, named as `require` names them
 * ("shared/wire/frame.lua" is "shared.wire.frame"); fails clearly when it was not built.
 */
export function readDeviceModules(dir = FIRMWARE_APP_DIR): Map<string, string> {
  if (!existsSync(dir)) throw new Error(`no transpiled device code in ${dir}: run \`npm run build\` first`);
  const modules = new Map<string, string>();
  for (const file of readdirSync(dir, { recursive: true }).map(String)) {
    if (file.endsWith(".lua")) modules.set(file.slice(0, -".lua".length).split(sep).join("."), readFileSync(join(dir, file), "utf8"));
  }
  return modules;
}

/** A fresh Lua VM with `modules` (name → source) loadable through `require`. */
export async function createLuaVm(modules: Map<string, string> = readDeviceModules()): Promise<LuaEngine> {
  const engine = await new LuaFactory().createEngine({ injectObjects: false });
  for (const [name, source] of modules) {
    engine.global.set("__module_source", source);
    await engine.doString(`package.preload[${JSON.stringify(name)}] = assert(load(__module_source, "@${name}.lua"))`);
  }
  engine.global.set("__module_source", undefined);
  return engine;
}
