/**
 * A backend runs a configured layer over a block of input currents and returns snnTorch's
 * per-step outputs. `ts` runs the device code in Node, `lua` the transpiled Lua in a Lua VM;
 * the wire backends (the emulated device) implement the same interface.
 */
import type { LayerSpec } from "../config.ts";
import type { Currents } from "../currents.ts";
import { layerInputs, toRealUnits } from "../layer-numbers.ts";
import type { TraceNumbers } from "../client/numbers.ts";

/**
 * Per step t and neuron i, the model's states (spec.stateColumns order) then the spike:
 * `values[(t * neurons + i) * width + k]` with `width = stateColumns.length + 1`.
 */
export interface Trace {
  steps: number;
  neurons: number;
  columns: string[];
  values: Float64Array;
  /** The arithmetic that computed it, when the backend knows (the trace CSV does not carry it). */
  numbers?: TraceNumbers;
}

export interface Backend {
  readonly name: string;
  simulate(spec: LayerSpec, currents: Currents): Promise<Trace>;
  close(): Promise<void>;
}

/** The flat arguments of the device's `simulate` (src/device/trace.ts) for a spec and inputs. */
export function deviceArguments(spec: LayerSpec, currents: Currents) {
  if (currents.channels !== spec.neurons) {
    throw new RangeError(`inputs have ${currents.channels} channels but the layer has ${spec.neurons} neurons`);
  }
  return {
    paramIds: spec.params.map((p) => p.id as number),
    paramValues: spec.params.flatMap((p) => p.values),
    stateIds: spec.init.map((s) => s.id as number),
    stateValues: spec.init.flatMap((s) => s.values),
    inputs: Array.from(layerInputs(currents, spec)),
  };
}

export function traceFromFlat(spec: LayerSpec, steps: number, out: ArrayLike<number>): Trace {
  const columns = [...spec.stateColumns, "spk"];
  const expected = steps * spec.neurons * columns.length;
  if (out.length !== expected) throw new Error(`backend returned ${out.length} values, expected ${expected}`);
  return { steps, neurons: spec.neurons, columns, values: toRealUnits(spec, Float64Array.from(out)) };
}
