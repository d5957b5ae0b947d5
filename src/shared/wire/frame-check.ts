/**
 * The check of every neuron-extension frame (docs/protocol.md, "The frame check"): four septets,
 * a CRC-14 and a Fletcher sum, computed in one pass over `01 op seq payload…`.
 *
 * CRC-14: generator x^14 + x^13 + x^5 + x^3 + x^2 + 1 (0x202D without the x^14 term, the
 * polynomial of the CRC catalogue's CRC-14/GSM) = (x + 1)(x^13 + x^4 + x^3 + x + 1), the second
 * factor primitive. So it detects every burst of up to 14 bits (so every changed septet, and any
 * change confined to two neighbouring septets), every odd number of flipped bits, and every two
 * flipped bits up to 8191 bits apart. The register starts at all ones (0x3FFF); each septet
 * enters most significant bit first, 7 bits at a time. With the register as two septets
 * (high, low):
 *
 *   index = high XOR septet
 *   high  = low XOR TH[index]
 *   low   = TL[index]
 *
 * where TH[v] and TL[v] are the high and low septets of v·x^14 mod the generator.
 *
 * What 14 bits cannot do: a damaged frame that a CRC cannot see through (a dropped byte and a
 * doubled one, say, which keep the frame's length) passes one time in 2^14, and a link at a 1 %
 * byte error rate damages thousands of frames an hour. The Fletcher sums beside it (A = the
 * septet count plus Σ septets, B = Σ A after each septet, both mod 127) see such shifts in
 * another way, two additions a septet. A starts at the count because a frame whose last data
 * septet is 0 otherwise had a shorter twin: with the CRC's high septet 0 there and A ≡ 0, the
 * frame less that septet, with one of the check's zero septets dropped, checked out too (fault
 * trials found it; a Stepped for 8 neurons often ends in a zero septet).
 *
 * Every byte must be a septet: a frame with a byte of 80–FF (a data byte whose top bit flipped,
 * say to F0, which ends no chunk on the board) fails the check. The table lookups
 * cannot see that bit, so it is tested, two instructions a septet.
 *
 * Lua 5.1 has no bit operators. NodeMCU builds the C module `bit` in (so does LuaJIT, and lua5.1
 * with lua-bitop); its `bxor` takes any number of arguments and is looked up by name once. With
 * it, three septets are folded in with four calls (the unrolled loop below). Without it (lua5.3/5.4
 * on a desktop, Node), a 7-bit XOR is two lookups in an 8×8 table of 3-bit XORs (bits 0–2 and
 * 3–5) and a sum mod 2 (bit 6), several times the VM instructions. The tables (64 + 2 × 128
 * numbers; a 16×16 table plus split high/low tables, 512 numbers, left the emulated ESP8266 too
 * little heap for a 64-neuron layer) are built once when the module loads; checking a frame
 * allocates nothing. The sums stay below 2^23 for frames of MAX_FRAME_BYTES, so they are exact
 * on a float32 VM too.
 */

/** The generator without its x^14 term. */
const POLY = 0x202d;

/** XOR3[a * 8 + b] = a XOR b for 0 ≤ a, b < 8: 64 numbers, a 7-bit XOR takes two lookups. */
const XOR3: number[] = [];
/**
 * The high and low septets of v·x^14 mod the generator, for every septet v. Keyed from 0 (a
 * record, not an array), so a lookup needs no index offset in Lua.
 */
const TH: Record<number, number> = {};
const TL: Record<number, number> = {};

/** bit.bxor: the XOR of two or three (or more) numbers. */
type Xor = (this: void, a: number, b: number, c?: number) => number;

/**
 * The VM's `bit.bxor`, read from the globals so that the name exists on both sides (a global
 * named `bit` cannot be declared to typescript-to-lua); undefined in Node and in Luas without it.
 */
const globals = globalThis as unknown as { bit?: { bxor?: Xor } };
const vmXor: Xor | undefined = globals.bit !== undefined ? globals.bit.bxor : undefined;

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
    TL[v] = r % 128;
    TH[v] = (r - (r % 128)) / 128;
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

/** Writes the four check septets at out[pos…]: the CRC's high and low septets, A mod 127, B mod 127. */
function putCheck(out: number[], pos: number, high: number, low: number, a: number, b: number): void {
  out[pos] = high;
  out[pos + 1] = low;
  out[pos + 2] = a % 127;
  out[pos + 3] = b % 127;
}

/** The check of bytes[from … to-1] with the VM's bxor: three septets per turn, then one at a time. */
function checkBxor(xor: Xor, bytes: number[], from: number, to: number, out: number[], pos: number): boolean {
  const th = TH;
  const tl = TL;
  let high = 127; // the register starts at 0x3FFF
  let low = 127;
  let a = to - from; // seeded with the length: see the module comment
  let b = 0;
  let i = from;
  const whole = to - ((to - from) % 3);
  while (i < whole) {
    const s1 = bytes[i];
    const s2 = bytes[i + 1];
    const s3 = bytes[i + 2];
    if (s1 > 127 || s2 > 127 || s3 > 127) return false;
    const i1 = xor(high, s1);
    const i2 = xor(low, th[i1], s2);
    const i3 = xor(tl[i1], th[i2], s3);
    high = xor(tl[i2], th[i3]);
    low = tl[i3];
    const a1 = a + s1;
    const a2 = a1 + s2;
    a = a2 + s3;
    b = b + a1 + a2 + a;
    i += 3;
  }
  while (i < to) {
    const s = bytes[i];
    if (s > 127) return false;
    const index = xor(high, s);
    high = xor(low, th[index]);
    low = tl[index];
    a = a + s;
    b = b + a;
    i++;
  }
  putCheck(out, pos, high, low, a, b);
  return true;
}

/**
 * Computes the check of the septets bytes[from … to-1] (see the module comment) and writes its
 * four septets at out[pos…]; false, writing nothing, if one of the bytes is not a septet.
 */
export function frameCheck(bytes: number[], from: number, to: number, out: number[], pos: number): boolean {
  if (vmXor !== undefined) return checkBxor(vmXor, bytes, from, to, out, pos);
  let high = 127;
  let low = 127;
  let a = to - from; // seeded with the length: see the module comment
  let b = 0;
  for (let i = from; i < to; i++) {
    const s = bytes[i];
    if (s > 127) return false;
    const index = xor7(high, s);
    high = xor7(low, TH[index]);
    low = TL[index];
    a = a + s;
    b = b + a;
  }
  putCheck(out, pos, high, low, a, b);
  return true;
}
