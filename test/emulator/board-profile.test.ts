/**
 * Board profiles (src/emulator/board-time.ts): the emulated board keeps an ESP8266's or ESP32's
 * time. Runs take the time their bytes need on the wire and their instructions on the CPU, the
 * receive ring loses bytes when a host outruns a busy board, timers and the realtime loop's
 * overruns follow, and SetBaud moves the line to a faster rate or falls back.
 */
import { describe, expect, it } from "vitest";
import { PROFILES, byteMicros } from "../../src/emulator/board-time.ts";
import { NodeMcuEmulator, openEmulatorLink } from "../../src/emulator/index.ts";
import type { Currents } from "../../src/host/currents.ts";
import { Device } from "../../src/host/client/device.ts";

const LEAKY = { model: "Leaky", neurons: 64, beta: 0.9, threshold: 1, reset_mechanism: "subtract" };

function inputs(steps: number): Currents {
  return { steps, channels: 64, values: Float64Array.from({ length: 64 * steps }, (_, k) => ((k * 7919) % 1000) / 3000) };
}

async function open(board: keyof typeof PROFILES, linkOptions = {}) {
  const emulator = await NodeMcuEmulator.create({ board });
  const device = await Device.open(openEmulatorLink(emulator, "emulator", linkOptions), { timeouts: { reply: 1000 } });
  await device.configure(LEAKY);
  return { emulator, device, close: async () => (await device.close(), await emulator.close()) };
}

/** Board seconds and instructions of a run. */
async function timed(emulator: NodeMcuEmulator, run: () => Promise<unknown>) {
  const t0 = emulator.clock.now();
  const i0 = emulator.instructions;
  await run();
  return { seconds: (emulator.clock.now() - t0) / 1e6, instructions: emulator.instructions - i0 };
}

describe("a board profile", () => {
  it("takes at least the wire's time and the CPU's, and loses nothing in the ring", async () => {
    const { emulator, device, close } = await open("esp8266-80");
    const steps = 30;
    const { seconds, instructions } = await timed(emulator, () => device.run(inputs(steps), { states: false, encoding: "f64" }));
    // 64 F64 values a step are 640 septets, at 115200 baud 10 bits each.
    const wire = (steps * 640 * byteMicros(115200)) / 1e6;
    const cpu = (instructions * PROFILES["esp8266-80"].nsPerInstruction) / 1e9;
    expect(instructions / steps).toBeGreaterThan(2000);
    expect(seconds).toBeGreaterThan(wire);
    expect(seconds).toBeGreaterThan(cpu);
    expect(seconds).toBeLessThan(1.5 * (wire + cpu));
    expect(emulator.rxDropped).toBe(0);
    await close();
  });

  it("loses bytes in the 256-byte ring when the host's window is larger than the ring, and the run fails clearly", async () => {
    const { emulator, device, close } = await open("esp8266-80");
    expect(await device.setBaudRate(921600)).toBe(true);
    const run = device.run(inputs(40), { states: false, encoding: "f16", window: 4096 });
    await expect(run).rejects.toThrow();
    expect(emulator.rxDropped).toBeGreaterThan(0);
    await close();
  });

  it("runs 64 neurons at 1 kHz on esp8266-160 without an overrun, and overruns on esp8266-80", async () => {
    const overruns: number[] = [];
    for (const board of ["esp8266-160", "esp8266-80"] as const) {
      const { emulator, device, close } = await open(board);
      await device.setInputs(new Float64Array(64).fill(0.15));
      let reports = 0;
      const enough = new Promise<void>((resolve) => device.on("spikes", () => ++reports === 50 && resolve()));
      const t0 = emulator.clock.now();
      await device.start({ periodMs: 1, every: 10 });
      await enough;
      const steps = await device.stop();
      const status = await device.status();
      expect(steps).toBeGreaterThanOrEqual(500);
      expect((emulator.clock.now() - t0) / 1e6).toBeGreaterThan(0.5);
      overruns.push(status.overruns);
      await close();
    }
    expect(overruns[0]).toBe(0);
    expect(overruns[1]).toBeGreaterThan(0);
  });

  it("switches to 921600 baud when asked: the wire bounds a run at 115200, the CPU at 921600", async () => {
    const { emulator, device, close } = await open("esp8266-80");
    const steps = 20;
    // 64 F64 values a step are 640 septets, 10 bits each on the wire.
    const wire = (baud: number) => (steps * 640 * byteMicros(baud)) / 1e6;
    const cpu = (instructions: number) => (instructions * PROFILES["esp8266-80"].nsPerInstruction) / 1e9;
    const slow = await timed(emulator, () => device.run(inputs(steps), { states: false, encoding: "f64" }));
    expect(await device.setBaudRate(921600)).toBe(true);
    expect(emulator.baudRate).toBe(921600);
    const fast = await timed(emulator, () => device.run(inputs(steps), { states: false, encoding: "f64" }));
    expect(wire(115200)).toBeGreaterThan(cpu(slow.instructions));
    expect(slow.seconds).toBeGreaterThan(wire(115200));
    // Receiving and computing overlap (the ring fills while the board works): a run takes at
    // least the slower of the two and at most their sum.
    expect(slow.seconds).toBeLessThan(wire(115200) + cpu(slow.instructions));
    expect(cpu(fast.instructions)).toBeGreaterThan(wire(921600));
    expect(fast.seconds).toBeGreaterThan(cpu(fast.instructions));
    expect(fast.seconds).toBeLessThan(wire(921600) + cpu(fast.instructions));
    expect(fast.seconds).toBeLessThan(slow.seconds / 3);
    await close();
  });

  it("falls back to 115200 when the new rate does not get through, and still runs", async () => {
    const { emulator, device, close } = await open("esp8266-80", { maxBaud: 460800 });
    expect(await device.setBaudRate(921600)).toBe(false);
    expect(emulator.baudRate).toBe(115200);
    const trace = await device.run(inputs(5), { states: false });
    expect(trace.values.length).toBe(5 * 64);
    await expect(device.setBaudRate(57600)).rejects.toMatchObject({ code: "option" });
    await close();
  });
});
