/**
 * Child process of run.ts: the ts rows again, in a fresh Node process that first runs a float32
 * layer through the ts backend (rounding hook Math.fround) and only then steps float64 layers
 * (no hook): the situation of any process that runs layers of both dtypes. When the kernels
 * called the hook directly, their call sites had then seen two functions, V8's call feedback for
 * them was megamorphic when the float64 code was optimized, and this row was 3x slower (see
 * src/device/rounding.ts). A separate process because the order matters: code optimized before
 * the second function showed up stays fast.
 *   node ts-after-float32.js <TimingOptions as JSON>   → prints the Pairs as JSON
 */
import { createTsBackend } from "../src/host/backends/ts.ts";
import { parseLayerConfig } from "../src/host/config.ts";
import { deviceSubject, float64ArraySubject } from "./js-subjects.ts";
import { type TimingOptions, timePair } from "./timing.ts";
import { NEURON_COUNTS, leakyConfig, workload } from "./workload.ts";

const options = JSON.parse(process.argv[2]) as TimingOptions;
const workloads = NEURON_COUNTS.map(workload);
const backend = createTsBackend();
for (const w of workloads) {
  await backend.simulate(parseLayerConfig(leakyConfig(w.n, "float32")), w.currents);
}
console.log(JSON.stringify(workloads.map((w) => timePair(w.n, deviceSubject(w), float64ArraySubject(w), options))));
