/**
 * Network backends: `ts` runs the device code in Node, `lua` the transpiled Lua in the
 * in-process Lua VM (as src/host/backends does for one layer, its numbers crossing in bulk as
 * doubles through backends/lua-bytes.ts); the emulator backend drives the firmware over the wire
 * (wire-backend.ts).
 */
import { DeviceError } from "../../shared/codes.ts";
import type { NetworkDescription, NetworkResult } from "../../shared/network-description.ts";
import { simulateNetwork } from "../backends/ts.ts";
import { emulatedBoard, externalLua } from "../backends/emulator.ts";
import type { BackendName, BackendOptions } from "../backends/index.ts";
import { LUA_BYTES, callWithBytes, packDoubles, readDoubles } from "../backends/lua-bytes.ts";
import { Device } from "../client/device.ts";
import type { Currents } from "../currents.ts";
import { DeviceReportedError } from "../device-reported-error.ts";
import { createLuaVm } from "../lua-vm.ts";
import type { NetworkSpec } from "./config.ts";
import { type NetworkTrace, networkDescription, networkInputs, networkTraceFromFlat } from "./trace.ts";

export interface NetworkBackend {
  readonly name: string;
  simulate(spec: NetworkSpec, currents: Currents): Promise<NetworkTrace>;
  close(): Promise<void>;
}

/** The trace's values of a run that succeeded; a DeviceReportedError otherwise. */
function checked(result: Pick<NetworkResult, "error" | "layer"> & { out: ArrayLike<number> }): ArrayLike<number> {
  if (result.error !== DeviceError.None) {
    throw new DeviceReportedError(result.error, result.layer < 0 ? "configure network" : `configure network layer ${result.layer}`);
  }
  return result.out;
}

export function createTsNetworkBackend(): NetworkBackend {
  return {
    name: "ts",
    async simulate(spec, currents) {
      const inputs = networkInputs(spec, currents);
      // float64 networks have no rounding hook at all (see src/device/rounding.ts).
      const rnd = spec.dtype === "float32" ? Math.fround : undefined;
      return networkTraceFromFlat(spec, currents.steps, checked(simulateNetwork(networkDescription(spec), inputs, currents.steps, rnd)));
    },
    async close() {},
  };
}

const RUN = "__spikeloop_simulate_network";

/**
 * The Lua side: `RUN(bytes)` reads the header (dtype, inputs, layer count, steps, input count),
 * per layer its header (model, reset, n and the eight array lengths) and arrays, then the inputs;
 * runs simulateNetwork(), and returns the error code and layer followed by the trace, all as
 * doubles. The rounding hook is erased from the Lua code, so nil is passed for it.
 */
const RUN_CHUNK = `
local simulateNetwork = require("device.network-trace").simulateNetwork
${LUA_BYTES}
${RUN} = function(bytes)
  local take = reader(bytes)
  local h = take(5, true)
  local layers = {}
  for k = 1, h[3] do
    local c = take(11, true)
    layers[k] = {
      model = c[1], reset = c[2], n = c[3],
      paramIds = take(c[4], true), paramValues = take(c[5]), stateIds = take(c[6], true), stateValues = take(c[7]),
      weight = take(c[8]), bias = take(c[9]), recWeight = take(c[10]), recBias = take(c[11]),
    }
  end
  local inputs = take(h[5])
  local result = simulateNetwork({ dtype = h[1], inputs = h[2], layers = layers }, inputs, h[4], nil)
  return packed({ result.error, result.layer }, result.out)
end
`;

/** The description, the inputs and the step count as little-endian doubles in RUN_CHUNK's order. */
function packNetworkArguments(d: NetworkDescription, inputs: number[], steps: number): Uint8Array {
  const parts: ArrayLike<number>[] = [[d.dtype, d.inputs, d.layers.length, steps, inputs.length]];
  for (const l of d.layers) {
    const arrays = [l.paramIds, l.paramValues, l.stateIds, l.stateValues, l.weight, l.bias, l.recWeight, l.recBias];
    parts.push([l.model, l.reset, l.n, ...arrays.map((x) => x.length)], ...arrays);
  }
  parts.push(inputs);
  return packDoubles(parts);
}

export async function createLuaNetworkBackend(): Promise<NetworkBackend> {
  const vm = await createLuaVm();
  await vm.doString(RUN_CHUNK);
  return {
    name: "lua",
    async simulate(spec, currents) {
      const inputs = networkInputs(spec, currents);
      const result = readDoubles(callWithBytes(vm, RUN, packNetworkArguments(networkDescription(spec), inputs, currents.steps)));
      return networkTraceFromFlat(spec, currents.steps, checked({ error: result[0] as DeviceError, layer: result[1], out: result.subarray(2) }));
    },
    async close() {
      vm.global.close();
    },
  };
}

async function openEmulatedDevice(lua: string | undefined): Promise<Device> {
  return Device.open(lua === undefined ? await emulatedBoard() : (await externalLua(lua)).link);
}

/** The emulated device (or the firmware under an external Lua, `options.lua`), over the wire. */
export function createEmulatorNetworkBackend(options: BackendOptions = {}): NetworkBackend {
  const name = options.lua === undefined ? "emulator" : `emulator/${options.lua}`;
  let device: Promise<Device> | undefined;
  return {
    name,
    async simulate(spec, currents) {
      device ??= openEmulatedDevice(options.lua);
      const d = await device;
      await d.configureNetwork(spec);
      return d.runNetwork(currents);
    },
    async close() {
      await device?.then((d) => d.close(), () => undefined);
    },
  };
}

export async function openNetworkBackend(name: BackendName, options: BackendOptions = {}): Promise<NetworkBackend> {
  if (name === "emulator") return createEmulatorNetworkBackend(options);
  return name === "ts" ? createTsNetworkBackend() : createLuaNetworkBackend();
}
