/**
 * The network configuration (net.json): snnTorch-shaped, in the layout of the golden
 * NAME.json files (docs/networks.md):
 *
 *   {"dtype": "float64", "inputs": 3, "layers": [
 *     {"kind": "Linear", "in": 3, "out": 8, "weight": [[…], …], "bias": […] | null},
 *     {"kind": "Leaky", "neurons": 8, "kwargs": {"beta": 0.9}},
 *     {"kind": "Linear", "in": 8, "out": 2, …},
 *     {"kind": "RLeaky", "neurons": 2, "kwargs": {"beta": 0.8, "all_to_all": true},
 *      "recurrent": {"weight": [[…], […]], "bias": […]}}]}
 *
 * Every neuron layer follows a Linear. The neuron layers' kwargs are validated exactly like a
 * layer.json (config.ts); every error names its field from the top, e.g. `layers[1].kwargs.beta`.
 */
import { MAX_NEURONS } from "../../shared/codes.ts";
import { type DtypeName, type LayerSpec, MODEL_NAMES, type ModelName, parseFracBits, parseLayerConfig } from "../config.ts";
import { ConfigError } from "../errors.ts";
import { DEFAULT_FRAC_BITS, quantizeState, roundHalfAway } from "../quantize.ts";
import { MUL_MAX } from "../../shared/fixed-point.ts";

/** One neuron layer with the Linear before it; weights flat, row-major, in the network's number format. */
export interface NetworkLayerSpec {
  spec: LayerSpec;
  weight: number[];
  bias: number[];
  /** all_to_all RLeaky/RSynaptic: the recurrent Linear(n, n); both empty otherwise. */
  recWeight: number[];
  recBias: number[];
}

export interface NetworkSpec {
  dtype: DtypeName;
  inputs: number;
  layers: NetworkLayerSpec[];
  /**
   * int networks: every layer's states, inputs, biases and spikes in one fixed-point scale
   * (2^fracBits = 1.0, docs/integer-mode.md); weights are Q15 (2^15 = 1.0).
   */
  quantization?: { fracBits: number; scale: number };
}

/** 1.0 as an int network's weight (Q15; kernels-int.ts linearInt). */
export const WEIGHT_ONE = 32768;

/** Keys of the golden files that describe the network without changing it. */
const DOCUMENTARY_KEYS = ["name", "description", "steps", "forward", "reference", "spikes", "nir"];
const NETWORK_KEYS = ["dtype", "inputs", "layers", "int_frac_bits", ...DOCUMENTARY_KEYS];

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function checkKeys(raw: Record<string, unknown>, allowed: string[], where: string): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) {
      throw new ConfigError("unknown-keyword", `${where}${key}`, `unknown key (expected ${allowed.join(", ")})`);
    }
  }
}

function wholeNumber(value: unknown, field: string, max: number): number {
  if (value === undefined) throw new ConfigError("missing-parameter", field, "required");
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigError("out-of-range", field, `expected a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function finiteNumber(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ConfigError("not-a-number", field, `expected a finite number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function vector(value: unknown, length: number, field: string): number[] {
  if (!Array.isArray(value)) throw new ConfigError("not-a-number", field, `expected ${length} numbers`);
  if (value.length !== length) throw new ConfigError("wrong-length", field, `expected ${length} numbers, got ${value.length}`);
  return value.map((x, i) => finiteNumber(x, `${field}[${i}]`));
}

/** An out × in matrix given as rows, flattened row-major. */
function matrix(value: unknown, rows: number, columns: number, field: string): number[] {
  if (!Array.isArray(value)) throw new ConfigError("not-a-number", field, `expected ${rows} rows of ${columns} numbers`);
  if (value.length !== rows) throw new ConfigError("wrong-length", field, `expected ${rows} rows (one per output neuron), got ${value.length}`);
  return value.flatMap((row, i) => vector(row, columns, `${field}[${i}]`));
}

function optionalBias(value: unknown, length: number, field: string): number[] {
  return value === undefined || value === null ? [] : vector(value, length, field);
}

function parseDtype(value: unknown): DtypeName {
  if (value === undefined || value === "float64" || value === "float32" || value === "int") return value ?? "float64";
  throw new ConfigError("out-of-range", "dtype", `expected "float64", "float32" or "int", got ${JSON.stringify(value)}`);
}

/** A weight in Q15; one beyond ±32768 (MUL_MAX) cannot be represented. */
function weightQ15(w: number, field: string): number {
  const q = roundHalfAway(w * WEIGHT_ONE);
  if (Math.abs(q) > MUL_MAX) throw new ConfigError("out-of-range", field, `an int network's weights lie within ±${MUL_MAX / WEIGHT_ONE}, got ${w}`);
  return q;
}

/**
 * The numbers an int network's layer computes with: Lapicque's input factors folded into its
 * Linear (the device adds a Lapicque layer's input as it comes), weights in Q15, biases in the scale.
 */
function quantizeLinear(layer: NetworkLayerSpec, fanIn: number, scale: number, where: string): NetworkLayerSpec {
  const f = layer.spec.quantization?.inputFactors;
  const factor = (i: number) => (f === undefined ? 1 : f.r[i] * f.k[i] * f.dt[i]);
  const weight = layer.weight.map((w, m) => weightQ15(w * factor(Math.floor(m / fanIn)), `${where}.weight[${Math.floor(m / fanIn)}][${m % fanIn}]`));
  const bias = layer.bias.map((b, i) => quantizeState(b * factor(i), scale));
  const recWeight = layer.recWeight.map((w, m) => weightQ15(w * factor(Math.floor(m / layer.spec.neurons)), `${where}.recurrent.weight`));
  const recBias = layer.recBias.map((b, i) => quantizeState(b * factor(i), scale));
  return { ...layer, weight, bias, recWeight, recBias };
}

/**
 * snnTorch's constructors keep numeric keywords (beta, alpha, threshold…) as tensors of torch's
 * default dtype, float32; a float64 network is such a module cast with `.double()`, so its
 * parameters are the float32 values widened. A number that is not a float32 is rounded here
 * exactly as that cast sees it (non-numbers pass through for parseLayerConfig to judge).
 */
function asRegistered(kwargs: Record<string, unknown>): Record<string, unknown> {
  const round = (x: unknown) => (typeof x === "number" ? Math.fround(x) : x);
  return Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, Array.isArray(v) ? v.map(round) : round(v)]));
}

/** parseLayerConfig with every field named from the network's top. */
function neuronLayer(config: Record<string, unknown>, where: string): LayerSpec {
  try {
    return parseLayerConfig(config);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const field = err.field === "model" ? `${where}.kind` : err.field === "neurons" ? `${where}.neurons` : `${where}.kwargs.${err.field}`;
    throw new ConfigError(err.code, field, err.detail);
  }
}

interface RawLinear {
  weight: number[];
  bias: number[];
  out: number;
}

function parseLinear(raw: Record<string, unknown>, fanIn: number, where: string): RawLinear {
  checkKeys(raw, ["kind", "in", "out", "weight", "bias"], `${where}.`);
  const fanInGiven = wholeNumber(raw.in, `${where}.in`, MAX_NEURONS);
  if (fanInGiven !== fanIn) {
    throw new ConfigError("out-of-range", `${where}.in`, `the Linear's input is ${fanIn} wide (the ${where === "layers[0]" ? "network's inputs" : "previous layer's neurons"}), got ${fanInGiven}`);
  }
  const out = wholeNumber(raw.out, `${where}.out`, MAX_NEURONS);
  return { weight: matrix(raw.weight, out, fanIn, `${where}.weight`), bias: optionalBias(raw.bias, out, `${where}.bias`), out };
}

function parseNeuronLayer(raw: Record<string, unknown>, linear: RawLinear, dtype: DtypeName, fracBits: number, where: string): NetworkLayerSpec {
  checkKeys(raw, ["kind", "neurons", "kwargs", "recurrent"], `${where}.`);
  if (typeof raw.kind !== "string" || !MODEL_NAMES.includes(raw.kind as ModelName)) {
    throw new ConfigError("unknown-model", `${where}.kind`, `expected Linear or a neuron layer (${MODEL_NAMES.join(", ")}), got ${JSON.stringify(raw.kind)}`);
  }
  const n = wholeNumber(raw.neurons, `${where}.neurons`, MAX_NEURONS);
  if (n !== linear.out) throw new ConfigError("out-of-range", `${where}.neurons`, `the Linear before it has ${linear.out} outputs, got ${n}`);
  const kwargs = raw.kwargs ?? {};
  if (!isRecord(kwargs)) throw new ConfigError("not-an-object", `${where}.kwargs`, "expected an object of snnTorch keywords");
  const { all_to_all: allToAll, linear_features: features, ...rest } = kwargs;
  const recurrentModel = raw.kind === "RLeaky" || raw.kind === "RSynaptic";
  if (allToAll !== undefined && (!recurrentModel || typeof allToAll !== "boolean")) {
    throw new ConfigError(recurrentModel ? "out-of-range" : "unknown-keyword", `${where}.kwargs.all_to_all`, recurrentModel ? "expected true or false" : `${raw.kind} has no all_to_all`);
  }
  if (features !== undefined && (allToAll !== true || features !== n)) {
    throw new ConfigError("out-of-range", `${where}.kwargs.linear_features`, `an all_to_all layer's linear_features is its neuron count ${n}, got ${JSON.stringify(features)}`);
  }
  for (const key of ["model", "neurons", "dtype", "init", "int_frac_bits"]) {
    if (rest[key] !== undefined) throw new ConfigError("unknown-keyword", `${where}.kwargs.${key}`, "not an snnTorch keyword of a network layer");
  }
  if (allToAll === true && recurrentModel && rest.V !== undefined) {
    throw new ConfigError("conflicting-parameters", `${where}.kwargs.V`, "an all_to_all layer has recurrent weights instead of V");
  }
  const intKeys = dtype === "int" ? { int_frac_bits: fracBits } : {};
  const spec = neuronLayer({ model: raw.kind, neurons: n, dtype, ...intKeys, ...asRegistered(rest) }, where);
  const num = dtype === "float32" ? Math.fround : (x: number) => x;
  let recWeight: number[] = [];
  let recBias: number[] = [];
  if (allToAll === true) {
    if (!isRecord(raw.recurrent)) throw new ConfigError("missing-parameter", `${where}.recurrent`, "an all_to_all layer needs its recurrent Linear's weight and bias");
    checkKeys(raw.recurrent, ["weight", "bias"], `${where}.recurrent.`);
    recWeight = matrix(raw.recurrent.weight, n, n, `${where}.recurrent.weight`).map(num);
    recBias = optionalBias(raw.recurrent.bias, n, `${where}.recurrent.bias`).map(num);
  } else if (raw.recurrent !== undefined) {
    throw new ConfigError("unknown-keyword", `${where}.recurrent`, "recurrent weights belong to an RLeaky or RSynaptic with all_to_all: true");
  }
  return { spec, weight: linear.weight.map(num), bias: linear.bias.map(num), recWeight, recBias };
}

/**
 * Parses and validates a network configuration (an object as read from net.json).
 * Throws ConfigError naming the field at the first problem.
 */
export function parseNetworkConfig(raw: unknown): NetworkSpec {
  if (!isRecord(raw)) throw new ConfigError("not-an-object", "network", "expected a JSON object");
  checkKeys(raw, NETWORK_KEYS, "");
  const dtype = parseDtype(raw.dtype);
  const fracBits = parseFracBits(raw.int_frac_bits, dtype, "networks") ?? DEFAULT_FRAC_BITS;
  const inputs = wholeNumber(raw.inputs, "inputs", MAX_NEURONS);
  if (!Array.isArray(raw.layers) || raw.layers.length === 0) {
    throw new ConfigError("missing-parameter", "layers", "expected a list: Linear, neuron layer, Linear, neuron layer, …");
  }
  const layers: NetworkLayerSpec[] = [];
  let fanIn = inputs;
  let linear: RawLinear | undefined;
  raw.layers.forEach((entry: unknown, k: number) => {
    const where = `layers[${k}]`;
    if (!isRecord(entry)) throw new ConfigError("not-an-object", where, "expected an object with a \"kind\"");
    if (linear === undefined) {
      if (entry.kind !== "Linear") throw new ConfigError("out-of-range", `${where}.kind`, `expected a Linear before every neuron layer, got ${JSON.stringify(entry.kind)}`);
      linear = parseLinear(entry, fanIn, where);
    } else {
      const layer = parseNeuronLayer(entry, linear, dtype, fracBits, where);
      layers.push(dtype === "int" ? quantizeLinear(layer, fanIn, 2 ** fracBits, `layers[${k - 1}]`) : layer);
      fanIn = layer.spec.neurons;
      linear = undefined;
    }
  });
  if (linear !== undefined) throw new ConfigError("missing-parameter", `layers[${raw.layers.length}]`, "the last Linear needs a neuron layer after it");
  return dtype === "int" ? { dtype, inputs, layers, quantization: { fracBits, scale: 2 ** fracBits } } : { dtype, inputs, layers };
}
