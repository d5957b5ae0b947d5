/**
 * Sharing one connection with firmata.js (and so johnny-five): the Board keeps the serial port
 * and its own handshake; spikeloop registers for its SysEx id (0x01) and sends its frames with
 * `sysexCommand`. The same client logic (Session, Device) runs over this second transport.
 *
 * firmata.js keeps SysEx handlers in ONE table shared by every Board of the process, so one
 * Device at a time can be attached; close() the Device to detach (it clears the handler).
 */
import { Sysex } from "../../shared/protocol.ts";
import { decodeExtension } from "./decode.ts";
import { Device, type DeviceOptions } from "./device.ts";
import { DeviceUsageError } from "./errors.ts";
import type { DeviceTransport, TransportSink } from "./transport.ts";

/** The parts of a firmata.js (firmata-io) Board that spikeloop uses. */
export interface FirmataBoard {
  isReady?: boolean;
  version: { major?: number; minor?: number };
  firmware: { name?: string; version?: { major: number; minor: number } };
  sysexResponse(command: number, handler: (data: number[]) => void): unknown;
  clearSysexResponse(command: number): void;
  sysexCommand(message: number[]): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
}

function boardTransport(board: FirmataBoard, path: string): DeviceTransport {
  const listeners: [string, (...args: never[]) => void][] = [];
  return {
    path,
    start(sink: TransportSink) {
      try {
        // The handler gets the bytes after F0 01, without F7: op seq payload… check.
        board.sysexResponse(Sysex.Spikeloop, (data) => sink.message(decodeExtension([Sysex.Spikeloop, ...data], data.length + 1)));
      } catch {
        throw new DeviceUsageError("handler-taken", `${path}: firmata.js already has a handler for SysEx 0x01 (another spikeloop Device is attached): close it first`);
      }
      listeners.push(
        ["reportversion", () => sink.message({ type: "version", major: board.version.major ?? 0, minor: board.version.minor ?? 0 })],
        ["queryfirmware", () => sink.message({ type: "firmware", ...firmwareOf(board) })],
        ["string", (text: string) => sink.message({ type: "string", text })],
        ["close", () => sink.closed()],
        ["disconnect", () => sink.closed()],
      );
      for (const [event, listener] of listeners) board.on(event, listener);
    },
    async send(bytes: Uint8Array) {
      // Only neuron-extension frames travel this way; firmata.js adds F0 and F7.
      board.sysexCommand(Array.from(bytes.subarray(1, bytes.length - 1)));
    },
    async close() {
      board.clearSysexResponse(Sysex.Spikeloop);
      for (const [event, listener] of listeners.splice(0)) board.removeListener(event, listener);
    },
  };
}

function firmwareOf(board: FirmataBoard): { name: string; major: number; minor: number } {
  return { name: board.firmware.name ?? "", major: board.firmware.version?.major ?? 0, minor: board.firmware.version?.minor ?? 0 };
}

/**
 * Attaches a spikeloop Device to a ready firmata.js Board (after its "ready" event). The Board
 * already knows the Firmata version and firmware name; the Device checks them and says Hello.
 */
export async function attachToFirmata(board: FirmataBoard, options: DeviceOptions & { path?: string } = {}): Promise<Device> {
  const path = options.path ?? "firmata.js board";
  if (board.isReady === false || board.firmware.name === undefined) {
    throw new DeviceUsageError("not-ready", `${path}: the firmata.js Board is not ready yet; attach in its "ready" handler`);
  }
  return Device.connect(boardTransport(board, path), options, async () => ({
    version: { type: "version", major: board.version.major ?? 0, minor: board.version.minor ?? 0 },
    firmware: { type: "firmware", ...firmwareOf(board) },
  }));
}
