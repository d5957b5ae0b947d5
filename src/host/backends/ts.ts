/** The `ts` backend: the device code itself, run directly in Node. */
import { DeviceError } from "../../shared/codes.ts";
import { simulate } from "../../device/trace.ts";

/** A network's device code, run directly in Node: the `ts` network backend (network/backends.ts). */
export { simulateNetwork } from "../../device/network-trace.ts";
import { dtypeCode, type LayerSpec } from "../config.ts";
import type { Currents } from "../currents.ts";
import { DeviceReportedError } from "../device-reported-error.ts";
import { type Backend, type Trace, deviceArguments, traceFromFlat } from "./backend.ts";

export function createTsBackend(): Backend {
  return {
    name: "ts",
    async simulate(spec: LayerSpec, currents: Currents): Promise<Trace> {
      const a = deviceArguments(spec, currents);
      // float64 layers have no rounding hook at all (see src/device/rounding.ts).
      const rnd = spec.dtype === "float32" ? Math.fround : undefined;
      const result = simulate(
        spec.model, spec.reset, dtypeCode(spec.dtype), spec.neurons,
        a.paramIds, a.paramValues, a.stateIds, a.stateValues, a.inputs, currents.steps, rnd,
      );
      if (result.error !== DeviceError.None) throw new DeviceReportedError(result.error, "configure");
      // Node computes in doubles, and float32 layers round every operation to float32.
      return { ...traceFromFlat(spec, currents.steps, result.out), numbers: spec.dtype === "int" ? "int32" : spec.dtype };
    },
    async close() {},
  };
}
