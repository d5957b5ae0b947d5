/**
 * The binary-safety check of the in-process VMs: do byte values survive the trip from JS into
 * Lua, and from Lua back to JS? The payload is all 256 byte values, and for the string paths of
 * wasmoon also bytes 1..255, to tell truncation at NUL from re-encoding of bytes >= 0x80.
 * Each VM module runs it through its own API; bench/lua/bench_bytes.lua is the Lua side.
 */

/** The first byte of a payload: 0 for all 256 values, 1 to leave out NUL. */
export type First = 0 | 1;

/** One direction of one VM. `length` is what the receiving side counts, undefined when not a string. */
export interface ByteCheck {
  vm: string;
  direction: "js -> lua" | "lua -> js";
  first: First;
  passedAs: string;
  arrivesAs: string;
  length: number | undefined;
  intact: boolean;
}

export function payloadBytes(first: First): Uint8Array {
  return Uint8Array.from({ length: 256 - first }, (_, i) => first + i);
}

/** The payload as a JS string, one UTF-16 code unit per byte. */
export function payloadString(first: First): string {
  return String.fromCharCode(...payloadBytes(first));
}

/** True when `values` are exactly first, first + 1, ..., 255. */
export function isPayload(values: ArrayLike<number>, first: First): boolean {
  if (values.length !== 256 - first) return false;
  for (let i = 0; i < values.length; i++) if (values[i] !== first + i) return false;
  return true;
}

export function codeUnits(s: string): number[] {
  return Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
}

/** What bench_bytes.inspect returns. */
export interface LuaInspection {
  type: string;
  length: number;
  intact: boolean;
}

export function fromInspection(vm: string, first: First, passedAs: string, seen: LuaInspection): ByteCheck {
  const length = seen.type === "string" ? seen.length : undefined;
  return { vm, direction: "js -> lua", first, passedAs, arrivesAs: seen.type, length, intact: seen.intact };
}
