/**
 * The firmware runtime (src/device/runtime.ts) run directly in Node against an in-test Board:
 * a clock and timers the test drives, so realtime stepping, overrun counting and Firmata
 * reporting are tested without sleeping. test/device/stdio-adapter.test.ts runs the same runtime as
 * transpiled Lua.
 */
import { describe, expect, it } from "vitest";
import type { Board } from "../../src/device/board.ts";
import { DeviceError, Model, Reset } from "../../src/shared/codes.ts";
import { CHECK_SEPTETS, Encoding, Op, WireError } from "../../src/shared/protocol.ts";
import { boot, createRuntime, feed } from "../../src/device/runtime.ts";
import { createTsBackend } from "../../src/host/backends/ts.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import {
  DeviceStream, type Reply, decodeReply, errorOf, expectAck, frame, helloOf, isExtension, req, runLockstep, spikesOf,
  statesOf, statusOf,
} from "../helpers/frames.ts";

const INPUT = 0;
const OUTPUT = 1;
const ANALOG = 2;
const PWM = 3;
const PULLUP = 0x0b;

export class FakeBoard implements Board {
  name = "fake";
  microsSpan = 2 ** 31;
  pinCount = 10;
  /** What board.micros returns. */
  now = 0;
  /** False: startTimer refuses, like the stdio adapter. */
  timersAvailable = true;
  heap = 1_000_000;
  adc = 0;
  readonly timers = new Map<number, { ms: number; tick: () => void }>();
  readonly modes = new Map<number, number>();
  /** Digital levels (inputs are set by the test, outputs by the runtime) and PWM duties. */
  readonly levels = new Map<number, number>();
  readonly duties = new Map<number, number>();
  stream = new DeviceStream();

  write = (bytes: number[], count: number): void => {
    if (!(count <= bytes.length)) throw new RangeError(`write of ${count} bytes from ${bytes.length}`);
    for (let i = 0; i < count; i++) {
      const b = bytes[i];
      if (!Number.isInteger(b) || b < 0 || b > 255) throw new RangeError(`byte ${b} at ${i}`);
    }
    this.stream.push(bytes.slice(0, count));
  };
  micros = (): number => this.now;
  startTimer = (id: number, ms: number, tick: () => void): boolean => {
    if (!Number.isInteger(ms) || ms < 1) throw new RangeError(`timer period ${ms}`);
    if (!this.timersAvailable) return false;
    this.timers.set(id, { ms, tick });
    return true;
  };
  stopTimer = (id: number): void => {
    this.timers.delete(id);
  };
  pinCapabilities = (pin: number): number[] => {
    if (pin === 0) return [INPUT, 1, OUTPUT, 1];
    if (pin >= 1 && pin <= 8) return [INPUT, 1, OUTPUT, 1, PWM, 10, PULLUP, 1];
    if (pin === 9) return [ANALOG, 10];
    return [];
  };
  analogChannel = (pin: number): number => (pin === 9 ? 0 : 127);
  setPinMode = (pin: number, mode: number): void => {
    if (!this.pinCapabilities(pin).some((m, k) => k % 2 === 0 && m === mode)) throw new RangeError(`pin ${pin} mode ${mode}`);
    this.modes.set(pin, mode);
  };
  digitalWrite = (pin: number, value: number): void => {
    this.levels.set(pin, value);
  };
  digitalRead = (pin: number): number => this.levels.get(pin) ?? 0;
  pwmWrite = (pin: number, duty: number): void => {
    if (!Number.isInteger(duty) || duty < 0 || duty > 1023) throw new RangeError(`duty ${duty}`);
    this.duties.set(pin, duty);
  };
  analogRead = (): number => this.adc;
  freeHeap = (): number => this.heap;

  /** Fires timer `id` once (as its alarm would), after advancing the clock by `advanceUs`. */
  tick(id: number, advanceUs = 0): void {
    this.now = (this.now + advanceUs) % this.microsSpan;
    const t = this.timers.get(id);
    if (t === undefined) throw new Error(`timer ${id} is not running`);
    t.tick();
  }
}

/** A booted runtime on a FakeBoard; `send` feeds bytes and returns the messages they caused. */
function device(setup: (board: FakeBoard) => void = () => {}) {
  const board = new FakeBoard();
  setup(board);
  const rt = createRuntime(board);
  boot(rt);
  const send = (bytes: number[]) => {
    const before = board.stream.messages.length;
    feed(rt, bytes, bytes.length);
    return board.stream.messages.slice(before);
  };
  const request = (bytes: number[]): Reply[] => send(bytes).filter(isExtension).map(decodeReply);
  const newReplies = (fn: () => void): Reply[] => {
    const before = board.stream.messages.length;
    fn();
    return board.stream.messages.slice(before).filter(isExtension).map(decodeReply);
  };
  return { board, rt, send, request, newReplies };
}

/** Configures a 3-neuron Leaky layer (beta 0.5, threshold 1) and acks every frame. */
function leaky3(dev: ReturnType<typeof device>) {
  expectAck(dev.request(req.configBegin(1, Model.Leaky, Reset.Subtract, 0, 3)));
  expectAck(dev.request(req.configParam(2, 1 /* beta */, 0, [0.5, 0.5, 0.5])));
  expectAck(dev.request(req.configEnd(3)));
}

describe("the firmware runtime in Node", () => {
  it("boots with the Firmata version and its name, and probes the timers once", () => {
    const { board } = device();
    expect(board.stream.messages[0]).toEqual({ command: 0xf9, data: [2, 6] });
    const name = board.stream.messages[1];
    expect(name.data.slice(0, 3)).toEqual([0x79, 0, 1]);
    expect(String.fromCharCode(...name.data.slice(3).filter((_, i) => i % 2 === 0))).toBe("spikeloop-fake");
    expect(board.timers.size).toBe(0);
  });

  it("answers Hello with its limits; has_timer follows the board", () => {
    const hello = helloOf(device().request(req.hello(9))[0]);
    expect(hello).toEqual({
      protocol: 3, fwMajor: 0, fwMinor: 1, maxFrame: 240, inputCapacity: 512, maxNeurons: 256, hasTimer: 1, numbers: 0, firmata: [2, 6], board: "fake",
    });
    expect(helloOf(device((b) => (b.timersAvailable = false)).request(req.hello(9))[0]).hasTimer).toBe(0);
  });

  it("takes a 256-value input buffer on a board with an ESP8266's heap", () => {
    const dev = device((b) => (b.heap = 40_000));
    expect(helloOf(dev.request(req.hello(1))[0]).inputCapacity).toBe(256);
    expect(errorOf(dev.request(req.input(2, Encoding.F16, 255, [1, 1]))[0])).toEqual({ op: Op.Input, code: WireError.InputOverflow, detail: 256 });
  });

  it("refuses a layer the heap cannot hold, and says how many neurons fit", () => {
    const dev = device((b) => (b.heap = 30_000));
    const max = helloOf(dev.request(req.hello(1))[0]).maxNeurons;
    expect(max).toBeGreaterThanOrEqual(32);
    expect(max).toBeLessThan(128);
    const err = errorOf(dev.request(req.configBegin(2, Model.Leaky, Reset.Subtract, 0, 200))[0]);
    expect(err).toEqual({ op: Op.ConfigBegin, code: DeviceError.BadNeuronCount, detail: max });
    expectAck(dev.request(req.configBegin(3, Model.Leaky, Reset.Subtract, 0, max)));
  });

  it("runs lockstep like the ts backend, splitting States frames at the frame limit", async () => {
    const n = 30;
    const spec = parseLayerConfig({
      model: "Synaptic",
      neurons: n,
      alpha: Array.from({ length: n }, (_, i) => 0.5 + i * 0.01),
      beta: Array.from({ length: n }, (_, i) => 0.95 - i * 0.01),
      threshold: 0.6,
      reset_mechanism: "zero",
      init: { mem: Array.from({ length: n }, (_, i) => i * 0.02) },
    });
    const steps = 40;
    const values = Float64Array.from({ length: steps * n }, (_, k) => Math.sin(k * 0.37) * 0.3 + 0.1);
    const expected = await createTsBackend().simulate(spec, { steps, channels: n, values });
    const dev = device();
    const frames: Reply[] = [];
    const got = await runLockstep(
      async (bytes) => {
        const r = dev.request(bytes);
        frames.push(...r);
        return r;
      },
      spec, values, steps, Encoding.F64, 512,
    );
    const width = spec.stateColumns.length + 1;
    expect(got).toEqual(Array.from(expected.values, (v, k) => (k % width === width - 1 ? (v !== 0 ? 1 : 0) : v)));
    const sizes = frames.filter((r) => r.op === Op.States).map((r) => statesOf(r).count);
    expect(new Set(sizes)).toEqual(new Set([22, 8]));
  });

  it("refuses Step without inputs for every step, and steps again after new inputs", () => {
    const dev = device();
    leaky3(dev);
    expect(errorOf(dev.request(req.step(4, 1, 0, 0))[0])).toEqual({ op: Op.Step, code: WireError.InputMissing, detail: 0 });
    expectAck(dev.request(req.input(5, Encoding.F32, 0, [2, 0, 0.5, 2, 0, 0.5])));
    expect(errorOf(dev.request(req.step(6, 3, 0, 0))[0]).code).toBe(WireError.InputMissing);
    const replies = dev.request(req.step(7, 2, 0, 0));
    expect(replies.map((r) => r.op)).toEqual([Op.Spikes, Op.Ack]);
    expect(spikesOf(replies[0], 3)).toEqual({ first: 0, spikes: [[1, 0, 0], [1, 0, 0]] });
    expect(errorOf(dev.request(req.step(8, 1, 0, 0))[0]).code).toBe(WireError.InputMissing);
    expect(errorOf(dev.request(req.step(9, 171, 0, 0))[0])).toEqual({ op: Op.Step, code: WireError.InputOverflow, detail: 512 });
    expect(errorOf(dev.request(req.input(10, Encoding.F16, 511, [1, 1]))[0]).code).toBe(WireError.InputOverflow);
    expect(errorOf(dev.request(req.input(11, Encoding.F64, 0, [NaN]))[0]).code).toBe(DeviceError.NotFinite);
  });

  it("ResetState restores the configured initial states and the step count", () => {
    const dev = device();
    expectAck(dev.request(req.configBegin(1, Model.RLeaky, Reset.Subtract, 0, 2)));
    expectAck(dev.request(req.configParam(2, 1, 0, [0.9, 0.9])));
    expectAck(dev.request(req.configParam(3, 6 /* V */, 0, [0.5, 0.5])));
    expectAck(dev.request(req.configState(4, 1 /* mem */, 0, [0.25, 2])));
    expectAck(dev.request(req.configEnd(5)));
    const run = (seq: number) => {
      expectAck(dev.request(req.input(seq, Encoding.F64, 0, [0.3, 0.3, 0.3, 0.3])));
      return dev.request(req.step(seq + 1, 2, 1, Encoding.F64));
    };
    const first = run(10);
    expect(statusOf(dev.request(req.status(12))[0]).steps).toBe(2);
    expectAck(dev.request(req.resetState(13)));
    expect(statusOf(dev.request(req.status(14))[0]).steps).toBe(0);
    const again = run(20);
    expect(again.slice(0, -1).map((r) => r.payload)).toEqual(first.slice(0, -1).map((r) => r.payload));
  });

  it("runs the realtime loop on timer 0, reports every `every` steps with seq 0 and counts overruns", () => {
    const dev = device();
    leaky3(dev);
    expectAck(dev.request(req.input(4, Encoding.F64, 0, [2, 0, 0.6])));
    dev.board.now = 2 ** 31 - 15_000; // the clock wraps during the run
    expectAck(dev.request(req.start(5, 10, 3, 1, Encoding.F32)));
    expect(dev.board.timers.get(0)?.ms).toBe(10);
    const reports = dev.newReplies(() => {
      for (let i = 0; i < 7; i++) dev.board.tick(0, 10_000);
    });
    expect(reports.every((r) => r.seq === 0)).toBe(true);
    expect(reports.map((r) => r.op)).toEqual([Op.Spikes, Op.States, Op.Spikes, Op.States]);
    expect(spikesOf(reports[0], 3)).toEqual({ first: 0, spikes: [[1, 0, 0], [1, 0, 0], [1, 0, 1]] });
    expect(statesOf(reports[1])).toMatchObject({ first: 2, state: 1, start: 0, count: 3, encoding: Encoding.F32 });
    expect(spikesOf(reports[2], 3).first).toBe(3);
    expect(statusOf(dev.request(req.status(6))[0])).toMatchObject({ mode: 2, steps: 7, overruns: 0, n: 3 });

    // A tick 35 ms after the previous one missed two 10 ms periods; one 19.9 ms late, none.
    dev.board.tick(0, 35_000);
    dev.board.tick(0, 19_900);
    expect(statusOf(dev.request(req.status(7))[0])).toMatchObject({ steps: 9, overruns: 2 });

    // While running: Input and Status work; Step, configuration and ResetState are Busy.
    expectAck(dev.request(req.input(8, Encoding.F64, 0, [0, 0, 0])));
    for (const [bytes, op] of [
      [req.step(9, 1, 0, 0), Op.Step],
      [req.configBegin(10, Model.Leaky, Reset.Zero, 0, 1), Op.ConfigBegin],
      [req.resetState(11), Op.ResetState],
      [req.start(12, 5, 1, 0, 0), Op.Start],
    ] as const) {
      expect(errorOf(dev.request(bytes)[0])).toEqual({ op, code: WireError.Busy, detail: 0 });
    }
    // Stop sends the steps since the last report (step 9 only), then Ack steps.
    dev.board.tick(0, 10_000);
    const stop = dev.request(req.stop(13));
    expect(stop.map((r) => r.op)).toEqual([Op.Spikes, Op.Ack]);
    expect(spikesOf(stop[0], 3)).toEqual({ first: 9, spikes: [[0, 0, 0]] });
    expect(stop[1].payload).toEqual([Op.Stop, 10, 0, 0, 0]);
    expect(dev.board.timers.has(0)).toBe(false);
    expect(statusOf(dev.request(req.status(14))[0]).mode).toBe(1);
  });

  it("splits a realtime report that exceeds one Spikes frame", () => {
    const dev = device();
    const n = 200;
    expectAck(dev.request(req.configBegin(1, Model.Leaky, Reset.Subtract, 0, n)));
    for (let s = 0; s < n; s += 22) {
      expectAck(dev.request(req.configParam(2, 1, s, new Array(Math.min(22, n - s)).fill(0.5))));
    }
    expectAck(dev.request(req.configEnd(3)));
    expectAck(dev.request(req.start(4, 1, 20, 0, 0)));
    const reports = dev.newReplies(() => {
      for (let i = 0; i < 20; i++) dev.board.tick(0, 1000);
    });
    // 1589 bits per frame: 7 steps of 200 neurons, so 7 + 7 + 6 steps.
    expect(reports.map((r) => [r.op, spikesOf(r, n).first, spikesOf(r, n).spikes.length])).toEqual([
      [Op.Spikes, 0, 7], [Op.Spikes, 7, 7], [Op.Spikes, 14, 6],
    ]);
  });

  it("answers Start with NoTimer on a board without timers", () => {
    const dev = device((b) => (b.timersAvailable = false));
    leaky3(dev);
    expect(errorOf(dev.request(req.start(4, 10, 1, 0, 0))[0])).toEqual({ op: Op.Start, code: WireError.NoTimer, detail: 0 });
    expect(statusOf(dev.request(req.status(5))[0]).mode).toBe(1);
    expect(errorOf(dev.request(req.start(6, 0, 1, 0, 0))[0]).code).toBe(WireError.BadTimeStep);
  });

  it("drives pins: modes the pin supports, port and pin writes, PWM in Firmata's 8 bits scaled to 10", () => {
    const dev = device();
    expect(dev.send([0xf4, 0, 3])).toHaveLength(1); // pin 0 has no PWM
    expect(dev.board.stream.strings().at(-1)).toBe("spikeloop: pin 0 does not support mode 3");
    dev.send([0xf4, 2, 1, 0xf4, 3, 1, 0xf4, 5, 3]);
    expect(dev.board.modes).toEqual(new Map([[2, 1], [3, 1], [5, 3]]));
    dev.send([0x90, 0b0000100, 0]); // pin 2 high, pin 3 low; pin 1 (an input) ignores its bit
    expect(dev.board.levels).toEqual(new Map([[2, 1], [3, 0]]));
    dev.send([0xf5, 3, 1]);
    expect(dev.board.levels.get(3)).toBe(1);
    dev.send([0xe5, 0x00, 0x01]); // 128 of 255
    expect(dev.board.duties.get(5)).toBe(514);
    dev.send([0xe5, 0x01, 0x00]);
    expect(dev.board.duties.get(5)).toBe(4);
    dev.send([0xe5, 0x7f, 0x07, 0xf0, 0x6f, 5, 0x7f, 0x7f, 0x7f, 0xf7]); // above 255: clamped
    expect(dev.board.duties.get(5)).toBe(1023);
    const state = dev.send([0xf0, 0x6d, 5, 0xf7])[0];
    expect(state.data).toEqual([0x6e, 5, 3, 0x7f, 0x01]); // 255, in the resolution reported
  });

  it("reports analog and digital inputs on timer 1 at the sampling interval", () => {
    const dev = device();
    dev.board.adc = 700;
    expect(dev.send([0xc0, 1])).toEqual([{ command: 0xe0, data: [700 % 128, 5] }]);
    expect(dev.board.timers.get(1)?.ms).toBe(19);
    dev.send([0xf0, 0x7a, 5, 0, 0xf7]);
    expect(dev.board.timers.get(1)?.ms).toBe(10);
    expect(dev.send([0xd0, 1])).toEqual([{ command: 0x90, data: [0, 0] }]);
    const before = dev.board.stream.messages.length;
    dev.board.tick(1);
    dev.board.levels.set(4, 1);
    dev.board.tick(1);
    const sent = dev.board.stream.messages.slice(before);
    expect(sent).toEqual([
      { command: 0xe0, data: [700 % 128, 5] },
      { command: 0xe0, data: [700 % 128, 5] },
      { command: 0x90, data: [16, 0] },
    ]);
    dev.send([0xc0, 0, 0xd0, 0]);
    expect(dev.board.timers.has(1)).toBe(false);
  });

  it("system reset stops the loop and reporting, puts pins back to input and clears the layer", () => {
    const dev = device();
    leaky3(dev);
    expectAck(dev.request(req.start(4, 10, 1, 0, 0)));
    dev.send([0xf4, 4, 1, 0xc0, 1]);
    dev.send([0xff]);
    expect(dev.board.timers.size).toBe(0);
    expect(dev.board.modes.get(4)).toBe(0);
    expect(statusOf(dev.request(req.status(5))[0])).toMatchObject({ mode: 0, steps: 0, n: 0 });
  });

  it("counts stray bytes, says so once, and still answers", () => {
    const dev = device();
    const sent = dev.send([1, 2, 3, 0xf7, 0x55]);
    expect(sent.map((m) => m.data[0])).toEqual([0x71]);
    expect(statusOf(dev.request(req.status(1))[0]).errors).toBe(5);
    expect(dev.send([9])).toEqual([]);
  });

  it("answers every malformed extension frame with the right Error, and works after each", () => {
    const dev = device();
    const good = req.status(50);
    const cases: [number[], { seq: number; op: number; code: number }][] = [
      [[...frame(Op.Hello, 3).slice(0, -1 - CHECK_SEPTETS), 0, 0, 0, 0, 0xf7], { seq: 3, op: Op.Hello, code: WireError.BadChecksum }],
      [frame(0x2f, 4), { seq: 4, op: 0x2f, code: WireError.UnknownOp }],
      [frame(Op.Step, 5, [1]), { seq: 5, op: Op.Step, code: WireError.BadLength }],
      [frame(Op.Step, 6, [1, 0, 0, 0]), { seq: 6, op: Op.Step, code: WireError.NotConfigured }],
      [frame(Op.ConfigParam, 7, [1, 0, 0, 0]), { seq: 7, op: Op.ConfigParam, code: WireError.NotConfigured }],
      [[0xf0, 1, Op.Hello, 8, 0xf4, 1, 1], { seq: 0x7f, op: 0x7f, code: WireError.BadLength }],
      [[0xf0, 1, 9, 0xf7], { seq: 0x7f, op: 0x7f, code: WireError.BadLength }],
      [[0xf0, 1, Op.Input, 10, ...new Array(300).fill(1), 0xf7], { seq: 10, op: Op.Input, code: WireError.FrameTooLong }],
      [frame(Op.Input, 11, [9, 0, 0, 0]), { seq: 11, op: Op.Input, code: WireError.BadEncoding }],
      // 240 bytes is the longest frame the device reads; one more and it is too long.
      [frame(Op.Status, 12, new Array(235 - CHECK_SEPTETS).fill(0)), { seq: 12, op: Op.Status, code: WireError.BadLength }],
      [frame(Op.Status, 13, new Array(236 - CHECK_SEPTETS).fill(0)), { seq: 13, op: Op.Status, code: WireError.FrameTooLong }],
    ];
    for (const [bytes, want] of cases) {
      const replies = dev.request(bytes);
      expect(replies.length, JSON.stringify(want)).toBe(1);
      expect({ seq: replies[0].seq, ...errorOf(replies[0]) }).toMatchObject(want);
      expect(dev.request(good)[0].op).toBe(Op.StatusReply);
    }
  });

  it("rejects out-of-range configuration with the layer's DeviceError, changing nothing", () => {
    const dev = device();
    const code = (bytes: number[]) => errorOf(dev.request(bytes)[0]).code;
    expect(code(req.configBegin(1, 9, 0, 0, 1))).toBe(DeviceError.UnknownModel);
    expect(code(req.configBegin(1, Model.Leaky, 7, 0, 1))).toBe(DeviceError.UnknownReset);
    expect(code(req.configBegin(1, Model.Leaky, 0, 5, 1))).toBe(DeviceError.UnknownDtype);
    expect(code(req.configBegin(1, Model.Leaky, 0, 0, 0))).toBe(DeviceError.BadNeuronCount);
    expectAck(dev.request(req.configBegin(2, Model.Alpha, Reset.Zero, 0, 2)));
    expect(code(req.configParam(3, 42, 0, [1]))).toBe(DeviceError.UnknownParam);
    expect(code(req.configParam(3, 1, 1, [0.5, 0.5]))).toBe(DeviceError.BadIndex);
    expect(code(req.configParam(3, 1, 0, [0.5, Infinity]))).toBe(DeviceError.NotFinite);
    expect(code(req.configState(3, 9, 0, [1]))).toBe(DeviceError.UnknownState);
    expectAck(dev.request(req.configParam(4, 1 /* beta */, 0, [0.8, 0.8])));
    expectAck(dev.request(req.configParam(5, 2 /* alpha */, 0, [0.9, 0.7])));
    expect(errorOf(dev.request(req.configEnd(6))[0])).toEqual({ op: Op.ConfigEnd, code: DeviceError.AlphaNotAboveBeta, detail: 0 });
    expectAck(dev.request(req.configParam(7, 2, 1, [0.95])));
    expectAck(dev.request(req.configParam(8, 3 /* threshold */, 0, [-1])));
    expect(errorOf(dev.request(req.configEnd(9))[0]).code).toBe(DeviceError.NegativeThreshold);
    expectAck(dev.request(req.configParam(10, 3, 0, [1])));
    expect(expectAck(dev.request(req.configEnd(11))).payload).toEqual([Op.ConfigEnd, 2, 0]);
  });

  it("never throws on random bytes and random frames, and answers afterwards", () => {
    const dev = device();
    leaky3(dev);
    let seed = 12345;
    const rand = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % m;
    };
    for (let round = 0; round < 3000; round++) {
      const kind = rand(4);
      let bytes: number[];
      if (kind === 0) bytes = Array.from({ length: rand(20) }, () => rand(256));
      else if (kind === 1) bytes = frame(rand(16), rand(128), Array.from({ length: rand(30) }, () => rand(128)));
      else if (kind === 2) bytes = [0xf0, ...Array.from({ length: rand(300) }, () => rand(128)), 0xf7];
      else bytes = [0xe0 + rand(32), rand(128), rand(128), 0xf4, rand(12), rand(12), 0xd0 + rand(4), rand(2), 0xf0, 0xf7];
      feed(dev.rt, bytes, bytes.length);
      if (rand(50) === 0) dev.send([0xff]);
      if (dev.board.timers.has(0) && rand(3) === 0) dev.board.tick(0, rand(40_000));
    }
    feed(dev.rt, [0xf0, 0xf7], 2);
    const status = dev.request(req.status(1));
    expect(status[status.length - 1].op).toBe(Op.StatusReply);
    expect(dev.board.stream.stray).toBe(0);
  });

  it("accepts a count beyond the array and non-byte values without throwing", () => {
    const dev = device();
    expect(() => feed(dev.rt, [0xf9, 300, -1, NaN, 1.5], 99)).not.toThrow();
    expect(() => feed(dev.rt, [], 5)).not.toThrow();
  });
});

