/**
 * `spikeloop scope --config layer.json --input <spec> [--steps N] [--device emulator|<path>]
 *   [--period ms] [--port N] [--no-open] [--encoding f64|f32|f16] [--fps N] [--boot-wait ms]`
 *
 * `spikeloop scope --network net.json|net.nir --input <spec> …` does the same for a network.
 *
 * Runs a layer on a device's realtime loop until Ctrl-C and shows it live in the browser: prints
 * the page's URL as the first line of stdout and opens it (unless --no-open). docs/scope.md.
 */
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { parseLayerConfig } from "../config.ts";
import { readJsonFile } from "../files.ts";
import { readNetworkFile } from "../network/files.ts";
import type { NetworkSpec } from "../network/config.ts";
import { readingOption } from "./options.ts";
import { ADC_FULL_SCALE, startAnalogInput } from "../runner/analog.ts";
import { parseInputSpec } from "../runner/inputs.ts";
import { openRunTarget } from "../runner/target.ts";
import { analogLiveInput, inputKindOf, patternInput } from "../scope/live-input.ts";
import { openScope } from "../scope/scope.ts";
import type { Command } from "./index.ts";
import { UsageError } from "./usage.ts";

export const SCOPE_USAGE =
  "spikeloop scope --config layer.json --input <spec> [--steps N] [--device emulator|<serial path>] [--period ms] [--port N] [--no-open] [--encoding f64|f32|f16] [--fps N] [--boot-wait ms]";
export const SCOPE_NETWORK_USAGE =
  "spikeloop scope --network net.json|net.nir --input <spec> [--steps N] [--device emulator|<serial path>] [--period ms] [--port N] [--no-open] [--fps N] [--boot-wait ms]";

const ENCODINGS = ["f64", "f32", "f16"] as const;

async function scope(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: "string" },
      network: { type: "string" },
      input: { type: "string" },
      steps: { type: "string", default: "1000" },
      device: { type: "string", default: "emulator" },
      period: { type: "string", default: "10" },
      port: { type: "string", default: "0" },
      "no-open": { type: "boolean", default: false },
      encoding: { type: "string" },
      fps: { type: "string", default: "30" },
      "boot-wait": { type: "string", default: "5000" },
    },
    strict: true,
  });
  const usage = values.network === undefined ? SCOPE_USAGE : SCOPE_NETWORK_USAGE;
  if (values.network !== undefined && values.config !== undefined) throw new UsageError("give --config (one layer) or --network (a network), not both", usage);
  if (values.network !== undefined && values.encoding !== undefined) {
    throw new UsageError("--encoding is for one layer: a network's states travel exact (F64, or I32 for an int network)", usage);
  }
  if (values.config === undefined && values.network === undefined) throw new UsageError("missing --config (or --network)", usage);
  if (values.input === undefined) throw new UsageError("missing --input (a kind such as step:amplitude=0.1,start=10, or a .csv file)", usage);
  const steps = wholeOption("steps", values.steps!, 1, 1_000_000);
  const periodMs = wholeOption("period", values.period!, 1, 16383);
  const port = wholeOption("port", values.port!, 0, 65535);
  const fps = wholeOption("fps", values.fps!, 1, 60);
  const bootWaitMs = wholeOption("boot-wait", values["boot-wait"]!, 0, 600_000);
  const encoding = (values.encoding ?? "f64") as (typeof ENCODINGS)[number];
  if (!ENCODINGS.includes(encoding)) throw new UsageError(`unknown encoding "${values.encoding}" (expected ${ENCODINGS.join(", ")})`, SCOPE_USAGE);
  let network: NetworkSpec | undefined;
  let raw: unknown;
  if (values.network !== undefined) {
    const path = values.network;
    readingOption("network", path, usage, () => statSync(path));
    network = await readNetworkFile(path);
  } else {
    raw = readJsonFile(values.config!);
  }
  const spec = network === undefined ? parseLayerConfig(raw) : network.layers[network.layers.length - 1].spec; // raw is a JSON object once this passes
  // A layer's input is a current per neuron; a network's, a value per input channel.
  const width = network === undefined ? spec.neurons : network.inputs;
  const source = network === undefined ? parseInputSpec(values.input, width, steps) : parseInputSpec(values.input, width, steps, "channel");

  const target = await openRunTarget(values.device!, { bootWaitMs });
  try {
    const analog = source.kind === "analog" ? await startAnalogInput(target.device, target.link, source.channel, ADC_FULL_SCALE, periodMs) : undefined;
    const input =
      source.kind === "analog"
        ? analogLiveInput(source.description, width, source.scale, () => analog!.latest())
        : patternInput(source, inputKindOf(values.input));
    const subject = network === undefined ? (raw as Record<string, unknown>) : { network };
    const live = await openScope(target, subject, input, { periodMs, port, fps, encoding, deviceName: values.device });
    const stop = new AbortController();
    const reason = Promise.race([
      once(process, "SIGINT", { signal: stop.signal }).then(() => "SIGINT"),
      once(process, "SIGTERM", { signal: stop.signal }).then(() => "SIGTERM"),
      live.ended.then(() => "the run ended"),
    ]);
    process.stdout.write(`${live.url}\n`);
    const what =
      network === undefined ? `${spec.modelName} x ${spec.neurons}` : `network ${[network.inputs, ...network.layers.map((l) => `${l.spec.neurons} ${l.spec.modelName}`)].join(" → ")}`;
    process.stderr.write(`spikeloop scope: ${what}, ${source.description}, ${periodMs} ms per step on ${values.device}; open ${live.url} (Ctrl-C stops it)\n`);
    if (!values["no-open"]) openInBrowser(live.url);
    const why = await reason.catch(() => "the run ended");
    stop.abort();
    await live.close();
    await analog?.stop().catch(() => undefined);
    if (live.run.error !== undefined) throw live.run.error;
    return `spikeloop scope: stopped on ${why} after ${live.run.steps} steps`;
  } finally {
    await target.close();
  }
}

/** Opens the page in the desktop's browser; a failure is a note, not an error (the URL is printed). */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  const note = (why: string) => process.stderr.write(`spikeloop scope: could not open a browser (${why}); open ${url} yourself\n`);
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true });
    child.on("error", (err) => note(err.message));
    child.on("exit", (code) => {
      if (code !== 0 && code !== null) note(`${command} exited with ${code}`);
    });
    child.unref();
  } catch (err) {
    note((err as Error).message);
  }
}

function wholeOption(name: string, text: string, min: number, max: number): number {
  const x = Number(text);
  if (text.trim() === "" || !Number.isInteger(x) || x < min || x > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`, SCOPE_USAGE);
  return x;
}

export const scopeCommand: Command = {
  name: "scope",
  usage: [SCOPE_USAGE, SCOPE_NETWORK_USAGE],
  summary: "run a layer or a network live and watch it in the browser: membrane, spikes, rate; knobs for input, beta, threshold",
  run: scope,
};
