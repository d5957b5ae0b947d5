/** spikeloop's library API: `import { Device, parseLayerConfig } from "spikeloop"`. */
export { type LayerSpec, type ModelName, MODEL_NAMES, parseLayerConfig } from "./config.ts";
export { ConfigError, InputError, NetworkConfigError } from "./errors.ts";
export { type Currents, zeroCurrents } from "./currents.ts";
export type { Backend, Trace } from "./backends/backend.ts";
export { BACKEND_NAMES, type BackendName, openBackend } from "./backends/index.ts";
export { formatTraceCsv, parseCsvNumber, parseInputCsv } from "./csv.ts";
export { type CsvProgress, readInputCsv, writeTraceCsv } from "./csv-files.ts";
export type { Link } from "../io/link.ts";
export { type NetworkLayerSpec, type NetworkSpec, parseNetworkConfig } from "./network/config.ts";
export { formatNetworkTraceCsv, readNetworkFile } from "./network/files.ts";
export { type NetworkBackend, openNetworkBackend } from "./network/backends.ts";
export type { NetworkTrace } from "./network/trace.ts";
export * from "./inputs/shapes.ts";
export * from "./inputs/encoders.ts";
export * from "./client/index.ts";
export * from "../emulator/index.ts";
export { FlashError, type FlashErrorCode, type FlashOptions, type FlashProgress, type FlashResult, type FlashedFile, firmwareFiles, flashFiles } from "./flash/index.ts";
export * from "./johnny-five/index.ts";
export * from "./runner/index.ts";
export * from "./scope/index.ts";
export * from "./plot/index.ts";
export * from "./summary/index.ts";
export * from "./tutorial/index.ts";
export {
  type IntLayer, type ParamQuantization, type QuantizationWarning, type QuantizationWarningCode,
  DEFAULT_FRAC_BITS, quantizeInputs,
} from "./quantize.ts";
