/**
 * A spikeloop device: the neuron layer on a board (or the emulated one), driven over the wire.
 *
 *   const device = await Device.open("/dev/ttyUSB0", { awaitBoot: true });
 *   await device.configure({ model: "Leaky", neurons: 4, beta: 0.9 });
 *   const trace = await device.run(currents);
 *   await device.close();
 *
 * Calls may overlap; they are queued and reach the device one request at a time.
 * docs/host-client.md describes the API, the flow control, the errors and the events.
 */
import { EventEmitter } from "node:events";
import { BAUD_RATES, Firmata, Mode, Op, ReportFlag } from "../../shared/protocol.ts";
import type { Trace } from "../backends/backend.ts";
import type { LayerSpec } from "../config.ts";
import type { Currents } from "../currents.ts";
import { layerInputs } from "../layer-numbers.ts";
import type { NetworkSpec } from "../network/config.ts";
import type { NetworkTrace } from "../network/trace.ts";
import { configureNetwork, runNetworkLockstep } from "../network/wire.ts";
import { networkInputs } from "../network/trace.ts";
import type { Link } from "../../io/link.ts";
import { DeviceProtocolError, DeviceTimeoutError, DeviceUsageError } from "./errors.ts";
import { type DeviceInfo, checkHello, deviceInfo, identityMismatch } from "./handshake.ts";
import { configRequests, resolveSpec } from "./layer-config.ts";
import { layerNumbers, numbersWarning } from "./numbers.ts";
import { type RunOptions, runLockstep } from "./lockstep.ts";
import { runStreaming } from "./streaming.ts";
import { type DeviceMessage, type FirmwareMessage, type HelloMessage, type StatesMessage, type StatusMessage, type VersionMessage, spikesFit } from "./messages.ts";
import { type EncodingName, layerEncoding, wholeNumber } from "./options.ts";
import { type SpikeReport, type StateReport, spikeReport, stateReport } from "./reports.ts";
import { inputRequests, request, uint } from "./requests.ts";
import { openSerialLink } from "./serial-link.ts";
import type { Identity } from "./identity.ts";
import { Session, type SessionHooks } from "./session.ts";
import { type DeviceTransport, linkTransport } from "./transport.ts";
import { type InputBinding, type OutputBinding, bindInputRequest, bindOutputRequest } from "./bindings.ts";

export interface DeviceTimeouts {
  /** How long `awaitBoot` waits for the board's boot announcement (default 5000 ms). */
  boot?: number;
  /** How long the version and firmware queries may take (default 2000 ms). */
  handshake?: number;
  /** Longest silence while a request awaits its reply (default 2000 ms). */
  reply?: number;
}

export interface DeviceOptions {
  /** Serial speed when `Device.open` gets a port path (default 115200, NodeMCU's). */
  baudRate?: number;
  /**
   * Wait for the board to announce itself (F9, firmware name) before querying: opening a
   * NodeMCU's port usually reboots it, and the app starts seconds later. Default false.
   */
  awaitBoot?: boolean;
  timeouts?: DeviceTimeouts;
  /** Steps per Step request when run() is not told (default: as many as the input buffer holds). */
  batchSize?: number;
}

export type DeviceMode = "unconfigured" | "idle" | "realtime";

export interface DeviceStatus {
  mode: DeviceMode;
  /** Steps run since the layer was configured or its state reset. */
  steps: number;
  /** Realtime periods missed because a step started late. */
  overruns: number;
  /** Free heap in bytes (NodeMCU's node.heap()). */
  heap: number;
  /** Bytes the device ignored (outside any command). */
  errors: number;
  neurons: number;
}

export interface RealtimeOptions {
  /** Period of the device's step timer in whole milliseconds (≥ 1). */
  periodMs: number;
  /** Report every `every` steps (default 1; 0: run without reports). */
  every?: number;
  /** Report the states too (default false). */
  states?: boolean;
  /** Number format of the reported states (default "f64"). */
  encoding?: EncodingName;
}

/** Events a Device emits; `error` only reaches listeners (an unhandled one is dropped, not thrown). */
export interface DeviceEvents {
  /** Realtime spikes (seq 0 reports). */
  spikes: [SpikeReport];
  /** Realtime states. */
  states: [StateReport];
  /** Realtime NetStates of a network (src/host/network/realtime.ts places them). */
  "network-states": [StatesMessage];
  /** Every StatusReply. */
  status: [DeviceStatus];
  /** A problem no pending call owns: a stray reply, a damaged frame, an Error with no request. */
  error: [Error];
  /** A STRING_DATA message from the device. */
  string: [string];
  /** The device announced itself again: it rebooted and forgot its layer. */
  reset: [VersionMessage | FirmwareMessage];
  /** The connection ended. */
  close: [];
  /**
   * configure() chose a layer the board computes in narrower numbers than asked (a float64 layer
   * on a float32 board): the trace will differ from snnTorch's, and the message says how.
   */
  warning: [string];
  /** Every message the device sent, decoded (pin reports included). */
  message: [DeviceMessage];
}

const DEFAULT_TIMEOUTS: Required<DeviceTimeouts> = { boot: 5000, handshake: 2000, reply: 2000 };
const MODES: Record<number, DeviceMode> = { [Mode.Unconfigured]: "unconfigured", [Mode.Idle]: "idle", [Mode.Realtime]: "realtime" };
const U14_MAX = 16383;

function timeoutsOf(options: DeviceOptions): Required<DeviceTimeouts> {
  return { ...DEFAULT_TIMEOUTS, ...options.timeouts };
}

function statusOf(m: StatusMessage): DeviceStatus {
  const { steps, overruns, heap, errors, neurons } = m;
  return { mode: MODES[m.mode] ?? "unconfigured", steps, overruns, heap, errors, neurons };
}

export class Device extends EventEmitter<DeviceEvents> {
  readonly #session: Session;
  #info: DeviceInfo | undefined;
  #spec: LayerSpec | undefined;
  /** The configured network (configureNetwork); undefined when a layer or nothing is configured. */
  #network: NetworkSpec | undefined;
  /** The realtime loop runs (from start() until stop() or a reset). */
  #realtime = false;
  readonly #batchSize: number | undefined;
  readonly #replyTimeout: number;
  /** The byte link under the transport, when the Device opened one (setBaudRate needs it). */
  readonly #link: Link | undefined;
  #baud: number;

  private constructor(transport: DeviceTransport, options: DeviceOptions & { link?: Link }) {
    super();
    this.#link = options.link;
    this.#baud = options.baudRate ?? 115200;
    this.#batchSize = options.batchSize;
    this.#replyTimeout = timeoutsOf(options).reply;
    this.#session = new Session(transport, this.#hooks(), this.#replyTimeout);
  }

  /**
   * Connects over a byte link, or a serial port given by its path, and shakes hands: the
   * Firmata version, the firmware name and the HelloReply must all match this package.
   */
  static async open(link: Link | string, options: DeviceOptions = {}): Promise<Device> {
    const opened = typeof link === "string" ? await openSerialLink(link, { baudRate: options.baudRate }) : link;
    const timeouts = timeoutsOf(options);
    return Device.connect(linkTransport(opened), { ...options, link: opened }, async (session) => {
      if (options.awaitBoot === true) {
        try {
          return await session.identify(false, timeouts.boot);
        } catch (err) {
          if (!(err instanceof DeviceTimeoutError)) throw err;
        }
      }
      return session.identify(true, timeouts.handshake);
    });
  }

  /**
   * Connects over any transport: `identify` obtains the device's version and firmware name
   * (by querying, or from whoever already did). Closes the transport when the handshake fails.
   */
  static async connect(
    transport: DeviceTransport,
    options: DeviceOptions & { link?: Link },
    identify: (session: Session) => Promise<Identity>,
  ): Promise<Device> {
    const device = new Device(transport, options);
    try {
      await device.#handshake(identify);
    } catch (err) {
      await device.close();
      throw err;
    }
    return device;
  }

  async #handshake(identify: (session: Session) => Promise<Identity>): Promise<void> {
    const session = this.#session;
    // The Firmata reports carry no check: one flipped bit can garble the name. They only decide
    // what to say when the CRC-protected HelloReply, which repeats the identity, does not come.
    const doubt = identityMismatch(session.path, await identify(session));
    let hello: HelloMessage;
    try {
      hello = await session.exchange(request(Op.Hello), "hello");
    } catch (err) {
      throw doubt ?? err;
    }
    checkHello(session.path, hello);
    this.#info = deviceInfo(hello);
    session.goLive();
  }

  #hooks(): SessionHooks {
    return {
      message: (m) => {
        this.emit("message", m);
        if (m.type === "string") this.emit("string", m.text);
        if (m.type === "status") this.emit("status", statusOf(m));
      },
      report: (m) => {
        const spec = this.#spec;
        if (spec === undefined) return;
        // A network's realtime NetStates: every layer's input, states and spikes (docs/protocol.md).
        if (m.type === "states" && m.layer !== undefined) {
          this.emit("network-states", m);
          return;
        }
        if (m.type === "states") this.emit("states", stateReport(m, spec));
        else if (spikesFit(m, spec.neurons)) this.emit("spikes", spikeReport(m, spec));
        else this.#unsolicited(new DeviceProtocolError("bad-frame", this.path, `a realtime Spikes frame too short for ${m.k} steps`));
      },
      unsolicited: (error) => this.#unsolicited(error),
      reset: (m) => {
        this.#spec = undefined;
        this.#network = undefined;
        this.#realtime = false;
        this.emit("reset", m);
      },
      closed: () => this.emit("close"),
    };
  }

  #unsolicited(error: Error): void {
    if (this.listenerCount("error") > 0) this.emit("error", error);
  }

  /** What the device reported in the handshake. */
  get info(): DeviceInfo {
    return this.#info!;
  }

  get path(): string {
    return this.#session.path;
  }

  /** The configured layer; undefined before configure() and after a device reset. */
  get spec(): LayerSpec | undefined {
    return this.#spec;
  }

  #configured(): LayerSpec {
    if (this.#spec === undefined) throw new DeviceUsageError("not-configured", `${this.path}: configure() the layer first`);
    return this.#spec;
  }

  /**
   * Validates a layer config (as in layer.json) or a LayerSpec — nothing is sent when it is
   * invalid — and configures the device with it. Resolves with the LayerSpec.
   */
  async configure(config: unknown): Promise<LayerSpec> {
    const spec = resolveSpec(config, this.info);
    this.#spec = undefined;
    this.#network = undefined;
    let neurons: number | undefined;
    const warning = numbersWarning(spec.dtype, layerNumbers(spec.dtype, this.info.numbers));
    if (warning !== undefined) this.emit("warning", `${this.path}: ${warning}`);
    for (const req of configRequests(spec, this.info.maxFrame)) neurons = (await this.#session.exchange(req, "ack")).value;
    if (neurons !== spec.neurons) {
      throw new DeviceProtocolError("unexpected-reply", this.path, `ConfigEnd acknowledged ${neurons} neurons, configured ${spec.neurons}`);
    }
    this.#spec = spec;
    return spec;
  }

  /**
   * Configures the device with a network (a NetworkSpec from parseNetworkConfig or
   * readNetworkFile); replaces any configured layer. Its output layer is what Spikes reports see.
   */
  async configureNetwork(spec: NetworkSpec): Promise<void> {
    this.#spec = undefined;
    this.#network = undefined;
    await configureNetwork(this.#session, this.info, spec);
    this.#network = spec;
    // Reports, output bindings and the realtime loop see the output layer (docs/networks.md).
    this.#spec = spec.layers[spec.layers.length - 1].spec;
  }

  /** Input channels per step: the network's, or the layer's neurons. */
  #inputWidth(spec: LayerSpec): number {
    return this.#network?.inputs ?? spec.neurons;
  }

  /** Runs the inputs through the configured network in lockstep: every layer's input, states and spikes. */
  async runNetwork(currents: Currents): Promise<NetworkTrace> {
    if (this.#realtime) throw new DeviceUsageError("realtime", `${this.path}: the realtime loop is running; stop() it before runNetwork()`);
    if (this.#network === undefined) throw new DeviceUsageError("not-configured", `${this.path}: configureNetwork() first`);
    return runNetworkLockstep(this.#session, this.info, this.#network, currents);
  }

  /** Runs the inputs in lockstep and returns the trace, states at F64 unless asked otherwise. */
  async run(currents: Currents, options: RunOptions = {}): Promise<Trace> {
    // Input frames are accepted while the loop runs: they would replace its held inputs.
    if (this.#realtime) throw new DeviceUsageError("realtime", `${this.path}: the realtime loop is running; stop() it before run()`);
    if (this.#network !== undefined) throw new DeviceUsageError("not-configured", `${this.path}: a network is configured: use runNetwork()`);
    const spec = this.#configured();
    if (options.protocol !== undefined && options.protocol !== "stream" && options.protocol !== "lockstep") {
      throw new DeviceUsageError("option", `protocol: expected "stream" or "lockstep", got ${JSON.stringify(options.protocol)}`);
    }
    const trace =
      options.protocol === "lockstep"
        ? await runLockstep(this.#session, this.info, spec, currents, { batchSize: this.#batchSize, ...options })
        : await runStreaming(this.#session, this.info, spec, currents, options, this.#replyTimeout);
    return { ...trace, numbers: layerNumbers(spec.dtype, this.info.numbers) };
  }

  /** Starts the realtime loop; reports arrive as "spikes" (and "states") events. */
  async start(options: RealtimeOptions): Promise<void> {
    const spec = this.#configured();
    const period = wholeNumber(options.periodMs, 0, [1, U14_MAX], "periodMs");
    const every = wholeNumber(options.every, 1, [0, U14_MAX], "every");
    const encoding = layerEncoding(spec.dtype, options.encoding, "encoding");
    const flags = options.states === true ? ReportFlag.States : 0;
    await this.#session.exchange(request(Op.Start, [...uint(period, 2), ...uint(every, 2), flags, encoding]), "ack");
    this.#realtime = true;
  }

  /** Replaces the input the realtime loop holds (one value per neuron). */
  async setInputs(values: ArrayLike<number>, encoding?: EncodingName): Promise<void> {
    const spec = this.#configured();
    const width = this.#inputWidth(spec);
    if (values.length !== width) {
      throw new DeviceUsageError("channels", `setInputs: expected ${width} values (one per ${this.#network ? "input channel" : "neuron"}), got ${values.length}`);
    }
    const step = { steps: 1, channels: width, values: Float64Array.from(values) };
    const network = this.#network;
    const inputs = network !== undefined ? networkInputs(network, step) : layerInputs(step, spec);
    for (const req of inputRequests(inputs, layerEncoding(spec.dtype, encoding, "encoding"), this.info.maxFrame)) {
      await this.#session.exchange(req, "ack");
    }
  }

  /** Stops the realtime loop; resolves with the device's step count. */
  /**
   * Moves the link to `baud` (230400, 460800 or 921600; 115200 goes back): the device agrees at
   * the current rate and switches, then the host switches its side and says Hello at the new
   * rate. Without an answer the host falls back to the old rate — the device, hearing garbage
   * before a readable frame, has gone back too — and resolves false. Needs a link that can change
   * its rate (a serial port, the emulator).
   */
  async setBaudRate(baud: number): Promise<boolean> {
    const code = BAUD_RATES.indexOf(baud);
    if (code < 0) throw new DeviceUsageError("option", `setBaudRate: expected one of ${BAUD_RATES.join(", ")}, got ${baud}`);
    const link = this.#link;
    if (link?.setBaudRate === undefined) throw new DeviceUsageError("option", `${this.path}: this link cannot change its rate`);
    if (this.#realtime) throw new DeviceUsageError("realtime", `${this.path}: stop() the realtime loop before changing the rate`);
    const old = this.#baud;
    await this.#session.exchange(request(Op.SetBaud, [code]), "ack");
    await link.setBaudRate(baud);
    try {
      await this.#session.exchange(request(Op.Hello), "hello");
      this.#baud = baud;
      return true;
    } catch (err) {
      if (!(err instanceof DeviceTimeoutError)) throw err;
    }
    await link.setBaudRate(old);
    // Empty SysExs at the old rate: ignored by a device that listens at it, garbage to one still
    // at the new rate. NodeMCU hands received bytes over at an F7 or after 255 bytes, and garbage
    // has no F7: 256 bytes make it take them, hear garbage and go back.
    await link.write(new Uint8Array(256).map((_, i) => (i % 2 === 0 ? Firmata.StartSysex : Firmata.EndSysex)));
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.#session.exchange(request(Op.Hello), "hello");
        return false;
      } catch (err) {
        if (!(err instanceof DeviceTimeoutError) || attempt === 1) throw err;
      }
    }
    return false;
  }

  async stop(): Promise<number> {
    const ack = await this.#session.exchange(request(Op.Stop), "ack");
    this.#realtime = false;
    return ack.value ?? 0;
  }

  async status(): Promise<DeviceStatus> {
    return statusOf(await this.#session.exchange(request(Op.Status), "status"));
  }

  /** Sets the states back to the configured initial values and the step count to 0. */
  async resetState(): Promise<void> {
    await this.#session.exchange(request(Op.ResetState), "ack");
  }

  /** Binds an analog pin to a neuron's current (a network's input channel) on the device (configure() drops bindings). */
  async bindInput(binding: InputBinding): Promise<void> {
    const spec = this.#configured();
    // A network's input bindings name its input channels.
    await this.#session.exchange(bindInputRequest({ ...spec, neurons: this.#inputWidth(spec) }, binding), "ack");
  }

  /** Binds a neuron's spikes to a pin on the device: pulse, toggle or rate-following PWM. */
  async bindOutput(binding: OutputBinding): Promise<void> {
    await this.#session.exchange(bindOutputRequest(this.#configured(), binding), "ack");
  }

  /** Removes every binding; bound output pins go low. */
  async clearBindings(): Promise<void> {
    await this.#session.exchange(request(Op.ClearBindings), "ack");
  }

  /** Fails any pending call with DeviceClosedError and closes the connection. */
  async close(): Promise<void> {
    await this.#session.close();
  }
}
