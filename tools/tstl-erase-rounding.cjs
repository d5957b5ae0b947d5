// TypeScriptToLua plugin: erases the kernels' rounding hook from the Lua output.
// A call `rnd(x)` becomes plain `x` (see src/device/rounding.ts for why).
const ts = require("typescript");

const HOOK = "rnd";

/** @type {import("typescript-to-lua").Plugin} */
const plugin = {
  visitors: {
    [ts.SyntaxKind.CallExpression]: (node, context) => {
      if (ts.isIdentifier(node.expression) && node.expression.text === HOOK && node.arguments.length === 1) {
        return context.transformExpression(node.arguments[0]);
      }
      return context.superTransformExpression(node);
    },
  },
};

module.exports = plugin;
