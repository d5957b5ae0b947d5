/**
 * Streamed lockstep (docs/protocol.md, "Streaming") on the real firmware: under lua5.1 through
 * the stdio adapter and on the emulated board. A streamed run returns, bit for bit, the trace of
 * the Input/Step exchange (protocol "lockstep", which the golden suites pin down) for every
 * input encoding, float and int layers, spike inputs, resending or not.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeMcuEmulator, openEmulatorLink } from "../../src/emulator/index.ts";
import type { Trace } from "../../src/host/backends/backend.ts";
import type { Currents } from "../../src/host/currents.ts";
import { Device } from "../../src/host/client/device.ts";
import type { RunOptions } from "../../src/host/client/lockstep.ts";
import { spawnStdioFirmware } from "../../src/host/client/process-link.ts";
import type { Link } from "../../src/io/link.ts";

function currents(n: number, steps: number, spikes = false): Currents {
  const values = new Float64Array(n * steps);
  let x = 4242;
  for (let k = 0; k < values.length; k++) {
    x = (x * 16807) % 2147483647;
    values[k] = spikes ? (x % 4 === 0 ? 1 : 0) : (x / 2147483647) * 0.4 - 0.05;
  }
  return { steps, channels: n, values };
}

function expectSame(a: Trace, b: Trace): void {
  expect(b.columns).toEqual(a.columns);
  expect(b.values.length).toBe(a.values.length);
  const differing = a.values.findIndex((x, j) => !Object.is(x, b.values[j]));
  expect(differing, `first difference at value ${differing}`).toBe(-1);
}

const TARGETS: [string, () => Promise<{ link: Link; close(): Promise<void> }>][] = [
  ["lua5.1 (stdio)", async () => {
    const link = await spawnStdioFirmware("lua5.1");
    return { link, close: () => link.close() };
  }],
  ["the emulated board", async () => {
    const board = await NodeMcuEmulator.create();
    return { link: openEmulatorLink(board), close: () => board.close() };
  }],
];

for (const [name, open] of TARGETS) {
  describe(`streamed runs on ${name}`, () => {
    let device: Device;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const opened = await open();
      close = opened.close;
      device = await Device.open(opened.link);
    });
    afterAll(async () => {
      await device.close();
      await close();
    });

    async function both(input: Currents, options: RunOptions): Promise<[Trace, Trace]> {
      await device.resetState();
      const lockstep = await device.run(input, { ...options, protocol: "lockstep", inputEncoding: undefined, retries: undefined });
      await device.resetState();
      return [lockstep, await device.run(input, options)];
    }

    it("give the Input/Step trace for 20 Leaky neurons at F64, F32 and F16, with and without states", async () => {
      await device.configure({ model: "Leaky", neurons: 20, beta: 0.9, threshold: 0.5, reset_mechanism: "subtract" });
      const input = currents(20, 37);
      for (const encoding of ["f64", "f32", "f16"] as const) {
        for (const states of [true, false]) expectSame(...(await both(input, { encoding, states })));
      }
    });

    it("give it for a 64-neuron RSynaptic layer, whose inputs of one step span three frames", async () => {
      await device.configure({ model: "RSynaptic", neurons: 64, alpha: 0.8, beta: 0.9, V: 0.5, all_to_all: false });
      expectSame(...(await both(currents(64, 12), { encoding: "f64", states: true })));
    });

    it("take 0/1 inputs at one bit each and give the trace of the same inputs as floats", async () => {
      await device.configure({ model: "Leaky", neurons: 9, beta: 0.8, threshold: 0.7 });
      expectSame(...(await both(currents(9, 300, true), { inputEncoding: "spike", states: true })));
    });

    it("give it for an int layer at I32", async () => {
      await device.configure({ model: "Leaky", neurons: 5, beta: 0.875, threshold: 1, dtype: "int", int_frac_bits: 10 });
      expectSame(...(await both(currents(5, 50), { states: true })));
    });

    it("give it when resending, one frame in flight", async () => {
      await device.configure({ model: "Leaky", neurons: 30, beta: 0.9 });
      const input = currents(30, 25);
      expectSame(...(await both(input, { encoding: "f64", states: true, retries: 3 })));
      expectSame(...(await both(input, { encoding: "f32", states: false, retries: 3 })));
    });

    it("refuse inputs that are not 0/1 as spikes, and spikes for an int layer, before the wire", async () => {
      await device.configure({ model: "Leaky", neurons: 2, beta: 0.9 });
      await expect(device.run({ steps: 1, channels: 2, values: Float64Array.of(1, 0.5) }, { inputEncoding: "spike" })).rejects.toMatchObject({ code: "option" });
      await device.configure({ model: "Leaky", neurons: 2, beta: 0.9, dtype: "int" });
      await expect(device.run({ steps: 1, channels: 2, values: Float64Array.of(1, 0) }, { inputEncoding: "spike" })).rejects.toMatchObject({ code: "option" });
      await expect(device.run({ steps: 1, channels: 2, values: Float64Array.of(1, 0) }, { protocol: "udp" as "stream" })).rejects.toMatchObject({ code: "option" });
    });
  });
}

/**
 * A link that, once armed, writes `junk` after its `after`-th write: the rest of a stream frame
 * whose F0 was damaged — data bytes, one of them a 7F whose top bit flipped (FF, a SystemReset) —
 * and F7.
 */
function junkAfter(inner: Link, after: number, junk: number[]): Link & { armed: boolean } {
  let writes = 0;
  return {
    armed: false,
    path: inner.path,
    read: () => inner.read(),
    close: () => inner.close(),
    async write(data) {
      await inner.write(data);
      if (this.armed && ++writes === after) await inner.write(Uint8Array.from(junk));
    },
  };
}

describe("a stream with the rest of a damaged frame between its frames", () => {
  for (const [name, open] of TARGETS) {
    it(`on ${name}: skips it, FF included, and gives the undamaged trace`, async () => {
      const input = currents(8, 40);
      const options = { encoding: "f64", states: true, retries: 5 } as const;
      const clean = await open();
      const reference = await Device.open(clean.link);
      await reference.configure({ model: "Leaky", neurons: 8, beta: 0.9 });
      const expected = await reference.run(input, options);
      await reference.close();
      await clean.close();

      const opened = await open();
      const link = junkAfter(opened.link, 4, [0x01, 0x21, 0x05, 0x70, 0x45, 0xff, 0x12, 0x7f, 0xf7]);
      const device = await Device.open(link);
      await device.configure({ model: "Leaky", neurons: 8, beta: 0.9 });
      link.armed = true; // the run's StreamBegin, then stream frames: the junk comes mid-stream
      expectSame(expected, await device.run(input, options));
      expect((await device.status()).errors).toBeGreaterThan(0);
      await device.close();
      await opened.close();
    });
  }
});

describe("a resending stream reading a firmware report its board did not send", () => {
  it("takes a report that is not spikeloop's, or spikeloop's without a version report before it, for damage, and a real reboot for a reset", async () => {
    const board = await NodeMcuEmulator.create();
    const inner = openEmulatorLink(board);
    let reads = 0;
    const link: Link = {
      path: inner.path,
      write: (data) => inner.write(data),
      close: () => inner.close(),
      read: async () => {
        reads++;
        if (reads === 30) return Uint8Array.of(0xf0, 0x79, 0x05, 0x4a, 0x21, 0x00, 0xf7);
        // The board's own name, as it answers a query that a damaged frame made: no version
        // report before it, so no reboot.
        if (reads === 40) return Uint8Array.of(0xf0, 0x79, 0, 1, ...[..."spikeloop-nodemcu"].flatMap((c) => [c.charCodeAt(0), 0]), 0xf7);
        return inner.read();
      },
    };
    const device = await Device.open(link);
    await device.configure({ model: "Leaky", neurons: 8, beta: 0.9 });
    const input = currents(8, 60);
    const options = { encoding: "f64", states: true, retries: 5 } as const;
    const damaged = await device.run(input, options);
    expect(reads).toBeGreaterThan(40);
    await device.resetState();
    expectSame(await device.run(input, { ...options, retries: undefined }), damaged);

    const rebooting = device.run(currents(8, 20_000), options);
    setTimeout(() => void board.reboot(), 20);
    await expect(rebooting).rejects.toMatchObject({ code: "device-reset" });
    await device.close();
    await board.close();
  });
});

describe("a stream that loses its device", () => {
  it("fails with DeviceClosedError when the firmware process dies mid-stream, and DeviceResetError when the board reboots", async () => {
    const link = await spawnStdioFirmware("lua5.1");
    const device = await Device.open(link);
    await device.configure({ model: "Leaky", neurons: 8, beta: 0.9 });
    const run = device.run(currents(8, 20_000), { states: true });
    setTimeout(() => link.kill(), 20);
    await expect(run).rejects.toMatchObject({ name: "DeviceClosedError" });
    await device.close();

    const board = await NodeMcuEmulator.create();
    const onBoard = await Device.open(openEmulatorLink(board));
    await onBoard.configure({ model: "Leaky", neurons: 8, beta: 0.9 });
    const rebooting = onBoard.run(currents(8, 20_000), { states: true });
    setTimeout(() => void board.reboot(), 20);
    await expect(rebooting).rejects.toMatchObject({ code: "device-reset" });
    await onBoard.close();
    await board.close();
  });
});
