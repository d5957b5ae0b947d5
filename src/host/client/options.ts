/** Option values of the Device API, checked before anything reaches the wire. */
import { Encoding } from "../../shared/protocol.ts";
import { DeviceUsageError, type UsageErrorCode } from "./errors.ts";

/** Number formats on the wire: f64 exact, f32 float32 precision, f16 half precision; i32 for int layers. */
export type EncodingName = "f64" | "f32" | "f16" | "i32";

const ENCODINGS: Record<EncodingName, Encoding> = { f64: Encoding.F64, f32: Encoding.F32, f16: Encoding.F16, i32: Encoding.I32 };

export function encodingCode(name: EncodingName | undefined, option: string): Encoding {
  if (name === undefined) return Encoding.F64;
  if (!Object.hasOwn(ENCODINGS, name)) {
    throw new DeviceUsageError("option", `${option}: expected "f64", "f32", "f16" or "i32", got ${JSON.stringify(name)}`);
  }
  return ENCODINGS[name];
}

/** The encoding of a layer's inputs and states: an int layer's are always I32, a float layer's never. */
export function layerEncoding(dtype: "float64" | "float32" | "int", name: EncodingName | undefined, option: string): Encoding {
  if (dtype === "int") {
    if (name !== undefined && name !== "i32") {
      throw new DeviceUsageError("option", `${option}: an int layer's values travel as "i32", got ${JSON.stringify(name)}`);
    }
    return Encoding.I32;
  }
  if (name === "i32") throw new DeviceUsageError("option", `${option}: "i32" is for int layers; this layer is ${dtype}`);
  return encodingCode(name, option);
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
