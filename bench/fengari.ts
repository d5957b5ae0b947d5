/**
 * The benchmark's view of fengari (Lua 5.3 written in JavaScript), the alternative to wasmoon:
 * the same modules preloaded from strings, driven through fengari's C-like stack API.
 */
import fengari, { type LuaState } from "fengari";
import { type ByteCheck, fromInspection, isPayload, payloadBytes, payloadString } from "./binary.ts";
import { type InProcessLua, benchModules, prepareChunk } from "./in-process-lua.ts";
import type { Subject } from "./timing.ts";

const { lua, lauxlib, lualib, to_luastring } = fengari;

function check(L: LuaState, status: number): void {
  if (status !== lua.LUA_OK) throw new Error(`fengari: ${lua.lua_tojsstring(L, -1)}`);
}

/** Runs `chunk`, leaving its `results` return values on the stack. */
function run(L: LuaState, chunk: string, results: number): void {
  check(L, lauxlib.luaL_loadbuffer(L, to_luastring(chunk), null, "=bench"));
  check(L, lua.lua_pcall(L, 0, results, 0));
}

function preload(L: LuaState, modules: Map<string, string>): void {
  lua.lua_getglobal(L, "package");
  lua.lua_getfield(L, -1, "preload");
  for (const [name, source] of modules) {
    check(L, lauxlib.luaL_loadbuffer(L, to_luastring(source), null, `@${name}.lua`));
    lua.lua_setfield(L, -2, name);
  }
  lua.lua_pop(L, 2);
}

/** Pops the function at field `key` of the table on top of the stack into the registry. */
function refField(L: LuaState, key: string): number {
  lua.lua_getfield(L, -1, key);
  return lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
}

function subject(L: LuaState, chunk: string): Subject {
  run(L, chunk, 1);
  const runRef = refField(L, "run");
  const memSumRef = refField(L, "memSum");
  lua.lua_pop(L, 1);
  return {
    run(rounds) {
      lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, runRef);
      lua.lua_pushnumber(L, rounds);
      check(L, lua.lua_pcall(L, 1, 0, 0));
    },
    memSum() {
      lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, memSumRef);
      check(L, lua.lua_pcall(L, 0, 1, 0));
      const sum = lua.lua_tonumber(L, -1);
      lua.lua_pop(L, 1);
      return sum;
    },
  };
}

/** Passes all 256 byte values, as `value`, to bench_bytes.inspect and reads the table it returns. */
function inspect(L: LuaState, passedAs: string, value: Uint8Array | string): ByteCheck {
  run(L, 'return require("bench_bytes").inspect', 1);
  lua.lua_pushstring(L, value);
  lua.lua_pushnumber(L, 0);
  check(L, lua.lua_pcall(L, 2, 1, 0));
  lua.lua_getfield(L, -1, "type");
  lua.lua_getfield(L, -2, "length");
  lua.lua_getfield(L, -3, "intact");
  const seen = { type: lua.lua_tojsstring(L, -3), length: lua.lua_tonumber(L, -2), intact: lua.lua_toboolean(L, -1) };
  lua.lua_pop(L, 4);
  return fromInspection("fengari", 0, passedAs, seen);
}

export function openFengari(): InProcessLua {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  preload(L, benchModules());
  run(L, "return _VERSION", 1);
  const version = lua.lua_tojsstring(L, -1);
  lua.lua_pop(L, 1);
  return {
    name: "fengari",
    version,
    subject: (kind, w) => subject(L, prepareChunk(kind, w)),
    byteChecks() {
      // A JS string is UTF-8 encoded on the way in; a Uint8Array is taken as the bytes themselves.
      const checks = [inspect(L, "string", payloadString(0)), inspect(L, "Uint8Array", payloadBytes(0))];
      run(L, 'return require("bench_bytes").bytes(0)', 1);
      const back = lua.lua_tostring(L, -1);
      lua.lua_pop(L, 1);
      checks.push({ vm: "fengari", direction: "lua -> js", first: 0, passedAs: "string", arrivesAs: "Uint8Array", length: back.length, intact: isPayload(back, 0) });
      return checks;
    },
    close: () => lua.lua_close(L),
  };
}
