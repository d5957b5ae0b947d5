/** Where the emulator finds its Lua shim and the firmware, from src/ (tests) or dist/ (the CLI). */
import { join } from "node:path";
import { DEVICE_LUA_DIR, PACKAGE_ROOT } from "../host/paths.ts";

/**
 * The emulated NodeMCU modules (Lua). tsc does not copy .lua files, so they are read from the
 * source tree at run time, relative to the package root.
 */
export const EMULATOR_LUA_DIR = join(PACKAGE_ROOT, "src", "emulator", "lua");

/** The transpiled firmware runtime (firmware/app, built by `npm run build`). */
export const FIRMWARE_APP_DIR = DEVICE_LUA_DIR;

/** The hand-written NodeMCU adapter: init.lua, main.lua, board.lua. */
export const NODEMCU_ADAPTER_DIR = join(PACKAGE_ROOT, "firmware", "nodemcu");

/** The stdio adapter for an external Lua: `lua firmware/stdio/main.lua <firmware/app>`. */
export const STDIO_ADAPTER_MAIN = join(PACKAGE_ROOT, "firmware", "stdio", "main.lua");
