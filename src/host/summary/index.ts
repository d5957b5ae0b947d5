/** The terminal side of a run: its summary in numbers, a membrane chart, a progress bar. */
export { type TraceSummary, formatSummary, summarizeTrace } from "./summary.ts";
export { type ChartOptions, membraneChart } from "./chart.ts";
export { type Progress, type ProgressOptions, type ProgressStream, createProgress, noProgress } from "./progress.ts";
