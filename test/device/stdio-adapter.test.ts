/**
 * The real transpiled firmware (firmware/app) under Debian's lua5.1 and lua5.3, through the
 * stdio board adapter (firmware/stdio/main.lua) over pipes: what a host sees of a board.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DeviceError, Model, Reset } from "../../src/shared/codes.ts";
import { Encoding, Op, WireError } from "../../src/shared/protocol.ts";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import {
  DeviceStream, type Message, type Reply, decodeReply, errorOf, expectAck, frame, helloOf, isExtension, isFinal, req,
  runLockstep, statusOf, text,
} from "../helpers/frames.ts";
import { layerConfig, neuronCases, readGoldenTrace } from "../helpers/golden.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const INTERPRETERS = ["lua5.1", "lua5.3"];
const TIMEOUT_MS = 5000;

/** The firmware in a child Lua process, fed through stdin, read from stdout. */
class LuaDevice {
  readonly stream = new DeviceStream();
  readonly exited: Promise<number | null>;
  stderr = "";
  private readonly proc: ChildProcessWithoutNullStreams;
  private waiters: (() => void)[] = [];
  private exitCode: number | null | undefined = undefined;

  constructor(lua: string) {
    this.proc = spawn(lua, ["firmware/stdio/main.lua", "firmware/app"], { cwd: ROOT });
    this.proc.stdout.on("data", (chunk: Buffer) => {
      this.stream.push(chunk);
      this.wake();
    });
    this.proc.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.proc.on("close", (code) => {
        this.exitCode = code;
        this.wake();
        resolve(code);
      }),
    );
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  private wake(): void {
    for (const w of this.waiters) w();
  }

  /** Resolves with the first defined value of `probe`, re-checked whenever output arrives. */
  waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v !== undefined) return done(() => resolve(v));
        if (!this.running) done(() => reject(new Error(`device exited (${this.exitCode}) waiting for ${what}: ${this.stderr}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`))), TIMEOUT_MS);
      const done = (f: () => void) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        f();
      };
      this.waiters.push(check);
      check();
    });
  }

  write(bytes: number[]): void {
    this.proc.stdin.write(Uint8Array.from(bytes));
  }

  /** Sends bytes; resolves with the messages after `from` once `count` of them arrived. */
  async messages(bytes: number[], count: number, what: string): Promise<Message[]> {
    const from = this.stream.messages.length;
    this.write(bytes);
    return this.waitFor(() => (this.stream.messages.length >= from + count ? this.stream.messages.slice(from) : undefined), what);
  }

  /** Sends a request; resolves with the extension frames carrying `seq`, its final reply last. */
  request = async (bytes: number[], seq: number): Promise<Reply[]> => {
    const from = this.stream.messages.length;
    this.write(bytes);
    return this.waitFor(() => {
      const replies = this.stream.messages.slice(from).filter(isExtension).map(decodeReply).filter((r) => r.seq === seq);
      const end = replies.findIndex(isFinal);
      return end >= 0 ? replies.slice(0, end + 1) : undefined;
    }, `the reply to seq ${seq}`);
  };

  async close(): Promise<number | null> {
    this.proc.stdin.end();
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("device did not exit at EOF")), TIMEOUT_MS));
    return Promise.race([this.exited, timeout]);
  }

  kill(): void {
    if (this.running) this.proc.kill();
  }
}

describe.each(INTERPRETERS)("the firmware under %s over stdio", (lua) => {
  let dev: LuaDevice;
  afterEach(() => dev?.kill());

  const open = async () => {
    dev = new LuaDevice(lua);
    await dev.waitFor(() => (dev.stream.messages.length >= 2 ? true : undefined), "the boot messages");
    return dev;
  };

  it("announces Firmata 2.6 and its name at boot and on request", async () => {
    const d = await open();
    const [version, name] = d.stream.messages;
    expect(version).toEqual({ command: 0xf9, data: [2, 6] });
    expect(name.data.slice(0, 3)).toEqual([0x79, 0, 1]);
    expect(text(name.data, 3)).toBe("spikeloop-stdio");
    const again = await d.messages([0xf9, 0xf0, 0x79, 0xf7], 2, "version and name");
    expect(again).toEqual([version, name]);
    expect(await d.close()).toBe(0);
  });

  it("answers the capability and analog-mapping queries", async () => {
    const d = await open();
    const [caps, mapping] = await d.messages([0xf0, 0x6b, 0xf7, 0xf0, 0x69, 0xf7], 2, "the capability and mapping replies");
    expect(caps.data[0]).toBe(0x6c);
    const pins: number[][] = [[]];
    for (const b of caps.data.slice(1)) {
      if (b === 0x7f) pins.push([]);
      else pins[pins.length - 1].push(b);
    }
    pins.pop();
    expect(pins).toEqual([
      [0, 1, 1, 1],
      ...Array.from({ length: 8 }, () => [0, 1, 1, 1, 3, 8, 0x0b, 1]), // PWM reported in 8 bits, driven in 10
      [2, 10],
    ]);
    expect(mapping.data).toEqual([0x6a, ...new Array(9).fill(0x7f), 0]);
  });

  it("answers Hello: no timer, so Start is NoTimer and analog reporting says so", async () => {
    const d = await open();
    const hello = helloOf((await d.request(req.hello(1), 1))[0]);
    expect(hello).toEqual({
      protocol: 3, fwMajor: 0, fwMinor: 1, maxFrame: 240, inputCapacity: 512, maxNeurons: 256, hasTimer: 0, numbers: 0, firmata: [2, 6], board: "stdio",
    });
    expectAck(await d.request(req.configBegin(2, Model.Leaky, Reset.Subtract, 0, 1), 2));
    expectAck(await d.request(req.configParam(3, 1, 0, [0.9]), 3));
    expectAck(await d.request(req.configEnd(4), 4));
    expect(errorOf((await d.request(req.start(5, 10, 1, 0, 0), 5))[0])).toEqual({ op: Op.Start, code: WireError.NoTimer, detail: 0 });
    const [report, message] = await d.messages([0xc0, 1, 0xf0, 0xf7], 2, "an analog report and a STRING_DATA");
    expect(report).toEqual({ command: 0xe0, data: [0, 0] });
    expect(text(message.data, 1)).toMatch(/no timer/);
  });

  it("runs a golden case in lockstep and matches the ts backend bit for bit", async () => {
    const d = await open();
    const c = neuronCases().find((x) => x.name === "leaky_step_subtract_f64")!;
    const spec = parseLayerConfig(layerConfig(c));
    const { inputs } = readGoldenTrace(c);
    const expected = await createTsBackend().simulate(spec, inputs);
    const got = await runLockstep(d.request, spec, inputs.values, inputs.steps, Encoding.F64, 512);
    const width = spec.stateColumns.length + 1;
    expect(got).toEqual(Array.from(expected.values, (v, k) => (k % width === width - 1 ? (v !== 0 ? 1 : 0) : v)));
  });

  it("runs a 30-neuron RSynaptic layer with initial states like the ts backend", async () => {
    const d = await open();
    const n = 30;
    const spec = parseLayerConfig({
      model: "RSynaptic",
      neurons: n,
      alpha: Array.from({ length: n }, (_, i) => 0.5 + i * 0.01),
      beta: Array.from({ length: n }, (_, i) => 0.95 - i * 0.01),
      V: Array.from({ length: n }, (_, i) => (i % 3) * 0.3 - 0.2),
      threshold: 0.7,
      init: { mem: Array.from({ length: n }, (_, i) => i * 0.05) },
    });
    const steps = 40;
    const values = Float64Array.from({ length: steps * n }, (_, k) => Math.sin(k * 0.37) * 0.4 + 0.15);
    const expected = await createTsBackend().simulate(spec, { steps, channels: n, values });
    const got = await runLockstep(d.request, spec, values, steps, Encoding.F64, 512);
    const width = spec.stateColumns.length + 1;
    expect(got).toEqual(Array.from(expected.values, (v, k) => (k % width === width - 1 ? (v !== 0 ? 1 : 0) : v)));
  });

  it("answers every bad frame with the right Error and keeps working", async () => {
    const d = await open();
    const alive = async (seq: number) => expect((await d.request(req.status(seq), seq))[0].op).toBe(Op.StatusReply);
    const expectError = async (bytes: number[], seq: number, want: { op: number; code: number }) => {
      const replies = await d.request(bytes, seq);
      expect(replies).toHaveLength(1);
      expect(errorOf(replies[0]), JSON.stringify(want)).toMatchObject(want);
      await alive(100 + (seq % 20));
    };
    // Garbage: counted, reported once, nothing else.
    const [notice] = await d.messages([0x01, 0x22, 0x7f, 0xf7, 0x00], 1, "the stray-bytes notice");
    expect(text(notice.data, 1)).toMatch(/stray/);
    expect(statusOf((await d.request(req.status(1), 1))[0]).errors).toBe(5);
    // A frame cut short by another command byte: Error with seq and op 7F.
    await expectError([0xf0, 0x01, Op.Hello, 2, 0xf9], 0x7f, { op: 0x7f, code: WireError.BadLength });
    // Bad checksum: the frame's seq and op.
    const bad = req.hello(3);
    bad[bad.length - 2] ^= 1;
    await expectError(bad, 3, { op: Op.Hello, code: WireError.BadChecksum });
    // Over 240 bytes: discarded up to its F7.
    await expectError([0xf0, 0x01, Op.Input, 4, ...new Array(250).fill(0x11), 0xf7], 4, { op: Op.Input, code: WireError.FrameTooLong });
    await expectError(frame(0x3c, 5), 5, { op: 0x3c, code: WireError.UnknownOp });
    await expectError(frame(Op.Status, 6, [1, 2]), 6, { op: Op.Status, code: WireError.BadLength });
    await expectError(req.step(7, 1, 0, 0), 7, { op: Op.Step, code: WireError.NotConfigured });
    await expectError(req.input(8, 7 as Encoding, 0, []), 8, { op: Op.Input, code: WireError.BadEncoding });
    // Out-of-range configuration.
    await expectError(req.configBegin(9, Model.Leaky, Reset.Subtract, 0, 0), 9, { op: Op.ConfigBegin, code: DeviceError.BadNeuronCount });
    expectAck(await d.request(req.configBegin(10, Model.Leaky, Reset.Subtract, 0, 2), 10));
    expectAck(await d.request(req.configParam(11, 1, 0, [0.9, 0.9]), 11));
    expectAck(await d.request(req.configParam(12, 3, 0, [1, -0.5]), 12));
    await expectError(req.configEnd(13), 13, { op: Op.ConfigEnd, code: DeviceError.NegativeThreshold });
    expectAck(await d.request(req.configBegin(14, Model.Alpha, Reset.Zero, 0, 1), 14));
    expectAck(await d.request(req.configParam(15, 1, 0, [0.9]), 15));
    expectAck(await d.request(req.configParam(16, 2, 0, [0.9]), 16));
    await expectError(req.configEnd(17), 17, { op: Op.ConfigEnd, code: DeviceError.AlphaNotAboveBeta });
    expectAck(await d.request(req.configParam(18, 2, 0, [0.95]), 18));
    expect(expectAck(await d.request(req.configEnd(19), 19)).payload).toEqual([Op.ConfigEnd, 1, 0]);
    expect(d.running).toBe(true);
    expect(await d.close()).toBe(0);
  });

  it("survives random bytes and still answers", async () => {
    const d = await open();
    let seed = 777;
    const rand = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % m;
    };
    const noise: number[] = [];
    for (let i = 0; i < 400; i++) {
      if (rand(3) === 0) noise.push(...frame(rand(16), rand(100), Array.from({ length: rand(40) }, () => rand(128))));
      else noise.push(...Array.from({ length: rand(12) }, () => rand(256)));
    }
    d.write(noise);
    const replies = await d.request([0xf0, 0xf7, ...req.status(126)], 126);
    expect(replies.at(-1)?.op).toBe(Op.StatusReply);
    expect(d.stream.stray).toBe(0);
    expect(d.running).toBe(true);
    expect(await d.close()).toBe(0);
  });
});
