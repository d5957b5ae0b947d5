/**
 * What a network backend returns, and the device's flat arguments for a network: the plain
 * description of src/device/network-trace.ts.
 */
import type { NetworkDescription } from "../../shared/network-description.ts";
import type { Trace } from "../backends/backend.ts";
import { dtypeCode } from "../config.ts";
import type { Currents } from "../currents.ts";
import { quantizeState } from "../quantize.ts";
import type { NetworkSpec } from "./config.ts";

/**
 * Per step t, layer k and neuron i: the Linear's output (`input`), the model's states
 * (`layers[k].states`) and the spike, laid out step by step, layer by layer, neuron by neuron.
 */
export interface NetworkTrace {
  steps: number;
  layers: { neurons: number; states: string[] }[];
  values: Float64Array;
}

/** Values per step of the trace: every layer's neurons × (input, states…, spk). */
export function valuesPerStep(layers: NetworkTrace["layers"]): number {
  return layers.reduce((sum, l) => sum + l.neurons * (l.states.length + 2), 0);
}

export function networkDescription(spec: NetworkSpec): NetworkDescription {
  return {
    dtype: dtypeCode(spec.dtype),
    inputs: spec.inputs,
    layers: spec.layers.map((l) => ({
      model: l.spec.model,
      reset: l.spec.reset,
      n: l.spec.neurons,
      paramIds: l.spec.params.map((p) => p.id as number),
      paramValues: l.spec.params.flatMap((p) => p.values),
      stateIds: l.spec.init.map((s) => s.id as number),
      stateValues: l.spec.init.flatMap((s) => s.values),
      weight: l.weight,
      bias: l.bias,
      recWeight: l.recWeight,
      recBias: l.recBias,
    })),
  };
}

/**
 * The inputs as the network takes them (float32 networks: rounded; int networks: in their
 * fixed-point scale), checked against its width.
 */
export function networkInputs(spec: NetworkSpec, currents: Currents): number[] {
  if (currents.channels !== spec.inputs) {
    throw new RangeError(`inputs have ${currents.channels} channels but the network has ${spec.inputs}`);
  }
  const scale = spec.quantization?.scale;
  if (scale !== undefined) return Array.from(currents.values, (x) => quantizeState(x, scale));
  return Array.from(currents.values, spec.dtype === "float32" ? Math.fround : (x: number) => x);
}

export function networkTraceFromFlat(spec: NetworkSpec, steps: number, out: ArrayLike<number>): NetworkTrace {
  const layers = spec.layers.map((l) => ({ neurons: l.spec.neurons, states: l.spec.stateColumns }));
  const expected = steps * valuesPerStep(layers);
  if (out.length !== expected) throw new Error(`backend returned ${out.length} values, expected ${expected}`);
  // An int network's values come back as fixed-point integers: the trace is in real units.
  const scale = spec.quantization?.scale ?? 1;
  return { steps, layers, values: Float64Array.from(out, (x) => x / scale) };
}

/** Layer k of a network trace as a layer's trace (its states and spikes, without the input column). */
export function layerTrace(trace: NetworkTrace, k: number): Trace {
  const perStep = valuesPerStep(trace.layers);
  let offset = 0;
  for (let j = 0; j < k; j++) offset += trace.layers[j].neurons * (trace.layers[j].states.length + 2);
  const { neurons, states } = trace.layers[k];
  const width = states.length + 1;
  const values = new Float64Array(trace.steps * neurons * width);
  for (let t = 0; t < trace.steps; t++) {
    for (let i = 0; i < neurons; i++) {
      const from = t * perStep + offset + i * (width + 1) + 1;
      values.set(trace.values.subarray(from, from + width), (t * neurons + i) * width);
    }
  }
  return { steps: trace.steps, neurons, columns: [...states, "spk"], values };
}
