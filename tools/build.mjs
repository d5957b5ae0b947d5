// `npm run build`: type-checks and compiles the host code (tsc → dist/) and transpiles the
// device code, src/shared and src/device, to Lua 5.1 (TypeScriptToLua → firmware/app/shared,
// firmware/app/device).
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { checkNodeMcuFirmware, luaFiles, NodeMcuCheckError } from "./nodemcu-check.mjs";

const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });

const APP = "firmware/app";
const FRESH = "firmware/.app-fresh";
const STALE = "firmware/.app-stale";

// dist/ starts empty: a file left from a module since moved or deleted would still run and ship.
rmSync("dist", { recursive: true, force: true });
run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"]);
// The scope's page is plain HTML, CSS and ES modules, served from beside the compiled server.
cpSync("src/host/scope/page", "dist/src/host/scope/page", { recursive: true });
rmSync(FRESH, { recursive: true, force: true });
run(process.execPath, ["node_modules/typescript-to-lua/dist/tstl.js", "-p", "tsconfig.device.json", "--outDir", FRESH]);
dropTypeOnlyModules(FRESH);
checkNodeMcu();
// Swapped in whole, so a test reading firmware/app while a build runs sees the old or the new
// firmware, never a half-written one.
rmSync(STALE, { recursive: true, force: true });
try {
  renameSync(APP, STALE);
} catch (err) {
  if (err.code !== "ENOENT") throw err;
}
renameSync(FRESH, APP);
rmSync(STALE, { recursive: true, force: true });
chmodSync("dist/src/host/cli.js", 0o755);

// Fails the build, naming file and line, when a board file would not load on NodeMCU's Lua.
function checkNodeMcu() {
  try {
    const summary = checkNodeMcuFirmware({
      root: process.cwd(),
      boardFiles: [...luaFiles(FRESH), ...luaFiles("firmware/nodemcu")],
      hostFiles: luaFiles("firmware/stdio"),
    });
    console.log(summary);
  } catch (err) {
    if (!(err instanceof NodeMcuCheckError)) throw err;
    // firmware/app stays as it was; the refused files stay in firmware/.app-fresh to look at.
    console.error(`build: ${err.message}`);
    process.exit(1);
  }
}

// A module with only types (board.ts, rounding.ts) transpiles to a Lua file that exports
// nothing. Nothing requires it, so it is not shipped.
function dropTypeOnlyModules(dir) {
  const empty = /^local ____exports = \{\}\s*return ____exports\s*$/;
  for (const file of readdirSync(dir, { recursive: true })) {
    const path = join(dir, file);
    if (path.endsWith(".lua") && empty.test(readFileSync(path, "utf8"))) rmSync(path);
  }
}
