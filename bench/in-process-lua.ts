/**
 * What the benchmark needs from an in-process Lua VM (wasmoon, fengari): the Lua subjects of
 * bench/lua/bench_subjects.lua as JS-callable Subjects, and the binary-safety check.
 */
import { join } from "node:path";
import { readDeviceModules } from "../src/host/lua-vm.ts";
import { PACKAGE_ROOT } from "../src/io/paths.ts";
import type { ByteCheck } from "./binary.ts";
import { luaLiteral } from "./lua-literal.ts";
import type { Subject } from "./timing.ts";
import { type Workload, luaWorkload } from "./workload.ts";

export const BENCH_LUA_DIR = join(PACKAGE_ROOT, "bench", "lua");

export type LuaSubjectKind = "device" | "hand";

export interface InProcessLua {
  readonly name: string;
  /** Lua's own _VERSION. */
  readonly version: string;
  subject(kind: LuaSubjectKind, w: Workload): Subject;
  byteChecks(): ByteCheck[];
  close(): void;
}

/** The transpiled device modules plus the benchmark's Lua modules, by module name. */
export function benchModules(): Map<string, string> {
  const modules = new Map([...readDeviceModules(), ...readDeviceModules(BENCH_LUA_DIR)]);
  modules.delete("clock"); // the stand-alone interpreters' main script, not a module
  return modules;
}

/** A Lua chunk returning the { run, memSum } table of one subject. */
export function prepareChunk(kind: LuaSubjectKind, w: Workload): string {
  return `return require("bench_subjects").prepare("${kind}", ${luaLiteral(luaWorkload(w))})`;
}
