/**
 * The inputs a device holds, as its stream of replies tells. A device on its own timer does not
 * wait for the host: an Input frame that arrives after the next tick is used a step late, and a
 * wide input, split over several Input frames, can straddle a tick. The device's messages arrive
 * in the order it sent them, so a step reported before an Input frame's Ack ran on the values
 * before it, and a step reported after, on the frame's values. A run records, as each step's
 * input, `values` at the step's first report.
 */
import { Op } from "../../shared/protocol.ts";
import type { Device } from "./device.ts";
import type { DeviceMessage } from "./messages.ts";
import { type EncodingName, layerEncoding } from "./options.ts";
import { inputValuesPerFrame } from "./requests.ts";

export class HeldInputs {
  readonly #device: Device;
  #values = new Float64Array(0);
  #reading: number | undefined;
  /** Inputs being sent: the Input frames acknowledged so far, `per` values each. */
  #sending: { values: Float64Array; reading: number | undefined; per: number; acked: number } | undefined;

  constructor(device: Device) {
    this.#device = device;
  }

  /** The inputs the device holds now (zeros before the first are acknowledged); reused, copy to keep. */
  get values(): Float64Array {
    return this.#values;
  }

  /** The ADC reading the held inputs came from, if `send` was given one. */
  get reading(): number | undefined {
    return this.#reading;
  }

  /** Follows the device's replies; returns how to stop. Listen before the device's loop starts. */
  listen(): () => void {
    this.#device.on("message", this.#onMessage);
    return () => this.#device.off("message", this.#onMessage);
  }

  /** Sends inputs (`setInputs`); they become `values` frame by frame as the device acknowledges them. */
  async send(values: ArrayLike<number>, encoding: EncodingName | undefined, reading?: number): Promise<void> {
    const device = this.#device;
    const spec = device.spec;
    if (spec === undefined) return device.setInputs(values, encoding); // refuses: not configured
    const copy = Float64Array.from(values);
    if (this.#values.length !== copy.length) this.#values = new Float64Array(copy.length);
    const per = inputValuesPerFrame(layerEncoding(spec.dtype, encoding, "encoding"), device.info.maxFrame);
    this.#sending = { values: copy, reading, per, acked: 0 };
    try {
      await device.setInputs(copy, encoding);
    } finally {
      this.#sending = undefined;
    }
  }

  readonly #onMessage = (m: DeviceMessage): void => {
    const s = this.#sending;
    if (s === undefined || m.type !== "ack" || m.op !== Op.Input) return;
    const from = s.acked * s.per;
    const to = Math.min(from + s.per, s.values.length);
    this.#values.set(s.values.subarray(from, to), from);
    s.acked++;
    if (to === s.values.length) this.#reading = s.reading;
  };
}
