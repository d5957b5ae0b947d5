/**
 * What a run did, in numbers: spikes per neuron and firing rates (per step, and per second when
 * the step length is known), as the terminal summary of `spikeloop run` prints them.
 */
import type { Trace } from "../backends/backend.ts";

export interface TraceSummary {
  steps: number;
  neurons: number;
  /** Steps at which neuron i fired (spk ≠ 0). */
  spikeCounts: number[];
  totalSpikes: number;
  /** Spikes per step of each neuron. */
  ratePerStep: number[];
  /** Spikes per second of each neuron, when `stepSeconds` was given. */
  rateHz?: number[];
}

/** Counts the spikes of a trace; `stepSeconds` turns rates per step into Hz. */
export function summarizeTrace(trace: Trace, stepSeconds?: number): TraceSummary {
  const width = trace.columns.length;
  const spk = trace.columns.indexOf("spk");
  const spikeCounts = new Array<number>(trace.neurons).fill(0);
  for (let t = 0; t < trace.steps; t++) {
    for (let i = 0; i < trace.neurons; i++) {
      if (trace.values[(t * trace.neurons + i) * width + spk] !== 0) spikeCounts[i]++;
    }
  }
  const ratePerStep = spikeCounts.map((n) => (trace.steps === 0 ? 0 : n / trace.steps));
  const summary: TraceSummary = {
    steps: trace.steps,
    neurons: trace.neurons,
    spikeCounts,
    totalSpikes: spikeCounts.reduce((a, b) => a + b, 0),
    ratePerStep,
  };
  if (stepSeconds !== undefined && stepSeconds > 0) summary.rateHz = ratePerStep.map((r) => r / stepSeconds);
  return summary;
}

/** The summary as terminal lines: a total, then one line per neuron (at most `maxNeurons`). */
export function formatSummary(summary: TraceSummary, maxNeurons = 16): string[] {
  const lines = [`${summary.totalSpikes} spikes in ${summary.steps} steps from ${summary.neurons} neuron${summary.neurons === 1 ? "" : "s"}`];
  const shown = Math.min(summary.neurons, maxNeurons);
  for (let i = 0; i < shown; i++) {
    const hz = summary.rateHz === undefined ? "" : `, ${round(summary.rateHz[i])} Hz`;
    lines.push(`  neuron ${i}: ${summary.spikeCounts[i]} spikes, ${round(summary.ratePerStep[i])} per step${hz}`);
  }
  if (shown < summary.neurons) lines.push(`  … and ${summary.neurons - shown} more neurons`);
  return lines;
}

function round(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}
