/**
 * A run without an end, for the scope: the device steps on its realtime loop, every step's
 * spikes and states come back (reports every step), and each complete step goes to `onStep`.
 * Between steps it can pause, resume, and reconfigure the layer (new beta, threshold or reset
 * mechanism) with the states carried over, so the membrane goes on from where it was.
 *
 * On the emulator (a `tick` is given) the host moves the board's virtual clock in step with the
 * wall clock, a run of equal inputs at a time; a board keeps its own time and gets each new input
 * as soon as the previous step's report is in (as in runner/realtime.ts).
 *
 * A network (`{ network: spec }` instead of a layer config) runs the same way: the device steps
 * the whole network per tick and reports every layer's NetStates frames, placed by the
 * NetworkTraceBuilder of network/wire.ts used as a ring; each complete step is the network's row
 * (every layer's input, states and spike, the trace's layout) with the input channels. Live
 * edits are for one layer and are refused.
 */
import type { LayerSpec } from "../config.ts";
import { parseLayerConfig } from "../config.ts";
import type { Device } from "../client/device.ts";
import type { EncodingName } from "../client/options.ts";
import { HeldInputs } from "../client/held-inputs.ts";
import type { SpikeReport, StateReport } from "../client/reports.ts";
import type { StatesMessage } from "../client/messages.ts";
import type { NetworkSpec } from "../network/config.ts";
import { NetworkTraceBuilder } from "../network/wire.ts";
import type { LiveInput } from "./live-input.ts";

export interface LiveTarget {
  device: Device;
  /** Moves device time forward (the emulator's virtual clock); omitted on a real clock. */
  tick?: (ms: number) => Promise<void>;
}

/** What runs live: a layer (its config as JSON, which live edits change) or a network. */
export type LiveSubject = Record<string, unknown> | LiveNetwork;
export interface LiveNetwork {
  network: NetworkSpec;
}

export function isLiveNetwork(subject: LiveSubject): subject is LiveNetwork {
  return typeof subject.network === "object" && subject.network !== null && Array.isArray((subject.network as NetworkSpec).layers);
}

/** One complete step, in the trace's layout; the arrays are reused for the next step. */
export interface LiveStep {
  step: number;
  /** The input each neuron got (a network: each input channel). */
  inputs: Float64Array;
  /**
   * values[i·width + k]: neuron i's column k (states in the spec's order, then spk). A network:
   * its trace row (network/trace.ts), per layer and neuron the input, the states and spk.
   */
  values: Float64Array;
  /** The ADC reading the input came from (analog inputs). */
  reading?: number;
}

/** What the page may change live: one value for every neuron. */
export interface LiveEdit {
  beta?: number;
  threshold?: number;
  reset?: "subtract" | "zero" | "none";
}

export interface LiveRunOptions {
  periodMs: number;
  /** Number format of the reported states (default f64: exact, as in `run`). */
  encoding?: EncodingName;
  onStep: (step: LiveStep) => void;
  /** Longest wait for a step's report beyond its period (default 2000 ms). */
  reportTimeoutMs?: number;
}

/** Steps the emulator may run at once before the host looks again (when it is behind). */
const MAX_CHUNK = 50;
/**
 * Longest the emulator may hold the event loop in one go (ms): its steps run synchronously, and
 * the page's frames and messages wait meanwhile.
 */
const TICK_BUDGET_MS = 8;
/** Behind the wall clock by more than this, the emulator stops catching up and drops the debt. */
const MAX_LAG_MS = 500;
const RING = 1024;

export class LiveRun {
  readonly #target: LiveTarget;
  readonly #input: LiveInput;
  readonly #options: LiveRunOptions;
  /** The layer config as JSON, which live edits change; empty for a network. */
  #config: Record<string, unknown>;
  readonly #network: NetworkSpec | undefined;
  /** A network's reports, placed in ring slots. */
  #builder: NetworkTraceBuilder | undefined;
  /** The layer's spec; a network's output layer. */
  #spec!: LayerSpec;
  #width = 0;
  /** Global step of the device's step 0 (the device counts from 0 again after configure). */
  #base = 0;
  /** Next global step to complete. */
  #done = 0;
  #paused = false;
  #stopping = false;
  #edits: { edit: LiveEdit; resolve: (spec: LayerSpec) => void; reject: (err: Error) => void }[] = [];
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  /** Received parts per ring slot: 1 spike report plus n values per state; complete at 1 + n·states. */
  #received = new Uint32Array(RING);
  #rows = new Float64Array(0);
  #inputsSent = new Float64Array(0);
  #readings = new Float64Array(RING);
  /** The inputs the device holds now, and their ADC reading: each step is stamped at its first report. */
  readonly #held: HeldInputs;
  #unlistenHeld: (() => void) | undefined;
  /** Wall-clock pacing of the emulator: when step `#paceFrom` was due. */
  #paceStart = 0;
  #paceFrom = 0;
  #waiting: { step: number; resolve: () => void } | undefined;
  /** What one emulated step has been costing in wall time (ms), a running average. */
  #stepCostMs = 0;
  #error: Error | undefined;
  /** A report the run cannot place (a network's frame it did not ask for): ends the run. */
  #fault: Error | undefined;

  constructor(target: LiveTarget, subject: LiveSubject, input: LiveInput, options: LiveRunOptions) {
    this.#target = target;
    this.#network = isLiveNetwork(subject) ? subject.network : undefined;
    this.#config = this.#network === undefined ? { ...subject } : {};
    this.#input = input;
    this.#options = options;
    this.#held = new HeldInputs(target.device);
  }

  get spec(): LayerSpec {
    return this.#spec;
  }
  /** The network it runs, if it runs one. */
  get network(): NetworkSpec | undefined {
    return this.#network;
  }
  get config(): Readonly<Record<string, unknown>> {
    return this.#config;
  }
  get paused(): boolean {
    return this.#paused;
  }
  /** Steps completed so far. */
  get steps(): number {
    return this.#done;
  }
  /** Why the run stopped by itself, if it did. */
  get error(): Error | undefined {
    return this.#error;
  }

  /** Configures the layer and starts the loop; `ended` resolves when it stops. */
  async start(): Promise<void> {
    await this.#configure(this.#config);
    this.#listen("on");
    await this.#startDevice();
    this.#loop = this.#run();
  }

  /** Resolves when the loop has stopped (stop(), or a failure: see `error`). */
  get ended(): Promise<void> {
    return this.#loop ?? Promise.resolve();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#wake?.();
  }

  /** Applies an edit between two steps; resolves with the new spec, rejects with a ConfigError. */
  edit(edit: LiveEdit): Promise<LayerSpec> {
    if (this.#network !== undefined) {
      return Promise.reject(new Error("beta, threshold and reset are edited live for a single layer, not for a network: change the network's file and start the scope again"));
    }
    const applied = new Promise<LayerSpec>((resolve, reject) => this.#edits.push({ edit, resolve, reject }));
    this.#wake?.();
    return applied;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
  }

  #listen(how: "on" | "off"): void {
    const device = this.#target.device;
    this.#unlistenHeld?.();
    this.#unlistenHeld = how === "on" ? this.#held.listen() : undefined;
    if (this.#network !== undefined) {
      device[how]("network-states", this.#onNetworkStates);
    } else {
      device[how]("spikes", this.#onSpikes);
      device[how]("states", this.#onStates);
    }
  }

  async #configure(config: Record<string, unknown>): Promise<void> {
    if (this.#network !== undefined) return this.#configureNetwork(this.#network);
    // Validated on the host first: a bad edit is a ConfigError and the running layer stays.
    parseLayerConfig(config);
    const spec = await this.#target.device.configure(config);
    this.#config = config;
    this.#spec = spec;
    this.#width = spec.stateColumns.length + 1;
    this.#rows = new Float64Array(RING * spec.neurons * this.#width);
    this.#inputsSent = new Float64Array(RING * spec.neurons);
    this.#received.fill(0);
    this.#base = this.#done;
  }

  async #configureNetwork(network: NetworkSpec): Promise<void> {
    const device = this.#target.device;
    await device.configureNetwork(network);
    this.#spec = device.spec!;
    this.#builder = new NetworkTraceBuilder(network, RING, device.path);
    this.#width = this.#builder.perStep;
    this.#rows = new Float64Array(this.#width);
    this.#inputsSent = new Float64Array(RING * network.inputs);
    this.#received.fill(0);
    this.#base = this.#done;
  }

  async #startDevice(): Promise<void> {
    const device = this.#target.device;
    await this.#sendInputs(this.#done);
    await device.start({ periodMs: this.#options.periodMs, every: 1, states: true, encoding: this.#encoding() });
    this.#paceStart = performance.now();
    this.#paceFrom = this.#done;
  }

  #encoding(): EncodingName | undefined {
    // A network's values travel exact: I32 for an int network, else F64 (network/wire.ts).
    if (this.#network !== undefined) return this.#network.dtype === "int" ? "i32" : "f64";
    return this.#spec.dtype === "int" ? undefined : (this.#options.encoding ?? "f64");
  }

  /** Sends the inputs of step t; they become `#held` as the device acknowledges them. */
  async #sendInputs(t: number): Promise<void> {
    await this.#held.send(this.#input.at(t), this.#encoding(), this.#input.reading());
  }

  #slot(t: number): number {
    return t % RING;
  }

  readonly #onSpikes = (r: SpikeReport): void => {
    const n = this.#spec.neurons;
    for (let s = 0; s < r.steps; s++) {
      const t = this.#base + r.firstStep + s;
      if (t < this.#done) continue;
      const slot = this.#slot(t);
      if (this.#received[slot] === 0) this.#stamp(slot);
      for (let i = 0; i < n; i++) this.#rows[(slot * n + i) * this.#width + this.#width - 1] = r.values[s * n + i];
      this.#received[slot]++;
      this.#progress();
    }
  };

  readonly #onStates = (r: StateReport): void => {
    const n = this.#spec.neurons;
    const k = this.#spec.stateColumns.indexOf(r.state);
    if (k < 0) return;
    for (let m = 0; m < r.values.length; m++) {
      const flat = r.start + m;
      const t = this.#base + r.firstStep + Math.floor(flat / n);
      if (t < this.#done) continue;
      const slot = this.#slot(t);
      if (this.#received[slot] === 0) this.#stamp(slot);
      this.#rows[(slot * n + (flat % n)) * this.#width + k] = r.values[m];
      this.#received[slot]++;
    }
    this.#progress();
  };

  readonly #onNetworkStates = (m: StatesMessage): void => {
    const t = this.#base + m.firstStep;
    if (t < this.#done) return;
    const slot = this.#slot(t);
    if (this.#received[slot] === 0) this.#stamp(slot);
    this.#received[slot]++;
    try {
      this.#builder!.add(m, slot);
    } catch (err) {
      this.#fail(err as Error);
      return;
    }
    this.#progress();
  };

  #fail(err: Error): void {
    this.#fault ??= err;
    this.#waiting?.resolve();
    this.#wake?.();
  }

  /** A step's first report: the inputs held then are the ones it ran on. */
  #stamp(slot: number): void {
    const held = this.#held.values;
    this.#inputsSent.set(held, slot * held.length);
    this.#readings[slot] = this.#held.reading ?? Number.NaN;
  }

  #complete(slot: number): boolean {
    if (this.#builder !== undefined) return this.#builder.complete(slot);
    return this.#received[slot] === 1 + this.#spec.neurons * this.#spec.stateColumns.length;
  }

  /** Hands every complete step, in order, to onStep. */
  #progress(): void {
    const n = this.#spec.neurons;
    const w = this.#held.values.length;
    while (this.#complete(this.#slot(this.#done))) {
      const slot = this.#slot(this.#done);
      const reading = this.#readings[slot];
      let values: Float64Array;
      if (this.#builder !== undefined) {
        this.#builder.takeStep(slot, this.#rows);
        values = this.#rows;
      } else {
        values = this.#rows.subarray(slot * n * this.#width, (slot + 1) * n * this.#width);
      }
      this.#options.onStep({
        step: this.#done,
        inputs: this.#inputsSent.subarray(slot * w, (slot + 1) * w),
        values,
        ...(Number.isNaN(reading) ? {} : { reading }),
      });
      this.#received[slot] = 0;
      this.#done++;
    }
    if (this.#waiting !== undefined && this.#done >= this.#waiting.step) this.#waiting.resolve();
  }

  /** Resolves when every step before `step` is complete. */
  #until(step: number): Promise<void> {
    if (this.#done >= step) return Promise.resolve();
    const limit = this.#options.periodMs * Math.max(1, step - this.#done) + (this.#options.reportTimeoutMs ?? 2000);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        reject(new Error(`${this.#target.device.path}: no report of step ${this.#done} within ${limit} ms`));
      }, limit);
      this.#waiting = { step, resolve: () => (clearTimeout(timer), (this.#waiting = undefined), resolve()) };
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => ((this.#wake = undefined), resolve()), ms);
      this.#wake = () => (clearTimeout(timer), (this.#wake = undefined), resolve());
    });
  }

  async #run(): Promise<void> {
    const device = this.#target.device;
    let running = true;
    try {
      while (!this.#stopping) {
        if (this.#fault !== undefined) throw this.#fault;
        if (this.#edits.length > 0) {
          if (running) await device.stop();
          running = false;
          await this.#applyEdits();
          if (!this.#paused) {
            await this.#startDevice();
            running = true;
          }
          continue;
        }
        if (this.#paused || !running) {
          if (running) await device.stop();
          running = false;
          if (this.#paused) await this.#sleep(1000);
          if (!this.#paused && !this.#stopping && this.#edits.length === 0) {
            await this.#startDevice();
            running = true;
          }
          continue;
        }
        await this.#stepOnce();
        // The emulator's steps settle in microtasks: without this turn of the event loop, a run
        // that is behind would starve the frame timer and the page's messages.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      this.#error = err as Error;
      for (const e of this.#edits.splice(0)) e.reject(err as Error);
    } finally {
      this.#listen("off");
      if (running) await device.stop().catch(() => undefined);
    }
  }

  /** Runs the next steps: on the emulator, as many as the wall clock allows with equal inputs. */
  async #stepOnce(): Promise<void> {
    const next = this.#done;
    const x = this.#input.at(next);
    if (!sameValues(x, this.#held.values)) await this.#sendInputs(next);
    const tick = this.#target.tick;
    if (tick === undefined) {
      await this.#until(next + 1);
      return;
    }
    const period = this.#options.periodMs;
    const now = performance.now();
    let due = Math.floor((now - this.#paceStart) / period) - (next - this.#paceFrom);
    if (due * period > MAX_LAG_MS) {
      // Too far behind to catch up: from here, pace from now.
      this.#paceStart = now;
      this.#paceFrom = next;
      due = 1;
    }
    if (due < 1) {
      await this.#sleep(period - ((now - this.#paceStart) % period));
      return;
    }
    const affordable = this.#stepCostMs > 0 ? Math.max(1, Math.floor(TICK_BUDGET_MS / this.#stepCostMs)) : 1;
    const k = this.#input.sameFrom(next, Math.min(due, MAX_CHUNK, affordable));
    const reported = this.#until(next + k);
    reported.catch(() => undefined); // awaited below; a tick that throws first must not leave it unhandled
    const began = performance.now();
    await tick(k * period);
    await reported;
    const cost = (performance.now() - began) / k;
    this.#stepCostMs = this.#stepCostMs === 0 ? cost : 0.8 * this.#stepCostMs + 0.2 * cost;
  }

  async #applyEdits(): Promise<void> {
    const pending = this.#edits.splice(0);
    for (const { edit, resolve, reject } of pending) {
      const config = { ...this.#config, ...editedKeys(edit), init: this.#carriedStates() };
      try {
        await this.#configure(config);
        resolve(this.#spec);
      } catch (err) {
        // The device may have dropped the old layer at ConfigBegin: put it back.
        if (this.#target.device.spec === undefined) await this.#configure({ ...this.#config, init: this.#carriedStates() });
        reject(err as Error);
      }
    }
  }

  /**
   * The states of the last complete step, as a layer config's `init`, so the run carries on. Its
   * ring slot still holds them: edits are applied with the loop stopped, long before the ring
   * comes round to that slot again.
   */
  #carriedStates(): Record<string, number[]> | undefined {
    if (this.#done === this.#base) return this.#config.init as Record<string, number[]> | undefined;
    const spec = this.#spec;
    const n = spec.neurons;
    const width = this.#width;
    const at = this.#slot(this.#done - 1) * n * width;
    const columns = [...spec.stateColumns];
    if (spec.modelName === "RLeaky" || spec.modelName === "RSynaptic") columns.push("spk");
    const init: Record<string, number[]> = {};
    for (const name of columns) {
      const k = name === "spk" ? width - 1 : spec.stateColumns.indexOf(name);
      init[name] = Array.from({ length: n }, (_, i) => this.#rows[at + i * width + k]);
    }
    return init;
  }
}

function editedKeys(edit: LiveEdit): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (edit.beta !== undefined) out.beta = edit.beta;
  if (edit.threshold !== undefined) out.threshold = edit.threshold;
  if (edit.reset !== undefined) out.reset_mechanism = edit.reset;
  return out;
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
