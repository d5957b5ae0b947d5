/**
 * The emulated ESP8266 under the Lua modules: BoardHost (lua-board.ts) over the emulator's parts
 * (clock, UART, timers, pins, flash). What reaches beyond the hardware (output, restarts, the
 * boot's progress) goes to `BoardEvents`.
 */
import type { Clock } from "./clock.ts";
import type { LfsRegion } from "./lfs.ts";
import { FLASH_BYTES, type FlashFs } from "./filesystem.ts";
import type { BoardHost } from "./lua-board.ts";
import type { Pins } from "./pins.ts";
import type { TimerTable } from "./timers.ts";
import type { UartReceiver } from "./uart.ts";

export interface BoardParts {
  clock: Clock;
  lfs: LfsRegion;
  /** Module sources a reloaded LFS image's modules run from (the firmware it was built from). */
  lfsSources: () => Map<string, Uint8Array>;
  rx: UartReceiver;
  timers: TimerTable;
  pins: Pins;
  flash: FlashFs;
}

export interface BoardEvents {
  /** Bytes written to UART `id`. */
  transmit(id: number, bytes: Uint8Array): void;
  baudRate(id: number, baud: number): void;
  restart(): void;
  fileLoaded(name: string): void;
  /** Emulator time at this boot, µs: tmr.now() counts from it. */
  bootUs(): number;
}

/** tmr.now() is 31 bits wide. */
const MICROS_SPAN = 2 ** 31;

export function boardHost({ clock, rx, timers, pins, flash, lfs, lfsSources }: BoardParts, events: BoardEvents): BoardHost {
  const uptimeUs = (): number => clock.now() - events.bootUs();
  return {
    uartSetup(id, baud, echo) {
      if (id === 0 && echo !== undefined) rx.echo = echo;
      events.baudRate(id, baud);
    },
    uartOn(dataLen, endChar, runInput, hasCallback) {
      rx.config = { dataLen, endChar, runInput, hasCallback };
    },
    uartWrite: (id, bytes) => events.transmit(id, bytes),
    micros: () => uptimeUs() % MICROS_SPAN,
    uptimeSeconds: () => Math.floor(uptimeUs() / 1e6) % MICROS_SPAN,
    delay: (us) => clock.busyWait(us),
    timerArm: (id, intervalMs, repeat) => timers.arm(id, intervalMs, repeat),
    timerDisarm: (id) => timers.disarm(id),
    gpioMode: (pin, mode, pullup) => pins.gpioMode(pin, mode, pullup),
    gpioWrite: (pin, level) => pins.gpioWrite(pin, level),
    gpioRead: (pin) => pins.gpioRead(pin),
    pwmSetup: (pin, clockHz, duty) => pins.pwmSetup(pin, clockHz, duty),
    pwmClose: (pin) => pins.pwmClose(pin),
    pwmStart: (pin) => pins.pwmStart(pin),
    pwmStop: (pin) => pins.pwmStop(pin),
    pwmSetClock: (pin, clockHz) => pins.pwmSetClock(pin, clockHz),
    pwmGetClock: (pin) => pins.pwmGetClock(pin),
    pwmSetDuty: (pin, duty) => pins.pwmSetDuty(pin, duty),
    pwmGetDuty: (pin) => pins.pwmGetDuty(pin),
    adcRead: () => pins.adcRead(),
    restart: () => events.restart(),
    fsRead: (name) => flash.read(name),
    fsWrite: (name, bytes) => flash.write(name, bytes),
    fsExists: (name) => flash.exists(name),
    fsRemove: (name) => flash.remove(name),
    fsRename: (from, to) => flash.rename(from, to),
    fsList: () => flash.list(),
    fsUsed: () => flash.used(),
    fsTotal: () => FLASH_BYTES,
    fileLoaded: (name) => events.fileLoaded(name),
    lfsReload: (file) => lfs.reload(flash.read(file), lfsSources()),
    lfsNames: () => lfs.names(),
    lfsSource: (name) => lfs.source(name),
    lfsSize: () => lfs.size,
  };
}
