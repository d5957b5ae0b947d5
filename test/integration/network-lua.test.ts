/**
 * The transpiled network code under every Lua the board or a user may run it on: Debian's
 * lua5.1, lua5.3, lua5.4 and LuaJIT, and NodeMCU's own cores (luac.cross.51: the ESP8266's Lua 5.1
 * with doubles; luac.cross.53: Lua 5.3 computing in float32), each a separate process running
 * network-trace.simulateNetwork on a golden case, compared with snnTorch's trace. The emulator
 * backend under an external Lua (`--backend emulator --lua lua5.1`, over a pty) runs one case too.
 *
 * NodeMCU's cores are found through SPIKELOOP_NODEMCU_TOOLS, else ../shared/tools/nodemcu; when they
 * are missing the test says so loudly instead of passing quietly.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEmulatorNetworkBackend } from "../../src/host/network/backends.ts";
import { parseNetworkConfig } from "../../src/host/network/config.ts";
import { networkDescription, networkInputs as deviceInputs, networkTraceFromFlat } from "../../src/host/network/trace.ts";
import { FIRMWARE_APP_DIR } from "../../src/io/paths.ts";
import { nodemcuCore, reportNotRun } from "../helpers/nodemcu.ts";
import { type NetworkCase, expectMatchesGolden, networkCases, networkInputs, networkJson } from "../helpers/network-golden.ts";

const dir = mkdtempSync(join(tmpdir(), "spikeloop-network-lua-"));

function luaLiteral(x: unknown): string {
  if (Array.isArray(x)) return `{${x.map(luaLiteral).join(",")}}`;
  if (typeof x === "object" && x !== null) return `{${Object.entries(x).map(([k, v]) => `${k}=${luaLiteral(v)}`).join(",")}}`;
  return String(x);
}

/**
 * A script that runs simulateNetwork on case `c` and prints the error code, then one value a line
 * (print: luac.cross.51's host build has no working io.write).
 */
function script(c: NetworkCase): string {
  const spec = parseNetworkConfig(networkJson(c));
  const inputs = networkInputs(c);
  return `package.path = ${JSON.stringify(`${FIRMWARE_APP_DIR}/?.lua;`)} .. package.path
local r = require("device.network-trace").simulateNetwork(${luaLiteral(networkDescription(spec))}, ${luaLiteral(deviceInputs(spec, inputs))}, ${inputs.steps}, nil)
print(r.error)
for i = 1, #r.out do print(string.format("%.17g", r.out[i])) end
`;
}

/** Runs case `c` under `command` (args before the script's path) and checks it against snnTorch. */
function runCase(command: string, args: string[], c: NetworkCase): void {
  const path = join(dir, `${c.name}.lua`);
  writeFileSync(path, script(c));
  const [error, ...values] = execFileSync(command, [...args, path], { encoding: "utf8", maxBuffer: 1 << 26 }).trim().split("\n").map(Number);
  expect(error).toBe(0);
  const spec = parseNetworkConfig(networkJson(c));
  expectMatchesGolden(c, networkTraceFromFlat(spec, c.steps, values));
}

const DESKTOP = ["lua5.1", "lua5.3", "lua5.4", "luajit"];

describe.each(DESKTOP)("networks under %s", (lua) => {
  it.each(networkCases().map((c) => [c.name, c] as const))("%s matches snnTorch", (_, c) => runCase(lua, [], c));
});

const core51 = nodemcuCore("51");
const core53 = nodemcuCore("53");

describe("networks under NodeMCU's Lua cores", () => {
  if (core51 === undefined) reportNotRun("networks on NodeMCU's Lua 5.1 core", "51");
  else {
    it.each(networkCases().map((c) => [c.name, c] as const))("luac.cross.51 (ESP8266, doubles): %s matches snnTorch", (_, c) => {
      runCase(core51, ["-e"], c);
    });
  }
  // Lua 5.3 on NodeMCU computes in float32: the float32 cases hold to snnTorch's float32 tolerance.
  if (core53 === undefined) reportNotRun("float32 networks on NodeMCU's Lua 5.3 core", "53");
  else {
    it.each(networkCases().filter((c) => c.dtype === "float32").map((c) => [c.name, c] as const))("luac.cross.53 (float32 VM): %s matches snnTorch", (_, c) => {
      runCase(core53, ["-e"], c);
    });
  }
});

describe("a network on the emulated device under an external Lua, over a pty", () => {
  it.each(["lua5.1", "luajit"])("%s: net_rleaky_a2a_f64 matches snnTorch", async (lua) => {
    const c = networkCases().find((k) => k.name === "net_rleaky_a2a_f64")!;
    const backend = createEmulatorNetworkBackend({ lua });
    try {
      expectMatchesGolden(c, await backend.simulate(parseNetworkConfig(networkJson(c)), networkInputs(c)));
    } finally {
      await backend.close();
    }
  });
});
