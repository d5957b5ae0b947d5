/** The host client: a spikeloop device over a serial port, a Link, or a shared firmata.js Board. */
export { Device, type DeviceEvents, type DeviceMode, type DeviceOptions, type DeviceStatus, type DeviceTimeouts, type RealtimeOptions } from "./device.ts";
export type { DeviceInfo } from "./handshake.ts";
export type { RunOptions } from "./lockstep.ts";
export type { EncodingName } from "./options.ts";
export type { SpikeReport, StateReport } from "./reports.ts";
export type { DeviceMessage } from "./messages.ts";
export {
  DeviceClosedError, DeviceMismatchError, DeviceProtocolError, DeviceRejectedError, DeviceResetError,
  DeviceTimeoutError, DeviceUsageError, LinkOpenError,
} from "./errors.ts";
export { attachToFirmata, type FirmataBoard } from "./firmata-board.ts";
export type { InputBinding, OutputBinding } from "./bindings.ts";
export { firmataPort, type FirmataPort } from "./firmata-port.ts";
export { openSerialLink, type SerialLinkOptions } from "./serial-link.ts";
export { spawnProcessLink, spawnStdioFirmware, type ProcessLink, type ProcessLinkOptions } from "./process-link.ts";
export type { DeviceTransport, TransportSink } from "./transport.ts";
