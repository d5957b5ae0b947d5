/** snnTorch Tutorial 2 on a device, checked against the shipped snnTorch traces. */
export { EXPERIMENTS, type Experiment } from "./experiments.ts";
export { type Comparison, compareWithReference, REFERENCE_DIR, STATE_TOLERANCE } from "./reference.ts";
export { type ExperimentResult, runTutorial, type TutorialOptions } from "./run-tutorial.ts";
