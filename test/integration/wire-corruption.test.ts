/**
 * No silent wrong result from one damaged byte. The host client runs a small layer against the
 * firmware runtime (the device code, in Node) over an in-memory link; the run is repeated with
 * one byte of the recorded traffic changed — every byte of either direction in turn, to every
 * septet value and to the Firmata command bytes. Each run must either fail with an error that
 * makes no false claim about the board (no DeviceMismatchError: the board is spikeloop), or end
 * with exactly the undamaged run's identity and trace.
 */
import { describe, expect, it } from "vitest";
import type { Board } from "../../src/device/board.ts";
import { boot, createRuntime, feed } from "../../src/device/runtime.ts";
import type { Trace } from "../../src/host/backends/backend.ts";
import { Device, type DeviceInfo } from "../../src/host/client/index.ts";
import { DeviceMismatchError } from "../../src/host/client/errors.ts";
import type { Link } from "../../src/io/link.ts";

type Direction = "to-device" | "to-host";
interface Damage {
  direction: Direction;
  /** Index of the byte in that direction's traffic. */
  at: number;
  value: number;
}

/** Just what the runtime needs for a lockstep run: no timers, no pins. */
function quietBoard(write: (bytes: number[]) => void): Board {
  return {
    name: "corrupt", microsSpan: 2 ** 31, pinCount: 0,
    write: (bytes, count) => write(bytes.slice(0, count)),
    micros: () => 0, startTimer: () => false, stopTimer: () => undefined,
    pinCapabilities: () => [], analogChannel: () => 127, setPinMode: () => undefined,
    digitalWrite: () => undefined, digitalRead: () => 0, pwmWrite: () => undefined,
    analogRead: () => 0, freeHeap: () => 40000,
  };
}

/**
 * A link to a fresh runtime that changes one byte on the way, and closes once neither side has
 * anything left to say (so a reply that will never come ends the run at once, not by a timeout).
 * `traffic` receives the bytes each way as they passed.
 */
function damagedLink(damage: Damage | undefined, traffic: Record<Direction, number[]>): Link {
  const incoming: Uint8Array[] = [];
  let waiting: ((b: Uint8Array | null) => void) | undefined;
  let closed = false;
  let activity = 0;
  const pass = (direction: Direction, bytes: number[]) => {
    const seen = traffic[direction];
    for (let i = 0; i < bytes.length; i++) {
      if (damage?.direction === direction && damage.at === seen.length) bytes[i] = damage.value;
      seen.push(bytes[i]);
    }
  };
  const deliver = (bytes: number[]) => {
    pass("to-host", bytes);
    const chunk = Uint8Array.from(bytes);
    if (waiting !== undefined) {
      const w = waiting;
      waiting = undefined;
      w(chunk);
    } else incoming.push(chunk);
  };
  const rt = createRuntime(quietBoard(deliver));
  const idle = async () => {
    const mark = ++activity;
    for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
    if (mark === activity) close();
  };
  const close = () => {
    closed = true;
    waiting?.(null);
    waiting = undefined;
  };
  boot(rt);
  void idle();
  return {
    path: "damaged",
    read: () => {
      if (incoming.length > 0) return Promise.resolve(incoming.shift()!);
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => (waiting = resolve));
    },
    write: async (data) => {
      if (closed) throw new Error("closed");
      const bytes = Array.from(data);
      pass("to-device", bytes);
      feed(rt, bytes, bytes.length);
      void idle();
    },
    close: async () => close(),
  };
}

const LAYER = { model: "Leaky", neurons: 1, beta: 0.5, threshold: 0.75 };
const CURRENTS = { steps: 2, channels: 1, values: Float64Array.of(1, -0.25) };
const TIMEOUTS = { timeouts: { handshake: 5000, reply: 5000, boot: 5000 } };

type Outcome = { info: DeviceInfo; trace: Trace } | { error: Error };

async function runOnce(damage: Damage | undefined): Promise<{ outcome: Outcome; traffic: Record<Direction, number[]> }> {
  const traffic: Record<Direction, number[]> = { "to-device": [], "to-host": [] };
  let device: Device | undefined;
  try {
    device = await Device.open(damagedLink(damage, traffic), TIMEOUTS);
    await device.configure(LAYER);
    const trace = await device.run(CURRENTS, { states: true, encoding: "f64" });
    return { outcome: { info: device.info, trace }, traffic };
  } catch (error) {
    return { outcome: { error: error as Error }, traffic };
  } finally {
    await device?.close();
  }
}

/** Every septet, and the command bytes Firmata gives a meaning. */
const VALUES = [
  ...Array.from({ length: 128 }, (_, v) => v),
  0x80, 0x90, 0xc0, 0xd0, 0xe0, 0xf0, 0xf4, 0xf5, 0xf7, 0xf9, 0xff,
];

describe("one damaged byte anywhere in a run", () => {
  it.each(["to-device", "to-host"] as const)("%s: every byte to every value is detected or harmless", async (direction) => {
    const clean = await runOnce(undefined);
    if ("error" in clean.outcome) throw clean.outcome.error;
    const good = clean.outcome;
    const length = clean.traffic[direction].length;
    expect(length).toBeGreaterThan(100);
    const silent: string[] = [];
    let detected = 0;
    for (let at = 0; at < length; at++) {
      for (const value of VALUES) {
        if (value === clean.traffic[direction][at]) continue;
        const { outcome } = await runOnce({ direction, at, value });
        const what = `byte ${at} → ${value.toString(16)}`;
        if ("error" in outcome) {
          detected++;
          if (outcome.error instanceof DeviceMismatchError) silent.push(`${what}: false claim "${outcome.error.message}"`);
        } else {
          try {
            expect(outcome.info).toEqual(good.info);
            expect(outcome.trace).toEqual(good.trace);
          } catch {
            silent.push(`${what}: a different result without an error`);
          }
        }
      }
    }
    expect(silent).toEqual([]);
    // Most changes are caught; the rest are harmless (a damaged Firmata name report, which the
    // HelloReply overrides, or a query the device answers the same way).
    expect(detected).toBeGreaterThan(length * 60);
  }, 600_000);
});
