/**
 * The byte counts behind `npm run bench`'s wire table (bench/counting-link.ts): one lockstep
 * batch to the emulated board costs exactly the frames docs/protocol.md lays out, and the
 * information minimum (bench/wire-minimum.ts) is what the docs say it is.
 */
import { describe, expect, it } from "vitest";
import { countingLink } from "../../bench/counting-link.ts";
import { wireMinimum } from "../../bench/wire-minimum.ts";
import { NodeMcuEmulator, openEmulatorLink } from "../../src/emulator/index.ts";
import { Device } from "../../src/host/client/device.ts";

describe("wire bytes of a lockstep batch", () => {
  it("counts the Input, Step, Ack and Spikes frames of 4 steps of 64 neurons at F64", async () => {
    const emulator = await NodeMcuEmulator.create();
    const link = countingLink(openEmulatorLink(emulator));
    const device = await Device.open(link);
    expect(device.info.inputCapacity).toBe(256); // 4 steps of 64 neurons per Step
    await device.configure({ model: "Leaky", neurons: 64, beta: 0.9 });
    link.reset();
    const trace = await device.run({ steps: 4, channels: 64, values: new Float64Array(256).fill(0.5) }, { states: false, protocol: "lockstep" });
    expect(trace.values.length).toBe(256);
    // Host → device: 256 values in Input frames of at most 22 (9 bytes of frame: F0 01 op seq,
    // 4 check septets, F7; 4 of header, 10 per value), then Step (9 + 4).
    const inputFrames = 11 * (9 + 4 + 22 * 10) + (9 + 4 + 14 * 10);
    expect(link.counts().sent).toBe(inputFrames + 13);
    // Device → host: an Ack (10) per Input frame, one Spikes frame (9 + 6 + 37 septets of 256
    // bits), the Step's Ack with the step count (9 + 5).
    expect(link.counts().received).toBe(12 * 10 + (9 + 6 + 37) + 14);
    await device.close();
    await emulator.close();
  });

  it("counts the StreamBegin, StreamSync and Stepped frames of the same 4 steps streamed", async () => {
    const emulator = await NodeMcuEmulator.create();
    const link = countingLink(openEmulatorLink(emulator));
    const device = await Device.open(link);
    await device.configure({ model: "Leaky", neurons: 64, beta: 0.9 });
    link.reset();
    const trace = await device.run({ steps: 4, channels: 64, values: new Float64Array(256).fill(0.5) }, { states: false });
    expect(trace.values.length).toBe(256);
    // Host → device: StreamBegin (9 + 3), then 256 values in frames of at most 22 (11 bytes of
    // frame and count, 10 per value), each a StreamSync since each passes half the window.
    expect(link.counts().sent).toBe(12 + 11 * (11 + 220) + (11 + 140));
    // Device → host: StreamBegin's Ack with the step count (9 + 5), and a Stepped per frame (11
    // bytes and the spike bits): the four frames that complete a step carry 64 bits (10 septets).
    expect(link.counts().received).toBe(14 + 12 * 11 + 4 * 10);
    await device.close();
    await emulator.close();
  });

  it("takes the inputs at the encoding's width, one bit per spike and the states at that width", () => {
    expect(wireMinimum(64, "f64", 0)).toEqual({ sent: 512, received: 8 });
    expect(wireMinimum(1, "f16", 1)).toEqual({ sent: 2, received: 2.125 });
    expect(wireMinimum(64, "f32", 3)).toEqual({ sent: 256, received: 8 + 768 });
  });
});
