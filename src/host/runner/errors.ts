/** Typed errors of `spikeloop run` and `spikeloop tutorial`; tests check `code`. */

export type RunErrorCode = "report-timeout" | "device-reset" | "no-timer" | "no-analog" | "reference-missing" | "reference-mismatch";

export class RunError extends Error {
  readonly code: RunErrorCode;
  constructor(code: RunErrorCode, message: string) {
    super(message);
    this.name = "RunError";
    this.code = code;
  }
}
