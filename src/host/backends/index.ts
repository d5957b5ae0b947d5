/** Backends by name, for the CLI and the library. */
import type { Backend } from "./backend.ts";
import { createLuaBackend } from "./lua.ts";
import { createTsBackend } from "./ts.ts";

export const BACKEND_NAMES = ["ts", "lua"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export async function openBackend(name: BackendName): Promise<Backend> {
  return name === "ts" ? createTsBackend() : createLuaBackend();
}
