/**
 * What arithmetic a layer gets on a board, from the layer's dtype and the numbers the board's VM
 * measured and reported in HelloReply (src/device/numbers.ts):
 *
 * | board numbers | float64 layer | float32 layer | int layer |
 * |---|---|---|---|
 * | double (NodeMCU Lua 5.1) | float64 | float64 (snnTorch's float32 within 1e-5) | int32 |
 * | float32 (NodeMCU Lua 5.3) | float32, with a warning | float32 (bit for bit) | int32 |
 * | integer (NodeMCU integer build) | refused | refused | int32 |
 */
import type { DtypeName } from "../config.ts";
import { DeviceUsageError } from "./errors.ts";
import type { BoardNumbers } from "./messages.ts";

/** The arithmetic that computed a trace. */
export type TraceNumbers = "float64" | "float32" | "int32";

const BOARDS: Record<BoardNumbers, string> = {
  double: "doubles",
  float32: "float32 numbers",
  integer: "integers only",
  other: "numbers of an unknown type",
};

/** How a board computes, as a person would say it. */
export function describeBoardNumbers(numbers: BoardNumbers): string {
  return BOARDS[numbers];
}

/** The arithmetic a `dtype` layer gets on a board; refuses float layers on an integer build. */
export function layerNumbers(dtype: DtypeName, board: BoardNumbers): TraceNumbers {
  if (dtype === "int") return "int32";
  if (board === "integer") {
    throw new DeviceUsageError(
      "float-on-integer-board",
      `this board computes with integers only (NodeMCU's integer build): a ${dtype} layer cannot run on it. ` +
        `Fix: set "dtype": "int" in the layer config (docs/integer-mode.md), or flash a NodeMCU build with floats`,
    );
  }
  return board === "float32" ? "float32" : "float64";
}

/** The warning for a layer that computes in narrower numbers than it asks for, or undefined. */
export function numbersWarning(dtype: DtypeName, numbers: TraceNumbers): string | undefined {
  if (dtype !== "float64" || numbers !== "float32") return undefined;
  return (
    `the board computes in float32 (measured on its VM at the handshake): this float64 layer's trace ` +
    `will be float32 arithmetic, within about 1e-6 relative of snnTorch's float64 rather than 1e-9. ` +
    `For snnTorch's float32 bit for bit set "dtype": "float32"; for float64 use a board with doubles (NodeMCU's Lua 5.1 build)`
  );
}
