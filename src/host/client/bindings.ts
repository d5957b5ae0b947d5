/**
 * On-device bindings as requests (docs/protocol.md, "Bindings"): options checked on the host
 * (nothing is sent when one is bad), then BindInput / BindOutput frames.
 */
import { Encoding, Op } from "../../shared/protocol.ts";
import { writeFloat } from "../../shared/wire/ieee.ts";
import type { LayerSpec } from "../config.ts";
import { DeviceUsageError } from "./errors.ts";
import { wholeNumber } from "./options.ts";
import { type Request, request, uint } from "./requests.ts";

const U14_MAX = 16383;
/** Firmata pin numbers travel in one septet. */
const PIN_MAX = 127;

/** An analog pin feeding one neuron's current: `gain · reading + offset`. */
export interface InputBinding {
  neuron: number;
  /** Firmata pin with an analog channel (9, A0, on the nodemcu board). */
  pin: number;
  /** Current per ADC count (default 1). */
  gain?: number;
  /** Current at reading 0 (default 0). */
  offset?: number;
  /** Sample every `every` steps, holding the value in between (default 1). */
  every?: number;
  /** Add the host's streamed input to the bound current instead of replacing it (default false). */
  mix?: boolean;
}

/** A neuron's spikes driving a pin. */
export type OutputBinding =
  /** The pin goes high on a spike for `ms` milliseconds (at least one step). */
  | { neuron: number; pin: number; mode: "pulse"; ms: number }
  /** Each spike flips the pin. */
  | { neuron: number; pin: number; mode: "toggle" }
  /**
   * PWM duty `low + (high - low) · spikes / window`, set at the end of every window of steps.
   * Duties in the pin's resolution (0–1023 on the nodemcu board); default low 0, high the maximum.
   */
  | { neuron: number; pin: number; mode: "rate"; window: number; low?: number; high?: number }
  /**
   * A servo on 50 Hz PWM: its pulse width goes from `minUs` (no spikes) to `maxUs` (a spike every
   * step) with the firing rate over `window` steps (defaults 1000–2000 µs).
   */
  | { neuron: number; pin: number; mode: "servo"; window: number; minUs?: number; maxUs?: number };

const KINDS = { pulse: 1, toggle: 2, rate: 3, servo: 4 } as const;
/** A servo's PWM period in µs (50 Hz). */
const SERVO_PERIOD_US = 20000;

function neuronOf(spec: LayerSpec, neuron: number, what: string): number {
  return wholeNumber(neuron, 0, [0, spec.neurons - 1], `${what}.neuron`);
}

function finite(value: number | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new DeviceUsageError("option", `${option}: expected a finite number, got ${value}`);
  }
  return value;
}

function f64(x: number): number[] {
  const out: number[] = [];
  writeFloat(out, 0, x, Encoding.F64);
  return out;
}

/** BindInput `neuron:u14 pin every:u14 mix gain:F64 offset:F64`. */
export function bindInputRequest(spec: LayerSpec, b: InputBinding): Request {
  const neuron = neuronOf(spec, b.neuron, "bindInput");
  const pin = wholeNumber(b.pin, 0, [0, PIN_MAX], "bindInput.pin");
  const every = wholeNumber(b.every, 1, [1, U14_MAX], "bindInput.every");
  const gain = finite(b.gain, 1, "bindInput.gain");
  const offset = finite(b.offset, 0, "bindInput.offset");
  return request(Op.BindInput, [...uint(neuron, 2), pin, ...uint(every, 2), b.mix === true ? 1 : 0, ...f64(gain), ...f64(offset)]);
}

/** BindOutput `neuron:u14 pin kind param:u14 low:u14 high:u14`. */
export function bindOutputRequest(spec: LayerSpec, b: OutputBinding): Request {
  const neuron = neuronOf(spec, b.neuron, "bindOutput");
  const pin = wholeNumber(b.pin, 0, [0, PIN_MAX], "bindOutput.pin");
  if (!Object.hasOwn(KINDS, b.mode)) {
    throw new DeviceUsageError("option", `bindOutput.mode: expected "pulse", "toggle", "rate" or "servo", got ${JSON.stringify(b.mode)}`);
  }
  let param = 0;
  let low = 0;
  let high = 0;
  if (b.mode === "pulse") param = wholeNumber(b.ms, 0, [1, U14_MAX], "bindOutput.ms");
  if (b.mode === "rate") {
    param = wholeNumber(b.window, 0, [1, U14_MAX], "bindOutput.window");
    low = wholeNumber(b.low, 0, [0, U14_MAX], "bindOutput.low");
    // The device checks `high` against the pin's resolution; 1023 is the nodemcu board's.
    high = wholeNumber(b.high, 1023, [low, U14_MAX], "bindOutput.high");
  }
  if (b.mode === "servo") {
    param = wholeNumber(b.window, 0, [1, U14_MAX], "bindOutput.window");
    low = wholeNumber(b.minUs, 1000, [0, SERVO_PERIOD_US], "bindOutput.minUs");
    high = wholeNumber(b.maxUs, 2000, [low, SERVO_PERIOD_US], "bindOutput.maxUs");
  }
  return request(Op.BindOutput, [...uint(neuron, 2), pin, KINDS[b.mode], ...uint(param, 2), ...uint(low, 2), ...uint(high, 2)]);
}
