/**
 * CRC-14 over septets, the check of every neuron-extension frame (docs/protocol.md).
 *
 * Generator x^14 + x^13 + x^5 + x^3 + x^2 + 1 (0x202D without the x^14 term, the polynomial of
 * the CRC catalogue's CRC-14/GSM) = (x + 1)(x^13 + x^4 + x^3 + x + 1), the second factor
 * primitive. So the check detects every burst of up to 14 bits (so every changed septet, and any
 * change confined to two neighbouring septets), every odd number of flipped bits, and every two
 * flipped bits up to 8191 bits apart. The register starts at all ones (0x3FFF); each septet
 * enters most significant bit first, 7 bits at a time:
 *
 *   index = (register div 128) XOR septet
 *   register = ((register mod 128) * 128) XOR TABLE[index]
 *
 * where TABLE[v] is v·x^14 mod the generator. Lua 5.1 has no bit operators, so a 7-bit XOR is
 * two lookups in a 16×16 table of 4-bit XORs. The tables (256 + 2×128 numbers) are built once
 * when the module loads; checking a frame allocates nothing.
 */

/** The generator without its x^14 term. */
const POLY = 0x202d;

/** NIBBLE_XOR[a * 16 + b] = a XOR b for 0 ≤ a, b < 16. */
const NIBBLE_XOR: number[] = [];
/** TABLE[v] split into its high and low septets. */
const TABLE_HIGH: number[] = [];
const TABLE_LOW: number[] = [];

/** a XOR b for `bits`-bit values, one bit at a time (table building only). */
function slowXor(a: number, b: number, bits: number): number {
  let r = 0;
  let p = 1;
  for (let k = 0; k < bits; k++) {
    if ((Math.floor(a / p) + Math.floor(b / p)) % 2 === 1) r += p;
    p *= 2;
  }
  return r;
}

function buildTables(): void {
  for (let a = 0; a < 16; a++) {
    for (let b = 0; b < 16; b++) NIBBLE_XOR.push(slowXor(a, b, 4));
  }
  for (let v = 0; v < 128; v++) {
    let r = v * 128;
    for (let k = 0; k < 7; k++) {
      r = r >= 0x2000 ? slowXor((r - 0x2000) * 2, POLY, 14) : r * 2;
    }
    TABLE_HIGH.push(Math.floor(r / 128));
    TABLE_LOW.push(r % 128);
  }
}
buildTables();

/** CRC-14 of the septets bytes[from … to-1], as high septet * 128 + low septet. */
export function crc14(bytes: number[], from: number, to: number): number {
  let high = 127; // the register starts at 0x3FFF
  let low = 127;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    // index = high XOR b, nibble by nibble
    const h0 = high % 16;
    const b0 = b % 16;
    const index = NIBBLE_XOR[h0 * 16 + b0] + 16 * NIBBLE_XOR[(high - h0) + (b - b0) / 16];
    // register = low * 128 XOR TABLE[index]
    const t = TABLE_HIGH[index];
    const l0 = low % 16;
    const t0 = t % 16;
    high = NIBBLE_XOR[l0 * 16 + t0] + 16 * NIBBLE_XOR[(low - l0) + (t - t0) / 16];
    low = TABLE_LOW[index];
  }
  return high * 128 + low;
}
