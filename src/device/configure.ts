/**
 * Builds a ready layer from flat arrays, the form in which a configuration arrives from the
 * host (over the wire, or across the Node/Lua boundary). Validates everything, so a bad
 * configuration is refused with an error code and never half-applied.
 */
import { DeviceError } from "../shared/codes.ts";
import { type Layer, finishLayer, layerError, newLayer, setParam, setState } from "./layer.ts";
import type { Round } from "./rounding.ts";

export interface ConfigureResult {
  layer: Layer | undefined;
  error: DeviceError;
}

/**
 * `paramIds[p]` is a Param whose per-neuron values are `paramValues[p*n] .. paramValues[p*n + n - 1]`;
 * likewise `stateIds`/`stateValues` give initial states. `rnd` is the rounding hook (rounding.ts).
 */
export function configureLayer(
  model: number,
  reset: number,
  dtype: number,
  n: number,
  paramIds: number[],
  paramValues: number[],
  stateIds: number[],
  stateValues: number[],
  rnd: Round | undefined,
): ConfigureResult {
  const headerError = layerError(model, reset, dtype, n);
  const layer = newLayer(model, reset, dtype, n);
  if (layer === undefined) return { layer: undefined, error: headerError };
  if (paramValues.length !== paramIds.length * n || stateValues.length !== stateIds.length * n) {
    return { layer: undefined, error: DeviceError.BadIndex };
  }
  layer.rnd = rnd;
  for (let p = 0; p < paramIds.length; p++) {
    for (let i = 0; i < n; i++) {
      const err = setParam(layer, paramIds[p], i, paramValues[p * n + i]);
      if (err !== DeviceError.None) return { layer: undefined, error: err };
    }
  }
  for (let s = 0; s < stateIds.length; s++) {
    for (let i = 0; i < n; i++) {
      const err = setState(layer, stateIds[s], i, stateValues[s * n + i]);
      if (err !== DeviceError.None) return { layer: undefined, error: err };
    }
  }
  const err = finishLayer(layer);
  if (err !== DeviceError.None) return { layer: undefined, error: err };
  return { layer, error: DeviceError.None };
}
