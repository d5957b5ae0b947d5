/** Messages for the device's error codes (src/shared/codes.ts). */
import { DeviceError } from "../shared/codes.ts";

const MESSAGES: Record<DeviceError, string> = {
  [DeviceError.None]: "no error",
  [DeviceError.UnknownModel]: "unknown neuron model",
  [DeviceError.UnknownReset]: "unknown reset mechanism",
  [DeviceError.BadNeuronCount]: "neuron count out of range",
  [DeviceError.UnknownParam]: "unknown parameter id",
  [DeviceError.BadIndex]: "neuron index or array length out of range",
  [DeviceError.NotFinite]: "a parameter is missing or not a finite number",
  [DeviceError.AlphaNotAboveBeta]: "Alpha needs alpha > beta",
  [DeviceError.BetaIsOne]: "Alpha needs beta != 1",
  [DeviceError.NegativeThreshold]: "threshold must not be negative",
  [DeviceError.NonPositiveRC]: "Lapicque needs R*C > 0 and time_step > 0",
  [DeviceError.UnknownState]: "unknown state id",
  [DeviceError.UnknownDtype]: "unknown number format",
  [DeviceError.NotInteger]: "an int layer's value is not a whole number in its fixed-point range",
};

/** An error reported by device code (the kernels, the firmware or the emulated device). */
export class DeviceReportedError extends Error {
  readonly code: DeviceError;
  constructor(code: DeviceError, context: string) {
    super(`${context}: device error ${code} (${MESSAGES[code] ?? "unknown error code"})`);
    this.name = "DeviceReportedError";
    this.code = code;
  }
}
