/**
 * Runs bench/lua/clock.lua in the stand-alone interpreters: the transpiled modules straight from
 * firmware/app (as on the board) and the hand-written loop, each timed inside Lua with os.clock.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { FIRMWARE_APP_DIR } from "../src/io/paths.ts";
import { BENCH_LUA_DIR } from "./in-process-lua.ts";
import { luaLiteral } from "./lua-literal.ts";
import type { Pair, TimingOptions } from "./timing.ts";
import { type Workload, luaWorkload } from "./workload.ts";

export const INTERPRETERS = ["lua5.1", "lua5.3", "lua5.4", "luajit"];

export type InterpreterResult = { version: string; pairs: Pair[] } | { missing: true };

export function runInterpreter(interpreter: string, workloads: Workload[], options: TimingOptions): InterpreterResult {
  const path = [FIRMWARE_APP_DIR, BENCH_LUA_DIR].map((dir) => join(dir, "?.lua")).join(";");
  const config = luaLiteral({ ...options, workloads: workloads.map(luaWorkload) });
  const child = spawnSync(interpreter, [join(BENCH_LUA_DIR, "clock.lua"), path, config], { encoding: "utf8" });
  if ((child.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return { missing: true };
  if (child.error !== undefined || child.status !== 0) {
    throw new Error(`${interpreter} failed: ${child.error?.message ?? child.stderr}`);
  }
  let version = interpreter;
  const pairs: Pair[] = [];
  for (const line of child.stdout.trim().split("\n")) {
    const [tag, ...fields] = line.split("\t");
    if (tag === "version") version = fields[0];
    if (tag === "pair") {
      const [n, rate, baselineRate, memSum, baselineMemSum] = fields.map(Number);
      pairs.push({ n, rate, baselineRate, memSum, baselineMemSum });
    }
  }
  return { version, pairs };
}
