/**
 * On-device bindings (docs/protocol.md, "Bindings"): pins wired to neurons inside the step loop,
 * so a sensor drives a neuron and a neuron drives an actuator with no host in the loop.
 *
 * - input: at the start of every `every`-th step, analog pin → `gain · reading + offset`, the
 *   current of one neuron (added to the host's input when `mix` is set);
 * - output: after the step, a neuron's spike drives a pin: a pulse of `ms` milliseconds, a
 *   toggle, a PWM duty following the spike count over a window of steps, or a servo pulse width
 *   (50 Hz PWM) following it.
 * A reading taken at the start of step t moves the pin at the end of step t: one step of latency.
 *
 * The tables are allocated once, at the first binding after the layer was configured; stepping
 * allocates nothing.
 */
import type { Layer } from "./layer.ts";
import { modeResolution } from "./firmata-core.ts";
import { inputWidth, stepConfigured } from "./network-ops.ts";
import { sendAck, sendError } from "./output.ts";
import { Encoding, Op, PinMode, WireError } from "../shared/protocol.ts";
import { filledFlags, filledNumbers } from "../shared/arrays.ts";
import type { Runtime } from "./state.ts";
import { readFloat } from "../shared/wire/ieee.ts";
import { readUint } from "../shared/wire/septets.ts";

/** Bindings of each direction a runtime holds. */
export const MAX_BINDINGS = 8;

/** How an output binding drives its pin. */
export const enum OutputKind {
  Pulse = 1,
  Toggle = 2,
  Rate = 3,
  Servo = 4,
}

/** Detail of a BadBinding error: which field was refused. */
export const enum BindingField {
  Neuron = 1,
  Pin = 2,
  Every = 3,
  Kind = 4,
  Duty = 5,
  Value = 6,
}

const NO_CHANNEL = 127;
/** Servo PWM: 50 Hz, so a period of 20000 µs. */
const SERVO_HZ = 50;
const SERVO_PERIOD_US = 20000;
/** Where the payload starts in a SysEx body (01 op seq …). */
const P = 3;

/** The binding tables: parallel arrays, one slot per binding. */
export interface Bindings {
  inCount: number;
  inNeuron: number[];
  inChannel: number[];
  inEvery: number[];
  inMix: boolean[];
  inGain: number[];
  inOffset: number[];
  /** The last sampled `gain · reading + offset`, held between samples. */
  inValue: number[];
  /** The currents of the step being run (n values), when input bindings exist. */
  current: number[];
  outCount: number;
  outNeuron: number[];
  outPin: number[];
  outKind: number[];
  /** Pulse: ms; Rate, Servo: window in steps. */
  outParam: number[];
  /** Rate: duties; Servo: the pulse widths as (fractional) duties. */
  outLow: number[];
  outHigh: number[];
  /** Pulse: steps the pin stays high; Toggle: the level; Rate, Servo: spikes in the window. */
  outState: number[];
  /** Rate: steps into the window. */
  outSteps: number[];
}

function newBindings(n: number): Bindings {
  return {
    inCount: 0,
    inNeuron: filledNumbers(MAX_BINDINGS, 0),
    inChannel: filledNumbers(MAX_BINDINGS, 0),
    inEvery: filledNumbers(MAX_BINDINGS, 1),
    inMix: filledFlags(MAX_BINDINGS, false),
    inGain: filledNumbers(MAX_BINDINGS, 0),
    inOffset: filledNumbers(MAX_BINDINGS, 0),
    inValue: filledNumbers(MAX_BINDINGS, 0),
    current: filledNumbers(n, 0),
    outCount: 0,
    outNeuron: filledNumbers(MAX_BINDINGS, 0),
    outPin: filledNumbers(MAX_BINDINGS, 0),
    outKind: filledNumbers(MAX_BINDINGS, 0),
    outParam: filledNumbers(MAX_BINDINGS, 0),
    outLow: filledNumbers(MAX_BINDINGS, 0),
    outHigh: filledNumbers(MAX_BINDINGS, 0),
    outState: filledNumbers(MAX_BINDINGS, 0),
    outSteps: filledNumbers(MAX_BINDINGS, 0),
  };
}

function writePin(rt: Runtime, pin: number, value: number, pwm: boolean): void {
  if (pwm) rt.board.pwmWrite(pin, value);
  else rt.board.digitalWrite(pin, value);
  rt.pinValues[pin] = value;
}

function bindings(rt: Runtime, layer: Layer): Bindings {
  let b = rt.bindings;
  if (b === undefined) {
    b = newBindings(inputWidth(rt, layer));
    rt.bindings = b;
  }
  return b;
}

/** Puts `pin` in `mode`, as F4 would. */
function claimPin(rt: Runtime, pin: number, mode: number): void {
  rt.board.setPinMode(pin, mode);
  rt.pinModes[pin] = mode;
}

/** BindInput `neuron:u14 pin every:u14 mix gain:F64 offset:F64`. */
export function bindInput(rt: Runtime, seq: number, body: number[]): void {
  const layer = rt.layer;
  if (layer === undefined) {
    sendError(rt, seq, Op.BindInput, WireError.NotConfigured, 0);
    return;
  }
  const neuron = readUint(body, P, 2);
  const pin = body[P + 2];
  const every = readUint(body, P + 3, 2);
  const gain = readFloat(body, P + 6, Encoding.F64);
  const offset = readFloat(body, P + 16, Encoding.F64);
  let bad = 0;
  if (neuron >= inputWidth(rt, layer)) bad = BindingField.Neuron;
  else if (!(pin < rt.board.pinCount) || rt.board.analogChannel(pin) === NO_CHANNEL) bad = BindingField.Pin;
  else if (every < 1) bad = BindingField.Every;
  else if (!finite(gain) || !finite(offset)) bad = BindingField.Value;
  if (bad > 0) {
    sendError(rt, seq, Op.BindInput, WireError.BadBinding, bad);
    return;
  }
  const b = bindings(rt, layer);
  if (b.inCount >= MAX_BINDINGS) {
    sendError(rt, seq, Op.BindInput, WireError.BindingsFull, MAX_BINDINGS);
    return;
  }
  const k = b.inCount;
  b.inNeuron[k] = neuron;
  b.inChannel[k] = rt.board.analogChannel(pin);
  b.inEvery[k] = every;
  b.inMix[k] = body[P + 5] === 1;
  b.inGain[k] = gain;
  b.inOffset[k] = offset;
  b.inValue[k] = offset;
  b.inCount = k + 1;
  if (modeResolution(rt, pin, PinMode.Analog) >= 0) claimPin(rt, pin, PinMode.Analog);
  sendAck(rt, seq, Op.BindInput);
}

function finite(x: number): boolean {
  return x === x && x !== Infinity && x !== -Infinity;
}

/** BindOutput `neuron:u14 pin kind param:u14 low:u14 high:u14`. */
export function bindOutput(rt: Runtime, seq: number, body: number[]): void {
  const layer = rt.layer;
  if (layer === undefined) {
    sendError(rt, seq, Op.BindOutput, WireError.NotConfigured, 0);
    return;
  }
  const neuron = readUint(body, P, 2);
  const pin = body[P + 2];
  const kind = body[P + 3];
  const param = readUint(body, P + 4, 2);
  const low = readUint(body, P + 6, 2);
  const high = readUint(body, P + 8, 2);
  const pwm = kind === OutputKind.Rate || kind === OutputKind.Servo;
  const mode = pwm ? PinMode.Pwm : PinMode.Output;
  const resolution = modeResolution(rt, pin, mode);
  let bad = 0;
  if (neuron >= layer.n) bad = BindingField.Neuron;
  else if (kind < OutputKind.Pulse || kind > OutputKind.Servo) bad = BindingField.Kind;
  else if (resolution < 0) bad = BindingField.Pin;
  else if (kind !== OutputKind.Toggle && param < 1) bad = BindingField.Every;
  else if (kind === OutputKind.Rate && (low > high || high > 2 ** resolution - 1)) bad = BindingField.Duty;
  else if (kind === OutputKind.Servo && (low > high || high > SERVO_PERIOD_US)) bad = BindingField.Duty;
  if (bad > 0) {
    sendError(rt, seq, Op.BindOutput, WireError.BadBinding, bad);
    return;
  }
  const b = bindings(rt, layer);
  if (b.outCount >= MAX_BINDINGS) {
    sendError(rt, seq, Op.BindOutput, WireError.BindingsFull, MAX_BINDINGS);
    return;
  }
  const k = b.outCount;
  b.outNeuron[k] = neuron;
  b.outPin[k] = pin;
  b.outKind[k] = kind;
  b.outParam[k] = param;
  b.outLow[k] = low;
  b.outHigh[k] = high;
  b.outState[k] = 0;
  b.outSteps[k] = 0;
  b.outCount = k + 1;
  claimPin(rt, pin, mode);
  if (kind === OutputKind.Servo) {
    // Servo: the duty is a pulse width in µs at 50 Hz; the resolution maps one period.
    const clock = rt.board.pwmClock;
    if (clock !== undefined) clock(pin, SERVO_HZ);
    const full = 2 ** resolution - 1;
    b.outLow[k] = (low * full) / SERVO_PERIOD_US;
    b.outHigh[k] = (high * full) / SERVO_PERIOD_US;
  }
  writePin(rt, pin, pwm ? Math.floor(b.outLow[k] + 0.5) : 0, pwm);
  sendAck(rt, seq, Op.BindOutput);
}

/** Forgets every binding; output pins go low (PWM to 0). No reply. */
export function dropBindings(rt: Runtime): void {
  const b = rt.bindings;
  if (b === undefined) return;
  for (let k = 0; k < b.outCount; k++) writePin(rt, b.outPin[k], 0, b.outKind[k] >= OutputKind.Rate);
  rt.bindings = undefined;
}

/** ClearBindings: Ack. */
export function clearBindings(rt: Runtime, seq: number): void {
  dropBindings(rt);
  sendAck(rt, seq, Op.ClearBindings);
}

/** The currents of this step in b.current: the host's, with the bound neurons' replaced or added. */
function sampleInputs(rt: Runtime, b: Bindings, n: number, input: number[], base: number): void {
  const current = b.current;
  for (let i = 0; i < n; i++) current[i] = input[base + i];
  for (let k = 0; k < b.inCount; k++) {
    if (rt.steps % b.inEvery[k] === 0) {
      b.inValue[k] = b.inGain[k] * rt.board.analogRead(b.inChannel[k]) + b.inOffset[k];
    }
    if (!b.inMix[k]) current[b.inNeuron[k]] = 0;
  }
  for (let k = 0; k < b.inCount; k++) current[b.inNeuron[k]] = current[b.inNeuron[k]] + b.inValue[k];
}

/** Steps a pulse lasts: `ms` at the realtime period (1 ms per step before any Start), at least 1. */
function pulseSteps(rt: Runtime, ms: number): number {
  const steps = Math.ceil((ms * 1000) / rt.periodUs);
  return steps < 1 ? 1 : steps;
}

function driveOutputs(rt: Runtime, b: Bindings, layer: Layer): void {
  const mem = layer.mem;
  const threshold = layer.threshold;
  for (let k = 0; k < b.outCount; k++) {
    const i = b.outNeuron[k];
    // The spike test of the Spikes report (reporting.ts addSpikes).
    const fired = mem[i] > threshold[i];
    const kind = b.outKind[k];
    const pin = b.outPin[k];
    if (kind === OutputKind.Pulse) {
      if (fired) {
        if (b.outState[k] === 0) writePin(rt, pin, 1, false);
        b.outState[k] = pulseSteps(rt, b.outParam[k]);
      } else if (b.outState[k] > 0) {
        b.outState[k] = b.outState[k] - 1;
        if (b.outState[k] === 0) writePin(rt, pin, 0, false);
      }
    } else if (kind === OutputKind.Toggle) {
      if (fired) {
        b.outState[k] = 1 - b.outState[k];
        writePin(rt, pin, b.outState[k], false);
      }
    } else {
      if (fired) b.outState[k] = b.outState[k] + 1;
      b.outSteps[k] = b.outSteps[k] + 1;
      const window = b.outParam[k];
      if (b.outSteps[k] >= window) {
        const low = b.outLow[k];
        const duty = Math.floor(low + ((b.outHigh[k] - low) * b.outState[k]) / window + 0.5);
        if (duty !== rt.pinValues[pin]) writePin(rt, pin, duty, true);
        b.outState[k] = 0;
        b.outSteps[k] = 0;
      }
    }
  }
}

/**
 * One step of the layer (or network) with the bindings applied: inputs sampled before, outputs
 * driven after. The step loops (lockstep.ts, realtime.ts) call this instead of stepping themselves.
 */
export function stepBound(rt: Runtime, layer: Layer, input: number[], base: number): void {
  const b = rt.bindings;
  if (b === undefined || b.inCount === 0) stepConfigured(rt, layer, input, base);
  else {
    sampleInputs(rt, b, inputWidth(rt, layer), input, base);
    stepConfigured(rt, layer, b.current, 0);
  }
  if (b !== undefined && b.outCount > 0) driveOutputs(rt, b, layer);
}
