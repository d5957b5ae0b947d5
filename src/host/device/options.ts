/** Option values of the Device API, checked before anything reaches the wire. */
import { Encoding } from "../../device/protocol.ts";
import { DeviceUsageError, type UsageErrorCode } from "./errors.ts";

/** Number formats on the wire: f64 exact, f32 float32 precision, f16 half precision. */
export type EncodingName = "f64" | "f32" | "f16";

const ENCODINGS: Record<EncodingName, Encoding> = { f64: Encoding.F64, f32: Encoding.F32, f16: Encoding.F16 };

export function encodingCode(name: EncodingName | undefined, option: string): Encoding {
  if (name === undefined) return Encoding.F64;
  if (!Object.hasOwn(ENCODINGS, name)) {
    throw new DeviceUsageError("option", `${option}: expected "f64", "f32" or "f16", got ${JSON.stringify(name)}`);
  }
  return ENCODINGS[name];
}

/** A whole number in [min, max], or `fallback` when undefined. */
export function wholeNumber(
  value: number | undefined,
  fallback: number,
  [min, max]: [number, number],
  option: string,
  code: UsageErrorCode = "option",
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DeviceUsageError(code, `${option}: expected a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}
