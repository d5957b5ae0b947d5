/**
 * The device a run talks to: the emulated NodeMCU board in-process (`emulator`, on its virtual
 * clock, so realtime runs are exact and take no wall time) or a serial port path (a board, or
 * `spikeloop emulate`'s pseudo-terminal).
 */
import { NodeMcuEmulator, openEmulatorLink } from "../../emulator/index.ts";
import { Device } from "../client/device.ts";
import { openSerialLink } from "../client/serial-link.ts";
import type { Link } from "../../io/link.ts";

export interface RunTarget {
  device: Device;
  /** The raw link under the device, for plain Firmata commands (analog reporting). */
  link: Link;
  /** The emulated board, when the target is `emulator`. */
  emulator?: NodeMcuEmulator;
  /** Lets `ms` of device time pass: advances the emulator's virtual clock; undefined on a real clock. */
  tick?: (ms: number) => Promise<void>;
  close(): Promise<void>;
}

export interface TargetOptions {
  /** How long a serial device may take to announce itself after the port opens (default 5000 ms; 0: query at once). */
  bootWaitMs?: number;
}

/** Opens `emulator` or a serial port path and shakes hands with the device. */
export async function openRunTarget(target: string, options: TargetOptions = {}): Promise<RunTarget> {
  if (target === "emulator") {
    const emulator = await NodeMcuEmulator.create();
    try {
      const link = openEmulatorLink(emulator);
      const device = await Device.open(link);
      return {
        device,
        link,
        emulator,
        tick: (ms) => emulator.advance(ms),
        close: async () => {
          await device.close();
          await emulator.close();
        },
      };
    } catch (err) {
      await emulator.close();
      throw err;
    }
  }
  const link = await openSerialLink(target);
  const bootWait = options.bootWaitMs ?? 5000;
  const device = await Device.open(link, { awaitBoot: bootWait > 0, timeouts: { boot: Math.max(bootWait, 1) } });
  return { device, link, close: () => device.close() };
}
