/**
 * What the firmware runtime needs from a board. An adapter (firmware/<board>/board.lua, or a
 * TypeScript object in tests) implements it; the runtime never touches NodeMCU modules itself.
 * Its functions are called without `self` (`@noSelf`), so a Lua table of plain functions
 * implements this interface.
 */
/** @noSelf */
export interface Board {
  /** Short board name, reported in the firmware name ("spikeloop-<name>"). */
  name: string;
  /** Sends bytes[0 … count-1] over the serial link, in order. */
  write: (bytes: number[], count: number) => void;
  /** A free-running microsecond clock; may wrap (NodeMCU's tmr.now wraps at 2^31). */
  micros: () => number;
  /** How far `micros` counts before it wraps to 0. */
  microsSpan: number;
  /**
   * Calls `tick` every `ms` milliseconds on timer `id` (0: neuron loop, 1: Firmata reporting),
   * replacing what that timer did before. False when the board has no timers.
   */
  startTimer: (id: number, ms: number, tick: () => void) => boolean;
  stopTimer: (id: number) => void;
  /** Number of Firmata pins (0 … pinCount-1). */
  pinCount: number;
  /** Firmata capabilities of a pin as flat pairs: [mode, resolution, mode, resolution, …]. */
  pinCapabilities: (pin: number) => number[];
  /** The analog channel of a pin, or 127 when it has none. */
  analogChannel: (pin: number) => number;
  /** Puts a pin in a Firmata mode it supports (the runtime checks support first). */
  setPinMode: (pin: number, mode: number) => void;
  digitalWrite: (pin: number, value: number) => void;
  digitalRead: (pin: number) => number;
  /** PWM duty in the pin's resolution (0 … 2^resolution - 1). */
  pwmWrite: (pin: number, duty: number) => void;
  /**
   * Sets a PWM pin's frequency in Hz (servo bindings need 50 Hz). Optional: a board without it
   * keeps its PWM frequency. On the ESP8266 every PWM pin shares one frequency.
   */
  pwmClock?: (pin: number, hz: number) => void;
  analogRead: (channel: number) => number;
  /**
   * Switches UART0 to `baud` once what was written before has left (SetBaud, baud.ts).
   * Optional: a board without it keeps its rate and refuses SetBaud.
   */
  setBaud?: (baud: number) => void;
  freeHeap: () => number;
}
