/**
 * snnTorch's spike encoders (`snntorch.spikegen`, 0.9.4) on the host: rate, latency and delta.
 * Outputs are `Currents` (one row per step, one column per channel) ready to feed a layer.
 *
 * snnTorch computes latency and delta in float32, so those are done here with `Math.fround` after
 * every operation, in snnTorch's order: that is what makes the spike steps match its output where
 * a value sits on a rounding boundary. Bad arguments throw a `RangeError` whose message starts
 * with the argument's name.
 */
import { zeroCurrents, type Currents } from "../currents.ts";
import { createRandom } from "./random.ts";
import { constant } from "./shapes.ts";

const f32 = Math.fround;

/** snnTorch's `epsilon`: keeps the log code finite for data at or below the threshold. */
const EPSILON = 1e-7;

export interface RateOptions {
  /** Multiplies the data before it is used as a probability (default 1). */
  gain?: number;
  /** Added after the gain (default 0). */
  offset?: number;
  /** Seed of the Bernoulli draws: the same seed gives the same train. */
  seed: number;
}

/**
 * Rate code: every element spikes (1) with probability `clamp(x·gain + offset, 0, 1)`,
 * independently of all others (snnTorch's `rate_conv`, i.e. `rate` on time-varying data).
 */
export function rate(data: Currents, options: RateOptions): Currents {
  const { gain = 1, offset = 0, seed } = options;
  checkFinite("gain", gain);
  checkFinite("offset", offset);
  const random = createRandom(seed);
  const spikes = zeroCurrents(data.steps, data.channels);
  data.values.forEach((x, k) => {
    checkFinite(`data.values[${k}]`, x);
    const p = Math.min(Math.max(x * gain + offset, 0), 1);
    spikes.values[k] = random() < p ? 1 : 0;
  });
  return spikes;
}

/** Rate code of static data (one value per channel) repeated over `numSteps` (snnTorch's `num_steps`). */
export function rateTrain(data: readonly number[], numSteps: number, options: RateOptions): Currents {
  checkNonNegativeInteger("numSteps", numSteps);
  data.forEach((x, i) => checkFinite(`data[${i}]`, x));
  return rate(constant(numSteps, data.length, data), options);
}

export interface LatencyCodeOptions {
  /** Length of the train; required (normalize and firstSpikeTime are relative to it). */
  numSteps: number;
  /** In (0, 1); data below it fire last (default 0.01). */
  threshold?: number;
  /** Time constant of the code (default 1); replaced by the normalization when `normalize`. */
  tau?: number;
  /** Linear code `tau·(1 − x)` instead of the log code `tau·ln(x / (x − threshold))`. */
  linear?: boolean;
  /** Scale the spike times so the latest one lands on step `numSteps − 1`. */
  normalize?: boolean;
  /** Delay added to every spike time (default 0). */
  firstSpikeTime?: number;
}

export interface LatencyOptions extends LatencyCodeOptions {
  /** Drop the spikes of channels whose data is below the threshold. */
  clip?: boolean;
  /** Drop spikes that land at or past `numSteps` instead of throwing. */
  bypass?: boolean;
}

/** Latency code: the float32 spike time of each channel (snnTorch's `latency_code`). */
export function latencyCode(data: readonly number[], options: LatencyCodeOptions): number[] {
  const { numSteps, threshold = 0.01, tau = 1, linear = false, normalize = false, firstSpikeTime = 0 } =
    options;
  checkLatencyArguments(data, numSteps, threshold, tau, firstSpikeTime);
  return linear
    ? linearTimes(data, numSteps, threshold, tau, firstSpikeTime, normalize)
    : logTimes(data, numSteps, threshold, tau, firstSpikeTime, normalize);
}

/**
 * Latency encoding (snnTorch's `latency`): one spike per channel at its spike time rounded half to
 * even. A spike that lands at or past `numSteps` is a RangeError unless `bypass`, which drops it.
 */
export function latency(data: readonly number[], options: LatencyOptions): Currents {
  const { numSteps, threshold = 0.01, clip = false, bypass = false } = options;
  const spikeSteps = latencyCode(data, options).map(roundHalfEven);
  const late = spikeSteps.findIndex((s) => s > numSteps - 1);
  if (late >= 0 && !bypass) {
    throw new RangeError(
      `numSteps: spike time ${spikeSteps[late]} of channel ${late} exceeds numSteps - 1 (${numSteps - 1}); ` +
        "raise numSteps, lower tau, set normalize, or set bypass to drop such spikes",
    );
  }
  const channels = data.length;
  const spikes = zeroCurrents(numSteps, channels);
  spikeSteps.forEach((s, i) => {
    const clipped = clip && f32(data[i]) < f32(threshold);
    if (s <= numSteps - 1 && !clipped) spikes.values[s * channels + i] = 1;
  });
  return spikes;
}

function logTimes(
  data: readonly number[],
  numSteps: number,
  threshold: number,
  tau: number,
  firstSpikeTime: number,
  normalize: boolean,
): number[] {
  const floor = f32(threshold + EPSILON);
  const thr = f32(threshold);
  const times = data.map((x) => {
    const d = Math.max(f32(x), floor);
    const t = f32(f32(tau) * f32(Math.log(f32(d / f32(d - thr)))));
    return firstSpikeTime > 0 ? f32(t + firstSpikeTime) : t;
  });
  if (!normalize) return times;
  // snnTorch: (t − fst)·(numSteps − fst − 1) / max(t − fst) + fst: the latest spike lands on the
  // last step.
  const shifted = times.map((t) => f32(t - firstSpikeTime));
  const latest = shifted.reduce((a, b) => Math.max(a, b), -Infinity);
  const span = numSteps - firstSpikeTime - 1;
  return shifted.map((s) => f32(f32(f32(s * span) / latest) + firstSpikeTime));
}

function linearTimes(
  data: readonly number[],
  numSteps: number,
  threshold: number,
  tau: number,
  firstSpikeTime: number,
  normalize: boolean,
): number[] {
  const scale = normalize ? numSteps - 1 - firstSpikeTime : tau;
  // The cap is computed in float64 by Python, then rounded once when it meets the float32 tensor.
  const cap = f32(-scale * (threshold - 1));
  return data.map((x) => f32(Math.min(f32(f32(-scale) * f32(f32(x) - 1)), cap) + firstSpikeTime));
}

function checkLatencyArguments(
  data: readonly number[],
  numSteps: number,
  threshold: number,
  tau: number,
  firstSpikeTime: number,
): void {
  if (!Number.isInteger(numSteps) || numSteps < 1) {
    throw new RangeError(`numSteps: must be a positive integer (got ${numSteps})`);
  }
  data.forEach((x, i) => {
    if (!(x >= 0 && x <= 1)) throw new RangeError(`data[${i}]: must be in [0, 1] (got ${x})`);
  });
  if (!(threshold > 0 && threshold < 1)) {
    throw new RangeError(`threshold: must be in (0, 1) (got ${threshold})`);
  }
  if (!(tau > 0 && Number.isFinite(tau))) {
    throw new RangeError(`tau: must be a finite number > 0 (got ${tau})`);
  }
  if (!Number.isInteger(firstSpikeTime) || firstSpikeTime < 0 || firstSpikeTime > numSteps - 1) {
    throw new RangeError(
      `firstSpikeTime: must be an integer in [0, numSteps - 1 = ${numSteps - 1}] (got ${firstSpikeTime})`,
    );
  }
}

/** torch.round: to the nearest integer, ties to the even one. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

export interface DeltaOptions {
  /** A change of at least this much between two steps spikes (default 0.1). */
  threshold?: number;
  /** Compare step 0 with itself instead of with 0, so step 0 never spikes. */
  padding?: boolean;
  /** Also emit −1 for a change of at most −threshold. */
  offSpike?: boolean;
}

/** Delta modulation of one channel over time (snnTorch's `delta`): spikes on large enough changes. */
export function delta(data: readonly number[], options: DeltaOptions = {}): Currents {
  const { threshold = 0.1, padding = false, offSpike = false } = options;
  checkFinite("threshold", threshold);
  data.forEach((x, i) => checkFinite(`data[${i}]`, x));
  const on = f32(threshold);
  const off = f32(-threshold);
  const spikes = zeroCurrents(data.length, 1);
  let previous = padding && data.length > 0 ? f32(data[0]) : 0;
  data.forEach((x, t) => {
    const change = f32(f32(x) - previous);
    // Added, not chosen, as snnTorch does: with threshold 0 a zero change gives 1 + (−1) = 0.
    spikes.values[t] = (change >= on ? 1 : 0) - (offSpike && change <= off ? 1 : 0);
    previous = f32(x);
  });
  return spikes;
}

function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name}: must be a finite number (got ${value})`);
}

function checkNonNegativeInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name}: must be a non-negative integer (got ${value})`);
  }
}
