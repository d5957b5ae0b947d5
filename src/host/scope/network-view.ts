/**
 * A network in the scope: the page shows one layer at a time (the output layer first), so each
 * live step's network row (network/trace.ts layout) is cut down to that layer's neurons — its
 * Linear's output as their input, then its states and spk — in a layer step's layout; and the
 * recorded rows become the downloads (the network trace CSV, a layer's figure).
 */
import type { Trace } from "../backends/backend.ts";
import type { Currents } from "../currents.ts";
import type { NetworkSpec } from "../network/config.ts";
import type { NetworkTrace } from "../network/trace.ts";
import type { LiveStep } from "./live-run.ts";
import type { RecordedRows } from "./recorder.ts";

export function networkLayers(spec: NetworkSpec): NetworkTrace["layers"] {
  return spec.layers.map((l) => ({ neurons: l.spec.neurons, states: l.spec.stateColumns }));
}

/** Layer k of a network's steps, for the neurons given (all by default). */
export class LayerProjection {
  readonly layer: number;
  readonly neurons: readonly number[];
  readonly columns: string[];
  readonly #offset: number;
  /** Values per neuron in the network row: input, states…, spk. */
  readonly #stride: number;
  readonly #inputs: Float64Array;
  readonly #values: Float64Array;

  constructor(spec: NetworkSpec, layer: number, neurons?: readonly number[]) {
    const layers = networkLayers(spec);
    this.layer = layer;
    this.neurons = neurons ?? Array.from({ length: layers[layer].neurons }, (_, i) => i);
    this.columns = [...layers[layer].states, "spk"];
    this.#stride = this.columns.length + 1;
    this.#offset = layers.slice(0, layer).reduce((sum, l) => sum + l.neurons * (l.states.length + 2), 0);
    this.#inputs = new Float64Array(this.neurons.length);
    this.#values = new Float64Array(this.neurons.length * this.columns.length);
  }

  /** The layer's part of a network step; the arrays are reused by the next call. */
  project(step: LiveStep): LiveStep {
    const width = this.columns.length;
    this.neurons.forEach((i, j) => {
      const from = this.#offset + i * this.#stride;
      this.#inputs[j] = step.values[from];
      this.#values.set(step.values.subarray(from + 1, from + 1 + width), j * width);
    });
    return { step: step.step, inputs: this.#inputs, values: this.#values, ...(step.reading === undefined ? {} : { reading: step.reading }) };
  }

  /** Calls `each` with the layer's part of every recorded step. */
  replay(rows: RecordedRows, each: (step: LiveStep) => void): void {
    const perStep = rows.values.length / Math.max(1, rows.steps);
    const channels = rows.inputs.length / Math.max(1, rows.steps);
    for (let t = 0; t < rows.steps; t++) {
      const row = { step: rows.firstStep + t, inputs: rows.inputs.subarray(t * channels, (t + 1) * channels), values: rows.values.subarray(t * perStep, (t + 1) * perStep) };
      each(this.project(row));
    }
  }

  /** The layer's part of recorded rows as a layer's trace and inputs (for its figure). */
  window(rows: RecordedRows): { firstStep: number; trace: Trace; inputs: Currents } {
    const n = this.neurons.length;
    const width = this.columns.length;
    const trace: Trace = { steps: rows.steps, neurons: n, columns: [...this.columns], values: new Float64Array(rows.steps * n * width) };
    const inputs: Currents = { steps: rows.steps, channels: n, values: new Float64Array(rows.steps * n) };
    let t = 0;
    this.replay(rows, (step) => {
      trace.values.set(step.values, t * n * width);
      inputs.values.set(step.inputs, t * n);
      t++;
    });
    return { firstStep: rows.firstStep, trace, inputs };
  }
}

/** Recorded rows of a network as its trace (network/files.ts writes it as CSV). */
export function networkTraceOf(spec: NetworkSpec, rows: RecordedRows): NetworkTrace {
  return { steps: rows.steps, layers: networkLayers(spec), values: rows.values };
}
