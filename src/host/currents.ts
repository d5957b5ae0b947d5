/**
 * Input currents for a layer: `values[t * channels + i]` is the input of neuron (channel) i at
 * step t. Step-major, so one step's inputs are contiguous, as the kernels and the wire want them.
 */
export interface Currents {
  steps: number;
  channels: number;
  values: Float64Array;
  /** Set by toLayerNumbers (layer-numbers.ts): the values are already rounded to float32. */
  float32?: boolean;
}

/** An all-zero block of currents. */
export function zeroCurrents(steps: number, channels: number): Currents {
  return { steps, channels, values: new Float64Array(steps * channels) };
}
