/**
 * A realtime run on a board's own clock records, as each step's input, the input the board ran
 * that step on. The board's timer does not wait for the host: an input sent after a report can
 * arrive after the next tick, and a wide input, split over several Input frames, can straddle a
 * tick. A Leaky layer that never fires (reset none, threshold out of reach) gives the input each
 * step ran on back from its membrane: x[t] = mem[t] − beta·mem[t−1].
 */
import { describe, expect, it } from "vitest";
import { NodeMcuEmulator, openEmulatorLink } from "../../src/emulator/index.ts";
import { Device } from "../../src/host/client/device.ts";
import { inputValuesPerFrame } from "../../src/host/client/requests.ts";
import { Encoding } from "../../src/shared/protocol.ts";
import { runRealtime } from "../../src/host/runner/realtime.ts";

const NEURONS = 64;
const STEPS = 60;
/** A new input every step, different per neuron: tenths, exact to recover after rounding. */
const inputAt = (t: number) => Array.from({ length: NEURONS }, (_, i) => ((t * 3 + i) % 10) / 10);

describe("a realtime run on the board's own clock", () => {
  it("records every step's input as the one the board computed with, across ticks and Input frames", async () => {
    const emulator = await NodeMcuEmulator.create({ clock: "real", startup: "main" });
    const device = await Device.open(openEmulatorLink(emulator));
    try {
      // Several Input frames per step, so an input can straddle a tick.
      expect(NEURONS / inputValuesPerFrame(Encoding.F64, device.info.maxFrame)).toBeGreaterThan(2);
      await device.configure({ model: "Leaky", neurons: NEURONS, beta: 0.5, threshold: 1e6, reset_mechanism: "none" });
      const { trace, inputs } = await runRealtime(device, { periodMs: 1, steps: STEPS, inputAt });
      const mem = (t: number, i: number) => (t < 0 ? 0 : trace.values[(t * NEURONS + i) * trace.columns.length]);
      const ran: number[] = [];
      const recorded: number[] = [];
      for (let t = 0; t < STEPS; t++) {
        for (let i = 0; i < NEURONS; i++) {
          ran.push(+(mem(t, i) - 0.5 * mem(t - 1, i)).toFixed(9));
          recorded.push(inputs.values[t * NEURONS + i]);
        }
      }
      expect(recorded).toEqual(ran);
      // The board did not simply run every step on its own input: otherwise this test shows nothing.
      const sent = Array.from({ length: STEPS }, (_, t) => inputAt(t)).flat();
      expect(ran).not.toEqual(sent);
    } finally {
      await device.close();
      await emulator.close();
    }
  });
});
