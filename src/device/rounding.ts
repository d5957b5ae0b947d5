/**
 * The rounding hook of the neuron kernels.
 *
 * Every arithmetic result in the kernels is wrapped in `rnd(x, round)`, with `round` the layer's
 * hook: `Math.fround` for float32 layers in Node (reproducing snnTorch's float32 traces bit for
 * bit), `undefined` for float64 layers. Lua has no float32 type, so the build erases every
 * `rnd(x, round)` call to plain `x`, and the `const round = layer.rnd` locals and the import of
 * this module with it (tools/tstl-erase-rounding.cjs): the firmware computes in the board's
 * native numbers at full speed, and this module has no Lua counterpart.
 *
 * Why one module-level function instead of calling the hook directly: V8 records the targets of
 * each call site. If the kernels called `round(x)` themselves, a process that has stepped both a
 * float32 and a float64 layer would see two functions at every site, stop inlining them, and
 * make a real call per operation (3x slower; docs/performance.md). Every site calls this one
 * function instead, so it is always inlined, and only the float32 path makes the inner call.
 *
 * The transpiler plugin recognises the calls by the name `rnd`; the kernels must not use that
 * name for anything else.
 */
export type Round = (x: number) => number;

/** `x` rounded by the layer's hook; `x` itself when there is none (float64). */
export function rnd(x: number, round: Round | undefined): number {
  return round === undefined ? x : round(x);
}
