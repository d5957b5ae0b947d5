/**
 * The fixed-point (Q-format) constants of int layers (docs/integer-mode.md): the device's integer
 * kernels compute with them, the host's quantizer produces numbers in them.
 */

/** Largest state magnitude. The range is symmetric, so negating a value never overflows. */
export const INT_MAX = 2147483647;
/** 1.0 as a decay (Q30). */
export const DECAY_ONE = 1073741824;
/** 1.0 as a tau_alpha (Q15). */
export const MUL_ONE = 32768;
/** Largest multiplier, 32768.0 in Q15: keeps every partial product of mulQ15 below 2^31. */
export const MUL_MAX = 1073741824;
