/**
 * The rounding hook of the neuron kernels.
 *
 * Every arithmetic result in the kernels is wrapped in `rnd(...)`. In Node the ts backend sets
 * `rnd` to `Math.fround` for float32 layers (reproducing snnTorch's float32 traces bit for bit)
 * and to the identity for float64 layers. Lua has no float32 type, so the build erases every
 * `rnd(x)` call to plain `x` when it transpiles to Lua (tools/tstl-erase-rounding.cjs): the
 * firmware computes in the board's native numbers at full speed.
 *
 * Inside the kernels the hook must be a local named exactly `rnd`; that name is what the
 * transpiler plugin looks for.
 */
export type Round = (x: number) => number;
