// TypeScriptToLua plugin: folds the constant of an array index into TSTL's 1-based offset.
//
// TSTL turns `a[p + 3]` into `a[p + 3 + 1]`, which Lua parses as `(p + 3) + 1`: two additions
// per access where one does. The straight-line codecs of src/shared/wire/packed.ts read ten
// septets per value this way, so the spare addition is a tenth of their work. This plugin emits
// `a[p + 4]` instead (and `a[i - 1]` becomes `a[i]`): exact, since an index is a whole number
// far below 2^53.
const ts = require("typescript");
const lua = require("typescript-to-lua");

const K = lua.SyntaxKind;

/** The literal `e ± a` adds to e (+a or -a), or undefined when `node` is not such a sum. */
function literalOffset(node) {
  if (node === undefined || node.kind !== K.BinaryExpression || node.right.kind !== K.NumericLiteral) return undefined;
  if (node.operator === K.AdditionOperator) return node.right.value;
  if (node.operator === K.SubtractionOperator) return -node.right.value;
  return undefined;
}

/** `(e ± a) + b` with literals a, b → `e + (b ± a)`, or `e` when that is 0; anything else unchanged. */
function fold(index) {
  const outer = literalOffset(index);
  const inner = literalOffset(index?.left);
  if (outer === undefined || inner === undefined || index.operator !== K.AdditionOperator) return index;
  const sum = inner + outer;
  const base = index.left.left;
  if (sum === 0) return base;
  return sum > 0
    ? lua.createBinaryExpression(base, lua.createNumericLiteral(sum), K.AdditionOperator)
    : lua.createBinaryExpression(base, lua.createNumericLiteral(-sum), K.SubtractionOperator);
}

/** @type {import("typescript-to-lua").Plugin} */
const plugin = {
  visitors: {
    [ts.SyntaxKind.ElementAccessExpression]: (node, context) => {
      const result = context.superTransformExpression(node);
      if (result.kind === K.TableIndexExpression) result.index = fold(result.index);
      return result;
    },
  },
};

module.exports = plugin;
