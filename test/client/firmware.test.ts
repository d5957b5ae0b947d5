/**
 * The Device against the real firmware under lua5.1 (the stdio adapter over pipes): large
 * layers that need many frames per batch, every number encoding, validation before the wire,
 * the device's refusals, a board that reboots mid-run, a board that never answers, a link that
 * goes quiet or dies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Param } from "../../src/shared/codes.ts";
import { Encoding, Op } from "../../src/shared/protocol.ts";
import { readFloat, writeFloat } from "../../src/shared/wire/ieee.ts";
import type { Backend, Trace } from "../../src/host/backends/backend.ts";
import { createLuaBackend } from "../../src/host/backends/lua.ts";
import { type LayerSpec, parseLayerConfig } from "../../src/host/config.ts";
import type { Currents } from "../../src/host/currents.ts";
import { DeviceReportedError } from "../../src/host/device-reported-error.ts";
import { ChunkQueue } from "../../src/host/client/chunk-queue.ts";
import { Device } from "../../src/host/client/device.ts";
import {
  DeviceClosedError, DeviceRejectedError, DeviceResetError, DeviceTimeoutError, LinkOpenError,
} from "../../src/host/client/errors.ts";
import { MessageStream } from "../../src/host/client/stream.ts";
import { type ProcessLink, spawnProcessLink, spawnStdioFirmware } from "../../src/host/client/process-link.ts";
import type { Link } from "../../src/io/link.ts";

const LUA = "lua5.1";
const FAST = { timeouts: { handshake: 2000, reply: 300 } };

/**
 * A Link to the firmware that a test can watch and disturb: it records what the host writes and
 * what the device sends, can swallow the host's writes, and can reboot the firmware (kill the
 * process, start a new one that boots and announces itself on the same link).
 */
class FirmwareTap implements Link {
  readonly path = `${LUA} (tap)`;
  readonly written: Uint8Array[] = [];
  readonly fromDevice = new MessageStream();
  readonly received: ReturnType<MessageStream["push"]> = [];
  readonly #incoming = new ChunkQueue();
  #child!: ProcessLink;
  /** When set, decides per write whether the device gets it. */
  filter: ((data: Uint8Array) => boolean) | undefined;

  static async start(): Promise<FirmwareTap> {
    const tap = new FirmwareTap();
    await tap.reboot();
    return tap;
  }

  async reboot(): Promise<void> {
    this.#child?.kill();
    const child = await spawnStdioFirmware(LUA);
    this.#child = child;
    void (async () => {
      for (let chunk = await child.read(); chunk !== null && this.#child === child; chunk = await child.read()) {
        this.received.push(...this.fromDevice.push(chunk));
        this.#incoming.push(chunk);
      }
    })();
  }

  /** Ops of the extension frames the host wrote. */
  ops(): number[] {
    return this.written.filter((w) => w[0] === 0xf0 && w[1] === 1).map((w) => w[2]);
  }

  read(): Promise<Uint8Array | null> {
    return this.#incoming.read();
  }

  async write(data: Uint8Array): Promise<void> {
    this.written.push(data);
    if (this.filter === undefined || this.filter(data)) await this.#child.write(data);
  }

  async close(): Promise<void> {
    this.#incoming.end(true);
    await this.#child.close();
  }
}

/** A 64-neuron RSynaptic layer with per-neuron parameters and initial states. */
function bigLayer(): LayerSpec {
  const n = 64;
  return parseLayerConfig({
    model: "RSynaptic",
    neurons: n,
    alpha: Array.from({ length: n }, (_, i) => 0.5 + i * 0.007),
    beta: Array.from({ length: n }, (_, i) => 0.95 - i * 0.004),
    V: Array.from({ length: n }, (_, i) => (i % 3) * 0.3 - 0.2),
    threshold: 0.7,
    init: { mem: Array.from({ length: n }, (_, i) => i * 0.01), syn: 0.05 },
  });
}

/** Inputs that float32 and half precision represent exactly (multiples of 1/64 below 2). */
function exactInputs(steps: number, n: number): Currents {
  return { steps, channels: n, values: Float64Array.from({ length: steps * n }, (_, k) => (Math.round(Math.sin(k * 0.37) * 40) + 12) / 64) };
}

function roundTo(x: number, encoding: Encoding): number {
  const out: number[] = [];
  writeFloat(out, 0, x, encoding);
  return readFloat(out, 0, encoding);
}

function column(trace: Trace, name: string): number[] {
  const width = trace.columns.length;
  const k = trace.columns.indexOf(name);
  return Array.from({ length: trace.values.length / width }, (_, r) => trace.values[r * width + k]);
}

describe("a 64-neuron layer on the firmware", () => {
  let reference: Backend;
  let expected: Trace;
  const spec = bigLayer();
  const inputs = exactInputs(60, 64);
  beforeAll(async () => {
    reference = await createLuaBackend();
    expected = await reference.simulate(spec, inputs);
  });
  afterAll(() => reference.close());

  it("runs in batches of input_capacity / n steps, many Input and States frames each, identical to the lua backend", async () => {
    const tap = await FirmwareTap.start();
    const device = await Device.open(tap, FAST);
    await device.configure(spec);
    const before = tap.ops().length;
    const trace = await device.run(inputs, { protocol: "lockstep" });
    expect(Array.from(trace.values)).toEqual(Array.from(expected.values));
    const ops = tap.ops().slice(before);
    const batch = Math.floor(device.info.inputCapacity / 64);
    expect(ops.filter((op) => op === Op.Step)).toHaveLength(Math.ceil(60 / batch));
    // Each full batch needs batch·64 F64 values at ≤ 22 per frame.
    expect(ops.filter((op) => op === Op.Input).length).toBeGreaterThanOrEqual(Math.ceil((batch * 64) / 22) * Math.floor(60 / batch));
    const spikeFrames = tap.received.filter((m) => m.type === "spikes").length;
    const stateFrames = tap.received.filter((m) => m.type === "states").length;
    expect(spikeFrames).toBeGreaterThanOrEqual(60);
    expect(stateFrames).toBeGreaterThanOrEqual(60 * 2 * 3);
    expect(trace.values.some((x, k) => k % 3 === 2 && x === 1)).toBe(true);
    await device.close();
  });

  it.each([
    ["f32", Encoding.F32],
    ["f16", Encoding.F16],
  ] as const)("returns states rounded to %s and the same spikes when asked for that encoding", async (name, encoding) => {
    const device = await Device.open(await spawnStdioFirmware(LUA), FAST);
    await device.configure(spec);
    const trace = await device.run(inputs, { encoding: name, batchSize: 3 });
    expect(column(trace, "spk")).toEqual(column(expected, "spk"));
    for (const state of ["syn", "mem"]) {
      expect(column(trace, state)).toEqual(column(expected, state).map((x) => roundTo(x, encoding)));
    }
    await device.close();
  });

  it("returns spikes alone without States frames, and the same trace again after resetState", async () => {
    const tap = await FirmwareTap.start();
    const device = await Device.open(tap, FAST);
    await device.configure(spec);
    const first = await device.run(inputs, { states: false, batchSize: 5 });
    expect(first.columns).toEqual(["spk"]);
    expect(Array.from(first.values)).toEqual(column(expected, "spk"));
    expect(tap.received.some((m) => m.type === "states")).toBe(false);
    expect(await device.status()).toMatchObject({ mode: "idle", steps: 60, neurons: 64 });
    await device.resetState();
    expect((await device.status()).steps).toBe(0);
    expect(Array.from((await device.run(inputs)).values)).toEqual(Array.from(expected.values));
    await device.close();
  });
});

describe("the firmware's refusals", () => {
  it("never writes a config that fails validation, and reports the device's own errors typed", async () => {
    const tap = await FirmwareTap.start();
    const device = await Device.open(tap, FAST);
    const handshake = tap.written.length;
    const bad = [
      { model: "Leaky", neurons: 4, beta: [0.9, 0.8] },
      { model: "Synaptic", neurons: 2, beta: 0.9 },
      { model: "Leaky", neurons: 300, beta: 0.9 },
      { ...bigLayer(), params: [{ id: Param.Beta, values: [0.5] }] },
    ];
    for (const config of bad) await expect(device.configure(config)).rejects.toHaveProperty("code");
    expect(tap.written.length).toBe(handshake);

    // A hand-built spec with a parameter the device does not know reaches the device, which refuses it.
    const unknown = { ...parseLayerConfig({ model: "Leaky", neurons: 2, beta: 0.9 }) };
    unknown.params = [...unknown.params, { id: 99 as Param, values: [1, 1] }];
    const err = await device.configure(unknown).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceReportedError);
    expect((err as DeviceReportedError).code).toBe(4);
    await expect(device.resetState()).rejects.toMatchObject({ code: "not-configured", wireCode: 36 });

    await device.configure({ model: "Leaky", neurons: 2, beta: 0.9 });
    await expect(device.start({ periodMs: 10 })).rejects.toSatisfy((e) => e instanceof DeviceRejectedError && e.code === "no-timer");
    expect(device.info.hasTimer).toBe(false);
    const trace = await device.run({ steps: 3, channels: 2, values: Float64Array.of(1.5, 0, 0, 0, 0, 0) });
    expect(column(trace, "spk")).toEqual([1, 0, 0, 0, 0, 0]);
    await device.close();
  });
});

describe("failures mid-session", () => {
  const leaky = { model: "Leaky", neurons: 8, beta: 0.9 };
  const currents = exactInputs(200, 8);

  it("fails the pending call with DeviceResetError when the board reboots mid-run, and works once configured again", async () => {
    const tap = await FirmwareTap.start();
    const device = await Device.open(tap, FAST);
    await device.configure(leaky);
    const resets: unknown[] = [];
    device.on("reset", (m) => resets.push(m));
    let steps = 0;
    tap.filter = (data) => {
      if (data[0] === 0xf0 && data[1] === 1 && data[2] === Op.Step && ++steps === 2) {
        // The second Step never reaches the old firmware: the board reboots instead.
        void tap.reboot();
        return false;
      }
      return true;
    };
    const err = await device.run(currents, { protocol: "lockstep", batchSize: 16 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceResetError);
    expect(resets).toEqual([{ type: "version", major: 2, minor: 6 }]);
    expect(device.spec).toBeUndefined();
    await expect(device.run(currents)).rejects.toMatchObject({ code: "not-configured" });
    tap.filter = undefined;
    await device.configure(leaky);
    expect((await device.run(currents)).steps).toBe(200);
    await device.close();
  });

  it("times out, naming the Step, when the device stops answering mid-run", async () => {
    const tap = await FirmwareTap.start();
    const device = await Device.open(tap, FAST);
    await device.configure(leaky);
    let steps = 0;
    tap.filter = (data) => !(data[0] === 0xf0 && data[1] === 1 && data[2] === Op.Step && ++steps >= 3);
    const err = await device.run(currents, { protocol: "lockstep", batchSize: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceTimeoutError);
    expect((err as DeviceTimeoutError).awaited).toMatch(/^Ack to Step \(seq \d+\)$/);
    await device.close();
  });

  it("fails with DeviceClosedError when the firmware process dies mid-run", async () => {
    const link = await spawnStdioFirmware(LUA);
    const device = await Device.open(link, FAST);
    await device.configure(leaky);
    const closed = new Promise<void>((resolve) => device.once("close", resolve));
    const run = device.run(exactInputs(5000, 8), { protocol: "lockstep", batchSize: 1 });
    setTimeout(() => link.kill(), 30);
    await expect(run).rejects.toBeInstanceOf(DeviceClosedError);
    await closed;
    await device.close();
  });

  it("times out on a board that never answers, naming the version report", async () => {
    const mute = await spawnProcessLink(LUA, ["-e", "io.read('*a')"]);
    const err = await Device.open(mute, { timeouts: { handshake: 200 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceTimeoutError);
    expect((err as DeviceTimeoutError).awaited).toMatch(/Firmata version report \(F9\)/);
  });

  it("says which interpreter could not be started", async () => {
    const err = await spawnStdioFirmware("no-such-lua").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkOpenError);
    expect((err as LinkOpenError).code).toBe("spawn-failed");
  });
});

describe("the trace layout", () => {
  it("puts the states in the spec's column order, then graded spikes", async () => {
    const device = await Device.open(await spawnStdioFirmware(LUA), FAST);
    await device.configure({ model: "Alpha", neurons: 1, alpha: 0.9, beta: 0.8 });
    const alpha = await device.run({ steps: 4, channels: 1, values: Float64Array.of(1, 1, 1, 1) });
    expect(alpha.columns).toEqual(["syn_exc", "syn_inh", "mem", "spk"]);
    expect(column(alpha, "syn_exc").slice(0, 2)).toEqual([1, 0.9 * 1 + 1]);
    expect(column(alpha, "syn_inh").slice(0, 2)).toEqual([-1, 0.8 * -1 - 1]);
    await device.configure({ model: "Leaky", neurons: 2, beta: 0.5, graded_spikes_factor: [2.5, 0.25] });
    const leaky = await device.run({ steps: 1, channels: 2, values: Float64Array.of(3, 3) });
    expect(column(leaky, "spk")).toEqual([2.5, 0.25]);
    await device.close();
  });
});
