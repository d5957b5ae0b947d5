/**
 * `npm run bench [-- --quick]`: neuron-steps per second of the device code (in Node, in the
 * in-process Lua VMs and in the stand-alone Lua interpreters), each beside a hand-written
 * baseline measured in the same run; then lockstep throughput, wire bytes, heap and latency of the
 * whole system (system.ts). docs/performance.md discusses the results.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ByteCheck } from "./binary.ts";
import { INTERPRETERS, runInterpreter } from "./external-lua.ts";
import { openFengari } from "./fengari.ts";
import type { InProcessLua } from "./in-process-lua.ts";
import { deviceSubject, float64ArraySubject } from "./js-subjects.ts";
import { machineSummary } from "./machine.ts";
import { type Reference, reference } from "./reference.ts";
import { type Row, formatByteChecks, formatRows, formatVmComparison } from "./report.ts";
import { FULL_TIMING, type Pair, QUICK_TIMING, type TimingOptions, timePair } from "./timing.ts";
import { BETA, BLOCK_STEPS, NEURON_COUNTS, THRESHOLD, type Workload, workload } from "./workload.ts";
import { openWasmoon } from "./wasmoon.ts";
import { formatIntegerRates, integerMismatches, measureIntegerRates } from "./integer.ts";
import { measureSystem } from "./system.ts";
import { formatSystemReport } from "./system-report.ts";
import { formatVmRows, measureVmInstructions } from "./vm-instructions.ts";
import { formatPredictions, measureBoardPredictions } from "./board-prediction.ts";

const TS_TARGET = 1.3;
/** Shorter runs for the int-vs-float rows (bench/integer.ts), to keep the whole bench near 2 minutes. */
const INTEGER_TIMING: TimingOptions = { warmupSeconds: 0.1, runSeconds: 0.2, runs: 3 };
const LUA_TARGET = 1.2;

interface Case {
  w: Workload;
  ref: Reference;
}

const neurons = (n: number) => `${n} neuron${n === 1 ? "" : "s"}`;

function timingOptions(args: string[]): TimingOptions {
  const unknown = args.filter((a) => a !== "--quick");
  if (unknown.length > 0) {
    console.error(`usage: npm run bench [-- --quick]   (unknown argument ${unknown[0]})`);
    process.exit(2);
  }
  return args.includes("--quick") ? QUICK_TIMING : FULL_TIMING;
}

/** Table rows from measured pairs, recording any subject whose first round missed the reference. */
function rows(name: string, target: number, pairs: Pair[], cases: Case[], failures: string[]): Row[] {
  return pairs.map((p) => {
    const ref = cases.find((c) => c.w.n === p.n)!.ref;
    for (const [who, memSum] of [["device code", p.memSum], ["baseline", p.baselineMemSum]] as const) {
      if (memSum !== ref.memSum) failures.push(`${name} ${who}, ${neurons(p.n)}: membrane sum ${memSum}, expected ${ref.memSum}`);
    }
    return { name, n: p.n, rate: p.rate, baselineRate: p.baselineRate, target };
  });
}

/** The ts pairs measured in a child process that ran a float32 layer first (ts-after-float32.ts). */
function tsAfterFloat32(options: TimingOptions): Pair[] {
  const script = fileURLToPath(new URL("./ts-after-float32.js", import.meta.url));
  const child = spawnSync(process.execPath, [script, JSON.stringify(options)], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`ts-after-float32 failed: ${child.error?.message ?? child.stderr}`);
  return JSON.parse(child.stdout) as Pair[];
}

function vmPairs(vm: InProcessLua, cases: Case[], options: TimingOptions): Pair[] {
  return cases.map((c) => timePair(c.w.n, vm.subject("device", c.w), vm.subject("hand", c.w), options));
}

const progress = (name: string) => process.stderr.write(`timing ${name}\n`);

interface Results {
  table: Row[];
  wasmoon: Row[];
  fengari: Row[];
  byteChecks: ByteCheck[];
  notes: string[];
  failures: string[];
}

async function measureAll(cases: Case[], options: TimingOptions): Promise<Results> {
  const failures: string[] = [];
  const notes: string[] = [];
  progress("ts");
  const table = rows("ts", TS_TARGET, cases.map((c) => timePair(c.w.n, deviceSubject(c.w), float64ArraySubject(c.w), options)), cases, failures);
  progress("ts after a float32 layer");
  table.push(...rows("ts after a float32 layer", TS_TARGET, tsAfterFloat32(options), cases, failures));

  const vmRows = new Map<string, Row[]>();
  const byteChecks: ByteCheck[] = [];
  for (const vm of [await openWasmoon(), openFengari()]) {
    const name = `${vm.name} (${vm.version})`;
    progress(name);
    vmRows.set(vm.name, rows(name, LUA_TARGET, vmPairs(vm, cases, options), cases, failures));
    byteChecks.push(...vm.byteChecks());
    vm.close();
  }
  const wasmoon = vmRows.get("wasmoon")!;
  const fengari = vmRows.get("fengari")!;
  table.push(...wasmoon, ...fengari);

  for (const interpreter of INTERPRETERS) {
    progress(interpreter);
    const result = runInterpreter(interpreter, cases.map((c) => c.w), options);
    if ("missing" in result) notes.push(`${interpreter}: not installed, skipped`);
    else table.push(...rows(`${interpreter} (${result.version})`, LUA_TARGET, result.pairs, cases, failures));
  }
  return { table, wasmoon, fengari, byteChecks, notes, failures };
}

function printReport(machine: string, options: TimingOptions, cases: Case[], r: Results): void {
  const spikes = cases.map((c) => `${(100 * c.ref.spikeRate).toFixed(1)}% at ${neurons(c.w.n)}`).join(", ");
  console.log(machine);
  console.log(`timing: ${options === QUICK_TIMING ? "quick (--quick)" : "full"}, best of ${options.runs} runs of ~${options.runSeconds} s each after ${options.warmupSeconds} s warm-up`);
  console.log(`workload: Leaky, float64, beta ${BETA}, threshold ${THRESHOLD}, reset subtract; a ${BLOCK_STEPS}-step input block, replayed; neuron-steps that spike: ${spikes}`);
  console.log("baseline: for the ts rows a hand-written Float64Array loop in Node, for all others a hand-written Lua loop in the same VM");
  console.log("ratio: baseline rate / device-code rate (above 1: the device code is slower)\n");
  console.log(formatRows(r.table));
  console.log("\nfengari vs wasmoon, transpiled kernel:\n");
  console.log(formatVmComparison(r.wasmoon, r.fengari));
  console.log("\nbinary safety: byte values passed between JS and Lua\n");
  console.log(formatByteChecks(r.byteChecks));
  for (const note of r.notes) console.log(`\nnote: ${note}`);
  if (r.failures.length > 0) {
    console.log(`\nCHECK FAILED: these subjects computed something other than the device code's simulate:\n  ${r.failures.join("\n  ")}`);
  } else {
    console.log("\ncheck: every device-code and baseline subject ended its first round with the membranes of the device code's simulate, bit for bit");
  }
}

const options = timingOptions(process.argv.slice(2));
const machine = machineSummary(); // before the run, so its load average is other work's
const cases: Case[] = NEURON_COUNTS.map((n) => {
  const w = workload(n);
  return { w, ref: reference(w) };
});
const results = await measureAll(cases, options);
progress("int layers");
const integerTiming = options === QUICK_TIMING ? QUICK_TIMING : INTEGER_TIMING;
const integer = await measureIntegerRates(integerTiming);
const integerFailures = integerMismatches(integer);
const system = await measureSystem(cases.map((c) => c.w), options === QUICK_TIMING);
progress("VM instructions per step (lua5.1)");
const vmRows = await measureVmInstructions(options === QUICK_TIMING ? 20 : 100);
progress("board predictions (esp8266-80 profile)");
const predictions = await measureBoardPredictions("esp8266-80", options === QUICK_TIMING ? 40 : 200);
printReport(machine, options, cases, results);
console.log(`\nint layers beside float64 layers, device code (bench/integer.ts; best of ${integerTiming.runs} runs of ~${integerTiming.runSeconds} s)\n`);
console.log(formatIntegerRates(integer));
if (integerFailures.length > 0) console.log(`\nCHECK FAILED: these int layers ended a round with other membranes than ts's:\n  ${integerFailures.join("\n  ")}`);
console.log(`\n${formatSystemReport(system, results.table)}`);
console.log("\ndevice cost: Lua VM instructions per streamed step, counted under lua5.1 (bench/vm-instructions.ts)\n");
console.log(formatVmRows(vmRows));
console.log("\nwhat an ESP8266 at 80 MHz would do: streamed spikes-only runs on the emulator's esp8266-80 profile (bench/board-prediction.ts);");
console.log("steps/s in the board's time; wire-only limit: the baud rate over the busier direction's bytes per step; x min: bytes / (n·bits/7)\n");
console.log(formatPredictions(predictions));
if (results.failures.length > 0 || integerFailures.length > 0 || system.failures.length > 0) process.exitCode = 1;
