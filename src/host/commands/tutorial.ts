/**
 * `spikeloop tutorial [--out <dir>] [--device emulator|<path>] [--reference <dir>]`
 *
 * snnTorch Tutorial 2 on the device (the in-process emulated board by default): one pass/fail
 * line per experiment as it finishes, the figures in the folder, exit 1 when any trace differs
 * from snnTorch's reference.
 */
import { resolve } from "node:path";
import { RunError } from "../runner/errors.ts";
import { openRunTarget } from "../runner/target.ts";
import { type ExperimentResult, runTutorial } from "../tutorial/run-tutorial.ts";
import type { Command } from "./index.ts";
import { checkFolderOption, parseCommandLine, wholeOption } from "./options.ts";

export const TUTORIAL_USAGE = "spikeloop tutorial [--out <dir>] [--device emulator|<serial path>] [--reference <dir>] [--boot-wait ms]";

async function tutorial(argv: string[]): Promise<string> {
  const values = parseCommandLine(
    argv,
    {
      out: { type: "string", default: "tutorial2" },
      device: { type: "string", default: "emulator" },
      reference: { type: "string" },
      "boot-wait": { type: "string", default: "5000" },
    },
    TUTORIAL_USAGE,
  );
  const bootWaitMs = wholeOption("boot-wait", values["boot-wait"]!, 0, TUTORIAL_USAGE);
  checkFolderOption("out", values.out!, false, TUTORIAL_USAGE);
  if (values.reference !== undefined) checkFolderOption("reference", values.reference, true, TUTORIAL_USAGE);
  const outDir = resolve(values.out!);
  const target = await openRunTarget(values.device!, { bootWaitMs });
  process.stdout.write(`snnTorch Tutorial 2 on ${target.device.path} (${target.device.info.firmware.name}), figures in ${outDir}\n`);
  let results: ExperimentResult[];
  try {
    results = await runTutorial(target, { outDir, referenceDir: values.reference, onResult: (r) => process.stdout.write(`${resultLine(r)}\n`) });
  } finally {
    await target.close();
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    throw new RunError(
      "reference-mismatch",
      `${failed.length} of ${results.length} experiments differ from snnTorch's reference (${failed.map((r) => r.experiment.name).join(", ")}); the figures are in ${outDir}`,
    );
  }
  return `all ${results.length} experiments match snnTorch; open ${resolve(outDir, "index.html")}`;
}

function resultLine(r: ExperimentResult): string {
  const verdict = r.ok ? "PASS" : "FAIL";
  const detail = r.ok ? `${r.spikes} spikes, largest state error ${r.maxError.toExponential(1)}` : r.problems.join("; ");
  return `${verdict} ${r.experiment.name.padEnd(24)} ${r.steps} steps: ${detail}`;
}

export const tutorialCommand: Command = {
  name: "tutorial",
  usage: [TUTORIAL_USAGE],
  summary: "reproduce snnTorch Tutorial 2 on the emulated device (or a board), draw it, check it against snnTorch",
  run: tutorial,
};
