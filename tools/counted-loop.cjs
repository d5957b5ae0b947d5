// Recognises the TypeScript `for` loops that tools/tstl-numeric-for.cjs may emit as Lua's
// numeric `for`: `for (let i = A; i < B; i++)` (also `<=`, `++i`, `i += 1`) where
//   - nothing but the incrementor writes `i`, and no closure captures it;
//   - B cannot change while the loop runs: a literal, a const, or a parameter or variable that
//     the loop does not write and that no closure anywhere in its scope writes;
//   - nothing inside the loop declares another `i` (the Lua side rewrites `i` by name).
// Lua evaluates `for i = A, L` as "while i <= L", so `i < B` is only exact when the count is a
// whole number: `<` loops need A and B known to be integers (see isKnownInteger).
const ts = require("typescript");

const INTEGER_TAG = "integer";

function isFunctionLike(node) {
  return ts.isFunctionLike(node) || ts.isClassLike(node);
}

function symbolOf(node, checker) {
  return ts.isIdentifier(node) ? checker.getSymbolAtLocation(node) : undefined;
}

function isNumber(node, checker) {
  return (checker.getTypeAtLocation(node).flags & ts.TypeFlags.NumberLike) !== 0;
}

function isAssignmentOperator(kind) {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** True when `node` (an identifier of `symbol`) is written: assigned, incremented, a loop target. */
function isWrite(node) {
  let target = node;
  while (ts.isParenthesizedExpression(target.parent) || ts.isArrayLiteralExpression(target.parent) ||
    ts.isShorthandPropertyAssignment(target.parent) || ts.isPropertyAssignment(target.parent) ||
    ts.isObjectLiteralExpression(target.parent) || ts.isSpreadElement(target.parent)) {
    target = target.parent;
  }
  const parent = target.parent;
  if (ts.isBinaryExpression(parent)) return isAssignmentOperator(parent.operatorToken.kind) && parent.left === target;
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    return parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken;
  }
  if (ts.isForInStatement(parent) || ts.isForOfStatement(parent)) return parent.initializer === target;
  return false;
}

/** The variable an identifier refers to; for `{ i }` that is `i`, not the property. */
function referenceSymbol(node, checker) {
  return ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node
    ? checker.getShorthandAssignmentValueSymbol(node.parent)
    : checker.getSymbolAtLocation(node);
}

/** Calls `visit(identifier, insideClosure)` for every identifier of `symbol` under `root`. */
function forEachReference(root, symbol, checker, visit) {
  const walk = (node, insideClosure) => {
    if (ts.isIdentifier(node) && referenceSymbol(node, checker) === symbol) visit(node, insideClosure);
    const inner = insideClosure || (node !== root && isFunctionLike(node));
    ts.forEachChild(node, (child) => walk(child, inner));
  };
  walk(root, false);
}

function declarationOf(symbol) {
  return symbol?.valueDeclaration;
}

function isConstVariable(decl) {
  return ts.isVariableDeclaration(decl) && ts.isVariableDeclarationList(decl.parent) &&
    (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** The function (or file) whose scope holds `decl`. */
function scopeOf(decl) {
  let node = decl.parent;
  while (node !== undefined && !isFunctionLike(node) && !ts.isSourceFile(node)) node = node.parent;
  return node;
}

/** B cannot change while `loop` runs. */
function isInvariant(expr, loop, checker) {
  if (ts.isParenthesizedExpression(expr)) return isInvariant(expr.expression, loop, checker);
  if (ts.isNumericLiteral(expr)) return true;
  const symbol = symbolOf(expr, checker);
  const decl = declarationOf(symbol);
  if (decl === undefined) return false;
  if (isConstVariable(decl)) return true;
  if (!ts.isParameter(decl) && !ts.isVariableDeclaration(decl)) return false;
  let written = false;
  forEachReference(loop, symbol, checker, (id) => { if (isWrite(id)) written = true; });
  // A closure that writes it could be called from the loop body.
  forEachReference(scopeOf(decl), symbol, checker, (id, insideClosure) => { if (insideClosure && isWrite(id)) written = true; });
  return !written;
}

function hasIntegerTag(decl) {
  return ts.getJSDocTags(decl).some((tag) => tag.tagName.text === INTEGER_TAG);
}

/**
 * `expr` always holds a whole number: an integer literal, an array's `length`, a property
 * declared with the JSDoc tag `@integer`, or a const initialised with one of these.
 */
function isKnownInteger(expr, checker) {
  if (ts.isParenthesizedExpression(expr)) return isKnownInteger(expr.expression, checker);
  if (ts.isNumericLiteral(expr)) return /^[0-9]+$/.test(expr.text);
  if (ts.isPropertyAccessExpression(expr)) {
    if (expr.name.text === "length" && checker.isArrayLikeType(checker.getTypeAtLocation(expr.expression))) return true;
    const decl = declarationOf(checker.getSymbolAtLocation(expr.name));
    return decl !== undefined && hasIntegerTag(decl);
  }
  const decl = declarationOf(symbolOf(expr, checker));
  return decl !== undefined && isConstVariable(decl) && decl.initializer !== undefined &&
    isKnownInteger(decl.initializer, checker);
}

function isIncrementOf(expr, symbol, checker) {
  if (ts.isPostfixUnaryExpression(expr) || ts.isPrefixUnaryExpression(expr)) {
    return expr.operator === ts.SyntaxKind.PlusPlusToken && symbolOf(expr.operand, checker) === symbol;
  }
  return ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken &&
    symbolOf(expr.left, checker) === symbol && ts.isNumericLiteral(expr.right) && expr.right.text === "1";
}

const DECLARATION_KINDS = new Set([
  ts.SyntaxKind.VariableDeclaration, ts.SyntaxKind.Parameter, ts.SyntaxKind.BindingElement,
  ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ClassExpression, ts.SyntaxKind.EnumDeclaration, ts.SyntaxKind.ModuleDeclaration,
]);

function declaresName(root, name) {
  let found = false;
  const walk = (node) => {
    if (DECLARATION_KINDS.has(node.kind) && node.name !== undefined && ts.isIdentifier(node.name) && node.name.text === name) {
      found = true;
    }
    if (!found) ts.forEachChild(node, walk);
  };
  walk(root);
  return found;
}

/**
 * The loop's parts if `loop` is a counted loop that may become a numeric `for`, else undefined.
 * `oneBased`: the counter may run from A + 1 (A and B are known integers).
 */
function countedLoop(loop, checker) {
  const init = loop.initializer;
  if (init === undefined || !ts.isVariableDeclarationList(init) || (init.flags & ts.NodeFlags.Let) === 0) return undefined;
  if (init.declarations.length !== 1) return undefined;
  const decl = init.declarations[0];
  if (!ts.isIdentifier(decl.name) || decl.initializer === undefined) return undefined;
  const counter = decl.name;
  const symbol = checker.getSymbolAtLocation(counter);
  const cond = loop.condition;
  if (cond === undefined || !ts.isBinaryExpression(cond) || symbolOf(cond.left, checker) !== symbol) return undefined;
  const op = cond.operatorToken.kind;
  if (op !== ts.SyntaxKind.LessThanToken && op !== ts.SyntaxKind.LessThanEqualsToken) return undefined;
  if (loop.incrementor === undefined || !isIncrementOf(loop.incrementor, symbol, checker)) return undefined;
  if (!isNumber(counter, checker) || !isNumber(decl.initializer, checker) || !isNumber(cond.right, checker)) return undefined;
  if (!isInvariant(cond.right, loop, checker)) return undefined;

  let unsafe = false;
  forEachReference(loop.statement, symbol, checker, (id, insideClosure) => { if (insideClosure || isWrite(id)) unsafe = true; });
  forEachReference(cond.right, symbol, checker, () => { unsafe = true; });
  if (unsafe || declaresName(loop.statement, counter.text)) return undefined;

  const inclusive = op === ts.SyntaxKind.LessThanEqualsToken;
  const integral = isKnownInteger(decl.initializer, checker) && isKnownInteger(cond.right, checker);
  if (!inclusive && !integral) return undefined;
  return { inclusive, oneBased: integral };
}

module.exports = { countedLoop };
