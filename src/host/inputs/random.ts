/**
 * A small seeded PRNG, so encoders that draw at random (rate coding) are reproducible without
 * touching `Math.random` or any module-level state.
 *
 * Construction: a 32-bit Weyl counter (step = 2^32 / golden ratio, odd, so the counter visits all
 * 2^32 values before repeating) fed through an xor-shift/multiply avalanche, so consecutive counter
 * values give unrelated outputs. The seed is avalanched the same way to pick the starting counter,
 * so nearby seeds start far apart.
 */

const WEYL_STEP = 0x9e3779b9;
const TWO_POW_32 = 2 ** 32;

/**
 * Avalanche a 32-bit value: every input bit flips each output bit with probability ~1/2.
 * Shift/multiplier constants are the published "lowbias32" ones from Wellons' hash-prospector.
 */
function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A generator of floats in [0, 1) with 32 random bits each; the same seed gives the same sequence.
 * `seed` must be an integer; only its low 32 bits are used.
 */
export function createRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) {
    throw new RangeError(`seed: must be an integer (got ${seed})`);
  }
  let counter = mix32(seed);
  return () => {
    counter = (counter + WEYL_STEP) >>> 0;
    return mix32(counter) / TWO_POW_32;
  };
}
