/**
 * The `lua` backend: the transpiled device code in the in-process Lua VM (wasmoon, Lua 5.4).
 * Numbers cross into the VM and back as one binary string of little-endian doubles (lua-bytes.ts),
 * so every double, 1e19, -0 and subnormals included, arrives unchanged.
 */
import { DeviceError } from "../../shared/codes.ts";
import { dtypeCode, type LayerSpec } from "../config.ts";
import type { Currents } from "../currents.ts";
import { DeviceReportedError } from "../device-reported-error.ts";
import { layerNumbers } from "../client/numbers.ts";
import { createLuaVm } from "../lua-vm.ts";
import { type Backend, type Trace, deviceArguments, traceFromFlat } from "./backend.ts";
import { LUA_BYTES, callWithBytes, packDoubles, readDoubles } from "./lua-bytes.ts";

const RUN = "__spikeloop_simulate";

/**
 * The Lua side: `RUN(bytes)` reads the header (model, reset, dtype, n, steps and the five array
 * lengths), the ids (as integers) and the values, runs simulate(), and returns the error code
 * followed by the trace, all as doubles. The rounding hook is erased from the Lua code, so nil
 * is passed for it.
 */
const RUN_CHUNK = `
local simulate = require("device.trace").simulate
${LUA_BYTES}
${RUN} = function(bytes)
  local take = reader(bytes)
  local h = take(10, true)
  local paramIds, paramValues = take(h[6], true), take(h[7])
  local stateIds, stateValues = take(h[8], true), take(h[9])
  local inputs = take(h[10])
  local result = simulate(h[1], h[2], h[3], h[4], paramIds, paramValues, stateIds, stateValues, inputs, h[5], nil)
  return packed({ result.error }, result.out)
end
`;

/** Everything simulate() needs, as little-endian doubles in RUN_CHUNK's order. */
function packArguments(spec: LayerSpec, currents: Currents): Uint8Array {
  const a = deviceArguments(spec, currents);
  const arrays = [a.paramIds, a.paramValues, a.stateIds, a.stateValues, a.inputs];
  const header = [spec.model, spec.reset, dtypeCode(spec.dtype), spec.neurons, currents.steps, ...arrays.map((x) => x.length)];
  return packDoubles([header, ...arrays]);
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
