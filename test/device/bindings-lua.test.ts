/**
 * The bindings' transpiled Lua under the stand-alone interpreters (the stdio adapter, whose ADC
 * reads 0), and the request bytes docs/protocol.md shows.
 */
import { describe, expect, it } from "vitest";
import { createLuaBackend } from "../../src/host/backends/lua.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { bindOutputRequest } from "../../src/host/client/bindings.ts";
import { Device } from "../../src/host/client/device.ts";
import { spawnStdioFirmware } from "../../src/host/client/process-link.ts";

describe.each(["lua5.1", "lua5.3", "luajit"])("bindings under %s", (lua) => {
  it("replace or mix the host's current as bound, and refuse what the board cannot do", async () => {
    const device = await Device.open(await spawnStdioFirmware(lua));
    const config = { model: "Synaptic", neurons: 3, alpha: 0.7, beta: 0.8, threshold: 1 };
    const spec = await device.configure(config);
    // A0 reads 0 on this adapter: neuron 0 gets offset 0.45 instead of the host's, neuron 2 the host's + 0.05.
    await device.bindInput({ neuron: 0, pin: 9, gain: 3, offset: 0.45, every: 3 });
    await device.bindInput({ neuron: 2, pin: 9, gain: 2, offset: 0.05, mix: true });
    await device.bindOutput({ neuron: 0, pin: 3, mode: "toggle" });
    await device.bindOutput({ neuron: 1, pin: 4, mode: "rate", window: 4, low: 10, high: 900 });
    await expect(device.bindInput({ neuron: 0, pin: 3 })).rejects.toMatchObject({ code: "bad-binding", detail: 2 });
    const host = { steps: 60, channels: 3, values: Float64Array.from({ length: 180 }, (_, k) => [0.9, 0.35, 0.2][k % 3] * ((k % 7) / 6)) };
    const trace = await device.run(host);
    const expectedCurrents = Float64Array.from(host.values, (x, k) => (k % 3 === 0 ? 0.45 : k % 3 === 2 ? x + 0.05 : x));
    const backend = await createLuaBackend();
    const expected = await backend.simulate(parseLayerConfig(config), { ...host, values: expectedCurrents });
    await backend.close();
    expect(Array.from(trace.values)).toEqual(Array.from(expected.values));
    expect(spec.neurons).toBe(3);
    await device.clearBindings();
    await device.close();
  });
});

it("builds the BindOutput frame docs/protocol.md shows", () => {
  const spec = parseLayerConfig({ model: "Leaky", neurons: 3, beta: 0.9 });
  const frame = Array.from(bindOutputRequest(spec, { neuron: 2, pin: 1, mode: "pulse", ms: 20 }).frame(6));
  expect(frame.slice(0, -5)).toEqual([0xf0, 0x01, 0x0d, 0x06, 0x02, 0x00, 0x01, 0x01, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00]);
  expect(frame.at(-1)).toBe(0xf7);
});
