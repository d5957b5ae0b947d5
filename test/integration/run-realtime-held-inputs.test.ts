/**
 * A realtime run on a board's own clock records, as each step's input, the input the board ran
 * that step on. The board's timer does not wait for the host: an input sent after a report can
 * arrive after the next tick, and a wide input, split over several Input frames, can straddle a
 * tick. A Leaky layer that never fires (reset none, threshold out of reach) gives the input each
 * step ran on back from its membrane: x[t] = mem[t] − beta·mem[t−1]; a network whose first Linear
 * is the identity reports it as its first layer's input current.
 */
import { describe, expect, it } from "vitest";
import { NodeMcuEmulator, openEmulatorLink } from "../../src/emulator/index.ts";
import { Device } from "../../src/host/client/device.ts";
import { inputValuesPerFrame } from "../../src/host/client/requests.ts";
import { Encoding } from "../../src/shared/protocol.ts";
import { runRealtime } from "../../src/host/runner/realtime.ts";
import { parseNetworkConfig } from "../../src/host/network/config.ts";
import { runNetworkRealtime } from "../../src/host/network/realtime.ts";
import { valuesPerStep } from "../../src/host/network/trace.ts";

const NEURONS = 64;
/** A network's weights take the emulated board's heap: fewer channels. */
const CHANNELS = 32;
const STEPS = 60;
/** A new input every step, different per neuron: tenths, exact to recover after rounding. */
const inputsOf = (width: number) => (t: number) => Array.from({ length: width }, (_, i) => ((t * 3 + i) % 10) / 10);

async function openBoard(width: number): Promise<{ device: Device; close: () => Promise<void> }> {
  const emulator = await NodeMcuEmulator.create({ clock: "real", startup: "main" });
  const device = await Device.open(openEmulatorLink(emulator));
  // More than one Input frame per step, so an input can straddle a tick.
  expect(width / inputValuesPerFrame(Encoding.F64, device.info.maxFrame)).toBeGreaterThan(1);
  return { device, close: async () => (await device.close(), await emulator.close()) };
}

describe("a realtime run on the board's own clock", () => {
  it("records every step's input as the one the board computed with, across ticks and Input frames", async () => {
    const { device, close } = await openBoard(NEURONS);
    try {
      await device.configure({ model: "Leaky", neurons: NEURONS, beta: 0.5, threshold: 1e6, reset_mechanism: "none" });
      const inputAt = inputsOf(NEURONS);
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
      await close();
    }
  });

  it("records, for a network, every step's input channels as the ones the board computed with", async () => {
    const identity = Array.from({ length: CHANNELS }, (_, r) => Array.from({ length: CHANNELS }, (_, c) => (r === c ? 1 : 0)));
    const spec = parseNetworkConfig({
      dtype: "float64",
      inputs: CHANNELS,
      layers: [
        { kind: "Linear", in: CHANNELS, out: CHANNELS, weight: identity, bias: new Array(CHANNELS).fill(0) },
        { kind: "Leaky", neurons: CHANNELS, kwargs: { beta: 0.5, threshold: 1e6, reset_mechanism: "none" } },
      ],
    });
    const { device, close } = await openBoard(CHANNELS);
    try {
      await device.configureNetwork(spec);
      const inputAt = inputsOf(CHANNELS);
      const { trace, inputs } = await runNetworkRealtime(device, spec, { periodMs: 1, steps: STEPS, inputAt });
      const perStep = valuesPerStep(trace.layers);
      const neuronWidth = trace.layers[0].states.length + 2;
      // The layer's input current, as the device reports it: the Linear's identity of the channels it held.
      const ran = Array.from({ length: STEPS * CHANNELS }, (_, k) => trace.values[Math.floor(k / CHANNELS) * perStep + (k % CHANNELS) * neuronWidth]);
      expect(Array.from(inputs.values)).toEqual(ran);
      expect(ran).not.toEqual(Array.from({ length: STEPS }, (_, t) => inputAt(t)).flat());
    } finally {
      await close();
    }
  });
});
