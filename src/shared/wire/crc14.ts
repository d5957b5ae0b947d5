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
 * two lookups in an 8×8 table of 3-bit XORs (bits 0–2 and 3–5) and a sum mod 2 (bit 6). The tables
 * (64 + 128 numbers; a 16×16 table plus split high/low tables, 512 numbers, left the emulated
 * ESP8266 too little heap for a 64-neuron layer) are built once when the module loads; checking a
 * frame allocates nothing.
 */

/** The generator without its x^14 term. */
const POLY = 0x202d;

/** XOR3[a * 8 + b] = a XOR b for 0 ≤ a, b < 8: 64 numbers, a 7-bit XOR takes two lookups. */
const XOR3: number[] = [];
/** TABLE[v] = v·x^14 mod the generator, for every septet v. */
const TABLE: number[] = [];

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
  for (let a = 0; a < 8; a++) {
    for (let b = 0; b < 8; b++) XOR3.push(slowXor(a, b, 3));
  }
  for (let v = 0; v < 128; v++) {
    let r = v * 128;
    for (let k = 0; k < 7; k++) {
      r = r >= 0x2000 ? slowXor((r - 0x2000) * 2, POLY, 14) : r * 2;
    }
    TABLE.push(r);
  }
}
buildTables();

/** a XOR b for septets: bits 0–2 and 3–5 by lookup, bit 6 by a sum mod 2. */
function xor7(a: number, b: number): number {
  const a0 = a % 8;
  const b0 = b % 8;
  const a1 = a % 64 - a0;
  const b1 = b % 64 - b0;
  return XOR3[a0 * 8 + b0] + 8 * XOR3[a1 + b1 / 8] + (a - a1 - a0 + b - b1 - b0) % 128;
}

/** CRC-14 of the septets bytes[from … to-1], as high septet * 128 + low septet. */
export function crc14(bytes: number[], from: number, to: number): number {
  let high = 127; // the register starts at 0x3FFF
  let low = 127;
  for (let i = from; i < to; i++) {
    const t = TABLE[xor7(high, bytes[i])];
    const tLow = t % 128;
    high = xor7(low, (t - tLow) / 128);
    low = tLow;
  }
  return high * 128 + low;
}
