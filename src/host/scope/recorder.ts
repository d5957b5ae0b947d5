/**
 * The latest steps of a live run, kept for the page's downloads (the trace as CSV, the figure as
 * SVG): a ring of whole steps, bounded by a number of values so 64 neurons keep seconds and one
 * neuron keeps minutes. A network's steps are kept whole (its trace row and input channels) and
 * read back with `rows`.
 */
import type { Trace } from "../backends/backend.ts";
import type { Currents } from "../currents.ts";
import type { LiveStep } from "./live-run.ts";

/** Values (inputs and trace columns of every neuron) the ring holds at most: 16 MB of doubles. */
export const RECORD_VALUES = 2_000_000;

export interface RecordedWindow {
  /** Global step of the window's first step. */
  firstStep: number;
  trace: Trace;
  inputs: Currents;
}

/** The last steps as they were recorded: `values` and `inputs` of every step, one after another. */
export interface RecordedRows {
  firstStep: number;
  steps: number;
  values: Float64Array;
  inputs: Float64Array;
}

export class Recorder {
  readonly capacity: number;
  readonly #neurons: number;
  readonly #columns: string[];
  readonly #valuesPerStep: number;
  readonly #inputsPerStep: number;
  readonly #values: Float64Array;
  readonly #inputs: Float64Array;
  /** Steps recorded so far (the ring holds the last `capacity` of them). */
  #count = 0;
  #first = 0;

  /**
   * A layer's steps (`neurons` × `columns` values and an input per neuron), or with `perStep`
   * any fixed number of values and inputs per step (a network's row and its input channels).
   */
  constructor(neurons: number, columns: string[], maxValues = RECORD_VALUES, perStep = { values: neurons * columns.length, inputs: neurons }) {
    this.#neurons = neurons;
    this.#columns = columns;
    this.#valuesPerStep = perStep.values;
    this.#inputsPerStep = perStep.inputs;
    this.capacity = Math.max(1, Math.floor(maxValues / (perStep.values + perStep.inputs)));
    this.#values = new Float64Array(this.capacity * perStep.values);
    this.#inputs = new Float64Array(this.capacity * perStep.inputs);
  }

  add(step: LiveStep): void {
    if (this.#count === 0) this.#first = step.step;
    const slot = this.#count % this.capacity;
    this.#values.set(step.values, slot * this.#valuesPerStep);
    this.#inputs.set(step.inputs, slot * this.#inputsPerStep);
    this.#count++;
  }

  /** The last `steps` steps (all it holds by default), whole. */
  rows(steps = this.capacity): RecordedRows {
    const held = Math.min(this.#count, this.capacity, Math.max(0, steps));
    const start = this.#count - held;
    const values = new Float64Array(held * this.#valuesPerStep);
    const inputs = new Float64Array(held * this.#inputsPerStep);
    for (let t = 0; t < held; t++) {
      const slot = (start + t) % this.capacity;
      values.set(this.#values.subarray(slot * this.#valuesPerStep, (slot + 1) * this.#valuesPerStep), t * this.#valuesPerStep);
      inputs.set(this.#inputs.subarray(slot * this.#inputsPerStep, (slot + 1) * this.#inputsPerStep), t * this.#inputsPerStep);
    }
    return { firstStep: this.#first + start, steps: held, values, inputs };
  }

  /** The last `steps` steps (all it holds by default) of the `neurons` given (all by default). */
  window(steps = this.capacity, neurons?: readonly number[]): RecordedWindow {
    const held = Math.min(this.#count, this.capacity, Math.max(0, steps));
    const picked = neurons ?? Array.from({ length: this.#neurons }, (_, i) => i);
    const n = picked.length;
    const width = this.#columns.length;
    const trace: Trace = { steps: held, neurons: n, columns: [...this.#columns], values: new Float64Array(held * n * width) };
    const inputs: Currents = { steps: held, channels: n, values: new Float64Array(held * n) };
    const start = this.#count - held;
    for (let t = 0; t < held; t++) {
      const slot = (start + t) % this.capacity;
      picked.forEach((i, j) => {
        const from = (slot * this.#neurons + i) * width;
        trace.values.set(this.#values.subarray(from, from + width), (t * n + j) * width);
        inputs.values[t * n + j] = this.#inputs[slot * this.#neurons + i];
      });
    }
    return { firstStep: this.#first + start, trace, inputs };
  }
}
