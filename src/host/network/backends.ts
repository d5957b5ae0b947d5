/**
 * Network backends: `ts` runs the device code in Node, `lua` the transpiled Lua in the
 * in-process Lua VM (as src/host/backends does for one layer); the emulator backend drives the
 * firmware over the wire (wire-backend.ts).
 */
import { DeviceError } from "../../shared/codes.ts";
import type { NetworkResult } from "../../shared/network-description.ts";
import { simulateNetwork } from "../backends/ts.ts";
import { emulatedBoard, externalLua } from "../backends/emulator.ts";
import type { BackendName, BackendOptions } from "../backends/index.ts";
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

function checked(result: NetworkResult): ArrayLike<number> {
  if (result.error !== DeviceError.None) {
    throw new DeviceReportedError(result.error, result.layer < 0 ? "configure network" : `configure network layer ${result.layer}`);
  }
  return result.out ?? [];
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

type LuaSimulateNetwork = (...args: unknown[]) => NetworkResult;

export async function createLuaNetworkBackend(): Promise<NetworkBackend> {
  const vm = await createLuaVm();
  const simulate = (await vm.doString('return require("device.network-trace").simulateNetwork')) as LuaSimulateNetwork;
  return {
    name: "lua",
    async simulate(spec, currents) {
      const inputs = networkInputs(spec, currents);
      // The rounding hook is erased from the Lua code, so no function is passed for it.
      return networkTraceFromFlat(spec, currents.steps, checked(simulate(networkDescription(spec), inputs, currents.steps, undefined)));
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
