/**
 * A live scope on a device: a LiveRun feeds every step to a Recorder (the downloads) and a
 * FrameBuilder (the page's decimated frames); the server sends the frames `fps` times a second
 * and a status once a second, and turns the page's messages into pauses, gains and edits.
 *
 *   const scope = await openScope({ device, tick }, config, input, { periodMs: 1 });
 *   console.log(scope.url);  …  await scope.close();
 *
 * Any Device works, including the one johnny-five shares its connection with
 * (johnny-five/connect.ts): the scope only configures, starts, feeds and stops the layer.
 *
 * A network (`{ network: spec }`): the page shows one layer at a time, the output layer first
 * (network-view.ts), and may pick another; the recorder keeps whole network steps, so the CSV
 * download is the network trace (`step,layer,neuron,input,mem,spk`).
 */
import { formatTraceCsv } from "../csv.ts";
import { type LayerSpec, parseLayerConfig } from "../config.ts";
import { formatNetworkTraceCsv } from "../network/files.ts";
import { valuesPerStep } from "../network/trace.ts";
import { thresholdsOf } from "../runner/layer.ts";
import type { EncodingName } from "../client/options.ts";
import { plotTrace } from "../plot/index.ts";
import { Reset } from "../../shared/codes.ts";
import { bucketSteps, FrameBuilder } from "./frames.ts";
import { type LiveInput, MAX_GAIN } from "./live-input.ts";
import { isLiveNetwork, LiveRun, type LiveStep, type LiveSubject, type LiveTarget } from "./live-run.ts";
import { LayerProjection, networkLayers, networkTraceOf } from "./network-view.ts";
import { type ClientMessage, MAX_SHOWN } from "./messages.ts";
import { Recorder } from "./recorder.ts";
import { type ScopeServer, startScopeServer } from "./server.ts";

export interface ScopeOptions {
  periodMs: number;
  /** Port of the page (default 0: any free one). */
  port?: number;
  /** Frames per second sent to the page (default 30). */
  fps?: number;
  /** The device's name on the page (`emulator`, a serial path). */
  deviceName?: string;
  encoding?: EncodingName;
  /** Values the download ring keeps (recorder.ts). */
  recordValues?: number;
}

export interface Scope {
  url: string;
  run: LiveRun;
  recorder: Recorder;
  server: ScopeServer;
  /** Resolves when the run stops: by itself (a failure, in `run.error`) or by close(). */
  ended: Promise<void>;
  close(): Promise<void>;
}

/** Seconds of the past a new page gets (its longest time window). */
const BACKFILL_SECONDS = 30;
/** Steps the figure download draws at most (a longer window is cut to its last steps). */
const FIGURE_STEPS = 2000;

export async function openScope(target: LiveTarget, subject: LiveSubject, input: LiveInput, options: ScopeOptions): Promise<Scope> {
  const periodMs = options.periodMs;
  const fps = options.fps ?? 30;
  const network = isLiveNetwork(subject) ? subject.network : undefined;
  // Checked before the device hears of it; the columns size the recorder and the frames.
  const spec0 = network === undefined ? parseLayerConfig(subject) : network.layers[network.layers.length - 1].spec;
  const columns = [...spec0.stateColumns, "spk"];
  const recorder =
    network === undefined
      ? new Recorder(spec0.neurons, columns, options.recordValues)
      : new Recorder(0, [], options.recordValues, { values: valuesPerStep(networkLayers(network)), inputs: network.inputs });
  const firstShown = (neurons: number) => Array.from({ length: Math.min(neurons, 4) }, (_, i) => i);
  /** A network's layer on the page (its output layer first), and its part of each step. */
  let view = network === undefined ? undefined : new LayerProjection(network, network.layers.length - 1);
  let frames = new FrameBuilder(columns, firstShown(spec0.neurons), bucketSteps(periodMs));
  const run = new LiveRun(target, subject, input, {
    periodMs,
    encoding: options.encoding,
    onStep: (step) => {
      recorder.add(step);
      frames.add(view === undefined ? step : view.project(step));
    },
  });
  await run.start();

  /** The layer on the page: the one layer, or the network's viewed layer. */
  const viewedSpec = () => (network === undefined || view === undefined ? run.spec : network.layers[view.layer].spec);
  const layer = () => (network === undefined || view === undefined ? layerMessage(run.spec, run.config) : networkLayerMessage(viewedSpec(), view.layer, network.quantization?.scale));
  /** Frames carry the network layer they show, so a page drops those of a layer it left. */
  const tagged = (f: object) => (view === undefined ? f : { ...f, layer: view.layer });
  let lastSteps = 0;
  let lastAt = performance.now();
  let rate = 0;
  const status = () => ({ type: "status", paused: run.paused, gain: input.gain, steps: run.steps, stepsPerSecond: rate, reading: input.reading() });

  const server = await startScopeServer(
    {
      hello: () => [{
        type: "hello",
        device: options.deviceName ?? target.device.path,
        periodMs,
        fps,
        bucket: frames.bucket,
        shown: frames.shown,
        maxShown: MAX_SHOWN,
        input: { kind: input.kind, description: input.description, gain: input.gain, amplitude: input.amplitude, maxGain: MAX_GAIN },
        layer: layer(),
        ...(network === undefined ? {} : { network: { inputs: network.inputs, layers: networkLayers(network).map((l, k) => ({ model: network.layers[k].spec.modelName, neurons: l.neurons })) } }),
        status: status(),
      }, ...backfill()],
      handle: (m) => handle(m),
      neurons: () => viewedSpec().neurons,
      layers: () => network?.layers.length ?? 1,
      traceCsv: () => {
        if (network !== undefined) {
          const rows = recorder.rows();
          return formatNetworkTraceCsv(networkTraceOf(network, rows), false, rows.firstStep);
        }
        const w = recorder.window();
        return formatTraceCsv(w.trace, w.inputs, w.firstStep);
      },
      figureSvg: async (query) => {
        const steps = Math.min(FIGURE_STEPS, wholeParam(query, "steps", FIGURE_STEPS));
        const spec = viewedSpec();
        const neurons = neuronsParam(query, spec.neurons) ?? frames.shown;
        const w = network === undefined || view === undefined ? recorder.window(steps, neurons) : new LayerProjection(network, view.layer, neurons).window(recorder.rows(steps));
        if (w.trace.steps === 0) throw new RangeError("no steps recorded yet");
        const thresholds = (layer() as { thresholds: number[] }).thresholds;
        const what = view === undefined ? spec.modelName : `layer ${view.layer} (${spec.modelName}) of the network`;
        const figure = await plotTrace({
          title: `${what}: ${input.description}`,
          subtitle: `steps ${w.firstStep}–${w.firstStep + w.trace.steps - 1}, neurons ${neurons.join(", ")}, ${periodMs} ms per step on ${options.deviceName ?? target.device.path}`,
          inputs: w.inputs,
          trace: w.trace,
          thresholds: neurons.map((i) => thresholds[i]),
        });
        return figure.svg;
      },
    },
    options.port ?? 0,
  ).catch(async (err: unknown) => {
    await run.stop(); // no page, no run
    throw err;
  });

  /** The recorded past (the page's longest window at most) as frames, so a new page starts full. */
  function backfill(): object[] {
    const steps = Math.ceil((BACKFILL_SECONDS * 1000) / periodMs);
    const spec = viewedSpec();
    const past = new FrameBuilder([...spec.stateColumns, "spk"], frames.shown, frames.bucket);
    const add = (step: LiveStep) => past.add(step);
    if (network !== undefined && view !== undefined) {
      new LayerProjection(network, view.layer).replay(recorder.rows(steps), add);
      return past.take().map(tagged);
    }
    const w = recorder.window(steps);
    const n = w.trace.neurons;
    const width = columns.length;
    for (let t = 0; t < w.trace.steps; t++) {
      add({ step: w.firstStep + t, inputs: w.inputs.values.subarray(t * n, (t + 1) * n), values: w.trace.values.subarray(t * n * width, (t + 1) * n * width) });
    }
    return past.take();
  }

  /** Shows layer k of the network: its first neurons, every page told, the recent past first. */
  function viewLayer(k: number): object[] {
    if (network === undefined) throw new RangeError("this scope runs one layer; pick a layer of a network (--network)");
    for (const frame of frames.take()) server.broadcast(tagged(frame));
    const spec = network.layers[k].spec;
    view = new LayerProjection(network, k);
    frames = new FrameBuilder([...spec.stateColumns, "spk"], firstShown(spec.neurons), frames.bucket);
    // The layer's recent past follows, as for a new page: the recorder keeps every layer.
    return [{ type: "view", layer: layer(), shown: frames.shown }, ...backfill()];
  }

  async function handle(m: ClientMessage): Promise<object[]> {
    switch (m.type) {
      case "pause":
        run.pause();
        return [status()];
      case "resume":
        run.resume();
        return [status()];
      case "gain":
        if (input.kind === "fixed") throw new RangeError(`the slider scales shape and analog inputs; ${input.description} is neither`);
        input.gain = m.value;
        return [status()];
      case "view":
        return viewLayer(m.layer);
      case "show":
        frames.show(m.neurons);
        return [{ type: "shown", neurons: m.neurons }];
      case "edit": {
        const { type: _, ...edit } = m;
        await run.edit(edit);
        return [{ type: "layer", layer: layer() }];
      }
    }
  }

  const frameTimer = setInterval(() => {
    for (const frame of frames.take()) server.broadcast(tagged(frame));
  }, Math.round(1000 / fps));
  const statusTimer = setInterval(() => {
    const now = performance.now();
    rate = ((run.steps - lastSteps) * 1000) / (now - lastAt);
    lastSteps = run.steps;
    lastAt = now;
    server.broadcast(status());
  }, 1000);
  const ended = run.ended.then(() => {
    for (const frame of frames.take()) server.broadcast(tagged(frame));
    server.broadcast({ type: "ended", steps: run.steps, error: run.error?.message });
  });

  let closed = false;
  return {
    url: server.url,
    run,
    recorder,
    server,
    ended,
    close: async () => {
      if (closed) return;
      closed = true;
      await run.stop();
      await ended;
      clearInterval(frameTimer);
      clearInterval(statusTimer);
      await server.close();
    },
  };
}

const RESET_NAMES: Record<number, string> = { [Reset.Subtract]: "subtract", [Reset.Zero]: "zero", [Reset.None]: "none" };

/**
 * The layer as the page shows it: model, size, columns, each neuron's threshold and beta as the
 * config gave them (an int layer's spec holds them quantized), and the reset mechanism.
 */
function layerMessage(spec: LayerSpec, config: Readonly<Record<string, unknown>>): object {
  return {
    model: spec.modelName,
    neurons: spec.neurons,
    dtype: spec.dtype,
    columns: [...spec.stateColumns, "spk"],
    thresholds: perNeuron(config.threshold, spec.neurons, 1),
    beta: config.beta === undefined ? undefined : perNeuron(config.beta, spec.neurons, 0),
    reset: RESET_NAMES[spec.reset],
  };
}

/** Layer k of a network as the page shows it (no live edits: beta is not sent). */
function networkLayerMessage(spec: LayerSpec, k: number, scale = 1): object {
  return {
    model: spec.modelName,
    neurons: spec.neurons,
    dtype: spec.dtype,
    columns: [...spec.stateColumns, "spk"],
    thresholds: thresholdsOf(spec).map((x) => x / scale),
    reset: RESET_NAMES[spec.reset],
    index: k,
  };
}

function perNeuron(value: unknown, n: number, fallback: number): number[] {
  if (Array.isArray(value)) return value as number[];
  return new Array<number>(n).fill(typeof value === "number" ? value : fallback);
}

function wholeParam(query: URLSearchParams, name: string, fallback: number): number {
  const text = query.get(name);
  if (text === null) return fallback;
  const x = Number(text);
  if (!Number.isInteger(x) || x < 1) throw new RangeError(`${name}: expected a whole number >= 1, got "${text}"`);
  return x;
}

function neuronsParam(query: URLSearchParams, neurons: number): number[] | undefined {
  const text = query.get("neurons");
  if (text === null) return undefined;
  const list = text.split(",").map(Number);
  if (list.length > MAX_SHOWN || list.some((i) => !Number.isInteger(i) || i < 0 || i >= neurons)) {
    throw new RangeError(`neurons: expected up to ${MAX_SHOWN} neurons of 0 to ${neurons - 1}, got "${text}"`);
  }
  return list;
}
