/**
 * The information a lockstep step must carry, in bytes: the inputs host → device at the chosen
 * encoding's width, and back one bit per neuron for the spikes, plus the states at that width
 * when they are asked for. Everything the wire sends beyond this is framing and protocol.
 */
import type { EncodingName } from "../src/host/client/options.ts";

const BITS: Record<EncodingName, number> = { f64: 64, f32: 32, f16: 16, i32: 32 };

export interface WireMinimum {
  /** Host → device bytes per step. */
  sent: number;
  /** Device → host bytes per step. */
  received: number;
}

/** `stateCount`: states reported per neuron (0 for a spikes-only run). */
export function wireMinimum(n: number, encoding: EncodingName, stateCount: number): WireMinimum {
  const bits = BITS[encoding];
  return { sent: (n * bits) / 8, received: n / 8 + (n * stateCount * bits) / 8 };
}
