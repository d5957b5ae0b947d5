/**
 * Sensor-to-actuator latency of the two closed loops, on the emulated board (real clock) behind a
 * pty, as a distribution: A0 jumps from 0 to 1000 at a random moment T (emulator time) and the
 * latency is the time until the actuator pin goes high (the emulator's pin history).
 *
 * - on-device: A0 bound to a neuron, its spikes bound to D1 as pulses (bindings.ts); the host
 *   only configured it.
 * - johnny-five: a johnny-five Sensor on A0 → the neuron's held current (setInputs) → the
 *   device's realtime spike reports → a johnny-five Led on D3; everything crosses the pty twice.
 *
 * The neuron (Leaky, beta 0, reset to zero) fires in every step whose current is 10, so both
 * loops measure I/O, not neuron dynamics. Both run at the same step period.
 */
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { NodeMcuEmulator, openEmulatorLink, startPtyBridge } from "../src/emulator/index.ts";
import { Device } from "../src/host/client/device.ts";
import { openSerialLink } from "../src/host/client/serial-link.ts";
import { HeldCurrents, connectJohnnyFive, sensorToInput, spikesToLed } from "../src/host/johnny-five/index.ts";

export interface LatencyDistribution {
  /** Milliseconds. */
  median: number;
  p99: number;
  samples: number;
}

export interface LatencyResult {
  periodMs: number;
  onDevice: LatencyDistribution;
  johnnyFive: LatencyDistribution;
}

export interface LatencyOptions {
  /** Trials per path (default 40). */
  trials?: number;
  /** Step period of the device loop (default 5 ms). */
  periodMs?: number;
}

const LAYER = { model: "Leaky", neurons: 1, beta: 0, threshold: 1, reset_mechanism: "zero" };
const HIGH = 1000;
const GAIN = 0.01;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function distribution(latenciesUs: number[]): LatencyDistribution {
  const ms = latenciesUs.map((us) => us / 1000).sort((a, b) => a - b);
  return { median: quantile(ms, 0.5), p99: quantile(ms, 0.99), samples: ms.length };
}

/** One jump of A0 per trial; resolves with the latencies (µs) until `pin` went high. */
async function trials(emulator: NodeMcuEmulator, pin: number, count: number, periodMs: number): Promise<number[]> {
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const at = emulator.clock.now() + 20_000 + Math.floor(Math.random() * periodMs * 1000);
    const from = emulator.pins.history(pin).length;
    emulator.pins.setAnalogInput((us) => (us >= at ? HIGH : 0));
    const deadline = performance.now() + 2000;
    let rise: number | undefined;
    while (rise === undefined && performance.now() < deadline) {
      await sleep(1);
      rise = emulator.pins.history(pin).slice(from).find((e) => e.value > 0 && e.timeUs >= at)?.timeUs;
    }
    if (rise === undefined) throw new Error(`latency: pin ${pin} did not follow A0 within 2 s`);
    out.push(rise - at);
    emulator.pins.setAnalogInput(0);
    const low = performance.now() + 2000;
    const high = () => emulator.pins.state(pin).level !== 0 || (emulator.pins.state(pin).pwm?.duty ?? 0) !== 0;
    while (high() && performance.now() < low) await sleep(2);
    await sleep(40 + 2 * periodMs);
  }
  return out;
}

/** An emulated board behind a pty, opened as a serial port, as a user's program would. */
async function boardOnPty() {
  const emulator = await NodeMcuEmulator.create({ clock: "real", startup: "main" });
  const pty = await startPtyBridge(openEmulatorLink(emulator));
  const link = await openSerialLink(pty.path);
  return {
    emulator,
    link,
    async close() {
      await link.close();
      await pty.close();
      await emulator.close();
    },
  };
}

async function onDevicePath(count: number, periodMs: number): Promise<number[]> {
  const board = await boardOnPty();
  try {
    const device = await Device.open(board.link);
    await device.configure(LAYER);
    await device.bindInput({ neuron: 0, pin: 9, gain: GAIN });
    await device.bindOutput({ neuron: 0, pin: 1, mode: "pulse", ms: 1 });
    await device.start({ periodMs, every: 0 });
    const latencies = await trials(board.emulator, 1, count, periodMs);
    await device.stop();
    await device.close();
    return latencies;
  } finally {
    await board.close();
  }
}

async function johnnyFivePath(count: number, periodMs: number): Promise<number[]> {
  const board = await boardOnPty();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- johnny-five ships no types
  const five = createRequire(import.meta.url)("johnny-five") as any;
  const connection = await connectJohnnyFive(board.link, { timeoutMs: 10000 });
  try {
    const { device } = connection;
    await device.configure(LAYER);
    // The Sensor reports at the firmware's sampling interval (10 ms, Firmata's minimum here).
    connection.board.io.sysexCommand([0x7a, 10, 0]);
    const sensor = new five.Sensor({ pin: "A0", board: connection.board, freq: 10 });
    sensorToInput(sensor, new HeldCurrents(device), { neuron: 0, gain: GAIN });
    const led = new five.Led({ pin: 3, board: connection.board });
    spikesToLed(device, led, { neuron: 0, mode: "pulse", ms: 5 });
    await device.start({ periodMs, every: 1 });
    const latencies = await trials(board.emulator, 3, count, periodMs);
    await device.stop();
    sensor.disable();
    return latencies;
  } finally {
    await connection.close();
    await board.close();
  }
}

/** Measures both loops; takes a few seconds per 40 trials. */
export async function measureLatency(options: LatencyOptions = {}): Promise<LatencyResult> {
  const count = options.trials ?? 40;
  const periodMs = options.periodMs ?? 5;
  const onDevice = distribution(await onDevicePath(count, periodMs));
  const johnnyFive = distribution(await johnnyFivePath(count, periodMs));
  return { periodMs, onDevice, johnnyFive };
}
