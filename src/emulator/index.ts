/**
 * The emulated NodeMCU board (docs/emulator.md): the firmware's Lua over emulated NodeMCU
 * modules, reachable as a Link, as a serialport binding, or on a pseudo-terminal.
 */
export { type EmulatorOptions, NodeMcuEmulator, type PanicRecord } from "./emulator.ts";
export { EmulatorClosedError } from "./task-queue.ts";
export { FLASH_BYTES, FlashFs, type FlashFiles } from "./filesystem.ts";
export { readFirmwareFiles } from "../io/firmware-files.ts";
export type { OutputLog } from "./output-log.ts";
export type { AnalogSource, DigitalSource, PinControls, PinEvent, PinState } from "./pins.ts";
export { openEmulatorLink } from "./link.ts";
export { CanceledError, createEmulatorBinding, type EmulatorBinding, EmulatorPortBinding } from "./serialport-binding.ts";
export { type ExternalLuaOptions, type PtyBridge, type PtyOptions, SocatError, startExternalLuaPty, startPtyBridge } from "./pty.ts";
