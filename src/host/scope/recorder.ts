/**
 * The latest steps of a live run, kept for the page's downloads (the trace as CSV, the figure as
 * SVG): a ring of whole steps, bounded by a number of values so 64 neurons keep seconds and one
 * neuron keeps minutes.
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

export class Recorder {
  readonly capacity: number;
  readonly #neurons: number;
  readonly #columns: string[];
  readonly #values: Float64Array;
  readonly #inputs: Float64Array;
  /** Steps recorded so far (the ring holds the last `capacity` of them). */
  #count = 0;
  #first = 0;

  constructor(neurons: number, columns: string[], maxValues = RECORD_VALUES) {
    this.#neurons = neurons;
    this.#columns = columns;
    this.capacity = Math.max(1, Math.floor(maxValues / (neurons * (columns.length + 1))));
    this.#values = new Float64Array(this.capacity * neurons * columns.length);
    this.#inputs = new Float64Array(this.capacity * neurons);
  }

  add(step: LiveStep): void {
    if (this.#count === 0) this.#first = step.step;
    const slot = this.#count % this.capacity;
    this.#values.set(step.values, slot * step.values.length);
    this.#inputs.set(step.inputs, slot * this.#neurons);
    this.#count++;
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
