// TypeScriptToLua plugin: erases the kernels' rounding hook from the Lua output (see
// src/device/rounding.ts for why). Lua computes in the board's native numbers, so:
//   rnd(x, round)                    → x
//   const round = layer.rnd          → nothing, when `round` is only ever rnd's second argument
//   import { rnd } from "./rounding" → nothing
//   rounding.ts's own `rnd`          → nothing, so rounding.lua exports nothing and the build
//                                      drops it (tools/build.mjs, dropTypeOnlyModules)
const path = require("node:path");
const ts = require("typescript");

const HOOK = "rnd";
const HOOK_FIELD = "rnd";
const MODULE = "rounding";

function isHookCall(node) {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === HOOK &&
    node.arguments.length === 2;
}

function inRoundingModule(node) {
  return path.basename(node.getSourceFile().fileName, ".ts") === MODULE;
}

function importsOnlyTheHook(node) {
  if (!ts.isStringLiteral(node.moduleSpecifier) || path.basename(node.moduleSpecifier.text, ".ts") !== MODULE) return false;
  const clause = node.importClause;
  if (clause === undefined || clause.name !== undefined) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  if (bindings === undefined || !ts.isNamedImports(bindings)) return false;
  return bindings.elements.every((e) => e.isTypeOnly || (e.propertyName ?? e.name).text === HOOK);
}

/** `const round = <expr>.rnd;` whose `round` is read nowhere but as the second argument of rnd. */
function isErasableHookLocal(node, checker) {
  if (!(node.declarationList.flags & ts.NodeFlags.Const) || node.declarationList.declarations.length !== 1) return false;
  const decl = node.declarationList.declarations[0];
  const init = decl.initializer;
  if (!ts.isIdentifier(decl.name) || init === undefined) return false;
  if (!ts.isPropertyAccessExpression(init) || init.name.text !== HOOK_FIELD || !ts.isIdentifier(init.expression)) return false;
  const symbol = checker.getSymbolAtLocation(decl.name);
  let onlyHookArgument = true;
  const visit = (n) => {
    if (ts.isIdentifier(n) && n !== decl.name && checker.getSymbolAtLocation(n) === symbol) {
      if (!isHookCall(n.parent) || n.parent.arguments[1] !== n) onlyHookArgument = false;
    }
    ts.forEachChild(n, visit);
  };
  visit(node.parent);
  return onlyHookArgument;
}

/** @type {import("typescript-to-lua").Plugin} */
const plugin = {
  visitors: {
    [ts.SyntaxKind.CallExpression]: (node, context) =>
      isHookCall(node) ? context.transformExpression(node.arguments[0]) : context.superTransformExpression(node),
    [ts.SyntaxKind.ImportDeclaration]: (node, context) =>
      importsOnlyTheHook(node) ? [] : context.superTransformStatements(node),
    [ts.SyntaxKind.VariableStatement]: (node, context) =>
      isErasableHookLocal(node, context.checker) ? [] : context.superTransformStatements(node),
    [ts.SyntaxKind.FunctionDeclaration]: (node, context) =>
      node.name?.text === HOOK && inRoundingModule(node) ? [] : context.superTransformStatements(node),
  },
};

module.exports = plugin;
