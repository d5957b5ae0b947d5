/**
 * Times a subject against its baseline from JS: warm up and calibrate, then time the two
 * alternately (so drift and background load hit both alike) and keep each one's best run.
 * bench/lua/clock.lua does the same inside the stand-alone Lua interpreters.
 */
import { performance } from "node:perf_hooks";
import { BLOCK_STEPS } from "./workload.ts";

/** Something that runs the layer over the input block `rounds` times. */
export interface Subject {
  run(rounds: number): void;
  /** Sum of the membranes, to check that every subject computes the same thing. */
  memSum(): number;
}

export interface TimingOptions {
  warmupSeconds: number;
  runSeconds: number;
  runs: number;
}

export const FULL_TIMING: TimingOptions = { warmupSeconds: 0.2, runSeconds: 0.3, runs: 5 };
export const QUICK_TIMING: TimingOptions = { warmupSeconds: 0.02, runSeconds: 0.03, runs: 2 };

/** Rounds per second, measured while warming up. */
function warmUp(subject: Subject, seconds: number): number {
  const start = performance.now();
  let rounds = 0;
  do {
    subject.run(1);
    rounds++;
  } while (performance.now() - start < seconds * 1000);
  return rounds / ((performance.now() - start) / 1000);
}

function timed(subject: Subject, rounds: number): number {
  const start = performance.now();
  subject.run(rounds);
  return (performance.now() - start) / 1000;
}

/** Best neuron-steps per second of each subject; `neuronStepsPerRound` is steps × neurons of one round. */
function measure(subjects: Subject[], neuronStepsPerRound: number, options: TimingOptions): number[] {
  const rounds = subjects.map((s) => Math.max(1, Math.ceil(options.runSeconds * warmUp(s, options.warmupSeconds))));
  const best = subjects.map(() => Infinity);
  for (let r = 0; r < options.runs; r++) {
    subjects.forEach((s, k) => {
      best[k] = Math.min(best[k], timed(s, rounds[k]));
    });
  }
  return best.map((seconds, k) => (rounds[k] * neuronStepsPerRound) / seconds);
}

/** Device code timed beside its baseline, with each one's membrane sum after its first round. */
export interface Pair {
  n: number;
  rate: number;
  baselineRate: number;
  memSum: number;
  baselineMemSum: number;
}

/** Runs one round of each subject (for the check against the reference), then times them. */
export function timePair(n: number, subject: Subject, baseline: Subject, options: TimingOptions): Pair {
  subject.run(1);
  baseline.run(1);
  const memSum = subject.memSum();
  const baselineMemSum = baseline.memSum();
  const [rate, baselineRate] = measure([subject, baseline], BLOCK_STEPS * n, options);
  return { n, rate, baselineRate, memSum, baselineMemSum };
}
