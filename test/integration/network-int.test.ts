/**
 * Integer networks: every golden network run as `"dtype": "int"` gives the same bits on the ts,
 * lua and emulator backends and under every Lua (Debian's, and NodeMCU's cores when present:
 * luac.cross.53 computes in float32 and int32, where only integer arithmetic stays exact), and
 * stays close to snnTorch's float trace (the quantization is the only difference).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEmulatorNetworkBackend, createLuaNetworkBackend, createTsNetworkBackend } from "../../src/host/network/backends.ts";
import { type NetworkSpec, parseNetworkConfig } from "../../src/host/network/config.ts";
import { networkDescription, networkInputs as deviceInputs } from "../../src/host/network/trace.ts";
import { FIRMWARE_APP_DIR } from "../../src/io/paths.ts";
import { nodemcuCore, reportNotRun } from "../helpers/nodemcu.ts";
import { ConfigError } from "../../src/host/errors.ts";
import { networkCases, networkInputs, networkJson } from "../helpers/network-golden.ts";

const dir = mkdtempSync(join(tmpdir(), "spikeloop-network-int-"));
const cases = networkCases().filter((c) => c.dtype === "float64");

function intSpec(name: string): NetworkSpec {
  const c = networkCases().find((k) => k.name === name)!;
  return parseNetworkConfig({ ...(networkJson(c) as object), dtype: "int" });
}

function luaLiteral(x: unknown): string {
  if (Array.isArray(x)) return `{${x.map(luaLiteral).join(",")}}`;
  if (typeof x === "object" && x !== null) return `{${Object.entries(x).map(([k, v]) => `${k}=${luaLiteral(v)}`).join(",")}}`;
  return String(x);
}

/** The raw fixed-point output of simulateNetwork under `command`. */
function runLua(command: string, args: string[], spec: NetworkSpec, name: string): number[] {
  const c = networkCases().find((k) => k.name === name)!;
  const inputs = networkInputs(c);
  const path = join(dir, `${name}-${command.replace(/\W/g, "")}.lua`);
  writeFileSync(path, `package.path = ${JSON.stringify(`${FIRMWARE_APP_DIR}/?.lua;`)} .. package.path
local r = require("device.network-trace").simulateNetwork(${luaLiteral(networkDescription(spec))}, ${luaLiteral(deviceInputs(spec, inputs))}, ${inputs.steps}, nil)
print(r.error)
for i = 1, #r.out do print(string.format("%d", r.out[i])) end
`);
  const [error, ...values] = execFileSync(command, [...args, path], { encoding: "utf8", maxBuffer: 1 << 26 }).trim().split("\n").map(Number);
  expect(error).toBe(0);
  return values;
}

describe("int networks", () => {
  const ts = createTsNetworkBackend();
  const backends = [createLuaNetworkBackend(), Promise.resolve(createEmulatorNetworkBackend())];
  afterAll(async () => {
    for (const b of backends) await (await b).close();
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s: the same bits on ts, lua and emulator, close to snnTorch's float64 trace", async (name, c) => {
    const spec = intSpec(name);
    const inputs = networkInputs(c);
    const expected = await ts.simulate(spec, inputs);
    for (const b of backends) {
      const trace = await (await b).simulate(spec, inputs);
      expect(Array.from(trace.values), (await b).name).toEqual(Array.from(expected.values));
    }
    const float = await ts.simulate(parseNetworkConfig(networkJson(c)), inputs);
    let floatSpikes = 0;
    let both = 0;
    let at = 0;
    for (let t = 0; t < float.steps; t++) {
      for (const l of float.layers) {
        const width = l.states.length + 2;
        for (let i = 0; i < l.neurons; i++, at += width) {
          const fired = float.values[at + width - 1] !== 0;
          floatSpikes += fired ? 1 : 0;
          both += fired && expected.values[at + width - 1] !== 0 ? 1 : 0;
        }
      }
    }
    // Q15 weights and Q30 decays move a few spikes near the threshold, no more.
    expect(floatSpikes).toBeGreaterThan(100);
    expect(both / floatSpikes).toBeGreaterThan(0.9);
  });

  it.each(["lua5.1", "lua5.3", "lua5.4", "luajit"])("the same bits under %s", async (lua) => {
    for (const c of cases) {
      const spec = intSpec(c.name);
      const expected = await ts.simulate(spec, networkInputs(c));
      const scale = spec.quantization!.scale;
      expect(runLua(lua, [], spec, c.name).map((x) => x / scale), c.name).toEqual(Array.from(expected.values));
    }
  });

  for (const core of ["51", "53"] as const) {
    const lua = nodemcuCore(core);
    if (lua === undefined) {
      reportNotRun(`int networks on NodeMCU's luac.cross.${core}`, core);
      continue;
    }
    it(`the same bits under NodeMCU's luac.cross.${core}`, async () => {
      for (const c of cases) {
        const spec = intSpec(c.name);
        const expected = await ts.simulate(spec, networkInputs(c));
        const scale = spec.quantization!.scale;
        expect(runLua(lua, ["-e"], spec, c.name).map((x) => x / scale), c.name).toEqual(Array.from(expected.values));
      }
    });
  }

  it("refuses a weight an int network cannot hold, naming it", () => {
    const c = cases[0];
    const net = networkJson(c) as { layers: { weight: number[][] }[] };
    net.layers[2].weight[1][3] = 40000;
    expect(() => parseNetworkConfig({ ...net, dtype: "int" })).toThrow(ConfigError);
    expect(() => parseNetworkConfig({ ...net, dtype: "int" })).toThrow(/layers\[2\]\.weight\[1\]\[3\]: an int network's weights lie within ±32768/);
  });
});
