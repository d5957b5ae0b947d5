/** A check that an emulated board runs the firmware: a Leaky layer over the wire, spikes checked. */
import { expect } from "vitest";
import { type NodeMcuEmulator, openEmulatorLink } from "../../src/emulator/index.ts";
import { Device } from "../../src/host/client/index.ts";

/** Runs 4 steps of a 1-neuron Leaky layer on `board`; returns the heap it reports afterwards. */
export async function runsTheFirmware(board: NodeMcuEmulator): Promise<number> {
  const device = await Device.open(openEmulatorLink(board));
  try {
    expect(device.info.firmware.name).toBe("spikeloop-nodemcu");
    await device.configure({ model: "Leaky", neurons: 1, beta: 0.5, threshold: 1 });
    const trace = await device.run({ steps: 4, channels: 1, values: Float64Array.of(0.9, 0.9, 0.9, 0.9) });
    // mem 0.9, 1.35 (fires), 0.575, 1.1875 (fires); the spike column is the last one
    const width = trace.columns.length;
    expect([0, 1, 2, 3].map((t) => trace.values[t * width + width - 1])).toEqual([0, 1, 0, 1]);
    return (await device.status()).heap;
  } finally {
    await device.close();
  }
}
