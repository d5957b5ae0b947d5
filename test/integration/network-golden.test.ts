/**
 * Every shared snnTorch network case on the ts, lua and emulator (over the wire) backends: float64 states within 1e-9,
 * float32 within 1e-5, the same spikes (test/helpers/network-golden.ts).
 */
import { afterAll, describe, it } from "vitest";
import { createEmulatorNetworkBackend, createLuaNetworkBackend, createTsNetworkBackend, type NetworkBackend } from "../../src/host/network/backends.ts";
import { parseNetworkConfig } from "../../src/host/network/config.ts";
import { expectMatchesGolden, networkCases, networkInputs, networkJson } from "../helpers/network-golden.ts";

const cases = networkCases().map((c) => [c.name, c] as const);

describe.each([
  ["ts", createTsNetworkBackend],
  ["lua", createLuaNetworkBackend],
  ["emulator", () => createEmulatorNetworkBackend()],
] as const)("networks on the %s backend", (_, open) => {
  let backend: Promise<NetworkBackend> | undefined;
  afterAll(async () => (await backend)?.close());

  it.each(cases)("%s (net.json) matches snnTorch", async (_, c) => {
    backend ??= Promise.resolve(open());
    const trace = await (await backend).simulate(parseNetworkConfig(networkJson(c)), networkInputs(c));
    expectMatchesGolden(c, trace);
  });
});
