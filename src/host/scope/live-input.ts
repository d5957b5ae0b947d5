/**
 * The inputs of a live run, step by step, for as long as it runs: a generated pattern repeats
 * (its `--steps` steps are one period, like a function generator's), a shape input's amplitude
 * follows the page's slider (a gain on the pattern), and an analog pin is read as it comes.
 */
import type { InputSource } from "../runner/inputs.ts";
import { ADC_FULL_SCALE } from "../runner/analog.ts";

/** Shapes whose amplitude is a plain factor on the pattern, so the slider can scale them. */
const SHAPES = ["constant", "step", "pulse", "current-spike"];

/** The largest gain the slider offers (the pattern's amplitude times this). */
export const MAX_GAIN = 10;

export type LiveInputKind = "shape" | "fixed" | "analog";

export interface LiveInput {
  kind: LiveInputKind;
  description: string;
  neurons: number;
  /** The slider: a factor on a shape's amplitude, an analog input's scale; 1 for other inputs. */
  gain: number;
  /** What gain 1 gives: a shape's largest |current| (neuron 0), an analog input's scale. */
  amplitude: number;
  /** The inputs of step t (one per neuron); the array is reused by the next call. */
  at(t: number): Float64Array;
  /** How many steps from t (at most `max`) get the same inputs as step t. */
  sameFrom(t: number, max: number): number;
  /** The latest raw ADC reading of an analog input (0–1024), undefined before the first. */
  reading(): number | undefined;
}

/** A pattern of currents (the input spec's `--steps` steps), repeated for as long as the run lasts. */
export function patternInput(source: Extract<InputSource, { kind: "currents" }>, kindName: string): LiveInput {
  const { steps, channels: n, values } = source.currents;
  const out = new Float64Array(n);
  const input: LiveInput = {
    kind: SHAPES.includes(kindName) ? "shape" : "fixed",
    description: source.description,
    neurons: n,
    gain: 1,
    amplitude: largest(values, n, steps),
    at(t) {
      const base = (t % steps) * n;
      for (let i = 0; i < n; i++) out[i] = values[base + i] * input.gain;
      return out;
    },
    sameFrom(t, max) {
      const first = (t % steps) * n;
      let k = 1;
      for (; k < max; k++) {
        const base = ((t + k) % steps) * n;
        let same = true;
        for (let i = 0; i < n && same; i++) same = values[base + i] === values[first + i];
        if (!same) break;
      }
      return k;
    },
    reading: () => undefined,
  };
  return input;
}

/** An analog pin: `reading / 1024 · scale · gain` for every neuron, the latest reading held. */
export function analogLiveInput(description: string, neurons: number, scale: number, latestReading: () => number | undefined): LiveInput {
  const out = new Float64Array(neurons);
  const input: LiveInput = {
    kind: "analog",
    description,
    neurons,
    gain: 1,
    amplitude: scale,
    at() {
      const reading = latestReading();
      return out.fill(reading === undefined ? 0 : (reading / ADC_FULL_SCALE) * scale * input.gain);
    },
    // A reading can change at any time: one step at a time.
    sameFrom: () => 1,
    reading: latestReading,
  };
  return input;
}

function largest(values: Float64Array, n: number, steps: number): number {
  let max = 0;
  for (let t = 0; t < steps; t++) max = Math.max(max, Math.abs(values[t * n]));
  return max;
}

/** The kind word of an input spec (`step:amplitude=…` → `step`). */
export function inputKindOf(spec: string): string {
  const colon = spec.indexOf(":");
  return colon < 0 ? spec : spec.slice(0, colon);
}
