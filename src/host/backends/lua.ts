/**
 * The `lua` backend: the transpiled device code in the in-process Lua VM (wasmoon, Lua 5.4).
 *
 * Numbers cross into the VM as one binary string of little-endian doubles, written straight into
 * the VM's memory, and the trace comes back the same way: wasmoon's own conversions would push a
 * whole double such as 1e19 as a (wrapping) 64-bit integer and -0 as 0, hand strings over as
 * UTF-8 (bytes ≥ 0x80 change), and cost a proxy call per array element. The Lua side reads and
 * writes them with string.unpack/pack ("<d"), so every double, -0, NaN and subnormals included,
 * arrives as the same double and comes back the same.
 */
import type { LuaEngine } from "wasmoon";
import { DeviceError } from "../../shared/codes.ts";
import { dtypeCode, type LayerSpec } from "../config.ts";
import type { Currents } from "../currents.ts";
import { DeviceReportedError } from "../device-reported-error.ts";
import { layerNumbers } from "../client/numbers.ts";
import { createLuaVm } from "../lua-vm.ts";
import { type Backend, type Trace, deviceArguments, traceFromFlat } from "./backend.ts";

const RUN = "__spikeloop_simulate";

/**
 * The Lua side: `RUN(bytes)` reads the header (model, reset, dtype, n, steps and the five array
 * lengths), the ids (as integers) and the values, runs simulate(), and returns the error code
 * followed by the trace, all as doubles. The rounding hook is erased from the Lua code, so nil
 * is passed for it.
 */
const RUN_CHUNK = `
local simulate = require("device.trace").simulate
local unpack, pack, tointeger, concat = string.unpack, string.pack, math.tointeger, table.concat
local BLOCK = 200
local D = string.rep("d", BLOCK) -- 200 doubles per unpack/pack call
${RUN} = function(bytes)
  local pos = 1
  local function take(count, integers)
    local t = {}
    local i = 0
    while count - i >= BLOCK do
      local block = { unpack("<" .. D, bytes, pos) }
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
  local h = take(10, true)
  local paramIds, paramValues = take(h[6], true), take(h[7])
  local stateIds, stateValues = take(h[8], true), take(h[9])
  local inputs = take(h[10])
  local result = simulate(h[1], h[2], h[3], h[4], paramIds, paramValues, stateIds, stateValues, inputs, h[5], nil)
  local out = result.out
  local parts = { pack("<d", result.error) }
  local whole = #out - #out % BLOCK
  for i = 1, whole, BLOCK do parts[#parts + 1] = pack("<" .. D, table.unpack(out, i, i + BLOCK - 1)) end
  for i = whole + 1, #out do parts[#parts + 1] = pack("<d", out[i]) end
  return concat(parts)
end
`;

/** Calls the global Lua function `name` with `input` as a binary string; returns its binary result. */
function callWithBytes(vm: LuaEngine, name: string, input: Uint8Array): Uint8Array {
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

/** Everything simulate() needs, as little-endian doubles in RUN_CHUNK's order. */
function packArguments(spec: LayerSpec, currents: Currents): Uint8Array {
  const a = deviceArguments(spec, currents);
  const arrays = [a.paramIds, a.paramValues, a.stateIds, a.stateValues, a.inputs];
  const header = [spec.model, spec.reset, dtypeCode(spec.dtype), spec.neurons, currents.steps, ...arrays.map((x) => x.length)];
  const doubles = new Float64Array(header.length + arrays.reduce((sum, x) => sum + x.length, 0));
  doubles.set(header);
  let at = header.length;
  for (const x of arrays) {
    doubles.set(x, at);
    at += x.length;
  }
  return littleEndian(doubles);
}

/** string.pack/unpack "<d" is little-endian; so is every platform Node runs on, checked here. */
const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

/** The bytes of `doubles`, little-endian. */
function littleEndian(doubles: Float64Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(doubles.buffer, doubles.byteOffset, doubles.byteLength);
  const bytes = new Uint8Array(doubles.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < doubles.length; i++) view.setFloat64(i * 8, doubles[i], true);
  return bytes;
}

/** The doubles of little-endian `bytes` (a fresh copy, aligned). */
function readDoubles(bytes: Uint8Array): Float64Array {
  if (LITTLE_ENDIAN) return new Float64Array(bytes.slice().buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.byteLength / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

export async function createLuaBackend(): Promise<Backend> {
  const vm = await createLuaVm();
  await vm.doString(RUN_CHUNK);
  return {
    name: "lua",
    async simulate(spec: LayerSpec, currents: Currents): Promise<Trace> {
      const result = readDoubles(callWithBytes(vm, RUN, packArguments(spec, currents)));
      if (result[0] !== DeviceError.None) throw new DeviceReportedError(result[0] as DeviceError, "configure");
      // The VM has doubles only: float32 layers compute in doubles here.
      return { ...traceFromFlat(spec, currents.steps, result.subarray(1)), numbers: layerNumbers(spec.dtype, "double") };
    },
    async close() {
      vm.global.close();
    },
  };
}
