/** The `lua` backend: the transpiled device code in the in-process Lua VM. */
import { DeviceError } from "../../shared/codes.ts";
import { dtypeCode, type LayerSpec } from "../config.ts";
import type { Currents } from "../currents.ts";
import { DeviceReportedError } from "../device-reported-error.ts";
import { layerNumbers } from "../client/numbers.ts";
import { createLuaVm } from "../lua-vm.ts";
import { type Backend, type Trace, deviceArguments, traceFromFlat } from "./backend.ts";

type LuaSimulate = (...args: unknown[]) => { error: number; out: number[] };

export async function createLuaBackend(): Promise<Backend> {
  const vm = await createLuaVm();
  const simulate = (await vm.doString('return require("device.trace").simulate')) as LuaSimulate;
  return {
    name: "lua",
    async simulate(spec: LayerSpec, currents: Currents): Promise<Trace> {
      const a = deviceArguments(spec, currents);
      // The rounding hook is erased from the Lua code, so no function is passed for it.
      const result = simulate(
        spec.model, spec.reset, dtypeCode(spec.dtype), spec.neurons,
        a.paramIds, a.paramValues, a.stateIds, a.stateValues, a.inputs, currents.steps, undefined,
      );
      if (result.error !== DeviceError.None) throw new DeviceReportedError(result.error, "configure");
      // The VM has doubles only: float32 layers compute in doubles here.
      return { ...traceFromFlat(spec, currents.steps, result.out ?? []), numbers: layerNumbers(spec.dtype, "double") };
    },
    async close() {
      vm.global.close();
    },
  };
}
