/** Running a layer on a device (what `spikeloop run` does), as a library. */
export { RunError, type RunErrorCode } from "./errors.ts";
export { INPUT_KINDS, type InputSource, parseInputSpec } from "./inputs.ts";
export { type LayerRun, type LayerRunOptions, type RunMode, runLayer } from "./run.ts";
export { openRunTarget, type RunTarget, type TargetOptions } from "./target.ts";
export { type RealtimeRun, type RealtimeRunOptions, runRealtime } from "./realtime.ts";
export { type AnalogInput, ADC_FULL_SCALE, startAnalogInput } from "./analog.ts";
export { membraneOf, spikeStepsOf, thresholdsOf } from "./layer.ts";
