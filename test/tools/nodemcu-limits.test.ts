/**
 * NodeMCU's compile-time limits (tools/nodemcu-limits.mjs) on crafted Lua files at and past
 * each limit, and the same files through NodeMCU's own compiler (luac.cross.51 -p) when it is on
 * this machine: the two must agree file by file, message and line. Then the build's gate
 * (tools/nodemcu-check.mjs) on the real firmware and on broken copies of it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkNodeMcuFirmware, luaFiles, NodeMcuCheckError } from "../../tools/nodemcu-check.mjs";
import { checkNodeMcuLimits, LimitError } from "../../tools/nodemcu-limits.mjs";
import { FIRMWARE_APP_DIR, PACKAGE_ROOT } from "../../src/io/paths.ts";
import { nodemcuCore, reportNotRun } from "../helpers/nodemcu.ts";

const names = (n: number, prefix: string) => Array.from({ length: n }, (_, k) => `${prefix}${k}`);
const locals = (n: number, prefix = "v") => names(n, prefix).map((v, k) => `local ${v} = ${k}`).join("\n");
const sum = (vars: string[]) => vars.join(" + ");
const nest = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);

/** [name, source, the error NodeMCU gives ("" when it accepts)]. */
const CASES: [string, string, string][] = [
  ["50 locals in the main chunk", locals(50), ""],
  ["51 locals in the main chunk", locals(51), "51: main function has more than 50 local variables"],
  ["locals of closed blocks are free again", [1, 2, 3].map((b) => `do\n${locals(45, `b${b}_`)}\nend`).join("\n") + "\n" + locals(50), ""],
  ["49 parameters and ... (its hidden local arg)", `local function f(${names(49, "a")}, ...) return arg end`, ""],
  ["50 parameters and ...", `local function f(${names(50, "a")}, ...) return arg end`, "1: function at line 1 has more than 50 local variables"],
  ["a method's self", `local t = {}\nfunction t:m(${names(50, "a")}) end`, "2: function at line 2 has more than 50 local variables"],
  ["46 locals and a numeric for (three hidden locals)", `${locals(46)}\nfor i = 1, 2 do end`, ""],
  ["47 locals and a numeric for", `${locals(47)}\nfor i = 1, 2 do end`, "48: main function has more than 50 local variables"],
  ["46 locals and a generic for of two", `${locals(46)}\nfor k, v in pairs({}) do end`, "47: main function has more than 50 local variables"],
  [
    "60 upvalues, half through an intermediate function",
    `${locals(49)}\nlocal function mid()\n${locals(40, "m")}\nreturn function() return ${sum([...names(30, "v"), ...names(30, "m")])} end\nend`,
    "",
  ],
  [
    "61 upvalues",
    `${locals(49)}\nlocal function mid()\n${locals(40, "m")}\nreturn function() return ${sum([...names(31, "v"), ...names(30, "m")])} end\nend`,
    "91: function at line 91 has more than 60 upvalues",
  ],
  ["197 nested parentheses", `local x = ${nest(197, "(", "")}1${nest(197, ")", "")}`, ""],
  ["198 nested parentheses", `local x = ${nest(198, "(", "")}1${nest(198, ")", "")}`, "1: chunk has too many syntax levels"],
  ["198 nested blocks", nest(198, "do ", "end "), ""],
  ["199 nested blocks", nest(199, "do ", "end "), "1: chunk has too many syntax levels"],
  ["a concatenation of 200 (right-associative: it nests)", `local x = ${names(200, "s").map((s) => `"${s}"`).join("..")}`, "1: chunk has too many syntax levels"],
  ["a call with 248 arguments", `f(${names(248, "").map((_, k) => k)})`, ""],
  ["a call with 249 arguments (250 registers)", `f(${names(249, "").map((_, k) => k)})`, "function or expression too complex"],
  ["a table of 400 items (flushed every 50)", `local t = {${names(400, "").map((_, k) => k)}}`, ""],
];

const core51 = nodemcuCore("51");
const dir = mkdtempSync(join(tmpdir(), "spikeloop-limits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ours(file: string, source: string): string {
  try {
    checkNodeMcuLimits(source, file);
    return "";
  } catch (err) {
    if (!(err instanceof LimitError)) throw err;
    return err.message;
  }
}

function luacCross(core: string, file: string): string {
  try {
    execFileSync(core, ["-p", file], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    return "";
  } catch (err) {
    return String((err as { stderr: Buffer }).stderr).trim().replace(/^.*?luac\.cross[^:]*: /, "");
  }
}

describe("NodeMCU's limits in the Lua checker", () => {
  it.each(CASES)("%s", (name, source, want) => {
    const file = `${name.replace(/\W+/g, "_")}.lua`;
    writeFileSync(join(dir, file), `${source}\n`);
    const got = ours(file, `${source}\n`);
    if (want === "") expect(got).toBe("");
    else expect(got).toContain(want);
    if (core51 === undefined) return;
    const theirs = luacCross(core51, file);
    if (want === "") expect(theirs, "luac.cross.51 -p").toBe("");
    // NodeMCU reports a register overflow at the token after the expression: compare the words.
    else if (want.startsWith("function or expression")) expect(theirs).toContain(want);
    else expect(theirs, "luac.cross.51 -p").toBe(got);
  });
  if (core51 === undefined) reportNotRun("the same crafted files through NodeMCU's luac.cross.51 -p", "51");

  it("refuses the math functions and libraries NodeMCU's Lua 5.1 lacks, and allows locals of those names", () => {
    expect(ours("a.lua", "local x = math.log(2)\n")).toBe("a.lua:1: math.log is not in NodeMCU's Lua 5.1 math library (only abs, ceil, floor, huge, max, min, pi, pow, random, randomseed, sqrt)");
    expect(ours("b.lua", "local y = 1\nlocal x = math.floor(y) + math.exp(1)\n")).toContain("b.lua:2: math.exp is not");
    expect(ours("c.lua", "io.write('x')\n")).toBe("c.lua:1: 'io' is not on the board (NodeMCU has no io library)");
    expect(ours("d.lua", "local math = { log = print }\nmath.log(1)\nlocal t = { os = 1 }\nprint(t.os)\n")).toBe("");
    expect(() => checkNodeMcuLimits("io.write('x')\n", "e.lua", { board: false })).not.toThrow();
  });
});

describe("the build's NodeMCU gate", () => {
  const firmware = [...luaFiles(FIRMWARE_APP_DIR), ...luaFiles(join(PACKAGE_ROOT, "firmware", "nodemcu"))];

  it("passes the built firmware, naming the luac.cross checks it ran", () => {
    const summary = checkNodeMcuFirmware({ root: PACKAGE_ROOT, boardFiles: firmware });
    expect(summary).toContain(`${firmware.length} Lua files within NodeMCU's limits`);
    if (core51 !== undefined) expect(summary).toContain("luac.cross.51 -p and luac.cross.53 -p accept them");
  });

  it("fails with file and line on a local too many, a missing math function and a module name used twice", () => {
    const broken = mkdtempSync(join(dir, "fw-"));
    writeFileSync(join(broken, "runtime.lua"), `${locals(50, "extra")}\n${readFileSync(join(FIRMWARE_APP_DIR, "device", "runtime.lua"), "utf8")}`);
    writeFileSync(join(broken, "frame.lua"), "local x = math.fmod(3, 2)\nreturn x\n");
    const err = (() => {
      try {
        checkNodeMcuFirmware({ root: PACKAGE_ROOT, boardFiles: [...luaFiles(broken), join(FIRMWARE_APP_DIR, "shared", "wire", "frame.lua")] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(NodeMcuCheckError);
    const message = (err as Error).message;
    expect(message).toMatch(/runtime\.lua:\d+: main function has more than 50 local variables/);
    expect(message).toContain("frame.lua:1: math.fmod is not in NodeMCU's Lua 5.1 math library");
    expect(message).toMatch(/module name "frame" used twice; LFS names modules by file name alone/);
    if (core51 !== undefined) expect(message).toMatch(/runtime\.lua: luac\.cross\.51 -p refuses it: runtime\.lua:\d+: main function has more than 50/);
  });
});
