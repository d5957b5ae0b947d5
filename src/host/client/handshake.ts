/**
 * What the client accepts as a spikeloop device: Firmata 2.x, a firmware named `spikeloop-…` of
 * this package's version, and the neuron extension's PROTOCOL_VERSION. A mismatch is a
 * DeviceMismatchError whose message ends with the fix.
 *
 * The Firmata version and name reports carry no check, so they only say what is wrong when the
 * board does not answer Hello; the HelloReply (under the frame's CRC) repeats the whole identity,
 * and the DeviceInfo comes from it alone.
 */
import { FIRMATA_MAJOR, FIRMWARE_MAJOR, FIRMWARE_MINOR, PROTOCOL_VERSION } from "../../shared/protocol.ts";
import { DeviceMismatchError, DeviceProtocolError } from "./errors.ts";
import type { BoardNumbers, HelloMessage } from "./messages.ts";
import type { Identity } from "./identity.ts";
import { MIN_MAX_FRAME } from "./requests.ts";

const NAME_PREFIX = "spikeloop-";

const REFLASH = "upload this spikeloop package's firmware to the board (docs/host-client.md, \"Firmware\")";

/** What the host knows about a connected device after the handshake. */
export interface DeviceInfo {
  /** Firmata protocol version (F9). */
  firmata: { major: number; minor: number };
  /** Firmware name ("spikeloop-nodemcu") and version. */
  firmware: { name: string; major: number; minor: number };
  /** The board part of the firmware name ("nodemcu", "stdio", "emulator"). */
  board: string;
  protocol: number;
  /** Longest extension frame the device reads, in bytes. */
  maxFrame: number;
  /** Values the input buffer holds: a lockstep batch of k steps needs k·n ≤ inputCapacity. */
  inputCapacity: number;
  maxNeurons: number;
  /** Whether the device can run the realtime loop (start/stop). */
  hasTimer: boolean;
  /**
   * The numbers the board computes with, measured on its VM: "double" (NodeMCU Lua 5.1, desktop
   * Luas, the emulator), "float32" (NodeMCU Lua 5.3), "integer" (NodeMCU's integer build).
   */
  numbers: BoardNumbers;
}

/** The firmware version this host library speaks to: same major, and same minor while 0.x. */
function firmwareCompatible(major: number, minor: number): boolean {
  return major === FIRMWARE_MAJOR && (FIRMWARE_MAJOR > 0 || minor === FIRMWARE_MINOR);
}

const EXPECTED = `${FIRMWARE_MAJOR}.${FIRMWARE_MINOR}`;

/**
 * What the Firmata version and firmware name reports say is wrong with the board, if anything:
 * the error to report when the CRC-protected HelloReply does not come to contradict them.
 */
export function identityMismatch(path: string, { version, firmware }: Identity): DeviceMismatchError | undefined {
  const unanswered = "and it does not answer the neuron extension's Hello";
  if (!firmware.name.startsWith(NAME_PREFIX)) {
    return new DeviceMismatchError("not-spikeloop", path, `the board runs "${firmware.name}" ${firmware.major}.${firmware.minor}, not spikeloop, ${unanswered}`, REFLASH);
  }
  if (version.major !== FIRMATA_MAJOR) {
    return new DeviceMismatchError("firmata-version", path, `the board speaks Firmata ${version.major}.${version.minor}, spikeloop needs ${FIRMATA_MAJOR}.x, ${unanswered}`, REFLASH);
  }
  if (!firmwareCompatible(firmware.major, firmware.minor)) {
    return new DeviceMismatchError(
      "firmware-version", path,
      `the board runs spikeloop firmware ${firmware.major}.${firmware.minor}, this host library speaks to ${EXPECTED}, ${unanswered}`,
      `${REFLASH}, or use the spikeloop release that matches firmware ${firmware.major}.${firmware.minor}`,
    );
  }
  return undefined;
}

/** Checks the HelloReply: the extension's version, the firmware version it repeats, usable limits. */
export function checkHello(path: string, hello: HelloMessage): void {
  if (hello.protocol !== PROTOCOL_VERSION) {
    throw new DeviceMismatchError(
      "protocol-version", path,
      `the board's neuron extension is protocol ${hello.protocol}, this host library speaks protocol ${PROTOCOL_VERSION}`,
      REFLASH,
    );
  }
  if (!firmwareCompatible(hello.firmwareMajor, hello.firmwareMinor)) {
    throw new DeviceMismatchError(
      "firmware-version", path,
      `the board's HelloReply says firmware ${hello.firmwareMajor}.${hello.firmwareMinor}, this host library speaks to ${EXPECTED}`,
      REFLASH,
    );
  }
  if (hello.firmataMajor !== FIRMATA_MAJOR) {
    throw new DeviceMismatchError(
      "firmata-version", path,
      `the board's HelloReply says Firmata ${hello.firmataMajor}.${hello.firmataMinor}, spikeloop needs ${FIRMATA_MAJOR}.x`,
      REFLASH,
    );
  }
  if (!/^[a-z0-9_-]+$/.test(hello.board)) {
    throw new DeviceProtocolError("unexpected-reply", path, `the HelloReply names the board "${hello.board}", not a spikeloop board name`);
  }
  if (hello.maxFrame < MIN_MAX_FRAME || hello.inputCapacity < 1) {
    throw new DeviceProtocolError(
      "unexpected-reply", path,
      `the HelloReply's limits are unusable: frames of ${hello.maxFrame} bytes, an input buffer of ${hello.inputCapacity} values`,
    );
  }
}

/** What the host knows after the handshake, all of it from the CRC-protected HelloReply. */
export function deviceInfo(hello: HelloMessage): DeviceInfo {
  return {
    firmata: { major: hello.firmataMajor, minor: hello.firmataMinor },
    firmware: { name: NAME_PREFIX + hello.board, major: hello.firmwareMajor, minor: hello.firmwareMinor },
    board: hello.board,
    protocol: hello.protocol,
    maxFrame: hello.maxFrame,
    inputCapacity: hello.inputCapacity,
    maxNeurons: hello.maxNeurons,
    hasTimer: hello.hasTimer,
    numbers: hello.numbers,
  };
}
