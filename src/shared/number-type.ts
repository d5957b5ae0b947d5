/**
 * What numbers the VM running the firmware computes with, measured on the VM itself (not
 * configured): NodeMCU's default Lua 5.1 build has doubles, its Lua 5.3 build float32 floats,
 * and its integer build (LUA_NUMBER_INTEGRAL) int32 only. HelloReply carries the answer, so the
 * host knows what a trace will be before it configures a layer. Integer literals only: a float
 * literal does not even compile on the integer build.
 */
import { NumberType } from "./protocol.ts";

/** Measures the running VM's number type (kept in variables so no compiler folds it away). */
export function measureNumberType(): NumberType {
  const one = 1;
  const two = 2;
  if (one / two === 0) return NumberType.Integer;
  const p24 = two ** 24;
  if (p24 + one === p24) return NumberType.Float32;
  const p52 = two ** 52;
  const p53 = two ** 53;
  // binary64: 2^52 + 1 is exact, 2^53 + 1 is not.
  if (p52 + one !== p52 && p53 + one === p53) return NumberType.Double;
  return NumberType.Other;
}
