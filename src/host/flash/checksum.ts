/**
 * The upload's checksum: Adler-32's two sums (mod 65521) and the length, kept apart so the
 * board computes them with Lua 5.1 arithmetic alone (no bit operators, no integer overflow on a
 * 32-bit Lua 5.3 build). The board's side is `_SL.s` in helper.ts.
 */
export interface Checksum {
  length: number;
  a: number;
  b: number;
}

const MOD = 65521;

export function checksum(data: Uint8Array): Checksum {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % MOD;
    b = (b + a) % MOD;
  }
  return { length: data.length, a, b };
}

/** The board's answer "SL:<length>:<a>:<b>", or undefined when it is not one. */
export function parseChecksum(reply: string): Checksum | undefined {
  const m = /^SL:(\d+):(\d+):(\d+)$/.exec(reply);
  return m === null ? undefined : { length: Number(m[1]), a: Number(m[2]), b: Number(m[3]) };
}

export function sameChecksum(x: Checksum, y: Checksum): boolean {
  return x.length === y.length && x.a === y.a && x.b === y.b;
}
