/**
 * The pins of an ESP8266 NodeMCU board as the gpio, pwm and adc modules drive them, with the
 * test controls: the history of every output change and scripted inputs.
 * Pin numbers are NodeMCU's index numbers 0..12 (docs/protocol.md, "Pins of the nodemcu board").
 */

export const PIN_COUNT = 13;
/** NodeMCU runs at most 6 PWM channels, at 1..1000 Hz. */
export const PWM_CHANNELS = 6;
export const PWM_MAX_CLOCK = 1000;

/** One output change: a gpio.write level, or a PWM duty (pwm.setup, pwm.setduty). */
export interface PinEvent {
  /** Emulator time in µs since power-on (never wraps). */
  timeUs: number;
  pin: number;
  kind: "gpio" | "pwm";
  value: number;
}

/** An analog input: a constant, samples one per millisecond (the last one holds), or f(timeUs). */
export type AnalogSource = number | readonly number[] | ((timeUs: number) => number);
/** A digital input level: a constant or f(timeUs). */
export type DigitalSource = number | ((timeUs: number) => number);

/** What a pin does now (gpio.mode constants: INPUT 0, OUTPUT 1, INT 2, OPENDRAIN 3). */
export interface PinState {
  mode: number;
  pullup: boolean;
  /** The level last written (outputs). */
  level: number;
  pwm?: { clock: number; duty: number; running: boolean };
}

/** The pins' test controls: the emulator's `pins`. */
export interface PinControls {
  /** Every output change since power-on (or `clearHistory`), in order; only `pin`'s if given. */
  history(pin?: number): PinEvent[];
  clearHistory(): void;
  /** What `pin` does now. */
  state(pin: number): PinState;
  /** Scripts A0 (a constant, samples one per ms from now on, or f(timeUs)). */
  setAnalogInput(source: AnalogSource): void;
  /** Scripts what input `pin` reads (undefined: unconnected again). */
  setDigitalInput(pin: number, source: DigitalSource | undefined): void;
}

/** Levels an unconnected input reads: D3 (GPIO0) and D4 (GPIO2) have pull-ups on the board. */
const BOARD_PULLUPS = new Set([3, 4]);
const OUTPUT = 1;
const OPENDRAIN = 3;

export class Pins implements PinControls {
  private readonly events: PinEvent[] = [];
  private pins: PinState[] = [];
  private analog: { source: AnalogSource; sinceUs: number } = { source: 0, sinceUs: 0 };
  private readonly digital = new Map<number, DigitalSource>();

  /** `now()` is the emulator time in µs. */
  constructor(private readonly now: () => number) {
    this.reset();
  }

  /** After a reset every pin is an input and PWM is off; history and scripted inputs stay. */
  reset(): void {
    this.pins = Array.from({ length: PIN_COUNT }, () => ({ mode: 0, pullup: false, level: 0 }));
  }

  history(pin?: number): PinEvent[] {
    return this.events.filter((e) => pin === undefined || e.pin === pin);
  }

  clearHistory(): void {
    this.events.length = 0;
  }

  state(pin: number): PinState {
    const s = this.pins[pin];
    return { ...s, pwm: s.pwm && { ...s.pwm } };
  }

  gpioMode(pin: number, mode: number, pullup: boolean): void {
    Object.assign(this.pins[pin], { mode, pullup });
  }

  gpioWrite(pin: number, level: number): void {
    this.pins[pin].level = level;
    this.record(pin, "gpio", level);
  }

  gpioRead(pin: number): number {
    const s = this.pins[pin];
    if (s.mode === OUTPUT || (s.mode === OPENDRAIN && s.level === 0)) return s.level;
    const source = this.digital.get(pin);
    if (source !== undefined) return (typeof source === "function" ? source(this.now()) : source) ? 1 : 0;
    return s.pullup || BOARD_PULLUPS.has(pin) ? 1 : 0;
  }

  /** The clock set, or 0 when all PWM channels are taken. */
  pwmSetup(pin: number, clock: number, duty: number): number {
    const s = this.pins[pin];
    if (!s.pwm && this.pins.filter((p) => p.pwm).length >= PWM_CHANNELS) return 0;
    s.pwm = { clock: Math.min(clock, PWM_MAX_CLOCK), duty, running: s.pwm?.running ?? false };
    this.record(pin, "pwm", duty);
    return s.pwm.clock;
  }

  pwmClose(pin: number): void {
    delete this.pins[pin].pwm;
  }

  /** False when the pin has no PWM set up. */
  pwmStart(pin: number): boolean {
    const pwm = this.pins[pin].pwm;
    if (pwm) pwm.running = true;
    return pwm !== undefined;
  }

  pwmStop(pin: number): void {
    const pwm = this.pins[pin].pwm;
    if (pwm) pwm.running = false;
  }

  /** The duty set; 0 without PWM on the pin. */
  pwmSetDuty(pin: number, duty: number): number {
    const pwm = this.pins[pin].pwm;
    if (!pwm) return 0;
    pwm.duty = duty;
    this.record(pin, "pwm", duty);
    return duty;
  }

  pwmGetDuty(pin: number): number {
    return this.pins[pin].pwm?.duty ?? 0;
  }

  pwmSetClock(pin: number, clock: number): number {
    const pwm = this.pins[pin].pwm;
    if (!pwm) return 0;
    pwm.clock = Math.min(clock, PWM_MAX_CLOCK);
    return pwm.clock;
  }

  pwmGetClock(pin: number): number {
    return this.pins[pin].pwm?.clock ?? 0;
  }

  /** A0 as adc.read(0) sees it: 0..1024, rounded. */
  adcRead(): number {
    const { source, sinceUs } = this.analog;
    const now = this.now();
    let value: number;
    if (typeof source === "number") value = source;
    else if (typeof source === "function") value = source(now);
    else {
      const i = Math.floor((now - sinceUs) / 1000);
      value = source.length === 0 ? 0 : source[Math.min(i, source.length - 1)];
    }
    return Math.min(1024, Math.max(0, Math.round(value)));
  }

  setAnalogInput(source: AnalogSource): void {
    this.analog = { source: Array.isArray(source) ? [...source] : source, sinceUs: this.now() };
  }

  setDigitalInput(pin: number, source: DigitalSource | undefined): void {
    if (source === undefined) this.digital.delete(pin);
    else this.digital.set(pin, source);
  }

  private record(pin: number, kind: PinEvent["kind"], value: number): void {
    this.events.push({ timeUs: this.now(), pin, kind, value });
  }
}
