/**
 * The rows a figure draws, made small enough for any run length: past two steps per pixel
 * column, each line keeps the minimum and maximum of every column's steps (in time order, so
 * peaks and troughs survive), and the raster one tick per column holding a spike.
 */
import type { Trace } from "../backends/backend.ts";
import type { Currents } from "../currents.ts";

export interface Point {
  step: number;
  neuron: string;
  value: number;
}

export interface SpikeTick {
  step: number;
  neuron: string;
}

/** Steps per pixel column: 1 (every step drawn) up to twice the width, then ceil(steps / width). */
export function stepsPerColumn(steps: number, width: number): number {
  return steps <= 2 * width ? 1 : Math.ceil(steps / width);
}

/** Neuron i's series `at(t)` as points: every step, or each column's min and max. */
export function linePoints(steps: number, neurons: number, bucket: number, at: (t: number, i: number) => number): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < neurons; i++) {
    const neuron = String(i);
    for (let from = 0; from < steps; from += bucket) {
      const to = Math.min(steps, from + bucket);
      let low = from;
      let high = from;
      for (let t = from + 1; t < to; t++) {
        if (at(t, i) < at(low, i)) low = t;
        if (at(t, i) > at(high, i)) high = t;
      }
      const first = Math.min(low, high);
      const second = Math.max(low, high);
      points.push({ step: first, neuron, value: at(first, i) });
      if (second !== first) points.push({ step: second, neuron, value: at(second, i) });
    }
  }
  return points;
}

/** A tick per spike, or per column holding one or more spikes (at its first). */
export function spikeTicks(steps: number, neurons: number, bucket: number, spiked: (t: number, i: number) => boolean): SpikeTick[] {
  const ticks: SpikeTick[] = [];
  for (let i = 0; i < neurons; i++) {
    for (let from = 0; from < steps; from += bucket) {
      const to = Math.min(steps, from + bucket);
      for (let t = from; t < to; t++) {
        if (spiked(t, i)) {
          ticks.push({ step: t, neuron: String(i) });
          break;
        }
      }
    }
  }
  return ticks;
}

/** The membrane, input and spikes of a trace as the figure draws them. */
export function figureSeries(trace: Trace, inputs: Currents, width: number) {
  const n = trace.neurons;
  const columns = trace.columns.length;
  const mem = trace.columns.indexOf("mem");
  const spk = trace.columns.indexOf("spk");
  const bucket = stepsPerColumn(trace.steps, width);
  const input = (t: number, i: number) => inputs.values[t * n + i];
  return {
    bucket,
    input: linePoints(trace.steps, n, bucket, input),
    inputSpikes: spikeTicks(trace.steps, n, bucket, (t, i) => input(t, i) !== 0),
    mem: linePoints(trace.steps, n, bucket, (t, i) => trace.values[(t * n + i) * columns + mem]),
    spikes: spikeTicks(trace.steps, n, bucket, (t, i) => trace.values[(t * n + i) * columns + spk] !== 0),
  };
}
