// NodeMCU's Lua 5.1 compile-time limits, checked on Lua source without NodeMCU's tools. A file
// over one of them does not load on the board at all (require and node.compile fail), while
// desktop Luas accept it. This is a Lua 5.1 parser that follows lparser.c's scoping exactly
// (hidden for-loop variables, `arg` of vararg functions, locals active only after their
// statement, upvalues passed through intermediate functions) and reports, like luac.cross -p,
// "file:line: main function has more than 50 local variables".
//
// Checked here (NodeMCU app/lua/luaconf.h, llimits.h, lopcodes.h):
//   - LUAI_MAXVARS 50: active local variables per function, the main chunk included;
//   - LUAI_MAXUPVALUES 60: upvalues per function;
//   - LUAI_MAXCCALLS 200: nesting of blocks and expressions ("too many syntax levels");
//   - MAXSTACK 250 registers per function: an upper-bound estimate (locals, call arguments,
//     concatenation operands, pending table items), so it may warn early but never late;
//   - MAXARG_Bx constants per function (262143);
//   - the standard library the board has: math.<f> other than abs, ceil, floor, huge, max, min,
//     pi, pow, random, randomseed, sqrt is refused, and so are io.* and os.* (the board has
//     neither as desktop Lua does).
// luac.cross -p, when present, is the exact check of the same limits (tools/build.mjs runs both).

export const LIMITS = { locals: 50, upvalues: 60, syntaxLevels: 200, registers: 250, constants: 262143 };

const BOARD_MATH = new Set(["abs", "ceil", "floor", "huge", "max", "min", "pi", "pow", "random", "randomseed", "sqrt"]);
const BOARD_ABSENT = new Set(["io", "os"]);

// luac.cross's own C calls before the parser runs count against LUAI_MAXCCALLS: calibrated
// against luac.cross.51 -p (test/nodemcu-limits.test.ts pins it).
const LEVELS_BEFORE_PARSE = 1;

export class LimitError extends Error {
  constructor(file, line, message) {
    super(`${file}:${line}: ${message}`);
    this.file = file;
    this.line = line;
  }
}

const KEYWORDS = new Set([
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in", "local",
  "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
]);
const SYMBOLS = ["...", "..", "==", "~=", "<=", ">=", "+", "-", "*", "/", "%", "^", "#", "<", ">", "=", "(", ")", "{", "}", "[", "]", ";", ":", ",", "."];

/** Lua 5.1 tokens: { type: "name"|"string"|"number"|"keyword"|"symbol"|"eof", value, line }. */
export function tokenize(source, file) {
  const tokens = [];
  let i = 0;
  let line = 1;
  const fail = (msg) => {
    throw new LimitError(file, line, msg);
  };
  const longBracket = () => {
    // At "[": returns the level of a long bracket "[==[", or -1.
    let j = i + 1;
    while (source[j] === "=") j++;
    return source[j] === "[" ? j - i - 1 : -1;
  };
  const readLong = (level) => {
    const close = `]${"=".repeat(level)}]`;
    const end = source.indexOf(close, i);
    if (end < 0) fail("unfinished long string or comment");
    const text = source.slice(i + level + 2, end);
    for (const ch of text) if (ch === "\n") line++;
    i = end + close.length;
    return text;
  };
  if (source.startsWith("#")) while (i < source.length && source[i] !== "\n") i++;
  while (i < source.length) {
    const c = source[i];
    if (c === "\n") {
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v") {
      i++;
    } else if (source.startsWith("--", i)) {
      i += 2;
      const level = source[i] === "[" ? longBracket() : -1;
      if (level >= 0) readLong(level);
      else while (i < source.length && source[i] !== "\n") i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 256));
      tokens.push({ type: KEYWORDS.has(m[0]) ? "keyword" : "name", value: m[0], line });
      i += m[0].length;
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      const m = /^(0[xX][0-9A-Fa-f]+|[0-9]*\.?[0-9]*([eE][+-]?[0-9]+)?)/.exec(source.slice(i, i + 128));
      tokens.push({ type: "number", value: Number(m[0]), line });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      const start = line;
      let j = i + 1;
      let text = "";
      while (source[j] !== c) {
        if (j >= source.length || source[j] === "\n") fail("unfinished string");
        if (source[j] === "\\") {
          if (source[j + 1] === "\n") line++;
          text += source.slice(j, j + 2);
          j += 2;
        } else text += source[j++];
      }
      tokens.push({ type: "string", value: text, line: start });
      i = j + 1;
    } else if (c === "[" && longBracket() >= 0) {
      const start = line;
      tokens.push({ type: "string", value: readLong(longBracket()), line: start });
    } else {
      const sym = SYMBOLS.find((s) => source.startsWith(s, i));
      if (sym === undefined) fail(`unexpected symbol near '${c}'`);
      tokens.push({ type: "symbol", value: sym, line });
      i += sym.length;
    }
  }
  tokens.push({ type: "eof", value: "<eof>", line });
  return tokens;
}

// Binary operator priorities (left, right) of lparser.c.
const BINARY = {
  "+": [6, 6], "-": [6, 6], "*": [7, 7], "/": [7, 7], "%": [7, 7], "^": [10, 9], "..": [5, 4],
  "==": [3, 3], "~=": [3, 3], "<": [3, 3], "<=": [3, 3], ">": [3, 3], ">=": [3, 3], and: [2, 2], or: [1, 1],
};
const UNARY_PRIORITY = 8;

/**
 * Checks one Lua 5.1 source against NodeMCU's limits; throws LimitError on the first breach.
 * `board: false` skips the standard-library rule (for host-side adapters such as firmware/stdio).
 */
export function checkNodeMcuLimits(source, file, { board = true } = {}) {
  const tokens = tokenize(source, file);
  let pos = 0;
  let levels = LEVELS_BEFORE_PARSE;
  let fs; // the function being parsed

  const tok = () => tokens[pos];
  const peek = (k = 1) => tokens[pos + k];
  const is = (value) => tokens[pos].value === value && tokens[pos].type !== "string";
  const next = () => tokens[pos++];
  const fail = (msg, line = tok().line) => {
    throw new LimitError(file, line, msg);
  };
  const expect = (value) => {
    if (!is(value)) fail(`'${value}' expected near '${tok().value}'`);
    return next();
  };
  const name = () => {
    if (tok().type !== "name") fail(`<name> expected near '${tok().value}'`);
    return next().value;
  };
  const limit = (count, max, what) => {
    if (count <= max) return;
    const where = fs.line === 0 ? "main function" : `function at line ${fs.line}`;
    fail(`${where} has more than ${max} ${what}`);
  };
  const enterLevel = () => {
    if (++levels > LIMITS.syntaxLevels) fail("chunk has too many syntax levels");
  };
  const leaveLevel = () => levels--;

  // Registers: `base` is the number of registers in use when an expression starts.
  const useRegisters = (count) => {
    if (count > fs.maxRegisters) fs.maxRegisters = count;
    if (count >= LIMITS.registers) fail(`function or expression too complex (${LIMITS.registers} registers or more, estimated)`);
  };
  const constant = (key) => {
    fs.constants.add(key);
    if (fs.constants.size > LIMITS.constants) fail("constant table overflow");
  };

  const openFunction = (line) => {
    fs = { parent: fs, line, active: [], pending: 0, upvalues: new Set(), constants: new Set(), maxRegisters: 0 };
  };
  const closeFunction = () => {
    fs = fs.parent;
  };
  // new_localvar: the variable is declared, not yet in scope.
  const declare = (varName) => {
    fs.pending++;
    // lparser.c checks after reading the name, at the next token's line.
    limit(fs.active.length + fs.pending, LIMITS.locals, "local variables");
    return varName;
  };
  const activate = (names) => {
    fs.pending -= names.length;
    for (const n of names) fs.active.push({ name: n });
    useRegisters(fs.active.length);
  };
  // singlevaraux: a local here, an upvalue (added to every function in between), or a global.
  const resolve = (varName) => {
    const find = (f) => {
      if (f === undefined) return undefined;
      for (let k = f.active.length - 1; k >= 0; k--) if (f.active[k].name === varName) return f.active[k];
      const outer = find(f.parent);
      if (outer !== undefined && !f.upvalues.has(outer)) {
        const saved = fs;
        fs = f;
        limit(f.upvalues.size + 1, LIMITS.upvalues, "upvalues");
        fs = saved;
        f.upvalues.add(outer);
      }
      return outer;
    };
    const found = find(fs);
    if (found === undefined) constant(`s:${varName}`);
    return found;
  };

  const blockFollow = () => tok().type === "eof" || ["else", "elseif", "end", "until"].some((k) => is(k) && tok().type === "keyword");

  function block() {
    const scope = fs.active.length;
    chunk();
    fs.active.length = scope;
  }

  function chunk() {
    enterLevel();
    let last = false;
    while (!last && !blockFollow()) {
      last = statement();
      if (is(";")) next();
    }
    leaveLevel();
  }

  function statement() {
    const t = tok();
    if (t.type === "keyword") {
      switch (t.value) {
        case "if":
          next();
          condThen();
          while (is("elseif")) {
            next();
            condThen();
          }
          if (is("else")) {
            next();
            block();
          }
          expect("end");
          return false;
        case "while":
          next();
          expr(fs.active.length);
          expect("do");
          block();
          expect("end");
          return false;
        case "do":
          next();
          block();
          expect("end");
          return false;
        case "for":
          next();
          forStatement();
          return false;
        case "repeat": {
          next();
          const scope = fs.active.length;
          chunk();
          expect("until");
          expr(fs.active.length); // the condition sees the loop body's locals
          fs.active.length = scope;
          return false;
        }
        case "function": {
          const line = next().line;
          const first = name();
          resolve(first);
          let method = false;
          while (is(".")) {
            next();
            constant(`s:${name()}`);
          }
          if (is(":")) {
            next();
            constant(`s:${name()}`);
            method = true;
          }
          body(method, line);
          return false;
        }
        case "local":
          next();
          if (is("function")) {
            const line = next().line;
            const n = name();
            declare(n);
            activate([n]);
            body(false, line);
          } else {
            const names = [];
            do {
              names.push(name());
              declare(names[names.length - 1]);
            } while (is(",") && next());
            if (is("=")) {
              next();
              exprList(fs.active.length);
            }
            activate(names);
          }
          return false;
        case "return":
          next();
          if (!blockFollow() && !is(";")) exprList(fs.active.length);
          return true;
        case "break":
          next();
          return true;
      }
    }
    // exprstat: a call, or an assignment.
    const base = fs.active.length;
    suffixedExpr(base);
    if (is("=") || is(",")) {
      let targets = 1;
      while (is(",")) {
        next();
        suffixedExpr(base + targets);
        targets++;
      }
      expect("=");
      exprList(base + targets);
    }
    return false;
  }

  function condThen() {
    expr(fs.active.length);
    expect("then");
    block();
  }

  function forStatement() {
    const first = name();
    const scope = fs.active.length;
    if (is("=")) {
      for (const hidden of ["(for index)", "(for limit)", "(for step)"]) declare(hidden);
      declare(first);
      next();
      expr(scope);
      expect(",");
      expr(scope + 1);
      if (is(",")) {
        next();
        expr(scope + 2);
      }
      expect("do");
      activate(["(for index)", "(for limit)", "(for step)"]);
      activate([first]);
    } else {
      for (const hidden of ["(for generator)", "(for state)", "(for control)"]) declare(hidden);
      const names = [first];
      declare(first);
      while (is(",")) {
        next();
        names.push(name());
        declare(names[names.length - 1]);
      }
      expect("in");
      exprList(scope);
      expect("do");
      activate(["(for generator)", "(for state)", "(for control)"]);
      activate(names);
    }
    block();
    expect("end");
    fs.active.length = scope;
  }

  function body(method, line) {
    openFunction(line);
    expect("(");
    const params = [];
    if (method) params.push(declare("self"));
    if (!is(")")) {
      do {
        if (is("...")) {
          next();
          params.push(declare("arg")); // LUA_COMPAT_VARARG: a vararg function has a local `arg`
          break;
        }
        params.push(declare(name()));
      } while (is(",") && next());
    }
    activate(params);
    expect(")");
    chunk();
    expect("end");
    closeFunction();
  }

  /** Expressions separated by commas, the k-th evaluated into register base + k. */
  function exprList(base) {
    let k = 0;
    expr(base + k);
    while (is(",")) {
      next();
      k++;
      expr(base + k);
    }
    return k + 1;
  }

  function expr(base) {
    subexpr(base, 0);
  }

  // subexpr of lparser.c: one syntax level per call; right-associative operators nest.
  function subexpr(base, limitPriority) {
    enterLevel();
    if (is("not") || is("-") || is("#")) {
      next();
      subexpr(base, UNARY_PRIORITY);
    } else simpleExpr(base);
    useRegisters(base + 1);
    let op = tok().type === "symbol" || tok().type === "keyword" ? BINARY[tok().value] : undefined;
    while (op !== undefined && op[0] > limitPriority) {
      next();
      // The left operand may be held in a register while the right one is computed.
      const nextOp = subexpr(base + 1, op[1]);
      op = nextOp;
    }
    leaveLevel();
    return op;
  }

  function simpleExpr(base) {
    const t = tok();
    if (t.type === "number" || t.type === "string") {
      constant(`${t.type[0]}:${t.value}`);
      next();
    } else if (t.type === "keyword" && ["nil", "true", "false"].includes(t.value)) next();
    else if (is("...")) next();
    else if (is("{")) table(base);
    else if (is("function")) body(false, next().line);
    else suffixedExpr(base);
  }

  function primaryExpr(base) {
    if (tok().type === "name") {
      const varName = name();
      const found = resolve(varName);
      if (!board) return;
      if (found === undefined && BOARD_ABSENT.has(varName)) fail(`'${varName}' is not on the board (NodeMCU has no ${varName} library)`);
      if (found === undefined && varName === "math" && is(".") && peek().type === "name" && !BOARD_MATH.has(peek().value)) {
        fail(`math.${peek().value} is not in NodeMCU's Lua 5.1 math library (only ${[...BOARD_MATH].join(", ")})`);
      }
      return;
    }
    if (is("(")) {
      next();
      expr(base);
      expect(")");
      return;
    }
    fail(`unexpected symbol near '${tok().value}'`);
  }

  function suffixedExpr(base) {
    primaryExpr(base);
    for (;;) {
      if (is(".")) {
        next();
        constant(`s:${name()}`);
      } else if (is("[")) {
        next();
        expr(base + 1);
        expect("]");
      } else if (is(":")) {
        next();
        constant(`s:${name()}`);
        callArgs(base + 1);
      } else if (is("(") || is("{") || tok().type === "string") {
        callArgs(base);
      } else return;
    }
  }

  // A call: the function in register base, its arguments after it.
  function callArgs(base) {
    useRegisters(base + 1);
    if (tok().type === "string") {
      constant(`s:${next().value}`);
      useRegisters(base + 2);
    } else if (is("{")) table(base + 1);
    else {
      expect("(");
      if (!is(")")) exprList(base + 1);
      expect(")");
    }
  }

  // A table constructor: list items wait in registers until every 50 (LFIELDS_PER_FLUSH).
  function table(base) {
    expect("{");
    useRegisters(base + 1);
    let pending = 0;
    while (!is("}")) {
      if (is("[")) {
        next();
        expr(base + 1);
        expect("]");
        expect("=");
        expr(base + 2);
      } else if (tok().type === "name" && peek().value === "=" && peek().type === "symbol") {
        constant(`s:${name()}`);
        next();
        expr(base + 1);
      } else {
        expr(base + 1 + pending);
        pending = (pending + 1) % 50;
      }
      if (is(",") || is(";")) next();
      else break;
    }
    expect("}");
  }

  openFunction(0);
  chunk();
  if (tok().type !== "eof") fail(`'<eof>' expected near '${tok().value}'`);
}
