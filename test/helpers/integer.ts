/** Int-layer test material: the golden cases as int layers, and seeded random long runs. */
import { simulate } from "../../src/device/trace.ts";
import { deviceArguments } from "../../src/host/backends/backend.ts";
import { dtypeCode, type LayerSpec, type ModelName, parseLayerConfig } from "../../src/host/config.ts";
import type { Currents } from "../../src/host/currents.ts";
import { type GoldenCase, layerConfig, neuronCases, readGoldenTrace } from "./golden.ts";

export interface IntCase {
  name: string;
  spec: LayerSpec;
  inputs: Currents;
}

export interface IntGoldenCase extends IntCase {
  golden: GoldenCase;
  /** snnTorch's float64 trace: per row the state columns then spk. */
  expected: Float64Array;
}

/** Every float64 golden neuron case, configured as an int layer. */
export function intGoldenCases(): IntGoldenCase[] {
  return neuronCases()
    .filter((c) => c.dtype === "float64")
    .map((c) => {
      const { inputs, expected } = readGoldenTrace(c);
      return { name: c.name, spec: parseLayerConfig({ ...layerConfig(c), dtype: "int" }), inputs, golden: c, expected };
    });
}

/** A small deterministic generator (LCG), so a failing random run can be replayed. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const RESETS = ["subtract", "zero", "none"] as const;

/** Largest real value of the default int format (20 fraction bits). */
const LIMIT = 2147483647 / 2 ** 20;

/**
 * A long random run of `model`: per-neuron random parameters, initial states and inputs, a
 * quarter of them near or beyond the saturation limits, so the saturating paths run too.
 */
export function randomIntCase(model: ModelName, seed: number, neurons: number, steps: number): IntCase {
  const rnd = generator(seed);
  const per = (f: () => number) => Array.from({ length: neurons }, f);
  const decay = () => rnd();
  const big = () => (rnd() < 0.5 ? -1 : 1) * LIMIT * (0.9 + rnd() * 0.2);
  const ordinary = () => (rnd() - 0.3) * 4;
  const value = () => (rnd() < 0.25 ? big() : ordinary());
  const config: Record<string, unknown> = {
    model,
    neurons,
    dtype: "int",
    reset_mechanism: RESETS[seed % 3],
    threshold: per(() => (rnd() < 0.1 ? LIMIT * rnd() : rnd() * 2)),
  };
  if (model === "Lapicque") {
    config.R = per(() => 0.5 + rnd() * 5);
    config.C = per(() => 0.002 + rnd() * 0.01);
    config.time_step = 0.001;
  } else {
    config.beta = per(decay);
  }
  if (model === "Synaptic" || model === "RSynaptic") config.alpha = per(decay);
  if (model === "Alpha") {
    const beta = config.beta as number[];
    beta.forEach((b, i) => (beta[i] = b * 0.98));
    config.alpha = beta.map((b) => b + (1 - b) * (0.2 + rnd() * 0.7));
  }
  if (model === "RLeaky" || model === "RSynaptic") config.V = per(value);
  if (model === "Leaky") config.graded_spikes_factor = per(ordinary);
  const init: Record<string, number[]> = { mem: per(value) };
  if (model === "Synaptic" || model === "RSynaptic") init.syn = per(value);
  if (model === "Alpha") {
    init.syn_exc = per(value);
    init.syn_inh = per(value);
  }
  if (model === "RLeaky" || model === "RSynaptic") init.spk = per(() => (rnd() < 0.5 ? 0 : 1));
  config.init = init;
  const values = Float64Array.from({ length: steps * neurons }, () => value());
  return { name: `${model} random #${seed}`, spec: parseLayerConfig(config), inputs: { steps, channels: neurons, values } };
}

export const MODELS: ModelName[] = ["Lapicque", "Leaky", "Synaptic", "Alpha", "RLeaky", "RSynaptic"];

/** The device's raw integer output for a case (the device code run in Node). */
export function rawTs(c: IntCase): number[] {
  const a = deviceArguments(c.spec, c.inputs);
  const result = simulate(
    c.spec.model, c.spec.reset, dtypeCode(c.spec.dtype), c.spec.neurons,
    a.paramIds, a.paramValues, a.stateIds, a.stateValues, a.inputs, c.inputs.steps, (x) => x,
  );
  if (result.error !== 0) throw new Error(`${c.name}: device error ${result.error}`);
  return result.out;
}

/** simulate()'s arguments for each case as test/lua/integer-runs.lua reads them. */
export function luaCasesText(cases: IntCase[]): string {
  const array = (xs: number[]) => `${xs.length}\n${xs.join(" ")}`;
  const items = cases.map((c) => {
    const a = deviceArguments(c.spec, c.inputs);
    const header = [c.spec.model, c.spec.reset, dtypeCode(c.spec.dtype), c.spec.neurons, c.inputs.steps].join(" ");
    return [header, array(a.paramIds), array(a.paramValues), array(a.stateIds), array(a.stateValues), array(a.inputs)].join("\n");
  });
  return `${cases.length}\n${items.join("\n")}\n`;
}
