// `npm run build`: type-checks and compiles the host code (tsc → dist/) and transpiles the
// device code to Lua 5.1 (TypeScriptToLua → firmware/app/).
import { execFileSync } from "node:child_process";
import { chmodSync, rmSync } from "node:fs";

const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });

rmSync("firmware/app", { recursive: true, force: true });
run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"]);
run(process.execPath, ["node_modules/typescript-to-lua/dist/tstl.js", "-p", "tsconfig.device.json"]);
chmodSync("dist/src/host/cli.js", 0o755);
