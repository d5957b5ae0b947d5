/**
 * Integers and bit fields in 7-bit groups (septets), least significant first: the only way
 * numbers may travel inside a Firmata SysEx. Arithmetic only — no bit operators — so the same
 * code runs on Lua 5.1, which has none. Exact for values below 2^53.
 */

/** Writes `value` (0 ≤ value < 128^septets) at out[pos…]; returns the position after it. */
export function writeUint(out: number[], pos: number, value: number, septets: number): number {
  let v = value;
  for (let i = 0; i < septets; i++) {
    const low = v % 128;
    out[pos + i] = low;
    v = (v - low) / 128;
  }
  return pos + septets;
}

/** Reads an unsigned integer of `septets` septets at bytes[pos…]. */
export function readUint(bytes: number[], pos: number, septets: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < septets; i++) {
    value = value + bytes[pos + i] * scale;
    scale = scale * 128;
  }
  return value;
}

/** Sets `count` septets at out[pos…] to zero, so bit fields can be added into them. */
export function clearSeptets(out: number[], pos: number, count: number): void {
  for (let i = 0; i < count; i++) {
    out[pos + i] = 0;
  }
}

/**
 * Adds the low `count` bits of `value` (≥ 0, integral) into the septets at out[pos…], starting at
 * bit `bit` of that bit stream. The bits must be zero before (see clearSeptets).
 */
export function addBits(out: number[], pos: number, bit: number, value: number, count: number): void {
  let v = value;
  let offset = bit;
  let left = count;
  while (left > 0) {
    const shift = offset % 7;
    const take = Math.min(7 - shift, left);
    const span = 2 ** take;
    const chunk = v % span;
    const at = pos + Math.floor(offset / 7);
    out[at] = out[at] + chunk * 2 ** shift;
    v = (v - chunk) / span;
    offset = offset + take;
    left = left - take;
  }
}

/** Reads `count` bits starting at bit `bit` of the septet stream at bytes[pos…]. */
export function readBits(bytes: number[], pos: number, bit: number, count: number): number {
  let value = 0;
  let scale = 1;
  let offset = bit;
  let left = count;
  while (left > 0) {
    const shift = offset % 7;
    const take = Math.min(7 - shift, left);
    const span = 2 ** take;
    const chunk = Math.floor(bytes[pos + Math.floor(offset / 7)] / 2 ** shift) % span;
    value = value + chunk * scale;
    scale = scale * span;
    offset = offset + take;
    left = left - take;
  }
  return value;
}
