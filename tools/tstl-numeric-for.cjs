// TypeScriptToLua plugin: emits Lua's numeric `for` for counted loops.
//
// TSTL translates every `for (let i = A; i < B; i++)` into
//   do local i = A; while i < B do <body>; i = i + 1 end end
// and, since TypeScript arrays are 0-based and Lua tables 1-based, every `a[i]` into `a[i + 1]`.
// In PUC Lua the `while` costs a comparison and an addition per iteration that the numeric `for`
// does in one instruction, and the `+ 1` an addition per array access (docs/performance.md).
//
// For a loop that tools/counted-loop.cjs accepts, this plugin keeps TSTL's translation of the
// body and replaces the loop around it:
//   A, B known integers:  for i = A + 1, B do … end    (`<=`: B + 1), the counter one higher
//                         than in TypeScript: element accesses a[i] / a[e + i] lose TSTL's
//                         `+ 1`, every other use of i reads (i - 1)
//   otherwise (`<=`):     for i = A, B do … end         (body unchanged)
// Anything else keeps TSTL's own translation.
const ts = require("typescript");
const lua = require("typescript-to-lua");
const { addToNumericExpression } = require("typescript-to-lua/dist/transformation/utils/lua-ast");
const { countedLoop } = require("./counted-loop.cjs");

const K = lua.SyntaxKind;

function isIdentifierNamed(node, name) {
  return node !== undefined && node.kind === K.Identifier && node.text === name;
}

function isBinary(node, operator) {
  return node !== undefined && node.kind === K.BinaryExpression && node.operator === operator;
}

function isLiteral(node, value) {
  return node !== undefined && node.kind === K.NumericLiteral && node.value === value;
}

/**
 * The parts of TSTL's `do local i = A; while i < B do …; i = i + 1 end end`, or undefined if
 * its translation has another shape (then it is left alone).
 */
function whileParts(statements, operator) {
  if (statements.length !== 1 || statements[0].kind !== K.DoStatement) return undefined;
  const inner = statements[0].statements;
  if (inner.length !== 2) return undefined;
  const [local, loop] = inner;
  if (local.kind !== K.VariableDeclarationStatement || local.left.length !== 1 || local.right?.length !== 1) return undefined;
  const counter = local.left[0];
  const name = counter.text;
  if (loop.kind !== K.WhileStatement || !isBinary(loop.condition, operator) || !isIdentifierNamed(loop.condition.left, name)) {
    return undefined;
  }
  const body = loop.body.statements;
  const step = body[body.length - 1];
  const isStep = step !== undefined && step.kind === K.AssignmentStatement && step.left.length === 1 &&
    isIdentifierNamed(step.left[0], name) && step.right.length === 1 && isBinary(step.right[0], K.AdditionOperator) &&
    isIdentifierNamed(step.right[0].left, name) && isLiteral(step.right[0].right, 1);
  if (!isStep) return undefined;
  let statementsOfBody = body.slice(0, -1);
  if (statementsOfBody.length === 1 && statementsOfBody[0].kind === K.DoStatement) statementsOfBody = statementsOfBody[0].statements;
  return { counter, start: local.right[0], limit: loop.condition.right, body: statementsOfBody };
}

// The one property of a Lua AST node that links to something that is not Lua (its TS node).
const TS_ORIGINAL = "tsOriginal";

/**
 * Rewrites `statements` for a counter running one higher than in TypeScript: every use of
 * `name` becomes `name - 1`, and an index `(name - 1) + 1` or `e + (name - 1) + 1` (TSTL's
 * 1-based array access) becomes `name` or `e + name`. Nothing in the body declares another
 * `name` (counted-loop.cjs checks), so matching by name is exact.
 */
function shiftCounter(statements, name) {
  const shifted = new Set();
  const rewrite = (node) => {
    if (node.kind === K.Identifier && node.text === name) {
      const minusOne = lua.createBinaryExpression(lua.createIdentifier(name), lua.createNumericLiteral(1), K.SubtractionOperator);
      shifted.add(minusOne);
      return minusOne;
    }
    for (const key of Object.keys(node)) {
      if (key === TS_ORIGINAL || (node.kind === K.MethodCallExpression && key === "name")) continue;
      const child = node[key];
      if (Array.isArray(child)) {
        for (let k = 0; k < child.length; k++) if (isLuaNode(child[k])) child[k] = rewrite(child[k]);
      } else if (isLuaNode(child)) {
        node[key] = rewrite(child);
      }
    }
    if (node.kind === K.TableIndexExpression) node.index = dropIndexOffset(node.index, shifted);
    return node;
  };
  return statements.map(rewrite);
}

function isLuaNode(x) {
  return x !== null && typeof x === "object" && typeof x.kind === "number" && !("pos" in x);
}

function dropIndexOffset(index, shifted) {
  if (!isBinary(index, K.AdditionOperator) || !isLiteral(index.right, 1)) return index;
  const sum = index.left;
  if (shifted.has(sum)) return sum.left;
  if (isBinary(sum, K.AdditionOperator)) {
    if (shifted.has(sum.right)) return lua.createBinaryExpression(sum.left, sum.right.left, K.AdditionOperator);
    if (shifted.has(sum.left)) return lua.createBinaryExpression(sum.left.left, sum.right, K.AdditionOperator);
  }
  return index;
}

/** @type {import("typescript-to-lua").Plugin} */
const plugin = {
  visitors: {
    [ts.SyntaxKind.ForStatement]: (node, context) => {
      const translated = context.superTransformStatements(node);
      const loop = countedLoop(node, context.checker);
      if (loop === undefined) return translated;
      const parts = whileParts(translated, loop.inclusive ? K.LessEqualOperator : K.LessThanOperator);
      if (parts === undefined) return translated;
      const { counter, start, limit, body } = parts;
      if (!loop.oneBased) {
        return [lua.createForStatement(lua.createBlock(body), counter, start, limit, undefined, node)];
      }
      return [lua.createForStatement(
        lua.createBlock(shiftCounter(body, counter.text)),
        counter,
        addToNumericExpression(start, 1),
        loop.inclusive ? addToNumericExpression(limit, 1) : limit,
        undefined,
        node,
      )];
    },
  },
};

module.exports = plugin;
