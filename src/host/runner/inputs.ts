/**
 * The inputs of `spikeloop run`, written as `KIND[:key=value,…]`:
 *
 *   constant:amplitude=0.3            step:amplitude=0.1,start=10
 *   pulse:amplitude=0.1,start=10,end=30   current-spike:amplitude=0.5,at=10
 *   rate:p=0.4,seed=1[,gain=,offset=] latency:data=0.9[,tau=,threshold=,linear,normalize,clip]
 *   delta:file=signal.csv[,threshold=,padding,off-spike]
 *   csv:in.csv (or any path ending in .csv)   analog:A0[,scale=1]
 *
 * Per-neuron values are separated by "/" (amplitude=0.1/0.2). Generated inputs last `steps`
 * steps. Every problem is an InputError naming the part at fault.
 */
import type { Currents } from "../currents.ts";
import { readInputCsv } from "../csv-files.ts";
import { parseCsvNumber } from "../csv.ts";
import { InputError } from "../errors.ts";
import { delta, latency, rateTrain } from "../inputs/encoders.ts";
import { constant, currentSpike, pulse, step } from "../inputs/shapes.ts";

/** Currents computed before the run, or a live analog pin read during it. */
export type InputSource =
  | { kind: "currents"; currents: Currents; description: string }
  | { kind: "analog"; channel: number; scale: number; description: string };

export const INPUT_KINDS = ["constant", "step", "pulse", "current-spike", "rate", "latency", "delta", "csv", "analog"] as const;

type Options = Map<string, string>;

/**
 * Parses an input spec for a layer of `neurons` neurons run for `steps` steps; a network's
 * inputs are its input channels (`what`: a CSV then has a `channel` column).
 */
export function parseInputSpec(text: string, neurons: number, steps: number, what: "neuron" | "channel" = "neuron"): InputSource {
  if (text.endsWith(".csv") && !text.startsWith("csv:") && !text.startsWith("delta:")) return csvInput(text, neurons, what);
  const colon = text.indexOf(":");
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? "" : text.slice(colon + 1);
  if (kind === "csv") return csvInput(rest, neurons, what);
  if (kind === "analog") return analogInput(rest);
  const options = parseOptions(kind, rest);
  const describe = `${kind} ${rest}`.trim();
  try {
    const currents = generate(kind, options, neurons, steps);
    const unused = [...options.keys()].filter((k) => !USED[kind]?.includes(k));
    if (unused.length > 0) throw new InputError(`${kind}: unknown option "${unused[0]}" (it takes ${USED[kind].join(", ")})`);
    return { kind: "currents", currents, description: describe };
  } catch (err) {
    if (err instanceof RangeError) throw new InputError(`${kind}: ${err.message}`);
    throw err;
  }
}

const USED: Record<string, string[]> = {
  constant: ["amplitude"],
  step: ["amplitude", "start"],
  pulse: ["amplitude", "start", "end"],
  "current-spike": ["amplitude", "at"],
  rate: ["p", "seed", "gain", "offset"],
  latency: ["data", "tau", "threshold", "linear", "normalize", "clip", "first-spike-time"],
  delta: ["file", "threshold", "padding", "off-spike"],
};

function generate(kind: string, o: Options, neurons: number, steps: number): Currents {
  switch (kind) {
    case "constant":
      return constant(steps, neurons, amplitude(o, neurons));
    case "step":
      return step(steps, neurons, amplitude(o, neurons), whole(o, "start", 0));
    case "pulse":
      return pulse(steps, neurons, amplitude(o, neurons), whole(o, "start", 0), whole(o, "end", steps));
    case "current-spike":
      return currentSpike(steps, neurons, amplitude(o, neurons), whole(o, "at", 0));
    case "rate":
      return rateTrain(perNeuron(o, "p", neurons), steps, { seed: whole(o, "seed", 0), gain: num(o, "gain"), offset: num(o, "offset") });
    case "latency":
      return latency(perNeuron(o, "data", neurons), {
        numSteps: steps,
        tau: num(o, "tau"),
        threshold: num(o, "threshold"),
        firstSpikeTime: o.has("first-spike-time") ? whole(o, "first-spike-time", 0) : undefined,
        linear: o.has("linear"),
        normalize: o.has("normalize"),
        clip: o.has("clip"),
      });
    case "delta":
      return deltaInput(o, neurons);
    default:
      throw new InputError(`unknown input kind "${kind}" (expected ${INPUT_KINDS.join(", ")}, or a .csv file)`);
  }
}

function parseOptions(kind: string, text: string): Options {
  const options: Options = new Map();
  if (text === "") return options;
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (key === "") throw new InputError(`${kind}: an empty option in "${text}"`);
    options.set(key, eq < 0 ? "" : part.slice(eq + 1).trim());
  }
  return options;
}

/** A decimal number, as in CSV files: `0x10`, `1_0` or an empty value are refused, not read as 16, 10 or 0. */
function numberOf(name: string, text: string): number {
  const x = parseCsvNumber(text);
  if (x === undefined || !Number.isFinite(x)) throw new InputError(`${name} must be a finite number, got "${text}"`);
  return x;
}

function num(o: Options, name: string): number | undefined {
  const text = o.get(name);
  return text === undefined ? undefined : numberOf(name, text);
}

function whole(o: Options, name: string, fallback: number): number {
  const x = num(o, name) ?? fallback;
  if (!Number.isInteger(x) || x < 0) throw new InputError(`${name} must be a whole number >= 0, got "${o.get(name)}"`);
  return x;
}

/** One value for every neuron, or one per neuron separated by "/". */
function perNeuron(o: Options, name: string, neurons: number): number[] {
  const text = o.get(name);
  if (text === undefined) throw new InputError(`needs ${name}=<value> (one, or one per neuron separated by "/")`);
  const values = text.split("/").map((v) => numberOf(name, v));
  if (values.length === 1) return new Array<number>(neurons).fill(values[0]);
  if (values.length !== neurons) throw new InputError(`${name} needs one value or ${neurons} (one per neuron), got ${values.length}`);
  return values;
}

function amplitude(o: Options, neurons: number): number[] {
  return perNeuron(o, "amplitude", neurons);
}

function csvInput(path: string, neurons: number, what: "neuron" | "channel"): InputSource {
  if (path === "") throw new InputError('csv needs a file: "csv:in.csv"');
  return { kind: "currents", currents: readInputCsv(path, neurons, undefined, what), description: `csv ${path}` };
}

/** Delta modulation of each neuron's series in an input CSV. */
function deltaInput(o: Options, neurons: number): Currents {
  const file = o.get("file");
  if (file === undefined || file === "") throw new InputError("delta needs file=<signal.csv> (step,neuron,input rows)");
  const signal = readInputCsv(file, neurons);
  const out: Currents = { steps: signal.steps, channels: neurons, values: new Float64Array(signal.steps * neurons) };
  for (let i = 0; i < neurons; i++) {
    const series = Array.from({ length: signal.steps }, (_, t) => signal.values[t * neurons + i]);
    const spikes = delta(series, { threshold: num(o, "threshold"), padding: o.has("padding"), offSpike: o.has("off-spike") });
    for (let t = 0; t < signal.steps; t++) out.values[t * neurons + i] = spikes.values[t];
  }
  return out;
}

/** `A0` (NodeMCU's one analog pin) or a channel number, and the input a full-scale reading gives. */
function analogInput(text: string): InputSource {
  const [pin, ...rest] = text.split(",");
  const match = /^A?(\d+)$/i.exec(pin.trim());
  if (match === null) throw new InputError(`analog needs a pin: "analog:A0", got "${text}"`);
  const options = parseOptions("analog", rest.join(","));
  for (const key of options.keys()) if (key !== "scale") throw new InputError(`analog: unknown option "${key}" (it takes scale)`);
  const scale = num(options, "scale") ?? 1;
  return { kind: "analog", channel: Number(match[1]), scale, description: `analog A${match[1]} x ${scale}` };
}
