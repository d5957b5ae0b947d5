/**
 * Firmata's core on the device: version and firmware name, the capability, analog-mapping and
 * pin-state queries, pin modes and writes (docs/protocol.md, "Firmata core"). Reporting (analog,
 * digital, sampling interval) is in firmata-reports.ts.
 */
import { FIRMATA_MAJOR, FIRMATA_MINOR, FIRMWARE_MAJOR, FIRMWARE_MINOR, Firmata, PinMode, Sysex } from "../shared/protocol.ts";
import { endString, flush, put, putNumber, putText, beginString, sendString } from "./output.ts";
import type { Runtime } from "./state.ts";

const NO_CHANNEL = 127;

/** F9 02 06. */
export function sendVersion(rt: Runtime): void {
  put(rt, Firmata.ReportVersion);
  put(rt, FIRMATA_MAJOR);
  put(rt, FIRMATA_MINOR);
  flush(rt);
}

/** F0 79 00 01 "spikeloop-<board>" F7, two septets per character. */
export function sendFirmwareName(rt: Runtime): void {
  put(rt, Firmata.StartSysex);
  put(rt, Sysex.ReportFirmware);
  put(rt, FIRMWARE_MAJOR);
  put(rt, FIRMWARE_MINOR);
  putText(rt, "spikeloop-");
  putText(rt, rt.board.name);
  put(rt, Firmata.EndSysex);
  flush(rt);
}

/**
 * The PWM resolution Firmata clients are told, whatever the pin's own (10 bits on an ESP8266).
 * johnny-five maps a Led's 0–255 onto the reported resolution and accepts a non-PWM pin only
 * when that map gives exactly LOW or HIGH, so with 8 bits `Led.on()` works on every output pin.
 * pwmWrite scales the 8-bit value to the pin's full range (255 is the top duty).
 */
const FIRMATA_PWM_BITS = 8;
const FIRMATA_PWM_MAX = 255;

/** F0 6C, per pin its (mode, resolution) pairs and 7F, F7; PWM reported as FIRMATA_PWM_BITS. */
export function sendCapabilities(rt: Runtime): void {
  put(rt, Firmata.StartSysex);
  put(rt, Sysex.CapabilityResponse);
  for (let pin = 0; pin < rt.board.pinCount; pin++) {
    const caps = rt.board.pinCapabilities(pin);
    for (let k = 0; k + 1 < caps.length; k = k + 2) {
      put(rt, caps[k] % 128);
      put(rt, caps[k] === PinMode.Pwm ? FIRMATA_PWM_BITS : caps[k + 1] % 128);
    }
    put(rt, 0x7f);
  }
  put(rt, Firmata.EndSysex);
  flush(rt);
}

/** F0 6A, per pin its analog channel or 7F, F7. */
export function sendAnalogMapping(rt: Runtime): void {
  put(rt, Firmata.StartSysex);
  put(rt, Sysex.AnalogMappingResponse);
  for (let pin = 0; pin < rt.board.pinCount; pin++) {
    put(rt, rt.board.analogChannel(pin) % 128);
  }
  put(rt, Firmata.EndSysex);
  flush(rt);
}

/** Resolution of `mode` on `pin`, or -1 when the pin does not support it. */
export function modeResolution(rt: Runtime, pin: number, mode: number): number {
  if (!(pin >= 0 && pin < rt.board.pinCount)) return -1;
  const caps = rt.board.pinCapabilities(pin);
  for (let k = 0; k + 1 < caps.length; k = k + 2) {
    if (caps[k] === mode) return caps[k + 1];
  }
  return -1;
}

/** The mode a pin has after boot or reset: input where it can, else its first capability. */
export function defaultMode(rt: Runtime, pin: number): number {
  if (modeResolution(rt, pin, PinMode.Input) >= 0) return PinMode.Input;
  const caps = rt.board.pinCapabilities(pin);
  return caps.length > 0 ? caps[0] : PinMode.Input;
}

/** Number of analog channels: one past the highest channel any pin maps to. */
export function analogChannelCount(rt: Runtime): number {
  let count = 0;
  for (let pin = 0; pin < rt.board.pinCount; pin++) {
    const ch = rt.board.analogChannel(pin);
    if (ch !== NO_CHANNEL && ch + 1 > count) count = ch + 1;
  }
  return count;
}

/** F4 pin mode: only modes the pin supports; anything else gets a STRING_DATA error. */
export function setPinMode(rt: Runtime, pin: number, mode: number): void {
  if (modeResolution(rt, pin, mode) < 0) {
    beginString(rt);
    putText(rt, "pin ");
    putNumber(rt, pin);
    putText(rt, " does not support mode ");
    putNumber(rt, mode);
    endString(rt);
    return;
  }
  rt.board.setPinMode(pin, mode);
  rt.pinModes[pin] = mode;
  rt.pinValues[pin] = 0;
}

/** Writes a digital value to `pin` if it is an output; false when it is not. */
function writeOutput(rt: Runtime, pin: number, value: number): boolean {
  if (!(pin >= 0 && pin < rt.board.pinCount) || rt.pinModes[pin] !== PinMode.Output) return false;
  const v = value !== 0 ? 1 : 0;
  rt.board.digitalWrite(pin, v);
  rt.pinValues[pin] = v;
  return true;
}

/** 9p b0 b1: the output pins of port p take bits 0–6 of b0 and bit 7 from b1; others ignore it. */
export function digitalPortWrite(rt: Runtime, port: number, b0: number, b1: number): void {
  const value = b0 + 128 * (b1 % 2);
  let bits = value;
  for (let k = 0; k < 8; k++) {
    writeOutput(rt, port * 8 + k, bits % 2);
    bits = Math.floor(bits / 2);
  }
}

/** F5 pin value. */
export function setDigitalPin(rt: Runtime, pin: number, value: number): void {
  if (!writeOutput(rt, pin, value)) sendString(rt, "not an output pin: ", pin);
}

/** StandardFirmata's default servo pulse range, in µs. */
export const SERVO_MIN_US = 544;
export const SERVO_MAX_US = 2400;
/** A servo's PWM runs at 50 Hz: one period is 20000 µs. */
const SERVO_PERIOD_US = 20000;

/**
 * F0 70 pin min(2) max(2) F7: sets a pin's servo pulse range and puts it in servo mode, as
 * StandardFirmata does. Servo mode is PWM at 50 Hz (the board adapter sets the clock).
 */
export function servoConfig(rt: Runtime, body: number[], len: number): void {
  if (len < 6) {
    sendString(rt, "servo config needs 5 bytes, got ", len - 1);
    return;
  }
  const pin = body[1];
  const min = body[2] + 128 * body[3];
  const max = body[4] + 128 * body[5];
  if (modeResolution(rt, pin, PinMode.Servo) < 0 || min >= max || max > SERVO_PERIOD_US) {
    sendString(rt, "bad servo config for pin ", pin);
    return;
  }
  rt.servoMin[pin] = min;
  rt.servoMax[pin] = max;
  if (rt.pinModes[pin] !== PinMode.Servo) setPinMode(rt, pin, PinMode.Servo);
}

/**
 * An analog write to a servo pin: below 544 the value is an angle in degrees (0–180, clamped)
 * within the pin's pulse range, otherwise a pulse width in µs — Firmata's convention. The pulse
 * becomes a 50 Hz PWM duty in the pin's PWM resolution.
 */
function servoWrite(rt: Runtime, pin: number, value: number): void {
  const min = rt.servoMin[pin];
  const max = rt.servoMax[pin];
  let pulse = value;
  if (value < SERVO_MIN_US) {
    const degrees = value > 180 ? 180 : value;
    pulse = min + ((max - min) * degrees) / 180;
  }
  const top = 2 ** modeResolution(rt, pin, PinMode.Pwm) - 1;
  rt.board.pwmWrite(pin, Math.floor((pulse * top) / SERVO_PERIOD_US + 0.5));
  rt.pinValues[pin] = value;
}

/**
 * Ep lsb msb and F0 6F: a PWM value in Firmata's 8 bits (clamped to 255), scaled to the pin's
 * own resolution and rounded (0 → 0, 255 → the top duty, 1023 on an ESP8266), or a servo position.
 */
export function pwmWrite(rt: Runtime, pin: number, value: number): void {
  if (pin >= 0 && pin < rt.board.pinCount && rt.pinModes[pin] === PinMode.Servo) {
    servoWrite(rt, pin, value);
    return;
  }
  const resolution = modeResolution(rt, pin, PinMode.Pwm);
  if (resolution < 0 || rt.pinModes[pin] !== PinMode.Pwm) {
    sendString(rt, "not a PWM pin: ", pin);
    return;
  }
  const v = value > FIRMATA_PWM_MAX ? FIRMATA_PWM_MAX : value;
  rt.board.pwmWrite(pin, Math.floor((v * (2 ** resolution - 1)) / FIRMATA_PWM_MAX + 0.5));
  rt.pinValues[pin] = v;
}

/** F0 6F pin v0 v1 … F7: `body` holds 6F pin v…; the value is 7-bit groups, LSB first. */
export function extendedAnalog(rt: Runtime, body: number[], len: number): void {
  if (len < 3) return;
  let value = 0;
  let scale = 1;
  for (let k = 2; k < len && k < 6; k++) {
    value = value + body[k] * scale;
    scale = scale * 128;
  }
  pwmWrite(rt, body[1], value);
}

/** F0 6D pin F7 → F0 6E pin mode state… F7; the state in 7-bit groups (at least one). */
export function sendPinState(rt: Runtime, pin: number): void {
  if (!(pin >= 0 && pin < rt.board.pinCount)) {
    sendString(rt, "no such pin: ", pin);
    return;
  }
  const mode = rt.pinModes[pin];
  let state = rt.pinValues[pin];
  if (mode === PinMode.Input || mode === PinMode.InputPullup) {
    state = rt.board.digitalRead(pin);
  } else if (mode === PinMode.Analog) {
    state = rt.board.analogRead(rt.board.analogChannel(pin));
  }
  put(rt, Firmata.StartSysex);
  put(rt, Sysex.PinStateResponse);
  put(rt, pin);
  put(rt, mode % 128);
  let v = Math.floor(state);
  if (!(v >= 0)) v = 0;
  put(rt, v % 128);
  v = Math.floor(v / 128);
  while (v > 0) {
    put(rt, v % 128);
    v = Math.floor(v / 128);
  }
  put(rt, Firmata.EndSysex);
  flush(rt);
}

/** Every pin back to its default mode (system reset). */
export function resetPins(rt: Runtime): void {
  for (let pin = 0; pin < rt.board.pinCount; pin++) {
    const mode = defaultMode(rt, pin);
    if (rt.pinModes[pin] !== mode) rt.board.setPinMode(pin, mode);
    rt.pinModes[pin] = mode;
    rt.pinValues[pin] = 0;
  }
}
