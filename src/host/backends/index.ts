/** Backends by name, for the CLI and the library. */
import type { Backend } from "./backend.ts";
import { createEmulatorBackend } from "./emulator.ts";
import { createLuaBackend } from "./lua.ts";
import { createTsBackend } from "./ts.ts";

export const BACKEND_NAMES = ["ts", "lua", "emulator"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendOptions {
  /** `emulator` only: run the firmware under this external Lua interpreter, behind a pty. */
  lua?: string;
}

export async function openBackend(name: BackendName, options: BackendOptions = {}): Promise<Backend> {
  if (name === "emulator") return createEmulatorBackend({ lua: options.lua });
  return name === "ts" ? createTsBackend() : createLuaBackend();
}
