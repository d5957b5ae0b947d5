/**
 * Input currents for a layer: `values[t * channels + i]` is the input of neuron (channel) i at
 * step t. Step-major, so one step's inputs are contiguous, as the kernels and the wire want them.
 */
export interface Currents {
  steps: number;
  channels: number;
  values: Float64Array;
}

/** An all-zero block of currents. */
export function zeroCurrents(steps: number, channels: number): Currents {
  return { steps, channels, values: new Float64Array(steps * channels) };
}

/**
 * The currents as the layer sees them: float32 layers take float32 inputs, as snnTorch does.
 * int layers take them as given here; the backends quantize them (src/host/quantize.ts).
 */
export function toLayerNumbers(currents: Currents, dtype: "float64" | "float32" | "int"): Currents {
  if (dtype !== "float32") return currents;
  return { ...currents, values: currents.values.map(Math.fround) };
}
