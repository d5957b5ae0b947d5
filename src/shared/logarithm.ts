/**
 * Logarithms for the board. NodeMCU's Lua 5.1 math library has no `log` (only abs, ceil, floor,
 * max, min, pow, random, randomseed, sqrt, pi, huge); its Lua 5.3 and desktop Luas have one. The
 * exponent of a number is found exactly by scaling with powers of two, and `ln` uses the VM's own
 * logarithm where its math library has one (so float32 boards round as snnTorch's float32 does),
 * else a series accurate to a few units in the last place of a double.
 */

const LN2 = 0.6931471805599453;

type LogFn = (this: void, x: number) => number;

/** The name of the logarithm in Lua's and JavaScript's math libraries. */
const LOG = "log";

/**
 * The VM's logarithm, looked up by name in the globals so that the lookup exists on both sides:
 * in Lua the `log` field of `_G.math` (nil on NodeMCU 5.1: only a probe, never a call), in Node
 * `globalThis.Math`'s. NodeMCU's 5.1 math library has no such field, so this is undefined there.
 */
const globals = globalThis as unknown as { math?: Record<string, LogFn | undefined>; Math?: Record<string, LogFn> };
const vmLog: LogFn | undefined = globals.math !== undefined ? globals.math[LOG] : globals.Math?.[LOG];

/**
 * floor(log2 v) for a finite v > 0, exactly: every scaling is by a power of two, so it loses
 * nothing, and the steps halve like a binary search.
 */
export function binaryExponent(v: number): number {
  let x = v;
  let e = 0;
  while (x >= 2 ** 64) {
    x = x / 2 ** 64;
    e = e + 64;
  }
  while (x < 2 ** -64) {
    x = x * 2 ** 64;
    e = e - 64;
  }
  let step = 32;
  while (step >= 1) {
    if (x >= 2 ** step) {
      x = x / 2 ** step;
      e = e + step;
    } else if (x < 1) {
      x = x * 2 ** step;
      e = e - step;
    }
    step = step / 2;
  }
  // x is now in [2^-1, 2): one last correction below 1.
  if (x < 1) e = e - 1;
  return e;
}

/**
 * ln(x) for x > 0 without a library logarithm: x = m·2^e with m in [√½, √2), and ln m = 2·atanh(s) with
 * s = (m − 1)/(m + 1), |s| ≤ 0.172, summed until the terms stop changing the result.
 */
export function portableLn(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === 0) return -Infinity;
  let e = binaryExponent(x);
  let m = x / 2 ** e;
  if (m > 1.4142135623730951) {
    m = m / 2;
    e = e + 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = s;
  let k = 1;
  let last = 0;
  while (sum !== last) {
    last = sum;
    term = term * s2;
    k = k + 2;
    sum = sum + term / k;
  }
  return e * LN2 + 2 * sum;
}

/** ln(x) for x > 0 (0 gives -Infinity): the VM's own logarithm where it has one. */
export function ln(x: number): number {
  return vmLog !== undefined ? vmLog(x) : portableLn(x);
}
