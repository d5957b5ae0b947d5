/**
 * `simulate --backend emulator` takes every layer the host accepts: the board it emulates for
 * simulate has an ESP32-sized heap, so a 256-neuron layer runs through the wire and equals the
 * lua backend. (The ESP8266 of `emulate` and `run` refuses layers over 64 neurons, as a real
 * ESP8266 would: docs/emulator.md.)
 */
import { describe, expect, it } from "vitest";
import { MAX_NEURONS } from "../../src/shared/codes.ts";
import { createEmulatorBackend } from "../../src/host/backends/emulator.ts";
import { createLuaBackend } from "../../src/host/backends/lua.ts";
import { parseLayerConfig } from "../../src/host/config.ts";

describe("simulate on the emulated board with the largest layer", () => {
  it(`runs ${MAX_NEURONS} Alpha neurons through the wire, identical to the lua backend`, async () => {
    const spec = parseLayerConfig({ model: "Alpha", neurons: MAX_NEURONS, alpha: 0.9, beta: 0.8, threshold: 0.5 });
    const steps = 12;
    const values = Float64Array.from({ length: steps * MAX_NEURONS }, (_, k) => 0.1 + 0.05 * (k % 7));
    const currents = { steps, channels: MAX_NEURONS, values };
    const [emulator, lua] = [await createEmulatorBackend(), await createLuaBackend()];
    try {
      const [a, b] = [await emulator.simulate(spec, currents), await lua.simulate(spec, currents)];
      expect(Array.from(a.values)).toEqual(Array.from(b.values));
      expect(a.values.some((v, k) => k % 4 === 3 && v === 1)).toBe(true);
    } finally {
      await emulator.close();
      await lua.close();
    }
  });
});
