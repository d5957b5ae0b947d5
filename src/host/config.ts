/**
 * The layer configuration: snnTorch's class name and constructor keywords, validated on the host
 * and turned into device-ready per-neuron arrays (a LayerSpec).
 *
 *   {"model": "Leaky", "neurons": 4, "beta": [0.5, 0.8, 0.9, 0.95], "reset_mechanism": "zero"}
 *
 * Keywords, defaults and the reset mechanism follow snnTorch 0.9.4; see docs/neuron-models.md.
 */
import { Dtype, MAX_NEURONS, Model, Param, Reset, State } from "../shared/codes.ts";
import { ConfigError } from "./errors.ts";
import { type IntLayer, quantizeLayer } from "./quantize.ts";

export type DtypeName = "float64" | "float32" | "int";

/** A configuration ready for any backend: every parameter expanded to one value per neuron. */
export interface LayerSpec {
  modelName: ModelName;
  model: Model;
  reset: Reset;
  dtype: DtypeName;
  neurons: number;
  /** Device parameters in the layer's number format (float32 values are already rounded). */
  params: { id: Param; values: number[] }[];
  /** Initial states, only those given. */
  init: { id: State; values: number[] }[];
  /** int layers: the quantizer's report, warnings and input factors (src/host/quantize.ts). */
  quantization?: IntLayer;
  /** State columns of the trace, in snnTorch's order; "spk" follows them. */
  stateColumns: string[];
}

export type ModelName = "Lapicque" | "Leaky" | "Synaptic" | "Alpha" | "RLeaky" | "RSynaptic";

interface ModelInfo {
  model: Model;
  /** Constructor keywords that take one number per neuron (or one shared number). */
  numeric: string[];
  required: string[];
  defaultReset: Reset;
  /** Trace column name → device state. */
  states: [string, State][];
}

const MODELS: Record<ModelName, ModelInfo> = {
  Lapicque: {
    model: Model.Lapicque,
    numeric: ["beta", "R", "C", "time_step", "threshold"],
    required: [],
    defaultReset: Reset.Subtract,
    states: [["mem", State.Mem]],
  },
  Leaky: {
    model: Model.Leaky,
    numeric: ["beta", "threshold", "graded_spikes_factor"],
    required: ["beta"],
    defaultReset: Reset.Subtract,
    states: [["mem", State.Mem]],
  },
  Synaptic: {
    model: Model.Synaptic,
    numeric: ["alpha", "beta", "threshold"],
    required: ["alpha", "beta"],
    defaultReset: Reset.Subtract,
    states: [["syn", State.Syn], ["mem", State.Mem]],
  },
  Alpha: {
    model: Model.Alpha,
    numeric: ["alpha", "beta", "threshold"],
    required: ["alpha", "beta"],
    defaultReset: Reset.Zero,
    states: [["syn_exc", State.SynExc], ["syn_inh", State.SynInh], ["mem", State.Mem]],
  },
  RLeaky: {
    model: Model.RLeaky,
    numeric: ["beta", "V", "threshold"],
    required: ["beta"],
    defaultReset: Reset.Subtract,
    states: [["mem", State.Mem]],
  },
  RSynaptic: {
    model: Model.RSynaptic,
    numeric: ["alpha", "beta", "V", "threshold"],
    required: ["alpha", "beta"],
    defaultReset: Reset.Subtract,
    states: [["syn", State.Syn], ["mem", State.Mem]],
  },
};

const RESETS: Record<string, Reset> = { subtract: Reset.Subtract, zero: Reset.Zero, none: Reset.None };

/** Keys every model accepts besides its numeric keywords. */
/** snnTorch 0.9's `Lapicque(time_step=1)`, the step when a config gives none. */
export const LAPICQUE_DEFAULT_TIME_STEP = 1;

const COMMON_KEYS = ["model", "neurons", "dtype", "init", "reset_mechanism", "int_frac_bits"];

export const MODEL_NAMES = Object.keys(MODELS) as ModelName[];

export function dtypeCode(dtype: DtypeName): Dtype {
  return dtype === "float32" ? Dtype.Float32 : dtype === "int" ? Dtype.Int : Dtype.Float64;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** A keyword's value per neuron; `shared` when the config gave one number for all. */
interface PerNeuron {
  values: number[];
  shared: boolean;
}

/** The numeric keywords a config gave, by name. */
type Given = Map<string, PerNeuron>;

function perNeuron(value: unknown, field: string, n: number): PerNeuron {
  const check = (x: unknown, where: string): number => {
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new ConfigError("not-a-number", where, `expected a finite number, got ${JSON.stringify(x)}`);
    }
    return x;
  };
  if (Array.isArray(value)) {
    if (value.length !== n) {
      throw new ConfigError("wrong-length", field, `expected one number or ${n} numbers (one per neuron), got ${value.length}`);
    }
    return { values: value.map((x, i) => check(x, `${field}[${i}]`)), shared: false };
  }
  return { values: new Array<number>(n).fill(check(value, field)), shared: true };
}

function parseNeurons(value: unknown): number {
  if (value === undefined) throw new ConfigError("missing-parameter", "neurons", "required: the number of neurons in the layer");
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_NEURONS) {
    throw new ConfigError("out-of-range", "neurons", `expected a whole number from 1 to ${MAX_NEURONS}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseModel(value: unknown): ModelName {
  if (typeof value === "string" && Object.hasOwn(MODELS, value)) return value as ModelName;
  throw new ConfigError("unknown-model", "model", `expected one of ${MODEL_NAMES.join(", ")}, got ${JSON.stringify(value)}`);
}

function parseDtype(value: unknown): DtypeName {
  if (value === undefined) return "float64";
  if (value === "float64" || value === "float32" || value === "int") return value;
  throw new ConfigError("out-of-range", "dtype", `expected "float64", "float32" or "int", got ${JSON.stringify(value)}`);
}

/** `int_frac_bits`: fraction bits of an int layer's (or network's, `what`) states (docs/integer-mode.md); int only. */
export function parseFracBits(value: unknown, dtype: DtypeName, what = "layers"): number | undefined {
  if (value === undefined) return undefined;
  if (dtype !== "int") throw new ConfigError("unknown-keyword", "int_frac_bits", `applies to "dtype": "int" ${what} only, this one is ${dtype}`);
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 30) {
    throw new ConfigError("out-of-range", "int_frac_bits", `expected a whole number from 0 to 30, got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseReset(value: unknown, fallback: Reset): Reset {
  if (value === undefined) return fallback;
  if (typeof value === "string" && Object.hasOwn(RESETS, value)) return RESETS[value];
  throw new ConfigError("out-of-range", "reset_mechanism", `expected "subtract", "zero" or "none", got ${JSON.stringify(value)}`);
}

/**
 * Parses and validates a layer configuration (an object as read from layer.json).
 * Throws ConfigError naming the field at the first problem.
 */
export function parseLayerConfig(raw: unknown): LayerSpec {
  if (!isRecord(raw)) throw new ConfigError("not-an-object", "layer", "expected a JSON object");
  const modelName = parseModel(raw.model);
  const info = MODELS[modelName];
  const recurrent = info.model === Model.RLeaky || info.model === Model.RSynaptic;
  if (recurrent && raw.all_to_all !== undefined && raw.all_to_all !== false) {
    throw new ConfigError("out-of-range", "all_to_all", "spikeloop runs the one-to-one recurrence (weight V): set all_to_all to false or leave it out");
  }
  for (const key of Object.keys(raw)) {
    if (!(recurrent && key === "all_to_all") && !COMMON_KEYS.includes(key) && !info.numeric.includes(key)) {
      throw new ConfigError("unknown-keyword", key, `${modelName} has no keyword "${key}" (it takes ${[...info.numeric, "reset_mechanism"].join(", ")})`);
    }
  }
  for (const key of info.required) {
    if (raw[key] === undefined) throw new ConfigError("missing-parameter", key, `required by ${modelName}`);
  }
  const n = parseNeurons(raw.neurons);
  const dtype = parseDtype(raw.dtype);
  const reset = parseReset(raw.reset_mechanism, info.defaultReset);
  const given: Given = new Map();
  for (const key of info.numeric) {
    if (raw[key] !== undefined) given.set(key, perNeuron(raw[key], key, n));
  }
  validateRanges(modelName, given);
  // An int layer quantizes the float64 layer's values (and throws if rounding breaks it).
  const params = deviceParams(modelName, given, dtype, n);
  const init = parseInit(raw.init, info, n, dtype);
  const fracBits = parseFracBits(raw.int_frac_bits, dtype);
  const quantization = dtype === "int" ? quantizeLayer(info.model, params, init, n, fracBits) : undefined;
  return {
    modelName,
    model: info.model,
    reset,
    dtype,
    neurons: n,
    params: quantization?.params ?? params,
    init: quantization?.init ?? init,
    stateColumns: info.states.map(([name]) => name),
    ...(quantization === undefined ? {} : { quantization }),
  };
}

function validateRanges(model: ModelName, given: Given): void {
  given.get("threshold")?.values.forEach((x, i) => {
    if (x < 0) throw new ConfigError("out-of-range", fieldAt("threshold", given, i), `must not be negative, got ${x}`);
  });
  if (model === "Alpha") {
    const alpha = given.get("alpha")!.values;
    given.get("beta")!.values.forEach((b, i) => {
      if (alpha[i] <= b) throw new ConfigError("out-of-range", fieldAt("alpha", given, i), `Alpha needs alpha > beta, got alpha ${alpha[i]} and beta ${b}`);
      if (b === 1) throw new ConfigError("out-of-range", fieldAt("beta", given, i), "Alpha needs beta != 1");
    });
  }
  if (model === "Lapicque") validateLapicque(given);
}

function fieldAt(key: string, given: Given, i: number): string {
  return given.get(key)?.shared === false ? `${key}[${i}]` : key;
}

/** snnTorch's Lapicque takes beta alone, R and C, or beta with one of R and C. */
function validateLapicque(given: Given): void {
  const has = (k: string) => given.has(k);
  const ok = (has("beta") && !(has("R") && has("C"))) || (!has("beta") && has("R") && has("C"));
  if (!ok) {
    const field = has("beta") ? "C" : has("R") ? "C" : "R";
    throw new ConfigError(
      has("beta") ? "conflicting-parameters" : "missing-parameter",
      field,
      "Lapicque takes beta alone, R and C, or beta with one of R and C",
    );
  }
  for (const key of ["R", "C", "time_step"]) {
    given.get(key)?.values.forEach((x, i) => {
      if (x <= 0) throw new ConfigError("out-of-range", fieldAt(key, given, i), `must be positive, got ${x}`);
    });
  }
  given.get("beta")?.values.forEach((x, i) => {
    if (!(x > 0 && x < 1)) throw new ConfigError("out-of-range", fieldAt("beta", given, i), `Lapicque derives R or C from ln(1/beta), so beta must lie in (0, 1), got ${x}`);
  });
}

/**
 * The per-neuron values the device computes with, in the layer's number format.
 *
 * float32 layers hold every parameter rounded to float32, as snnTorch stores them. float64
 * layers keep full precision except where snnTorch multiplies a float32 spike tensor by a shared
 * (0-dimensional) parameter: the reset amount, V and graded_spikes_factor are then float32
 * products, so a shared value is rounded to float32 there.
 */
function deviceParams(
  model: ModelName,
  given: Given,
  dtype: DtypeName,
  n: number,
): { id: Param; values: number[] }[] {
  const num = dtype === "float32" ? Math.fround : (x: number) => x;
  const value = (key: string, fallback: number) =>
    (given.get(key)?.values ?? new Array<number>(n).fill(fallback)).map(num);
  const spikeProduct = (key: string, fallback: number) => {
    const entry = given.get(key);
    const round = dtype === "float32" || entry === undefined || entry.shared;
    return (entry?.values ?? new Array<number>(n).fill(fallback)).map((x) => (round ? Math.fround(x) : x));
  };
  const params: { id: Param; values: number[] }[] = [
    { id: Param.Threshold, values: value("threshold", 1) },
    { id: Param.ResetBy, values: spikeProduct("threshold", 1) },
  ];
  if (model === "Leaky") params.push({ id: Param.Gain, values: spikeProduct("graded_spikes_factor", 1) });
  if (model !== "Lapicque") params.push({ id: Param.Beta, values: value("beta", 0) });
  if (model === "Synaptic" || model === "Alpha" || model === "RSynaptic") params.push({ id: Param.Alpha, values: value("alpha", 0) });
  if (model === "RLeaky" || model === "RSynaptic") params.push({ id: Param.V, values: spikeProduct("V", 1) });
  if (model === "Lapicque") params.push(...lapicqueParams(given, num, n));
  return params;
}

/**
 * R, C and time_step for Lapicque, deriving the missing one from beta exactly as snnTorch does
 * (R = 1 when only beta is given; C = dt / (R ln(1/beta)); R = dt / (C ln(1/beta))), in the
 * layer's number format.
 */
function lapicqueParams(
  given: Given,
  num: (x: number) => number,
  n: number,
): { id: Param; values: number[] }[] {
  // snnTorch's default time_step is torch.as_tensor(1), an int64 buffer of 1: PyTorch promotes
  // it to the other operand's float type, so it is exactly 1 in float32 and float64 alike.
  const dt = (given.get("time_step")?.values ?? new Array<number>(n).fill(LAPICQUE_DEFAULT_TIME_STEP)).map(num);
  let r = given.get("R")?.values.map(num);
  let c = given.get("C")?.values.map(num);
  const beta = given.get("beta")?.values.map(num);
  if (beta !== undefined) {
    const logInv = beta.map((b) => num(Math.log(num(1 / b))));
    if (c === undefined) {
      const rr = r ?? new Array<number>(n).fill(1);
      c = dt.map((d, i) => num(d / num(rr[i] * logInv[i])));
      r = rr;
    } else {
      const cc = c;
      r = dt.map((d, i) => num(d / num(cc[i] * logInv[i])));
    }
  }
  return [
    { id: Param.R, values: r! },
    { id: Param.C, values: c! },
    { id: Param.TimeStep, values: dt },
  ];
}

function parseInit(raw: unknown, info: ModelInfo, n: number, dtype: DtypeName): { id: State; values: number[] }[] {
  if (raw === undefined) return [];
  if (!isRecord(raw)) throw new ConfigError("not-an-object", "init", "expected an object of initial states");
  const known = new Map<string, State>(info.states);
  if (info.model === Model.RLeaky || info.model === Model.RSynaptic) known.set("spk", State.Spk);
  const num = dtype === "float32" ? Math.fround : (x: number) => x;
  return Object.entries(raw).map(([key, value]) => {
    const id = known.get(key);
    if (id === undefined) {
      throw new ConfigError("unknown-keyword", `init.${key}`, `the model's states are ${[...known.keys()].join(", ")}`);
    }
    return { id, values: perNeuron(value, `init.${key}`, n).values.map(num) };
  });
}
