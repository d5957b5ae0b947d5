/**
 * The host side of int layers: float parameters, initial states and inputs in, the fixed-point
 * integers of src/device/kernels-int.ts out (states in the layer's scale 2^int_frac_bits, decays
 * Q30, tau_alpha Q15), with each parameter's quantization error and a warning wherever rounding
 * changes behaviour.
 *
 * Rounding is to nearest, ties away from zero, like the kernels (docs/integer-mode.md says why).
 */
import { Model, Param, State } from "../shared/codes.ts";
import { DECAY_ONE, INT_MAX, MUL_MAX, MUL_ONE } from "../shared/fixed-point.ts";
import type { Currents } from "./currents.ts";
import { ConfigError } from "./errors.ts";

export { DECAY_ONE, INT_MAX, MUL_MAX, MUL_ONE };

/** Fraction bits of an int layer's states unless the config says otherwise: ±2048 in steps of 2^-20. */
export const DEFAULT_FRAC_BITS = 20;

export type QuantizationWarningCode =
  | "decay-rounds-to-zero"
  | "decay-rounds-to-one"
  | "threshold-unreachable"
  | "spike-height-zero"
  | "recurrent-weight-zero"
  | "saturated";

/** One per-neuron value as the int layer holds it. */
export interface ParamQuantization {
  /** The config's name for it ("beta", "threshold", "init.mem", Lapicque's "decay"…). */
  name: string;
  neuron: number;
  value: number;
  /** The integer the device computes with. */
  quantized: number;
  /** quantized / scale: the value the int layer actually has. */
  represented: number;
  /** represented − value. */
  error: number;
}

export interface QuantizationWarning {
  code: QuantizationWarningCode;
  name: string;
  neuron: number;
  message: string;
}

/** Lapicque's input factors, applied in snnTorch's order ((X·R)·(1/RC))·Δt before quantizing. */
export interface InputFactors {
  r: number[];
  k: number[];
  dt: number[];
}

export interface IntLayer {
  /** Fraction bits of states, inputs, thresholds, V and spike heights, and 2^fracBits (1.0). */
  fracBits: number;
  scale: number;
  params: { id: Param; values: number[] }[];
  init: { id: State; values: number[] }[];
  /** Lapicque only: the device adds inputs as they come, so the host scales them. */
  inputFactors: InputFactors | undefined;
  report: ParamQuantization[];
  warnings: QuantizationWarning[];
}

/** Nearest integer, ties away from zero; never a negative zero. */
export function roundHalfAway(v: number): number {
  const r = v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
  return r === 0 ? 0 : r;
}

function clamp(x: number, low: number, high: number): number {
  return x < low ? low : x > high ? high : x;
}

/** A real value in the fixed-point `scale` (a power of two), saturated to ±(2^31 − 1). */
export function quantizeState(x: number, scale: number): number {
  return clamp(roundHalfAway(x * scale), -INT_MAX, INT_MAX);
}

/** Param ids → the config's names, for the report. */
const PARAM_NAMES: Partial<Record<Param, string>> = {
  [Param.Beta]: "beta",
  [Param.Alpha]: "alpha",
  [Param.Threshold]: "threshold",
  [Param.ResetBy]: "reset_by",
  [Param.Gain]: "graded_spikes_factor",
  [Param.V]: "V",
  [Param.TauAlpha]: "tau_alpha",
};

const STATE_NAMES: Record<State, string> = {
  [State.Mem]: "init.mem",
  [State.Syn]: "init.syn",
  [State.SynExc]: "init.syn_exc",
  [State.SynInh]: "init.syn_inh",
  [State.Spk]: "init.spk",
};

class Quantizer {
  readonly scale: number;
  readonly report: ParamQuantization[] = [];
  readonly warnings: QuantizationWarning[] = [];

  constructor(scale: number) {
    this.scale = scale;
  }

  warn(code: QuantizationWarningCode, name: string, neuron: number, message: string): void {
    this.warnings.push({ code, name, neuron, message });
  }

  record(name: string, neuron: number, value: number, quantized: number, scale: number): number {
    const represented = quantized / scale;
    this.report.push({ name, neuron, value, quantized, represented, error: represented - value });
    return quantized;
  }

  /** A value in the layer's scale; warns when it saturates. */
  state(name: string, neuron: number, value: number): number {
    const q = quantizeState(value, this.scale);
    if (Math.abs(value * this.scale) > INT_MAX + 0.5) {
      const threshold = name === "threshold";
      this.warn(threshold ? "threshold-unreachable" : "saturated", name, neuron,
        `${value} lies beyond the int range ±${INT_MAX / this.scale}; it saturates${threshold ? ", and a saturated membrane never exceeds it" : ""}`);
    }
    return this.record(name, neuron, value, q, this.scale);
  }

  /** A decay in [0, 1] as Q30; warns when it rounds to 0 or to 1. */
  decay(name: string, neuron: number, raw: number): number {
    const value = clamp(raw, 0, 1);
    const q = roundHalfAway(value * DECAY_ONE);
    if (value > 0 && q === 0) this.warn("decay-rounds-to-zero", name, neuron, `${value} rounds to 0: the state forgets everything each step`);
    if (value < 1 && q === DECAY_ONE) this.warn("decay-rounds-to-one", name, neuron, `${value} rounds to 1: the state never decays`);
    return this.record(name, neuron, value, q, DECAY_ONE);
  }

  /** A multiplier ≥ 0 as Q15, at most MUL_MAX. */
  multiplier(name: string, neuron: number, value: number): number {
    const q = clamp(roundHalfAway(value * MUL_ONE), 0, MUL_MAX);
    if (value * MUL_ONE > MUL_MAX + 0.5) this.warn("saturated", name, neuron, `${value} exceeds the largest multiplier ${MUL_MAX / MUL_ONE}`);
    return this.record(name, neuron, value, q, MUL_ONE);
  }
}

function valuesOf(params: { id: Param; values: number[] }[], id: Param): number[] | undefined {
  return params.find((p) => p.id === id)?.values;
}

/**
 * Quantizes a layer's float64 device parameters (as config.ts derives them) and initial states.
 * Throws ConfigError when the rounded values make a layer the device refuses (Alpha's α > β).
 */
export function quantizeLayer(
  model: Model,
  floatParams: { id: Param; values: number[] }[],
  floatInit: { id: State; values: number[] }[],
  n: number,
  fracBits: number = DEFAULT_FRAC_BITS,
): IntLayer {
  const scale = 2 ** fracBits;
  const q = new Quantizer(scale);
  const params: { id: Param; values: number[] }[] = [];
  let inputFactors: InputFactors | undefined;
  for (const p of floatParams) {
    const name = PARAM_NAMES[p.id];
    if (name === undefined) continue; // R, C, time_step: folded into Lapicque's decay and inputs
    const values = p.values.map((x, i) => {
      if (p.id === Param.Beta || p.id === Param.Alpha) return q.decay(name, i, x);
      const v = q.state(name, i, x);
      if (x !== 0 && v === 0 && p.id === Param.Gain) q.warn("spike-height-zero", name, i, `${x} rounds to 0: spikes have height 0`);
      if (x !== 0 && v === 0 && p.id === Param.V) q.warn("recurrent-weight-zero", name, i, `${x} rounds to 0: the recurrence does nothing`);
      return v;
    });
    params.push({ id: p.id, values });
  }
  // Every int model spikes with its gain: 1.0 unless Leaky's graded_spikes_factor set it.
  if (valuesOf(params, Param.Gain) === undefined) params.push({ id: Param.Gain, values: new Array<number>(n).fill(scale) });
  if (model === Model.Lapicque) {
    const r = valuesOf(floatParams, Param.R)!;
    const c = valuesOf(floatParams, Param.C)!;
    const dt = valuesOf(floatParams, Param.TimeStep)!;
    const rc = r.map((x, i) => x * c[i]);
    // snnTorch does not clamp Lapicque's decay (it is no beta): one outside [0, 1] has no Q30 form.
    rc.forEach((x, i) => {
      const decay = 1 - dt[i] / x;
      if (!(decay >= 0 && decay <= 1)) {
        throw new ConfigError(
          "out-of-range", n > 1 ? `time_step[${i}]` : "time_step",
          `Lapicque's decay 1 − time_step/(R·C) = ${decay} (time_step ${dt[i]}, R·C ${x}) lies outside [0, 1], which an int layer cannot hold: use a float dtype, or a time_step of at most R·C (snnTorch's default time_step is 1)`,
        );
      }
    });
    params.push({ id: Param.Beta, values: rc.map((x, i) => q.decay("decay", i, 1 - dt[i] / x)) });
    inputFactors = { r, k: rc.map((x) => 1 / x), dt };
  }
  if (model === Model.Alpha) {
    const alpha = valuesOf(floatParams, Param.Alpha)!.map((x) => clamp(x, 0, 1));
    const beta = valuesOf(floatParams, Param.Beta)!.map((x) => clamp(x, 0, 1));
    const tau = alpha.map((a, i) => Math.log(a) / (Math.log(beta[i]) - Math.log(a)) + 1);
    params.push({ id: Param.TauAlpha, values: tau.map((x, i) => q.multiplier("tau_alpha", i, x)) });
    const qa = valuesOf(params, Param.Alpha)!;
    valuesOf(params, Param.Beta)!.forEach((b, i) => {
      const field = n > 1 ? `alpha[${i}]` : "alpha";
      if (qa[i] <= b) throw new ConfigError("out-of-range", field, `alpha ${alpha[i]} and beta ${beta[i]} round to Q30 values ${qa[i]} <= ${b}; Alpha needs alpha > beta`);
      if (b === DECAY_ONE) throw new ConfigError("out-of-range", n > 1 ? `beta[${i}]` : "beta", `beta ${beta[i]} rounds to 1 in Q30; Alpha needs beta != 1`);
    });
  }
  const init = floatInit.map((s) => {
    const name = STATE_NAMES[s.id];
    if (s.id === State.Spk) {
      s.values.forEach((x, i) => {
        if (x !== 0 && x !== 1) throw new ConfigError("out-of-range", n > 1 ? `${name}[${i}]` : name, `an int layer's initial spike is 0 or 1, got ${x}`);
      });
    }
    return { id: s.id, values: s.values.map((x, i) => q.state(name, i, x)) };
  });
  return { fracBits, scale, params, init, inputFactors, report: q.report, warnings: q.warnings };
}

/** Inputs of an int layer in its scale (Lapicque's multiplied by its factors first), and how many saturated. */
export function quantizeInputs(currents: Currents, layer: IntLayer): { values: number[]; saturated: number } {
  const n = currents.channels;
  const { scale, inputFactors: factors } = layer;
  let saturated = 0;
  const values = Array.from(currents.values, (x, j) => {
    const i = j % n;
    const real = factors === undefined ? x : ((x * factors.r[i]) * factors.k[i]) * factors.dt[i];
    if (Math.abs(real * scale) > INT_MAX + 0.5) saturated++;
    return quantizeState(real, scale);
  });
  return { values, saturated };
}
