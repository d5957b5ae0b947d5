/**
 * Firmata reporting: analog channels (Cc 0/1 → Ec lsb msb every sampling interval) and digital
 * ports (Dp 0/1 → 9p b0 b1 when the port's inputs change), both driven by board timer 1 at the
 * sampling interval (F0 7A lsb msb F7). A board without timers says so in a STRING_DATA.
 */
import { Firmata, PinMode } from "../shared/protocol.ts";
import { flush, put, sendString } from "./output.ts";
import { MIN_SAMPLING_MS, REPORT_TIMER, type Runtime } from "./state.ts";

function sendAnalog(rt: Runtime, ch: number): void {
  let v = Math.floor(rt.board.analogRead(ch));
  if (!(v >= 0)) v = 0;
  put(rt, Firmata.AnalogMessage + (ch % 16));
  put(rt, v % 128);
  put(rt, Math.floor(v / 128) % 128);
}

/** The port's value: one bit per pin in an input mode (others read 0). */
function portValue(rt: Runtime, port: number): number {
  let value = 0;
  let bit = 1;
  for (let k = 0; k < 8; k++) {
    const pin = port * 8 + k;
    if (pin < rt.board.pinCount) {
      const mode = rt.pinModes[pin];
      if ((mode === PinMode.Input || mode === PinMode.InputPullup) && rt.board.digitalRead(pin) !== 0) {
        value = value + bit;
      }
    }
    bit = bit * 2;
  }
  return value;
}

function sendPort(rt: Runtime, port: number, value: number): void {
  put(rt, Firmata.DigitalMessage + (port % 16));
  put(rt, value % 128);
  put(rt, Math.floor(value / 128) % 2);
  rt.portLast[port] = value;
}

/** Timer 1: every enabled analog channel, and every enabled port whose value changed. */
export function samplingTick(rt: Runtime): void {
  for (let ch = 0; ch < rt.analogCount; ch++) {
    if (rt.analogOn[ch]) sendAnalog(rt, ch);
  }
  for (let port = 0; port < rt.portCount; port++) {
    if (rt.portOn[port]) {
      const value = portValue(rt, port);
      if (value !== rt.portLast[port]) sendPort(rt, port, value);
    }
  }
  flush(rt);
}

function anyReporting(rt: Runtime): boolean {
  for (let ch = 0; ch < rt.analogCount; ch++) {
    if (rt.analogOn[ch]) return true;
  }
  for (let port = 0; port < rt.portCount; port++) {
    if (rt.portOn[port]) return true;
  }
  return false;
}

/** Stops all reporting and timer 1. */
export function stopReporting(rt: Runtime): void {
  for (let ch = 0; ch < rt.analogCount; ch++) rt.analogOn[ch] = false;
  for (let port = 0; port < rt.portCount; port++) {
    rt.portOn[port] = false;
    rt.portLast[port] = -1;
  }
  if (rt.sampling) rt.board.stopTimer(REPORT_TIMER);
  rt.sampling = false;
}

/** Runs timer 1 while anything reports; without a timer, reporting is switched off again. */
function updateTimer(rt: Runtime): void {
  const wanted = anyReporting(rt);
  if (wanted && !rt.sampling) {
    if (rt.board.startTimer(REPORT_TIMER, rt.samplingMs, rt.samplingTick)) {
      rt.sampling = true;
    } else {
      stopReporting(rt);
      sendString(rt, "no timer on this board: reporting is off", -1);
    }
  } else if (!wanted && rt.sampling) {
    rt.board.stopTimer(REPORT_TIMER);
    rt.sampling = false;
  }
}

/** Cc 0/1. Enabling sends the channel's value at once, as StandardFirmata does. */
export function reportAnalog(rt: Runtime, ch: number, on: number): void {
  if (ch >= rt.analogCount) return;
  const enable = on !== 0;
  rt.analogOn[ch] = enable;
  if (enable) {
    sendAnalog(rt, ch);
    flush(rt);
  }
  updateTimer(rt);
}

/** Dp 0/1. Enabling sends the port's value at once. */
export function reportDigital(rt: Runtime, port: number, on: number): void {
  if (port >= rt.portCount) return;
  const enable = on !== 0;
  rt.portOn[port] = enable;
  rt.portLast[port] = -1;
  if (enable) {
    sendPort(rt, port, portValue(rt, port));
    flush(rt);
  }
  updateTimer(rt);
}

/** F0 7A lsb msb F7: the sampling interval in ms, at least MIN_SAMPLING_MS. */
export function setSamplingInterval(rt: Runtime, ms: number): void {
  rt.samplingMs = ms < MIN_SAMPLING_MS ? MIN_SAMPLING_MS : ms;
  if (rt.sampling) {
    rt.sampling = false;
    updateTimer(rt);
  }
}
