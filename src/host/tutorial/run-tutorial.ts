/**
 * Tutorial 2 on a device through the wire: every experiment configured, run in lockstep at F64,
 * drawn (SVG + HTML) and checked against snnTorch's reference trace. Library code: results come
 * back, and one at a time through `onResult`; nothing is printed.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseLayerConfig } from "../config.ts";
import { writeFigure } from "../plot/index.ts";
import { writeFileAtomic } from "../files.ts";
import { escapeHtml, htmlPage } from "../plot/render.ts";
import { thresholdsOf } from "../runner/layer.ts";
import { runLockstepSliced } from "../runner/lockstep.ts";
import type { RunTarget } from "../runner/target.ts";
import { EXPERIMENTS, type Experiment } from "./experiments.ts";
import { type Comparison, compareWithReference, readReference, readSpikeTrain, REFERENCE_DIR } from "./reference.ts";

export interface TutorialOptions {
  /** Where the figures go (created if missing). */
  outDir: string;
  /** Where the snnTorch references are (default: the package's reference/tutorial2). */
  referenceDir?: string;
  /** Only these experiments (by name); default all. */
  only?: readonly string[];
  onResult?: (result: ExperimentResult) => void;
}

export interface ExperimentResult extends Comparison {
  experiment: Experiment;
  steps: number;
  figure: { svg: string; html: string };
}

export async function runTutorial(target: RunTarget, options: TutorialOptions): Promise<ExperimentResult[]> {
  const referenceDir = options.referenceDir ?? REFERENCE_DIR;
  const train = readSpikeTrain(referenceDir);
  mkdirSync(options.outDir, { recursive: true });
  const results: ExperimentResult[] = [];
  for (const experiment of EXPERIMENTS) {
    if (options.only !== undefined && !options.only.includes(experiment.name)) continue;
    const reference = readReference(referenceDir, experiment.name);
    const spec = parseLayerConfig(experiment.config);
    const inputs = experiment.inputs(train);
    await target.device.configure(spec);
    const trace = await runLockstepSliced(target.device, inputs, { slice: inputs.steps });
    const comparison = compareWithReference(trace, inputs, reference);
    const figure = await writeFigure(options.outDir, experiment.name, {
      title: `Tutorial 2, ${experiment.title}`,
      subtitle: `snn.Lapicque on ${target.device.path}, through the wire: ${verdict(comparison)}`,
      inputs,
      trace,
      thresholds: thresholdsOf(spec),
    });
    const result = { ...comparison, experiment, steps: trace.steps, figure };
    results.push(result);
    options.onResult?.(result);
  }
  writeFileAtomic(join(options.outDir, "index.html"), indexPage(results));
  return results;
}

function verdict(c: Comparison): string {
  if (!c.ok) return "DIFFERS from snnTorch's trace";
  return c.maxError === 0 ? "equal to snnTorch's trace bit for bit" : `matches snnTorch's trace (largest state error ${c.maxError.toExponential(1)})`;
}

/** One page linking every figure, each with its verdict. */
function indexPage(results: ExperimentResult[]): string {
  const items = results.map((r) => `${r.ok ? "PASS" : "FAIL"} ${r.experiment.title}: ${r.experiment.name}.svg, ${r.experiment.name}.html`);
  const page = htmlPage("spikeloop: snnTorch Tutorial 2 on the device", "", items);
  const images = results.map((r) => `  <h2>${escapeHtml(r.experiment.title)}</h2>\n  <img src="${r.experiment.name}.svg" alt="${escapeHtml(r.experiment.title)}">`).join("\n");
  return page.replace("</body>", `${images}\n</body>`);
}
