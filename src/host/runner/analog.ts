/**
 * A live analog pin as a layer input, read on the host through Firmata's own analog reporting:
 * the sampling interval (F0 7A), then "report analog channel" (Cc 01); the device answers with
 * Ec lsb msb every interval, which the Device emits as `analog` messages. NodeMCU's ADC reads
 * 0–1024, so a reading becomes `value / 1024 · scale`.
 */
import type { Device } from "../client/device.ts";
import type { DeviceMessage } from "../client/messages.ts";
import type { Link } from "../../io/link.ts";

export interface AnalogInput {
  /** The input the latest reading gives, or undefined before the first report. */
  latest(): number | undefined;
  /** Resolves with the first reading's input (the device reports at once when asked). */
  first(): Promise<number>;
  stop(): Promise<void>;
}

/** NodeMCU's ADC full scale. */
export const ADC_FULL_SCALE = 1024;

/** Raw Firmata bytes end with an empty SysEx, so NodeMCU hands them over at once (docs/protocol.md). */
const FLUSH = [0xf0, 0xf7];

export async function startAnalogInput(device: Device, link: Link, channel: number, scale: number, samplingMs: number): Promise<AnalogInput> {
  let value: number | undefined;
  let resolveFirst: (x: number) => void = () => undefined;
  const first = new Promise<number>((resolve) => (resolveFirst = resolve));
  const listener = (m: DeviceMessage) => {
    if (m.type !== "analog" || m.channel !== channel) return;
    value = (m.value / ADC_FULL_SCALE) * scale;
    resolveFirst(value);
  };
  device.on("message", listener);
  const ms = Math.max(1, Math.min(16383, Math.round(samplingMs)));
  await link.write(Uint8Array.from([0xf0, 0x7a, ms % 128, Math.floor(ms / 128), 0xf7, 0xc0 + (channel % 16), 1, ...FLUSH]));
  return {
    latest: () => value,
    first: () => first,
    stop: async () => {
      device.off("message", listener);
      await link.write(Uint8Array.from([0xc0 + (channel % 16), 0, ...FLUSH]));
    },
  };
}
