/**
 * snnTorch Tutorial 2's experiments ("The Leaky Integrate-and-Fire Neuron"), each as a Lapicque
 * layer config and the input current the tutorial builds, in float64. The reference traces in
 * reference/tutorial2/ are snnTorch 0.9.4's output for exactly these runs.
 */
import type { Currents } from "../currents.ts";
import { constant, currentSpike, pulse, step } from "../inputs/shapes.ts";

export interface Experiment {
  /** File name stem of the figure and the reference ("step", "spike_input_zero"). */
  name: string;
  /** The tutorial's section and what the run shows. */
  title: string;
  config: Record<string, unknown>;
  /** The input current; `spikeTrain` is the tutorial's seeded rate-coded train (200 steps). */
  inputs: (spikeTrain: Currents) => Currents;
}

/** lif1 = snn.Lapicque(R=5, C=1e-3, time_step=1e-3) */
const LIF1 = { model: "Lapicque", neurons: 1, dtype: "float64", R: 5, C: 1e-3, time_step: 1e-3 };
/** lif2 = snn.Lapicque(R=5.1, C=5e-3, time_step=1e-3) */
const LIF2 = { model: "Lapicque", neurons: 1, dtype: "float64", R: 5.1, C: 5e-3, time_step: 1e-3 };
/** lif3: lif2 with threshold 0.5 */
const LIF3 = { ...LIF2, threshold: 0.5 };

const zero = { mem: [0] };

export const EXPERIMENTS: readonly Experiment[] = [
  { name: "no_stimulus", title: "3.1 No stimulus: U(0) = 0.9 decays", config: { ...LIF1, init: { mem: [0.9] } }, inputs: () => constant(100, 1, 0) },
  { name: "step", title: "3.2 Step input: 0.1 from t = 10", config: { ...LIF1, init: zero }, inputs: () => step(200, 1, 0.1, 10) },
  { name: "pulse_20", title: "3.3 Pulse input: 0.1 on [10, 30)", config: { ...LIF1, init: zero }, inputs: () => pulse(200, 1, 0.1, 10, 30) },
  {
    name: "pulse_10_equal_charge",
    title: "3.3 Equal charge, half the width: 0.111 on [10, 20)",
    config: { ...LIF1, init: zero },
    inputs: () => pulse(200, 1, 0.111, 10, 20),
  },
  {
    name: "pulse_5_equal_charge",
    title: "3.3 Equal charge, a quarter of the width: 0.147 on [10, 15)",
    config: { ...LIF1, init: zero },
    inputs: () => pulse(200, 1, 0.147, 10, 15),
  },
  { name: "current_spike", title: "3.3 Current spike: 0.5 at t = 10 only", config: { ...LIF1, init: zero }, inputs: () => currentSpike(200, 1, 0.5, 10) },
  { name: "firing_step_0p2", title: "3.4 Firing: step 0.2 from t = 10 (one spike)", config: { ...LIF2, init: zero }, inputs: () => step(200, 1, 0.2, 10) },
  { name: "firing_step_0p3", title: "3.4 Periodic firing: step 0.3 from t = 10", config: { ...LIF2, init: zero }, inputs: () => step(200, 1, 0.3, 10) },
  {
    name: "firing_thr0p5_step_0p3",
    title: "3.4 Lower threshold (0.5): step 0.3 from t = 10",
    config: { ...LIF3, init: zero },
    inputs: () => step(200, 1, 0.3, 10),
  },
  {
    name: "spike_input_subtract",
    title: "3.5 Spike input, reset by subtraction",
    config: { ...LIF3, init: { mem: [0.5] } },
    inputs: (train) => train,
  },
  {
    name: "spike_input_zero",
    title: "3.6 Spike input, reset to zero",
    config: { ...LIF3, reset_mechanism: "zero", init: { mem: [0.5] } },
    inputs: (train) => train,
  },
  {
    name: "spike_input_none",
    title: "Spike input, no reset (beyond the tutorial)",
    config: { ...LIF3, reset_mechanism: "none", init: { mem: [0.5] } },
    inputs: (train) => train,
  },
];
