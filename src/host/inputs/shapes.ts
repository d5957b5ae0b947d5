/**
 * Plain input-current shapes (snnTorch Tutorial 2): constant, step, pulse and a single-step spike.
 * Every shape is `amplitude` on a window of steps and 0 elsewhere; `amplitude` is one number for
 * all channels or one number per channel. Bad arguments throw a `RangeError` whose message starts
 * with the argument's name.
 */
import { zeroCurrents, type Currents } from "../currents.ts";

/** One amplitude for every channel, or one per channel. */
export type Amplitude = number | readonly number[];

/** `amplitude` on every step. */
export function constant(steps: number, channels: number, amplitude: Amplitude): Currents {
  const perChannel = checkShape(steps, channels, amplitude);
  return fill(steps, channels, perChannel, 0, steps);
}

/** 0 before `start`, `amplitude` from `start` on (Tutorial 2: 0.1 from t=10). */
export function step(steps: number, channels: number, amplitude: Amplitude, start: number): Currents {
  const perChannel = checkShape(steps, channels, amplitude);
  checkBoundary("start", start, steps);
  return fill(steps, channels, perChannel, start, steps);
}

/** `amplitude` on steps [start, end), 0 elsewhere. */
export function pulse(
  steps: number,
  channels: number,
  amplitude: Amplitude,
  start: number,
  end: number,
): Currents {
  const perChannel = checkShape(steps, channels, amplitude);
  checkBoundary("start", start, steps);
  checkBoundary("end", end, steps);
  if (start > end) throw new RangeError(`start: must be <= end (got start ${start}, end ${end})`);
  return fill(steps, channels, perChannel, start, end);
}

/** `amplitude` at step `at` only. */
export function currentSpike(steps: number, channels: number, amplitude: Amplitude, at: number): Currents {
  const perChannel = checkShape(steps, channels, amplitude);
  if (!Number.isInteger(at) || at < 0 || at >= steps) {
    throw new RangeError(`at: must be an integer with 0 <= at < ${steps} (got ${at})`);
  }
  return fill(steps, channels, perChannel, at, at + 1);
}

/** Currents that are `perChannel` on steps [from, to) and 0 elsewhere. */
function fill(steps: number, channels: number, perChannel: number[], from: number, to: number): Currents {
  const currents = zeroCurrents(steps, channels);
  for (let t = from; t < to; t++) currents.values.set(perChannel, t * channels);
  return currents;
}

/** Checks the common arguments and returns the amplitude of each channel. */
function checkShape(steps: number, channels: number, amplitude: Amplitude): number[] {
  checkCount("steps", steps);
  checkCount("channels", channels);
  if (typeof amplitude === "number") {
    checkFinite("amplitude", amplitude);
    return new Array<number>(channels).fill(amplitude);
  }
  if (amplitude.length !== channels) {
    throw new RangeError(
      `amplitude: needs one value per channel (${channels}), got ${amplitude.length}`,
    );
  }
  amplitude.forEach((a, i) => checkFinite(`amplitude[${i}]`, a));
  return [...amplitude];
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name}: must be a non-negative integer (got ${value})`);
  }
}

/** A window boundary: an integer step in [0, steps] (`steps` itself means "the end"). */
function checkBoundary(name: string, value: number, steps: number): void {
  if (!Number.isInteger(value) || value < 0 || value > steps) {
    throw new RangeError(`${name}: must be an integer with 0 <= ${name} <= ${steps} (got ${value})`);
  }
}

function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name}: must be a finite number (got ${value})`);
}
