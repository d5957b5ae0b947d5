/**
 * Host in the loop, input side: johnny-five Sensor readings become neurons' currents, held by the
 * device's realtime loop (`device.setInputs`). Readings that arrive while a write is in flight
 * are coalesced: the device always gets the latest currents, never a backlog.
 */
import type { Device } from "../client/device.ts";

/** johnny-five's Sensor: emits "data" with `this.value`, or `value` as the argument. */
export interface SensorLike {
  on(event: "data", listener: (this: { value: number }, value?: number) => void): unknown;
  removeListener(event: "data", listener: (...args: never[]) => void): unknown;
  readonly value: number;
}

/** The currents the realtime loop holds, one per neuron, written to the device on change. */
export class HeldCurrents {
  readonly #device: Device;
  readonly #values: Float64Array;
  #sending = false;
  #dirty = false;
  /** The last write's failure, if any; the next change tries again. */
  lastError: Error | undefined;

  constructor(device: Device, initial?: ArrayLike<number>) {
    const n = device.spec?.neurons ?? 0;
    this.#device = device;
    this.#values = initial === undefined ? new Float64Array(n) : Float64Array.from(initial);
  }

  get values(): readonly number[] {
    return Array.from(this.#values);
  }

  /** Sets neuron `i`'s current; the device gets it with the next write. */
  set(i: number, current: number): void {
    if (this.#values[i] === current) return;
    this.#values[i] = current;
    this.#dirty = true;
    void this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    while (this.#dirty) {
      this.#dirty = false;
      try {
        await this.#device.setInputs(this.#values);
        this.lastError = undefined;
      } catch (err) {
        this.lastError = err as Error;
      }
    }
    this.#sending = false;
  }
}

/** Feeds `gain · reading + offset` of `sensor` into neuron `neuron` of `currents`. */
export function sensorToInput(sensor: SensorLike, currents: HeldCurrents, binding: { neuron: number; gain?: number; offset?: number }): () => void {
  const gain = binding.gain ?? 1;
  const offset = binding.offset ?? 0;
  const listener = function (this: { value: number }, value?: number): void {
    const reading = typeof value === "number" ? value : (this?.value ?? sensor.value);
    currents.set(binding.neuron, gain * reading + offset);
  };
  sensor.on("data", listener);
  return () => sensor.removeListener("data", listener as (...args: never[]) => void);
}
