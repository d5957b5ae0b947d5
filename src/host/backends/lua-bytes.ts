/**
 * Numbers into and out of the in-process Lua VM (wasmoon, Lua 5.4) in bulk, for the `lua`
 * backends of a layer (lua.ts) and of a network (network/backends.ts).
 *
 * Numbers cross as one binary string of little-endian doubles, written straight into the VM's
 * memory, and the results come back the same way: wasmoon's own conversions would push a whole
 * double such as 1e19 as a (wrapping) 64-bit integer and -0 as 0, hand strings over as UTF-8
 * (bytes ≥ 0x80 change), and cost a proxy call per array element. The Lua side (LUA_BYTES)
 * reads and writes them with string.unpack/pack ("<d"), so every double, -0, NaN and subnormals
 * included, arrives as the same double and comes back the same.
 */
import type { LuaEngine } from "wasmoon";

/**
 * Lua source to put at the top of a chunk: local `reader(bytes)` returns `take(count, integers)`,
 * which reads the next `count` doubles of `bytes` into a table (as Lua integers when `integers`);
 * local `packed(head, out)` returns the doubles of the tables `head` then `out` as one string.
 */
export const LUA_BYTES = `
local unpack, pack, tointeger, concat, tunpack = string.unpack, string.pack, math.tointeger, table.concat, table.unpack
local BLOCK = 200
local D = "<" .. string.rep("d", BLOCK) -- 200 doubles per unpack/pack call
local function reader(bytes)
  local pos = 1
  return function(count, integers)
    local t = {}
    local i = 0
    while count - i >= BLOCK do
      local block = { unpack(D, bytes, pos) }
      pos = block[BLOCK + 1]
      for j = 1, BLOCK do t[i + j] = block[j] end
      i = i + BLOCK
    end
    while i < count do
      i = i + 1
      t[i], pos = unpack("<d", bytes, pos)
    end
    if integers then
      for j = 1, count do t[j] = tointeger(t[j]) end
    end
    return t
  end
end
local function packed(head, out)
  local parts = { pack("<" .. string.rep("d", #head), tunpack(head)) }
  local whole = #out - #out % BLOCK
  for i = 1, whole, BLOCK do parts[#parts + 1] = pack(D, tunpack(out, i, i + BLOCK - 1)) end
  for i = whole + 1, #out do parts[#parts + 1] = pack("<d", out[i]) end
  return concat(parts)
end
`;

/** Calls the global Lua function `name` with `input` as a binary string; returns its binary result. */
export function callWithBytes(vm: LuaEngine, name: string, input: Uint8Array): Uint8Array {
  const thread = vm.global;
  const lua = thread.lua;
  const L = thread.address;
  const wasm = lua.module as typeof lua.module & { _lua_tolstring: (L: number, idx: number, len: number) => number };
  const top = lua.lua_gettop(L);
  try {
    lua.lua_getglobal(L, name);
    const buffer = wasm._malloc(Math.max(1, input.length));
    try {
      wasm.HEAPU8.set(input, buffer);
      lua.lua_pushlstring(L, buffer, input.length);
    } finally {
      wasm._free(buffer);
    }
    if (lua.lua_pcallk(L, 1, 1, 0, 0, null) !== 0) throw new Error(`the lua backend failed: ${lua.lua_tolstring(L, -1, null)}`);
    const lengthAt = wasm._malloc(4);
    try {
      const at = wasm._lua_tolstring(L, -1, lengthAt);
      const length = wasm.getValue(lengthAt, "i32");
      return wasm.HEAPU8.slice(at, at + length);
    } finally {
      wasm._free(lengthAt);
    }
  } finally {
    lua.lua_settop(L, top);
  }
}

/** string.pack/unpack "<d" is little-endian; so is every platform Node runs on, checked here. */
const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

/** The numbers of `parts`, one after another, as little-endian doubles. */
export function packDoubles(parts: readonly ArrayLike<number>[]): Uint8Array {
  const doubles = new Float64Array(parts.reduce((sum, x) => sum + x.length, 0));
  let at = 0;
  for (const x of parts) {
    doubles.set(x, at);
    at += x.length;
  }
  if (LITTLE_ENDIAN) return new Uint8Array(doubles.buffer);
  const bytes = new Uint8Array(doubles.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < doubles.length; i++) view.setFloat64(i * 8, doubles[i], true);
  return bytes;
}

/** The doubles of little-endian `bytes` (a fresh copy, aligned). */
export function readDoubles(bytes: Uint8Array): Float64Array {
  if (LITTLE_ENDIAN) return new Float64Array(bytes.slice().buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.byteLength / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}
