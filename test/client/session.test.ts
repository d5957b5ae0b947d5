/**
 * The client's request/reply logic against a scripted device: a Link whose replies each test
 * writes with the device's own frame codecs. Covers what a well-behaved firmware never does —
 * silence, stray and damaged replies, refusals, reboots, a link that drops — deterministically.
 */
import { describe, expect, it } from "vitest";
import { DeviceError, State } from "../../src/shared/codes.ts";
import { Encoding, MAX_FRAME_BYTES, Op, PROTOCOL_VERSION, WireError } from "../../src/shared/protocol.ts";
import { beginFrame, endFrame } from "../../src/shared/wire/frame.ts";
import { readFloat, writeFloat } from "../../src/shared/wire/ieee.ts";
import { newParser, ParseEvent, parseByte } from "../../src/shared/wire/parser.ts";
import { readUint, writeUint } from "../../src/shared/wire/septets.ts";
import { DeviceReportedError } from "../../src/host/device-reported-error.ts";
import { Device, type DeviceOptions } from "../../src/host/client/device.ts";
import {
  DeviceClosedError, DeviceMismatchError, DeviceProtocolError, DeviceRejectedError, DeviceResetError, DeviceTimeoutError,
  DeviceUsageError,
} from "../../src/host/client/errors.ts";
import { ChunkQueue } from "../../src/host/client/chunk-queue.ts";
import { ConfigError } from "../../src/host/errors.ts";
import { LinkClosedError, type Link } from "../../src/io/link.ts";

function u(value: number, septets: number): number[] {
  const out: number[] = [];
  writeUint(out, 0, value, septets);
  return out;
}

function frame(op: number, seq: number, payload: number[]): number[] {
  const out: number[] = [];
  let pos = beginFrame(out, op, seq);
  for (const b of payload) out[pos++] = b;
  return out.slice(0, endFrame(out, pos));
}

function text(s: string): number[] {
  return [...s].flatMap((c) => [c.charCodeAt(0), 0]);
}

const VERSION = [0xf9, 2, 6];
const firmware = (name = "spikeloop-fake", major = 0, minor = 1) => [0xf0, 0x79, major, minor, ...text(name), 0xf7];
/** What the fake device says in its HelloReply (`answersHello` false: it ignores Hello, like StandardFirmata). */
interface HelloIdentity {
  protocol?: number;
  capacity?: number;
  firmwareMinor?: number;
  board?: string;
  answersHello?: boolean;
}
const hello = (seq: number, { protocol = PROTOCOL_VERSION, capacity = 16, firmwareMinor = 1, board = "fake" }: HelloIdentity) =>
  frame(Op.HelloReply, seq, [
    protocol, 0, firmwareMinor, ...u(MAX_FRAME_BYTES, 2), ...u(capacity, 2), ...u(256, 2), 0, 0,
    2, 6, board.length, ...[...board].map((c) => c.charCodeAt(0)),
  ]);
const ack = (seq: number, op: number, result: number[] = []) => frame(Op.Ack, seq, [op, ...result]);

/** A request as the device's parser reads it. */
interface Received {
  command: number;
  op: number;
  seq: number;
  body: number[];
}

/** Returns the bytes to answer a request with (none: stay silent). */
type Script = (r: Received, fake: FakeLink) => number[] | undefined;

/** A device that answers the handshake, and whatever else `script` says. */
class FakeLink implements Link {
  readonly path = "fake";
  readonly incoming = new ChunkQueue();
  readonly received: Received[] = [];
  readonly writes: Uint8Array[] = [];
  readonly #parser = newParser(true, MAX_FRAME_BYTES);
  #script: Script;
  /** Steps run, for Step acks. */
  steps = 0;

  constructor(script: Script = () => undefined, readonly identity: HelloIdentity & { firmware?: number[]; version?: number[] } = {}) {
    this.#script = script;
  }

  read(): Promise<Uint8Array | null> {
    return this.incoming.read();
  }

  inject(bytes: number[]): void {
    this.incoming.push(Uint8Array.from(bytes));
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.incoming.ended) throw new LinkClosedError(this.path);
    this.writes.push(data);
    for (const b of data) {
      if (parseByte(this.#parser, b) !== ParseEvent.Message) continue;
      const p = this.#parser;
      const body = p.buf.slice(0, p.len);
      const r: Received = { command: p.command, op: body[1], seq: body[2], body };
      this.received.push(r);
      const reply = this.#answer(r);
      // Replies arrive later, as from a real port.
      if (reply !== undefined) setImmediate(() => this.inject(reply));
    }
  }

  #answer(r: Received): number[] | undefined {
    if (r.command === 0xf9) return this.identity.version ?? VERSION;
    if (r.command === 0xf0 && r.body[0] === 0x79) return this.identity.firmware ?? firmware();
    if (r.command === 0xf0 && r.body[0] === 1 && r.op === Op.Hello) return this.identity.answersHello === false ? undefined : hello(r.seq, this.identity);
    if (r.command === 0xf0 && r.body[0] === 1) return this.#script(r, this);
    return undefined;
  }

  async close(): Promise<void> {
    this.incoming.end(true);
  }
}

/** Acks every configuration frame; ConfigEnd with n (1). */
const configuring: Script = (r) => {
  if (r.op === Op.ConfigBegin || r.op === Op.ConfigParam || r.op === Op.ConfigState) return ack(r.seq, r.op);
  if (r.op === Op.ConfigEnd) return ack(r.seq, r.op, u(1, 2));
  return undefined;
};

const FAST: DeviceOptions = { timeouts: { handshake: 200, reply: 150, boot: 100 } };
const LEAKY = { model: "Leaky", neurons: 1, beta: 0.5 };

async function configured(script: Script, options: DeviceOptions = {}): Promise<{ device: Device; link: FakeLink }> {
  const link = new FakeLink((r, fake) => configuring(r, fake) ?? script(r, fake));
  const device = await Device.open(link, { ...FAST, ...options });
  await device.configure(LEAKY);
  return { device, link };
}


/** These fake devices speak the Input/Step exchange; streaming runs are tested on the real firmware (streaming-*.test.ts). */
const LOCKSTEP = { protocol: "lockstep" } as const;

describe("the handshake", () => {
  it("queries the version and firmware name, says Hello and reports the device's limits", async () => {
    const link = new FakeLink();
    const device = await Device.open(link, FAST);
    expect(device.info).toEqual({
      firmata: { major: 2, minor: 6 }, firmware: { name: "spikeloop-fake", major: 0, minor: 1 }, board: "fake",
      protocol: PROTOCOL_VERSION, maxFrame: MAX_FRAME_BYTES, inputCapacity: 16, maxNeurons: 256, hasTimer: false, numbers: "double",
    });
    expect(link.received.map((r) => [r.command, r.body[0]])).toEqual([[0xf9, undefined], [0xf0, 0x79], [0xf0, 1]]);
    await device.close();
  });

  it("with awaitBoot, takes the boot announcement without querying", async () => {
    const link = new FakeLink();
    setTimeout(() => link.inject([...VERSION, ...firmware()]), 20);
    const device = await Device.open(link, { ...FAST, awaitBoot: true });
    expect(link.received.map((r) => r.command)).toEqual([0xf0]);
    await device.close();
  });

  it.each([
    ["not-spikeloop", { firmware: firmware("StandardFirmata.ino", 2, 5), answersHello: false }],
    ["firmware-version", { firmware: firmware("spikeloop-fake", 0, 2), firmwareMinor: 2 }],
    ["firmware-version", { firmware: firmware("spikeloop-fake", 0, 2), answersHello: false }],
    ["firmata-version", { version: [0xf9, 3, 0] as number[], answersHello: false }],
    ["protocol-version", { protocol: PROTOCOL_VERSION + 1 }],
  ] as const)("refuses a device with %s and names the fix", async (code, identity) => {
    const link = new FakeLink(undefined, identity);
    const err = await Device.open(link, FAST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceMismatchError);
    expect((err as DeviceMismatchError).code).toBe(code);
    expect((err as Error).message).toMatch(/Fix: upload/);
    expect(link.incoming.ended).toBe(true);
  });

  it.each([
    ["a name with one flipped bit", { firmware: [0xf0, 0x79, 0, 1, ...text("sp"), 0x69, 0x10, ...text("keloop-fake"), 0xf7] }],
    ["a name that looks like another board", { firmware: firmware("spikeloop-fakf") }],
    ["a damaged firmware version", { firmware: firmware("spikeloop-fake", 0, 3) }],
    ["a damaged Firmata version", { version: [0xf9, 6, 6] }],
  ])("takes the identity from the CRC-protected HelloReply, not from %s", async (_, identity) => {
    const device = await Device.open(new FakeLink(undefined, identity), FAST);
    expect(device.info).toMatchObject({ firmata: { major: 2, minor: 6 }, firmware: { name: "spikeloop-fake", major: 0, minor: 1 }, board: "fake" });
    await device.close();
  });

  it("says a board whose name report is not spikeloop and that ignores Hello is not spikeloop", async () => {
    const err = await Device.open(new FakeLink(undefined, { firmware: firmware("StandardFirmata.ino", 2, 5), answersHello: false }), FAST).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/runs "StandardFirmata.ino" 2.5, not spikeloop, and it does not answer the neuron extension's Hello/);
  });

  it("refuses a HelloReply whose limits leave no room for a frame or an input", async () => {
    const err = await Device.open(new FakeLink(undefined, { capacity: 0 }), FAST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceProtocolError);
    expect((err as DeviceProtocolError).code).toBe("unexpected-reply");
  });

  it("times out on a device that never answers, naming what it waited for", async () => {
    const silent: Link = { path: "silent", read: () => new Promise(() => undefined), write: async () => undefined, close: async () => undefined };
    const err = await Device.open(silent, { ...FAST, awaitBoot: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceTimeoutError);
    expect((err as DeviceTimeoutError).awaited).toMatch(/version report \(F9\) in reply to the version and firmware queries/);
  });

  it("times out when only Hello goes unanswered", async () => {
    const link = new FakeLink();
    const mute: Link = {
      path: "mute-hello",
      read: () => link.read(),
      write: (data) => (data[1] === 1 ? Promise.resolve() : link.write(data)),
      close: () => link.close(),
    };
    const err = await Device.open(mute, FAST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceTimeoutError);
    expect((err as DeviceTimeoutError).awaited).toBe("HelloReply to Hello (seq 1)");
  });
});

describe("configuration", () => {
  it("validates before anything reaches the wire", async () => {
    const link = new FakeLink(configuring);
    const device = await Device.open(link, FAST);
    const before = link.writes.length;
    await expect(device.configure({ model: "Leaky", neurons: 2, beta: [0.9] })).rejects.toMatchObject({ code: "wrong-length", field: "beta" });
    await expect(device.configure({ model: "Leaky", neurons: 17, beta: 0.9 })).rejects.toBeInstanceOf(DeviceUsageError);
    await expect(device.configure({ model: "Alpha", neurons: 1, alpha: 0.5, beta: 0.9 })).rejects.toBeInstanceOf(ConfigError);
    await expect(device.run({ steps: 1, channels: 1, values: Float64Array.of(1) })).rejects.toMatchObject({ code: "not-configured" });
    expect(link.writes.length).toBe(before);
    await device.close();
  });

  it("turns the device's layer errors and wire errors into typed errors", async () => {
    const link = new FakeLink((r) => {
      if (r.op === Op.ConfigBegin || r.op === Op.ConfigParam) return ack(r.seq, r.op);
      if (r.op === Op.ConfigEnd) return frame(Op.Error, r.seq, [r.op, DeviceError.NegativeThreshold, 0, 0]);
      if (r.op === Op.ResetState) return frame(Op.Error, r.seq, [r.op, WireError.NotConfigured, 0, 0]);
      return undefined;
    });
    const device = await Device.open(link, FAST);
    const err = await device.configure(LEAKY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceReportedError);
    expect((err as DeviceReportedError).code).toBe(DeviceError.NegativeThreshold);
    expect(device.spec).toBeUndefined();
    await expect(device.resetState()).rejects.toMatchObject({ code: "not-configured", wireCode: WireError.NotConfigured });
    await device.close();
  });
});

describe("replies", () => {
  it("checks each reply's seq and op, and reports stray ones without resolving with them", async () => {
    const errors: Error[] = [];
    const { device, link } = await configured((r) => {
      if (r.op === Op.ResetState) return [...ack((r.seq + 5) % 126, r.op), ...frame(Op.Error, 100, [Op.Step, 37, 0, 0]), ...ack(r.seq, r.op)];
      if (r.op === Op.Status) return ack(r.seq, Op.Status);
      return undefined;
    });
    device.on("error", (e) => errors.push(e));
    await device.resetState();
    expect(errors.map((e) => (e as DeviceProtocolError).code)).toEqual(["unexpected-reply", "busy"]);
    expect(errors[1]).toBeInstanceOf(DeviceRejectedError);
    await expect(device.status()).rejects.toMatchObject({ code: "unexpected-reply" });
    expect(link.received.at(-1)!.op).toBe(Op.Status);
    await device.close();
  });

  it("fails the pending call on an Ack for another op or a damaged frame", async () => {
    const { device } = await configured((r) => {
      if (r.op === Op.ResetState) return ack(r.seq, Op.Stop, u(0, 4));
      if (r.op === Op.Stop) {
        const bad = ack(r.seq, Op.Stop, u(3, 4));
        bad[5] ^= 1;
        return bad;
      }
      return undefined;
    });
    await expect(device.resetState()).rejects.toMatchObject({ code: "wrong-op" });
    await expect(device.stop()).rejects.toMatchObject({ code: "bad-frame" });
    await device.close();
  });

  it("fails the pending call on an Error about a frame the device could not read (seq 7F)", async () => {
    const { device } = await configured((r) => (r.op === Op.ResetState ? frame(Op.Error, 0x7f, [0x7f, WireError.BadChecksum, 0, 0]) : undefined));
    await expect(device.resetState()).rejects.toMatchObject({ code: "bad-checksum" });
    await device.close();
  });

  it("sends one request at a time, even when calls overlap", async () => {
    let inFlight = 0;
    let most = 0;
    const { device, link } = await configured((r) => {
      if (r.op !== Op.Status) return undefined;
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        link.inject(frame(Op.StatusReply, r.seq, [1, ...u(r.seq, 4), ...u(0, 3), ...u(0, 3), ...u(0, 2), ...u(1, 2)]));
      }, 2);
      return undefined;
    });
    const statuses = await Promise.all([device.status(), device.status(), device.status(), device.status()]);
    expect(most).toBe(1);
    expect(new Set(statuses.map((s) => s.steps)).size).toBe(4);
    expect(statuses.every((s) => s.mode === "idle")).toBe(true);
    await device.close();
  });

  it("times out a Step whose Ack never comes, counting from the last frame it sent", async () => {
    const { device, link } = await configured((r) => {
      if (r.op === Op.Input) return ack(r.seq, r.op);
      if (r.op !== Op.Step) return undefined;
      // Spikes frames every 100 ms for 300 ms, each within the 150 ms reply timeout; no Ack.
      for (const ms of [100, 200, 300]) setTimeout(() => link.inject(frame(Op.Spikes, r.seq, [...u(0, 4), ...u(1, 2), 1])), ms);
      return undefined;
    });
    const started = Date.now();
    const err = await device.run({ steps: 1, channels: 1, values: Float64Array.of(2) }, LOCKSTEP).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(err).toBeInstanceOf(DeviceTimeoutError);
    expect((err as DeviceTimeoutError).awaited).toMatch(/^Ack to Step \(seq \d+\)$/);
    await device.close();
  });
});

describe("a run", () => {
  /**
   * A Leaky neuron (beta 0.5, threshold 1, subtract reset) computed by the fake device. Each Step
   * answers with a States frame and two Spikes frames, the later half first: the client must
   * place frames by their step numbers.
   */
  function leaky(): Script {
    const inputs: number[] = [];
    let mem = 0;
    return (r, fake) => {
      if (r.op === Op.Input) {
        const start = readUint(r.body, 4, 2);
        for (let m = 0; m < r.body[6]; m++) inputs[start + m] = readFloat(r.body, 7 + m * 10, Encoding.F64);
        return ack(r.seq, r.op);
      }
      if (r.op !== Op.Step) return undefined;
      const k = readUint(r.body, 3, 2);
      const mems: number[] = [];
      for (let t = 0; t < k; t++) {
        mem = mem > 1 ? 0.5 * mem + inputs[t] - 1 : 0.5 * mem + inputs[t];
        mems.push(mem);
      }
      const bitsOf = (from: number, count: number) => {
        const b = new Array<number>(Math.ceil(count / 7)).fill(0);
        for (let t = 0; t < count; t++) if (mems[from + t] > 1) b[Math.floor(t / 7)] += 2 ** (t % 7);
        return b;
      };
      const states: number[] = [];
      mems.reduce((pos, m) => writeFloat(states, pos, m, Encoding.F64), 0);
      const half = Math.ceil(k / 2);
      const out = frame(Op.States, r.seq, [...u(fake.steps, 4), State.Mem, ...u(0, 2), k, Encoding.F64, ...states]);
      if (k > half) out.push(...frame(Op.Spikes, r.seq, [...u(fake.steps + half, 4), ...u(k - half, 2), ...bitsOf(half, k - half)]));
      out.push(...frame(Op.Spikes, r.seq, [...u(fake.steps, 4), ...u(half, 2), ...bitsOf(0, half)]));
      fake.steps += k;
      out.push(...ack(r.seq, Op.Step, u(fake.steps, 4)));
      return out;
    };
  }

  it("batches by the device's input capacity and assembles the trace from out-of-order frames", async () => {
    const { device, link } = await configured(leaky());
    const values = Float64Array.from({ length: 40 }, (_, t) => (t % 5) * 0.3);
    const trace = await device.run({ steps: 40, channels: 1, values }, LOCKSTEP);
    const steps = link.received.filter((r) => r.op === Op.Step).map((r) => readUint(r.body, 3, 2));
    expect(steps).toEqual([16, 16, 8]);
    let m = 0;
    const expected: number[] = [];
    for (const x of values) {
      m = m > 1 ? 0.5 * m + x - 1 : 0.5 * m + x;
      expected.push(m, m > 1 ? 1 : 0);
    }
    expect(trace.columns).toEqual(["mem", "spk"]);
    expect(Array.from(trace.values)).toEqual(expected);
    await expect(device.run({ steps: 1, channels: 1, values }, { ...LOCKSTEP, batchSize: 17 })).rejects.toMatchObject({ code: "batch-size" });
    await expect(device.run({ steps: 1, channels: 2, values })).rejects.toMatchObject({ code: "channels" });
    await device.close();
  });

  it("takes its default batch size from the open options", async () => {
    const { device, link } = await configured(leaky(), { batchSize: 6 });
    await device.run({ steps: 14, channels: 1, values: new Float64Array(14) }, LOCKSTEP);
    await device.run({ steps: 5, channels: 1, values: new Float64Array(5) }, { ...LOCKSTEP, batchSize: 2 });
    expect(link.received.filter((r) => r.op === Op.Step).map((r) => readUint(r.body, 3, 2))).toEqual([6, 6, 2, 2, 2, 1]);
    await device.close();
  });

  it("fails with DeviceResetError and emits reset when the device reboots mid-run", async () => {
    const running = leaky();
    const { device, link } = await configured((r, fake) => {
      if (r.op === Op.Step && fake.steps >= 16) {
        setTimeout(() => link.inject([...VERSION, ...firmware()]), 5);
        return undefined;
      }
      return running(r, fake);
    });
    const resets: unknown[] = [];
    device.on("reset", (m) => resets.push(m));
    const err = await device.run({ steps: 40, channels: 1, values: new Float64Array(40) }, LOCKSTEP).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceResetError);
    expect(resets).toEqual([{ type: "version", major: 2, minor: 6 }]);
    expect(device.spec).toBeUndefined();
    await device.close();
  });

  it("fails with DeviceClosedError when the link drops mid-run, and every later call too", async () => {
    const { device, link } = await configured((r) => {
      if (r.op === Op.Input) setTimeout(() => link.incoming.end(), 5);
      return undefined;
    });
    const closed = new Promise<void>((resolve) => device.once("close", resolve));
    await expect(device.run({ steps: 2, channels: 1, values: new Float64Array(2) }, LOCKSTEP)).rejects.toBeInstanceOf(DeviceClosedError);
    await closed;
    await expect(device.status()).rejects.toBeInstanceOf(DeviceClosedError);
    await device.close();
  });
});
