/**
 * An emulated spikeloop device for a user's own test suite: the NodeMCU emulator on its virtual
 * clock running the real firmware, and the host client connected to it in-process. Tests script
 * the pins, move the clock, and assert on pin histories and spikes; nothing waits in real time.
 */
import { type AnalogSource, type DigitalSource, type FlashFiles, NodeMcuEmulator, type PinEvent, openEmulatorLink } from "../emulator/index.ts";
import { Device, type DeviceTimeouts } from "../host/client/device.ts";
import type { DeviceMessage } from "../host/client/messages.ts";
import type { SpikeReport } from "../host/client/reports.ts";
import type { Link } from "../io/link.ts";

export interface EmulatedDeviceOptions {
  /** The board's flash; default the built firmware (firmware/app with firmware/nodemcu). */
  files?: FlashFiles;
  /** Free heap at boot in bytes (default 44 KiB, an ESP8266). */
  heapBytes?: number;
  timeouts?: DeviceTimeouts;
}

/** Raw Firmata goes out with an empty SysEx after it: NodeMCU hands bytes over at an F7. */
const FLUSH = [0xf0, 0xf7];
const OUTPUT = 1;

/** Lets the host client take in what the board sent (its reads resolve in later turns). */
const drain = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

export class EmulatedDevice {
  /** The emulated board and its test controls (output, panics, flash, pins): docs/emulator.md. */
  readonly board: NodeMcuEmulator;
  /** The host client, connected and past its handshake: docs/host-client.md. */
  readonly device: Device;
  /** Every realtime spike report, in order. */
  readonly spikes: SpikeReport[] = [];
  readonly #link: Link;

  private constructor(board: NodeMcuEmulator, device: Device, link: Link) {
    this.board = board;
    this.device = device;
    this.#link = link;
    device.on("spikes", (report) => this.spikes.push(report));
  }

  /** Powers on a board with the firmware and connects the host client to it. */
  static async start(options: EmulatedDeviceOptions = {}): Promise<EmulatedDevice> {
    const board = await NodeMcuEmulator.create({ files: options.files, heapBytes: options.heapBytes });
    try {
      const link = openEmulatorLink(board);
      const device = await Device.open(link, { timeouts: options.timeouts });
      return new EmulatedDevice(board, device, link);
    } catch (error) {
      await board.close();
      throw error;
    }
  }

  /** Emulator time in ms since power-on (boot took the first 3 s: init.lua's delay). */
  get nowMs(): number {
    return this.board.clock.now() / 1000;
  }

  /** Scripts A0 (a potentiometer): a constant 0–1024, samples one per ms from now, or f(timeUs). */
  setAnalogInput(source: AnalogSource): void {
    this.board.pins.setAnalogInput(source);
  }

  /** Scripts a digital input (a button): 0/1 or f(timeUs); undefined unplugs it. */
  setDigitalInput(pin: number, source: DigitalSource | undefined): void {
    this.board.pins.setDigitalInput(pin, source);
  }

  /** Moves the virtual clock `ms` forward, running the device's timers, and lets the host take the replies. */
  async advance(ms: number): Promise<void> {
    await this.board.advance(ms);
    await drain();
  }

  /** Every output change of `pin` (or of all pins): gpio levels and PWM duties with their times. */
  pinHistory(pin?: number): PinEvent[] {
    return this.board.pins.history(pin);
  }

  /** The steps (counted from the start of the realtime run) at which `neuron` fired. */
  spikeSteps(neuron: number): number[] {
    const steps: number[] = [];
    for (const report of this.spikes) {
      for (let t = 0; t < report.steps; t++) if (report.spikes[t * report.neurons + neuron] === 1) steps.push(report.firstStep + t);
    }
    return steps;
  }

  /** Sends plain Firmata bytes (pin modes, writes, reporting) beside the neuron protocol. */
  async firmata(bytes: ArrayLike<number>): Promise<void> {
    await this.#link.write(Uint8Array.from([...Array.from(bytes), ...FLUSH]));
    await this.board.settle();
    await drain();
  }

  /** Sets `pin` as an output and writes `level` (0/1) through Firmata, as a host program lights an LED. */
  async digitalWrite(pin: number, level: 0 | 1): Promise<void> {
    await this.firmata([0xf4, pin, OUTPUT, 0xf5, pin, level]);
  }

  /** Reads analog channel `channel` (A0 is 0) through Firmata's analog reporting. */
  async readAnalog(channel = 0): Promise<number> {
    let value: number | undefined;
    const listener = (m: DeviceMessage): void => {
      if (m.type === "analog" && m.channel === channel && value === undefined) value = m.value;
    };
    this.device.on("message", listener);
    try {
      await this.firmata([0xc0 + channel, 1]); // the device reports once at once, then every interval
      await this.firmata([0xc0 + channel, 0]);
    } finally {
      this.device.off("message", listener);
    }
    if (value === undefined) throw new Error(`analog channel ${channel} sent no report`);
    return value;
  }

  /** Closes the host client and powers the board off. */
  async close(): Promise<void> {
    await this.device.close();
    await this.board.close();
  }
}

/** `EmulatedDevice.start`, as a function. */
export function startEmulatedDevice(options: EmulatedDeviceOptions = {}): Promise<EmulatedDevice> {
  return EmulatedDevice.start(options);
}
