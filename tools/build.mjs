// `npm run build`: type-checks and compiles the host code (tsc → dist/) and transpiles the
// device code to Lua 5.1 (TypeScriptToLua → firmware/app/).
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });

const APP = "firmware/app";
const FRESH = "firmware/.app-fresh";
const STALE = "firmware/.app-stale";

run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"]);
// The scope's page is plain HTML, CSS and ES modules, served from beside the compiled server.
cpSync("src/host/scope/page", "dist/src/host/scope/page", { recursive: true });
rmSync(FRESH, { recursive: true, force: true });
run(process.execPath, ["node_modules/typescript-to-lua/dist/tstl.js", "-p", "tsconfig.device.json", "--outDir", FRESH]);
dropTypeOnlyModules(FRESH);
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

// A module with only types (board.ts, rounding.ts) transpiles to a Lua file that exports
// nothing. Nothing requires it, and on the board's flat filesystem it could shadow an adapter
// file of the same name (firmware/nodemcu/board.lua), so it is not shipped.
function dropTypeOnlyModules(dir) {
  const empty = /^local ____exports = \{\}\s*return ____exports\s*$/;
  for (const file of readdirSync(dir, { recursive: true })) {
    const path = join(dir, file);
    if (path.endsWith(".lua") && empty.test(readFileSync(path, "utf8"))) rmSync(path);
  }
}
