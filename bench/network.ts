/**
 * Networks in the benchmark (docs/performance.md, "Networks"): a 4 → 32 → 4 Leaky network
 * (float64, biases, subtract reset) stepped over the same input block by
 *   - ts: the device code (network-trace.buildNetwork, network.stepNetwork) against a
 *     hand-written Float64Array loop in the same process;
 *   - Lua: the transpiled network against hand-written Lua (bench/lua/hand_network.lua) in
 *     lua5.1, lua5.4 and LuaJIT (bench/lua/clock.lua);
 *   - the device's VM instructions per step in lua5.1 (NodeMCU's Lua version), against the
 *     hand-written Lua's (bench/lua/network_instructions.lua).
 *
 *   npm run build && node dist/bench/network.js [--quick]
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { buildNetwork } from "../src/device/network-trace.ts";
import { type Network, stepNetwork } from "../src/device/network.ts";
import { networkDescription } from "../src/host/network/trace.ts";
import { FIRMWARE_APP_DIR } from "../src/io/paths.ts";
import { BENCH_LUA_DIR } from "./in-process-lua.ts";
import { type LuaData, luaLiteral } from "./lua-literal.ts";
import { denseNetwork } from "./network-workload.ts";
import { FULL_TIMING, QUICK_TIMING, type Subject, type TimingOptions, timePair } from "./timing.ts";
import { BLOCK_STEPS } from "./workload.ts";

const INPUTS = 4;
const HIDDEN = 32;
const OUTPUTS = 4;
const NEURONS = HIDDEN + OUTPUTS;
const spec = denseNetwork(INPUTS, HIDDEN, OUTPUTS);
const description = networkDescription(spec);
/** Inputs in [0, 1.2): enough to make the hidden layer fire. */
const inputs = Array.from({ length: BLOCK_STEPS * INPUTS }, (_, k) => ((Math.sin(k * 12.9898) * 43758.5453) % 1 + 1) % 1 * 1.2);

function deviceSubject(): Subject {
  const net = buildNetwork(description, undefined).net as Network;
  return {
    run(rounds) {
      for (let r = 0; r < rounds; r++) for (let t = 0; t < BLOCK_STEPS; t++) stepNetwork(net, inputs, t * INPUTS);
    },
    memSum: () => net.layers.reduce((sum, l) => sum + l.mem.reduce((a, b) => a + b, 0), 0),
  };
}

/** The baseline: the same network hand-written over Float64Arrays. */
function baselineSubject(): Subject {
  const layers = spec.layers.map((l, k) => ({
    n: l.spec.neurons,
    fanIn: k === 0 ? INPUTS : spec.layers[k - 1].spec.neurons,
    w: Float64Array.from(l.weight),
    b: Float64Array.from(l.bias),
    beta: l.spec.params.find((p) => p.id === 1)!.values[0],
    cur: new Float64Array(l.spec.neurons),
    mem: new Float64Array(l.spec.neurons),
    spk: new Float64Array(l.spec.neurons),
  }));
  const x0 = Float64Array.from(inputs);
  const step = (base: number) => {
    let x = x0;
    let at = base;
    for (const l of layers) {
      for (let i = 0; i < l.n; i++) {
        let sum = 0;
        for (let j = 0; j < l.fanIn; j++) sum += l.w[i * l.fanIn + j] * x[at + j];
        l.cur[i] = sum + l.b[i];
      }
      for (let i = 0; i < l.n; i++) {
        const u = l.mem[i];
        let v = l.beta * u + l.cur[i];
        if (u > 1) v -= 1;
        l.mem[i] = v;
        l.spk[i] = v > 1 ? 1 : 0;
      }
      x = l.spk;
      at = 0;
    }
  };
  return {
    run(rounds) {
      for (let r = 0; r < rounds; r++) for (let t = 0; t < BLOCK_STEPS; t++) step(t * INPUTS);
    },
    memSum: () => layers.reduce((sum, l) => sum + l.mem.reduce((a, b) => a + b, 0), 0),
  };
}

function luaWorkload(): LuaData {
  return {
    n: NEURONS,
    steps: BLOCK_STEPS,
    width: INPUTS,
    inputs,
    description: description as unknown as LuaData,
    hand: spec.layers.map((l, k) => ({
      n: l.spec.neurons,
      fanIn: k === 0 ? INPUTS : spec.layers[k - 1].spec.neurons,
      weight: l.weight,
      bias: l.bias,
      beta: l.spec.params.find((p) => p.id === 1)!.values[0],
      threshold: 1,
    })),
  };
}

function runLua(interpreter: string, script: string, options: TimingOptions): string | undefined {
  const path = [FIRMWARE_APP_DIR, BENCH_LUA_DIR].map((dir) => join(dir, "?.lua")).join(";");
  const config = luaLiteral({ ...options, subjects: 0, workloads: [luaWorkload()] } as unknown as LuaData).replace("subjects = 0", 'subjects = "network_subjects"');
  const child = spawnSync(interpreter, [join(BENCH_LUA_DIR, script), path, config], { encoding: "utf8", maxBuffer: 1 << 24 });
  if ((child.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return undefined;
  if (child.status !== 0) throw new Error(`${interpreter} ${script} failed: ${child.stderr}`);
  return child.stdout;
}

const timing = process.argv.includes("--quick") ? QUICK_TIMING : FULL_TIMING;
const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
const ts = timePair(NEURONS, deviceSubject(), baselineSubject(), timing);
if (!same(ts.memSum, ts.baselineMemSum)) throw new Error(`ts: the subjects disagree (${ts.memSum} vs ${ts.baselineMemSum})`);
console.log(`network ${INPUTS}→${HIDDEN}→${OUTPUTS} Leaky, float64, ${BLOCK_STEPS} steps per round; rates in neuron-steps/s`);
console.log(`ts   device ${ts.rate.toExponential(3)}  Float64Array ${ts.baselineRate.toExponential(3)}  ratio ${(ts.baselineRate / ts.rate).toFixed(2)}x`);
for (const lua of ["lua5.1", "lua5.4", "luajit"]) {
  const out = runLua(lua, "clock.lua", timing);
  if (out === undefined) {
    console.log(`${lua}: not installed, not measured`);
    continue;
  }
  const version = /^version\t(.*)$/m.exec(out)?.[1] ?? lua;
  const [, rate, baselineRate, memSum, baselineMemSum] = /^pair\t(.*)$/m.exec(out)![1].split("\t").map(Number);
  if (!same(memSum, baselineMemSum)) throw new Error(`${lua}: the subjects disagree (${memSum} vs ${baselineMemSum})`);
  console.log(`${version.padEnd(12)} transpiled ${rate.toExponential(3)}  hand-written ${baselineRate.toExponential(3)}  ratio ${(baselineRate / rate).toFixed(2)}x`);
}
const counted = runLua("lua5.1", "network_instructions.lua", timing);
if (counted !== undefined) {
  const [device, hand] = counted.trim().split("\t").slice(1).map(Number);
  console.log(`lua5.1 VM instructions per step: device ${Math.round(device)}, hand-written ${Math.round(hand)} (${(device / hand).toFixed(2)}x)`);
}
