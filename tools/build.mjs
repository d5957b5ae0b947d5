// `npm run build`: type-checks and compiles the host code (tsc → dist/) and transpiles the
// device code to Lua 5.1 (TypeScriptToLua → firmware/app/).
import { execFileSync } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });

rmSync("firmware/app", { recursive: true, force: true });
run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"]);
run(process.execPath, ["node_modules/typescript-to-lua/dist/tstl.js", "-p", "tsconfig.device.json"]);
dropTypeOnlyModules("firmware/app");
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
