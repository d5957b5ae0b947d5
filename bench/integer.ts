/**
 * Int-layer speed beside float mode: the benchmark's Leaky layer (workload.ts) stepped by the
 * device code as a float64 layer and as an int layer ("dtype": "int"), in Node (ts), in the
 * in-process Lua VM (wasmoon) and in the stand-alone interpreters, timed alternately in the same
 * run (timing.ts, lua/clock.lua). Each int subject's membrane sum after one round must equal the
 * ts int subject's: the same integers everywhere.
 *
 * For bench/run.ts: `await measureIntegerRates(options)` then `formatIntegerRates(rates)`.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { configureLayer } from "../src/device/configure.ts";
import { selectStep } from "../src/device/kernels.ts";
import { deviceArguments } from "../src/host/backends/backend.ts";
import { dtypeCode, parseLayerConfig } from "../src/host/config.ts";
import { createLuaVm } from "../src/host/lua-vm.ts";
import { FIRMWARE_APP_DIR } from "../src/io/paths.ts";
import { INTERPRETERS } from "./external-lua.ts";
import { BENCH_LUA_DIR, benchModules } from "./in-process-lua.ts";
import { deviceSubject, identity } from "./js-subjects.ts";
import { type LuaData, luaLiteral } from "./lua-literal.ts";
import { formatTable } from "./table.ts";
import { type Subject, type TimingOptions, timePair } from "./timing.ts";
import { NEURON_COUNTS, type Workload, leakyConfig, luaWorkload, workload } from "./workload.ts";

export interface IntegerRate {
  /** "ts", "wasmoon" or an interpreter's name. */
  vm: string;
  n: number;
  /** Neuron-steps per second of the float64 layer and of the int layer. */
  floatRate: number;
  intRate: number;
  /** The int layer's membrane sum after one round (the same integers on every VM). */
  intMemSum: number;
}

interface IntWorkload {
  float: Workload;
  paramIds: number[];
  paramValues: number[];
  inputs: number[];
  dtype: number;
  scale: number;
}

function intWorkload(n: number): IntWorkload {
  const float = workload(n);
  const spec = parseLayerConfig(leakyConfig(n, "int"));
  const a = deviceArguments(spec, float.currents);
  return { float, paramIds: a.paramIds, paramValues: a.paramValues, inputs: a.inputs, dtype: dtypeCode(spec.dtype), scale: spec.quantization!.scale };
}

function intSubject(w: IntWorkload): Subject {
  const { spec } = w.float;
  const configured = configureLayer(spec.model, spec.reset, w.dtype, w.float.n, w.paramIds, w.paramValues, [], [], identity);
  const layer = configured.layer;
  if (layer === undefined) throw new Error(`configureLayer failed with device error ${configured.error}`);
  const { inputs } = w;
  const n = w.float.n;
  const steps = w.float.currents.steps;
  // The model's step function is chosen once per run, as the device's recordSteps does.
  const step = selectStep(layer);
  return {
    run(rounds) {
      for (let r = 0; r < rounds; r++) {
        for (let t = 0; t < steps; t++) step(layer, inputs, t * n);
      }
    },
    memSum: () => layer.mem.reduce((s, x) => s + x, 0),
  };
}

/** What bench/lua/int_subjects.lua needs: the float workload plus the int layer's parameters. */
function luaIntWorkload(w: IntWorkload): LuaData {
  return { ...luaWorkload(w.float), int: { dtype: w.dtype, scale: w.scale, paramIds: w.paramIds, paramValues: w.paramValues } };
}

async function wasmoonRates(workloads: IntWorkload[], options: TimingOptions): Promise<IntegerRate[]> {
  const vm = await createLuaVm(benchModules());
  try {
    const subject = (kind: string, w: IntWorkload) =>
      vm.doStringSync(`return require("int_subjects").prepare("${kind}", ${luaLiteral(luaIntWorkload(w))})`) as Subject;
    return workloads.map((w) => {
      const p = timePair(w.float.n, subject("int", w), subject("device", w), options);
      return { vm: "wasmoon", n: p.n, floatRate: p.baselineRate, intRate: p.rate, intMemSum: p.memSum };
    });
  } finally {
    vm.global.close();
  }
}

function interpreterRates(interpreter: string, workloads: IntWorkload[], options: TimingOptions): IntegerRate[] {
  const path = [FIRMWARE_APP_DIR, BENCH_LUA_DIR].map((dir) => join(dir, "?.lua")).join(";");
  const config = luaLiteral({ ...options, workloads: workloads.map(luaIntWorkload) });
  // clock.lua takes the subjects module and kinds as strings, outside the numeric literal.
  const withSubjects = `${config.slice(0, -1)}, subjects = "int_subjects", kinds = {"int", "device"}}`;
  const child = spawnSync(interpreter, [join(BENCH_LUA_DIR, "clock.lua"), path, withSubjects], { encoding: "utf8" });
  if ((child.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return [];
  if (child.error !== undefined || child.status !== 0) throw new Error(`${interpreter} failed: ${child.error?.message ?? child.stderr}`);
  return child.stdout.trim().split("\n").filter((line) => line.startsWith("pair\t")).map((line) => {
    const [n, intRate, floatRate, intMemSum] = line.split("\t").slice(1).map(Number);
    return { vm: interpreter, n, floatRate, intRate, intMemSum };
  });
}

/** Float and int neuron-steps/s of the benchmark's Leaky layer on every VM, for each neuron count. */
export async function measureIntegerRates(options: TimingOptions, neuronCounts: number[] = NEURON_COUNTS): Promise<IntegerRate[]> {
  const workloads = neuronCounts.map(intWorkload);
  const rates: IntegerRate[] = workloads.map((w) => {
    const p = timePair(w.float.n, intSubject(w), deviceSubject(w.float), options);
    return { vm: "ts", n: p.n, floatRate: p.baselineRate, intRate: p.rate, intMemSum: p.memSum };
  });
  rates.push(...(await wasmoonRates(workloads, options)));
  for (const interpreter of INTERPRETERS) rates.push(...interpreterRates(interpreter, workloads, options));
  return rates;
}

/** VMs whose int layer ended a round with another membrane sum than ts's (should be none). */
export function integerMismatches(rates: IntegerRate[]): string[] {
  return rates
    .filter((r) => r.intMemSum !== rates.find((t) => t.vm === "ts" && t.n === r.n)?.intMemSum)
    .map((r) => `${r.vm}, ${r.n} neurons: int membrane sum ${r.intMemSum}, ts has another`);
}

const perSecond = (x: number) => `${(x / 1e6).toFixed(2)} M`;

/** The table `npm run bench` prints: per VM and layer size, float and int rates and their ratio. */
export function formatIntegerRates(rates: IntegerRate[]): string {
  return formatTable(
    ["vm", "neurons", "float64 neuron-steps/s", "int neuron-steps/s", "int / float"],
    rates.map((r) => [r.vm, String(r.n), perSecond(r.floatRate), perSecond(r.intRate), (r.intRate / r.floatRate).toFixed(2)]),
  );
}
