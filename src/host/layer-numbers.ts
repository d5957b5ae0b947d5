/**
 * The numbers a layer computes with, decided once each: an input value on its way in (quantized
 * for an int layer, rounded to float32 for a float32 layer, as given for float64) and an output on
 * its way back (an int layer's fixed-point integers divided by its scale). Every backend and the
 * host client cross the boundary through these functions.
 */
import type { LayerSpec } from "./config.ts";
import type { Currents } from "./currents.ts";
import { quantizeInputs } from "./quantize.ts";

/**
 * The currents as the layer sees them: float32 layers take float32 inputs, as snnTorch does.
 * int layers take them as given here; `layerInputs` quantizes them. The result is marked, so
 * currents already converted are not rounded again further down the run.
 */
export function toLayerNumbers(currents: Currents, dtype: "float64" | "float32" | "int"): Currents {
  if (dtype !== "float32" || currents.float32 === true) return currents;
  return { ...currents, values: currents.values.map(Math.fround), float32: true };
}

/** The input values the layer takes, step-major: quantized (int), float32-rounded or as given. */
export function layerInputs(currents: Currents, spec: LayerSpec): Float64Array {
  if (spec.quantization !== undefined) return Float64Array.from(quantizeInputs(currents, spec.quantization).values);
  return toLayerNumbers(currents, spec.dtype).values;
}

/** A layer's outputs in real units, in place: an int layer's fixed-point integers / its scale. */
export function toRealUnits<T extends { length: number; [i: number]: number }>(spec: LayerSpec, values: T): T {
  const scale = spec.quantization?.scale;
  if (scale !== undefined) for (let j = 0; j < values.length; j++) values[j] = values[j] / scale;
  return values;
}
