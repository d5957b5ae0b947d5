/**
 * `spikeloop/testing`: an emulated spikeloop device for a user's test suite (docs/testing.md).
 */
export { EmulatedDevice, type EmulatedDeviceOptions, startEmulatedDevice } from "./emulated-device.ts";
export type { AnalogSource, DigitalSource, NodeMcuEmulator, PanicRecord, PinEvent, PinState } from "../emulator/index.ts";
export type { Device, DeviceStatus, SpikeReport, StateReport } from "../host/client/index.ts";
export { type FaultCounts, type FaultKind, type FaultyLink, type FaultyLinkOptions, faultyLink } from "./faulty-link.ts";
