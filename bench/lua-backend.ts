/**
 * `npm run build && node dist/bench/lua-backend.js`: the `lua` backends end to end (arguments
 * packed, the transpiled device code in wasmoon, the trace unpacked), in the same run and VM build.
 *
 * A layer, against two references:
 * - kernel: the same simulate() called from Lua on tables already in the VM (no transfer at all);
 * - proxies: simulate() called with JS arrays through wasmoon's own conversions and its result
 *   read back through a proxy, as the backend did before it moved numbers in bulk.
 * A network (the 4 → 32 → 4 Leaky network of bench/network-workload.ts), against the ts network
 * backend and against simulateNetwork() called with the description through wasmoon's proxies.
 *
 * Prints neuron-steps per second and the ratios; each row is the best of alternating runs.
 */
import { performance } from "node:perf_hooks";
import { deviceArguments } from "../src/host/backends/backend.ts";
import { createLuaBackend } from "../src/host/backends/lua.ts";
import { dtypeCode, parseLayerConfig } from "../src/host/config.ts";
import { createLuaVm } from "../src/host/lua-vm.ts";
import { createLuaNetworkBackend, createTsNetworkBackend } from "../src/host/network/backends.ts";
import { networkDescription, networkInputs, valuesPerStep } from "../src/host/network/trace.ts";
import { denseNetwork } from "./network-workload.ts";

const NEURONS = 16;
const STEPS = 4000;
const RUNS = 5;

type Subject = [name: string, run: () => Promise<number>];

/** Prints the best time of each subject over RUNS alternating runs, and its ratio to the first's (`reference`). */
async function table(title: string, reference: string, neuronSteps: number, values: number, subjects: Subject[]): Promise<void> {
  const best = new Map<string, number>();
  for (let run = 0; run < RUNS; run++) {
    for (const [name, f] of subjects) {
      const start = performance.now();
      const length = await f();
      const seconds = (performance.now() - start) / 1000;
      if (length !== values) throw new Error(`${name}: ${length} values, expected ${values}`);
      best.set(name, Math.min(best.get(name) ?? Infinity, seconds));
    }
  }
  const first = best.get(subjects[0][0])!;
  console.log(`${title}, best of ${RUNS}`);
  console.log(`| subject | neuron-steps/s | time / ${reference} |`);
  console.log("|---|---|---|");
  for (const [name] of subjects) {
    const s = best.get(name)!;
    console.log(`| ${name} | ${(neuronSteps / s / 1e6).toFixed(2)} M | ${(s / first).toFixed(2)} |`);
  }
  console.log();
}

const spec = parseLayerConfig({ model: "Leaky", neurons: NEURONS, beta: 0.9, threshold: 1 });
const values = Float64Array.from({ length: NEURONS * STEPS }, (_, k) => ((k * 7919) % 1000) / 800);
const currents = { steps: STEPS, channels: NEURONS, values };
const a = deviceArguments(spec, currents);
const call = [spec.model, spec.reset, dtypeCode(spec.dtype), spec.neurons, a.paramIds, a.paramValues, a.stateIds, a.stateValues];

const backend = await createLuaBackend();
const vm = await createLuaVm();
type LuaSimulate = (...args: unknown[]) => { error: number; out: number[] };
const simulate = (await vm.doString('return require("device.trace").simulate')) as LuaSimulate;
const simulateNetwork = (await vm.doString('return require("device.network-trace").simulateNetwork')) as LuaSimulate;
vm.global.set("ARGS", [...call, a.inputs, STEPS]);
// Copies the arguments into plain Lua tables once; kernel() then runs on them with no transfer.
const kernel = (await vm.doString(`
  local simulate = require("device.trace").simulate
  local function copy(t) local c = {} for i = 1, #t do c[i] = t[i] + 0.0 end return c end
  local A = {}
  for i = 1, 10 do A[i] = ARGS[i] end
  for _, i in ipairs({ 5, 6, 7, 8, 9 }) do A[i] = copy(ARGS[i]) end
  ARGS = nil
  return function() return #simulate(A[1], A[2], A[3], A[4], A[5], A[6], A[7], A[8], A[9], A[10], nil).out end
`)) as () => number;

await table(`Leaky, ${NEURONS} neurons × ${STEPS} steps`, "kernel", NEURONS * STEPS, NEURONS * STEPS * 2, [
  ["kernel (simulate() on Lua tables)", async () => kernel()],
  ["lua backend, end to end", async () => (await backend.simulate(spec, currents)).values.length],
  ["via wasmoon proxies (before)", async () => Array.from(simulate(...call, a.inputs, STEPS, undefined).out).length],
]);
await backend.close();

const net = denseNetwork(4, 32, 4);
const netCurrents = { steps: STEPS, channels: 4, values: Float64Array.from({ length: 4 * STEPS }, (_, k) => ((k * 7919) % 1000) / 800) };
const netValues = STEPS * valuesPerStep(net.layers.map((l) => ({ neurons: l.spec.neurons, states: l.spec.stateColumns })));
const tsNetwork = createTsNetworkBackend();
const luaNetwork = await createLuaNetworkBackend();
await table(`network 4 → 32 → 4 Leaky, ${STEPS} steps`, "ts", 36 * STEPS, netValues, [
  ["ts network backend", async () => (await tsNetwork.simulate(net, netCurrents)).values.length],
  ["lua network backend, end to end", async () => (await luaNetwork.simulate(net, netCurrents)).values.length],
  [
    "via wasmoon proxies (before)",
    async () => Array.from(simulateNetwork(networkDescription(net), networkInputs(net, netCurrents), STEPS, undefined).out).length,
  ],
]);
await luaNetwork.close();
vm.global.close();
