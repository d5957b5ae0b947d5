/** The part of fengari's C-like Lua API (CommonJS, untyped) that bench/fengari.ts uses. */
declare module "fengari" {
  /** A Lua state; opaque to JS. */
  export interface LuaState {
    readonly __luaState: unique symbol;
  }

  /** Lua strings are byte arrays in fengari; API functions taking one also accept a JS string. */
  type LuaString = Uint8Array | string;

  export const lua: {
    LUA_OK: number;
    LUA_REGISTRYINDEX: number;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_close(L: LuaState): void;
    lua_getfield(L: LuaState, index: number, key: LuaString): number;
    lua_getglobal(L: LuaState, name: LuaString): number;
    lua_setfield(L: LuaState, index: number, key: LuaString): void;
    lua_pop(L: LuaState, n: number): void;
    lua_rawgeti(L: LuaState, index: number, n: number): number;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_pushstring(L: LuaState, s: LuaString): Uint8Array;
    lua_toboolean(L: LuaState, index: number): boolean;
    lua_tonumber(L: LuaState, index: number): number;
    lua_tojsstring(L: LuaState, index: number): string;
    lua_tostring(L: LuaState, index: number): Uint8Array;
  };

  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_loadbuffer(L: LuaState, buffer: Uint8Array, size: number | null, name: LuaString): number;
    luaL_ref(L: LuaState, t: number): number;
  };

  export const lualib: {
    luaL_openlibs(L: LuaState): void;
  };

  export function to_luastring(s: string): Uint8Array;

  const fengari: { lua: typeof lua; lauxlib: typeof lauxlib; lualib: typeof lualib; to_luastring: typeof to_luastring };
  export default fengari;
}
