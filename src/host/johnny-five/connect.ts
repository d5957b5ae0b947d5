/**
 * One connection, two users: an unmodified johnny-five Board (over firmata.js) and a spikeloop
 * Device attached to the same firmata.js instance (attachToFirmata). johnny-five is an optional
 * peer dependency, loaded when a connection is opened.
 *
 *   const { board, device, close } = await connectJohnnyFive(link);
 *   const led = new five.Led({ pin: 2, board });
 */
import { createRequire } from "node:module";
import type { Device, DeviceOptions } from "../client/device.ts";
import { attachToFirmata, type FirmataBoard } from "../client/firmata-board.ts";
import { type FirmataPort, firmataPort } from "../client/firmata-port.ts";
import type { Link } from "../../io/link.ts";

/** The parts of a johnny-five Board this module uses. */
export interface JohnnyFiveBoard {
  io: FirmataBoard;
  isReady: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
}

/** The johnny-five module (`import five from "johnny-five"`), as far as this module needs it. */
export interface JohnnyFiveModule {
  Board: new (options: object) => JohnnyFiveBoard;
}

export type JohnnyFiveErrorCode = "johnny-five-missing" | "board-failed";

export class JohnnyFiveError extends Error {
  readonly code: JohnnyFiveErrorCode;
  constructor(code: JohnnyFiveErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JohnnyFiveError";
    this.code = code;
  }
}

export interface JohnnyFiveOptions {
  /** The johnny-five module to use; default `require("johnny-five")` from this package. */
  five?: JohnnyFiveModule;
  /** How long johnny-five may take to get ready (default 10000 ms). */
  timeoutMs?: number;
  /**
   * How long firmata.js waits for the board to announce itself before asking (default 500 ms;
   * firmata.js's own default, 5000 ms, makes every connection to a board that is already
   * running, like the emulator or a board whose port does not reset it, take 5 s).
   */
  reportVersionTimeoutMs?: number;
  /** Options of the attached spikeloop Device. */
  device?: DeviceOptions;
}

export interface JohnnyFiveConnection {
  /** The johnny-five Board: pass it as `board` to components. */
  board: JohnnyFiveBoard;
  /** The spikeloop Device over the same connection. */
  device: Device;
  /** Detaches the Device (clearing firmata.js's shared handler) and closes the link. */
  close(): Promise<void>;
}

/** firmata.js's Board class (firmata-io), as far as this module needs it. */
export type FirmataClass = new (port: FirmataPort, options: { reportVersionTimeout: number }) => FirmataBoard;

function load<T>(name: string): T {
  try {
    return createRequire(import.meta.url)(name) as T;
  } catch (err) {
    throw new JohnnyFiveError("johnny-five-missing", `${name} is not installed: npm install johnny-five firmata-io`, { cause: err });
  }
}

/** The johnny-five module, or JohnnyFiveError "johnny-five-missing". */
export function loadJohnnyFive(): JohnnyFiveModule {
  return load<JohnnyFiveModule>("johnny-five");
}

function boardReady(board: JohnnyFiveBoard, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onReady = (): void => {
      board.removeListener("error", onError);
      resolve();
    };
    const onError = (err: unknown): void => {
      board.removeListener("ready", onReady);
      const text = err instanceof Error ? err.message : String((err as { message?: unknown })?.message ?? err);
      reject(new JohnnyFiveError("board-failed", `${path}: johnny-five did not get ready: ${text}`, { cause: err }));
    };
    board.on("ready", onReady);
    board.on("error", onError);
  });
}

/**
 * Opens johnny-five (over an unmodified firmata.js Board it is given as `io`) on `link` (the emulator's, a serial port's, a pty's) and attaches a spikeloop
 * Device to it. Writes get F0 F7 appended where NodeMCU needs it (firmata-port.ts).
 */
export async function connectJohnnyFive(link: Link, options: JohnnyFiveOptions = {}): Promise<JohnnyFiveConnection> {
  const five = options.five ?? loadJohnnyFive();
  const Firmata = load<{ Firmata: FirmataClass }>("firmata-io").Firmata;
  const io = new Firmata(firmataPort(link), { reportVersionTimeout: options.reportVersionTimeoutMs ?? 500 });
  const board = new five.Board({ io, repl: false, debug: false, sigint: false, timeout: options.timeoutMs ?? 10000 });
  try {
    await boardReady(board, link.path);
  } catch (err) {
    await link.close();
    throw err;
  }
  let device: Device;
  try {
    device = await attachToFirmata(board.io, { ...options.device, path: link.path });
  } catch (err) {
    await link.close();
    throw err;
  }
  return {
    board,
    device,
    async close() {
      await device.close();
      await link.close();
    },
  };
}
