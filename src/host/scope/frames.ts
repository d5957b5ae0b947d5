/**
 * Decimation on the host, so the page keeps up with any step rate: steps are gathered into
 * buckets of `bucket` steps; a frame carries, for every bucket, the extremes of each shown
 * neuron's input and membrane in the order they happened (a peak detector, as oscilloscopes do),
 * and every spike of every neuron. The page draws each bucket's two extremes as two points.
 */
import type { LiveStep } from "./live-run.ts";

/** Buckets per second of run time at most: enough for a few seconds across a wide screen. */
export const BUCKETS_PER_SECOND = 250;

/** What the page gets, about `fps` times a second. */
export interface Frame {
  type: "frame";
  /** Global step of the first bucket, and steps per bucket. */
  from: number;
  bucket: number;
  buckets: number;
  /** The shown neurons, in the order of `input` and `mem`. */
  neurons: number[];
  /** Per shown neuron, two values per bucket (its extremes, earlier one first). */
  input: number[][];
  mem: number[][];
  /** Every spike: step, neuron, step, neuron, … */
  spikes: number[];
  /** Analog inputs: the last ADC reading of each bucket. */
  reading?: number[];
}

/** Steps per bucket for a step period: at most BUCKETS_PER_SECOND buckets per second. */
export function bucketSteps(periodMs: number): number {
  return Math.max(1, Math.ceil(1000 / periodMs / BUCKETS_PER_SECOND));
}

interface OpenBucket {
  from: number;
  input: Extremes[];
  mem: Extremes[];
  spikes: number[];
  reading?: number;
}

interface Extremes {
  lo: number;
  hi: number;
  loAt: number;
  hiAt: number;
}

export class FrameBuilder {
  readonly bucket: number;
  readonly #width: number;
  readonly #mem: number;
  readonly #spk: number;
  #shown: number[];
  /** Neurons to show from the next bucket on. */
  #next: number[] | undefined;
  /** Frames complete but not taken (a change of shown neurons closes one early). */
  #ready: Frame[] = [];
  #frame: Frame | undefined;
  /** The bucket being filled: its first step and each shown neuron's extremes. */
  #open: OpenBucket | undefined;

  constructor(columns: readonly string[], shown: readonly number[], bucket: number) {
    this.bucket = bucket;
    this.#width = columns.length;
    this.#mem = columns.indexOf("mem");
    this.#spk = columns.length - 1;
    this.#shown = [...shown];
  }

  get shown(): readonly number[] {
    return this.#shown;
  }

  /** Changes the neurons whose input and membrane are sent, from the next bucket on. */
  show(neurons: readonly number[]): void {
    this.#next = [...neurons];
  }

  add(step: LiveStep): void {
    const n = step.inputs.length;
    if (this.#open === undefined) {
      if (this.#next !== undefined) {
        if (this.#frame !== undefined) this.#ready.push(this.#frame);
        this.#frame = undefined;
        this.#shown = this.#next;
        this.#next = undefined;
      }
      const fresh = (): Extremes[] => this.#shown.map(() => ({ lo: Infinity, hi: -Infinity, loAt: 0, hiAt: 0 }));
      this.#open = { from: step.step, input: fresh(), mem: fresh(), spikes: [] };
    }
    const open = this.#open;
    this.#shown.forEach((i, j) => {
      extend(open.input[j], step.inputs[i], step.step);
      extend(open.mem[j], this.#mem < 0 ? 0 : step.values[i * this.#width + this.#mem], step.step);
    });
    for (let i = 0; i < n; i++) if (step.values[i * this.#width + this.#spk] !== 0) open.spikes.push(step.step, i);
    if (step.reading !== undefined) open.reading = step.reading;
    if (step.step - open.from + 1 === this.bucket) this.#close(open);
  }

  #close(open: OpenBucket): void {
    this.#open = undefined;
    const frame = (this.#frame ??= {
      type: "frame",
      from: open.from,
      bucket: this.bucket,
      buckets: 0,
      neurons: [...this.#shown],
      input: this.#shown.map(() => []),
      mem: this.#shown.map(() => []),
      spikes: [],
    });
    open.input.forEach((e, j) => frame.input[j].push(...inOrder(e)));
    open.mem.forEach((e, j) => frame.mem[j].push(...inOrder(e)));
    frame.spikes.push(...open.spikes);
    if (open.reading !== undefined) (frame.reading ??= []).push(open.reading);
    frame.buckets++;
  }

  /** The frames of the buckets completed since the last take (usually one; none when none were). */
  take(): Frame[] {
    const frames = this.#ready;
    if (this.#frame !== undefined) frames.push(this.#frame);
    this.#ready = [];
    this.#frame = undefined;
    return frames;
  }
}

function extend(e: Extremes, x: number, t: number): void {
  if (x < e.lo) {
    e.lo = x;
    e.loAt = t;
  }
  if (x > e.hi) {
    e.hi = x;
    e.hiAt = t;
  }
}

function inOrder(e: Extremes): [number, number] {
  return e.loAt <= e.hiAt ? [e.lo, e.hi] : [e.hi, e.lo];
}
