/**
 * The host client's codec against the device's own wire modules: frames the device would send
 * (built with frame.ts, septets.ts, ieee.ts) decode to the right messages, and requests the host
 * builds parse, with the device's parser, into frames of the documented layout and size.
 */
import { describe, expect, it } from "vitest";
import { Param, State } from "../../src/shared/codes.ts";
import { CHECK_SEPTETS, Encoding, MAX_FRAME_BYTES, Op } from "../../src/shared/protocol.ts";
import { beginFrame, bodyChecksumOk, endFrame } from "../../src/shared/wire/frame.ts";
import { encodingSeptets, readFloat, writeFloat } from "../../src/shared/wire/ieee.ts";
import { ParseEvent, newParser, parseByte } from "../../src/shared/wire/parser.ts";
import { readUint, writeUint } from "../../src/shared/wire/septets.ts";
import { parseLayerConfig } from "../../src/host/config.ts";
import { configRequests } from "../../src/host/client/layer-config.ts";
import { type DeviceMessage, spikeBit } from "../../src/host/client/messages.ts";
import { IDENTITY_QUERIES, inputRequests, opName } from "../../src/host/client/requests.ts";
import { MessageStream } from "../../src/host/client/stream.ts";
import { withFlush } from "../../src/host/client/transport.ts";

/** A device → host extension frame, built the way the firmware builds it. */
function deviceFrame(op: number, seq: number, payload: number[]): number[] {
  const out: number[] = [];
  let pos = beginFrame(out, op, seq);
  for (const b of payload) out[pos++] = b;
  return out.slice(0, endFrame(out, pos));
}

function u(value: number, septets: number): number[] {
  const out: number[] = [];
  writeUint(out, 0, value, septets);
  return out;
}

function f(values: number[], encoding: number): number[] {
  const out: number[] = [];
  let pos = 0;
  for (const v of values) pos = writeFloat(out, pos, v, encoding);
  return out;
}

function text(s: string): number[] {
  return [...s].flatMap((c) => [c.charCodeAt(0) % 128, Math.floor(c.charCodeAt(0) / 128)]);
}

function decodeAll(bytes: number[], chunk = bytes.length): DeviceMessage[] {
  const stream = new MessageStream();
  const out: DeviceMessage[] = [];
  for (let i = 0; i < bytes.length; i += chunk) out.push(...stream.push(bytes.slice(i, i + chunk)));
  return out;
}

/** What the device's parser makes of bytes the host sends: the SysEx bodies, and any other command. */
function deviceSees(bytes: ArrayLike<number>): { command: number; body: number[] }[] {
  const p = newParser(true, MAX_FRAME_BYTES);
  const seen: { command: number; body: number[] }[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const e = parseByte(p, bytes[i]);
    expect(e === ParseEvent.None || e === ParseEvent.Message, `parse event ${e} at byte ${i}`).toBe(true);
    if (e === ParseEvent.Message) seen.push({ command: p.command, body: p.buf.slice(0, p.len) });
  }
  return seen;
}

describe("decoding what the device sends", () => {
  const boot = [0xf9, 2, 6, 0xf0, 0x79, 0, 1, ...text("spikeloop-stdio"), 0xf7];

  it("reads the boot announcement even one byte at a time, after boot noise", () => {
    const expected = [
      { type: "version", major: 2, minor: 6 },
      { type: "firmware", major: 0, minor: 1, name: "spikeloop-stdio" },
    ];
    expect(decodeAll([0x0d, 0x0a, 0x3e, 0x20, ...boot])).toEqual(expected);
    expect(decodeAll(boot, 1)).toEqual(expected);
  });

  it("reads every extension reply with its seq", () => {
    const hello = deviceFrame(Op.HelloReply, 3, [3, 0, 1, ...u(240, 2), ...u(512, 2), ...u(256, 2), 1, 1, 2, 6, 3, 0x6e, 0x6d, 0x75]);
    const ackEnd = deviceFrame(Op.Ack, 4, [Op.ConfigEnd, ...u(64, 2)]);
    const ackStep = deviceFrame(Op.Ack, 5, [Op.Step, ...u(300000, 4)]);
    const ackInput = deviceFrame(Op.Ack, 6, [Op.Input]);
    const error = deviceFrame(Op.Error, 0x7f, [0x7f, 32, ...u(1000, 2)]);
    const status = deviceFrame(Op.StatusReply, 7, [2, ...u(123456, 4), ...u(77, 3), ...u(40000, 3), ...u(9, 2), ...u(4, 2)]);
    expect(decodeAll([...hello, ...ackEnd, ...ackStep, ...ackInput, ...error, ...status], 5)).toEqual([
      {
        type: "hello", seq: 3, protocol: 3, firmwareMajor: 0, firmwareMinor: 1, maxFrame: 240, inputCapacity: 512, maxNeurons: 256, hasTimer: true,
        numbers: "float32", firmataMajor: 2, firmataMinor: 6, board: "nmu",
      },
      { type: "ack", seq: 4, op: Op.ConfigEnd, value: 64 },
      { type: "ack", seq: 5, op: Op.Step, value: 300000 },
      { type: "ack", seq: 6, op: Op.Input, value: undefined },
      { type: "error", seq: 0x7f, op: 0x7f, code: 32, detail: 1000 },
      { type: "status", seq: 7, mode: 2, steps: 123456, overruns: 77, heap: 40000, errors: 9, neurons: 4 },
    ]);
  });

  it("reads Spikes bit fields and States values in every encoding", () => {
    // 3 neurons, 4 steps: neuron 1 fires at steps 0 and 2, neuron 2 at step 3.
    const fired = new Set([1, 7, 11]);
    const bits = u(0, 2);
    fired.forEach((j) => (bits[Math.floor(j / 7)] += 2 ** (j % 7)));
    const [spikes] = decodeAll(deviceFrame(Op.Spikes, 9, [...u(40, 4), ...u(4, 2), ...bits]));
    expect(spikes).toMatchObject({ type: "spikes", seq: 9, firstStep: 40, k: 4 });
    const got = Array.from({ length: 12 }, (_, j) => spikeBit((spikes as { bits: number[] }).bits, j));
    expect(got).toEqual(Array.from({ length: 12 }, (_, j) => (fired.has(j) ? 1 : 0)));

    const values = [0.1, -2.5, 1 / 3, 65504];
    for (const encoding of [Encoding.F64, Encoding.F32, Encoding.F16]) {
      const frame = deviceFrame(Op.States, 2, [...u(40, 4), State.Mem, ...u(5, 2), values.length, encoding, ...f(values, encoding)]);
      const expected = values.map((_, m) => readFloat(f(values, encoding), m * encodingSeptets(encoding), encoding));
      expect(decodeAll(frame)).toEqual([{ type: "states", seq: 2, firstStep: 40, state: State.Mem, start: 5, encoding, values: expected }]);
    }
  });

  it("reports damaged and malformed frames instead of guessing", () => {
    const good = deviceFrame(Op.Ack, 4, [Op.Input]);
    const flipped = [...good];
    flipped[4] ^= 1;
    const short = deviceFrame(Op.Ack, 5, [Op.Step, 1]);
    const badEncoding = deviceFrame(Op.States, 6, [...u(0, 4), State.Mem, ...u(0, 2), 1, 9, 0, 0, 0]);
    const unknown = deviceFrame(0x5f, 8, []); // no device → host op
    const cut = [0xf0, 0x01, Op.Ack, 9, 0xf9, 2, 6];
    expect(decodeAll([...flipped, ...short, ...badEncoding, ...unknown, ...cut])).toEqual([
      { type: "invalid", reason: "checksum", command: 1, seq: 4 },
      { type: "invalid", reason: "length", command: 1, seq: 5 },
      { type: "invalid", reason: "encoding", command: 1, seq: 6 },
      { type: "invalid", reason: "unknown-op", command: 1, seq: 8 },
      { type: "invalid", reason: "truncated", command: 1, seq: 9 },
      { type: "version", major: 2, minor: 6 },
    ]);
  });

  it("reads Firmata's pin messages and strings", () => {
    const bytes = [
      0xe0, 0x7f, 0x07, 0x92, 0x05, 0x01,
      0xf0, 0x6c, 0, 1, 1, 1, 0x7f, 2, 10, 0x7f, 0xf7,
      0xf0, 0x6a, 0x7f, 0, 0xf7,
      0xf0, 0x6e, 3, 1, 0x7f, 0x07, 0xf7,
      0xf0, 0x71, ...text("spikeloop: ok"), 0xf7,
      0xf0, 0x10, 1, 2, 0xf7,
    ];
    expect(decodeAll(bytes, 3)).toEqual([
      { type: "analog", channel: 0, value: 1023 },
      { type: "digital", port: 2, value: 133 },
      { type: "capabilities", pins: [[{ mode: 0, resolution: 1 }, { mode: 1, resolution: 1 }], [{ mode: 2, resolution: 10 }]] },
      { type: "analog-mapping", channels: [0x7f, 0] },
      { type: "pin-state", pin: 3, mode: 1, state: 1023 },
      { type: "string", text: "spikeloop: ok" },
      { type: "sysex", command: 0x10, data: [1, 2] },
    ]);
  });
});

describe("encoding what the host sends", () => {
  it("builds configuration frames within the frame limit that carry every value exactly", () => {
    const n = 64;
    const beta = Array.from({ length: n }, (_, i) => 0.5 + i / 200 + 1e-13 * i);
    const spec = parseLayerConfig({ model: "Synaptic", neurons: n, alpha: 0.9, beta, init: { mem: beta.map((b) => -b) } });
    const frames = configRequests(spec, MAX_FRAME_BYTES).map((r, i) => r.frame(i + 1));
    const bodies = frames.flatMap((bytes) => {
      expect(bytes.length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
      return deviceSees(bytes);
    }).map((s) => s.body);
    bodies.forEach((b, i) => {
      expect(bodyChecksumOk(b, b.length)).toBe(true);
      expect(b[2]).toBe(i + 1);
    });
    expect(bodies[0].slice(0, 8)).toEqual([1, Op.ConfigBegin, 1, spec.model, spec.reset, 0, ...u(n, 2)]);
    expect(bodies.at(-1)!.slice(1, 2)).toEqual([Op.ConfigEnd]);
    // Reassemble each parameter and state from its frames: `id start:u14 count F64…`.
    const received = new Map<string, number[]>();
    for (const b of bodies.filter((x) => x[1] === Op.ConfigParam || x[1] === Op.ConfigState)) {
      const key = `${b[1]}:${b[3]}`;
      const start = readUint(b, 4, 2);
      const count = b[6];
      expect(b.length).toBe(3 + 4 + count * 10 + CHECK_SEPTETS);
      const values = received.get(key) ?? [];
      for (let m = 0; m < count; m++) values[start + m] = readFloat(b, 7 + m * 10, Encoding.F64);
      received.set(key, values);
    }
    expect(received.get(`${Op.ConfigParam}:${Param.Beta}`)).toEqual(beta);
    expect(received.get(`${Op.ConfigParam}:${Param.Alpha}`)).toEqual(new Array(n).fill(0.9));
    expect(received.get(`${Op.ConfigState}:${State.Mem}`)).toEqual(beta.map((b) => -b));
    expect(received.size).toBe(spec.params.length + 1);
  });

  it("splits inputs into Input frames at their flat buffer index, full frames first", () => {
    const values = Float64Array.from({ length: 200 }, (_, k) => Math.sin(k));
    for (const encoding of [Encoding.F64, Encoding.F32, Encoding.F16]) {
      const frames = inputRequests(values, encoding, MAX_FRAME_BYTES).map((r) => deviceSees(r.frame(5))[0].body);
      const width = encodingSeptets(encoding);
      const back: number[] = [];
      for (const b of frames) {
        expect(b[1]).toBe(Op.Input);
        expect(b[3]).toBe(encoding);
        expect(b.length + 2).toBeLessThanOrEqual(MAX_FRAME_BYTES);
        const start = readUint(b, 4, 2);
        expect(start).toBe(back.length);
        for (let m = 0; m < b[6]; m++) back.push(readFloat(b, 7 + m * width, encoding));
      }
      const rounded = Array.from(values, (x, m) => (encoding === Encoding.F64 ? x : encoding === Encoding.F32 ? Math.fround(x) : back[m]));
      expect(back).toEqual(rounded);
      // Frames are as full as the limit allows: only the last one is shorter.
      expect(frames.slice(0, -1).every((b) => b.length + 2 > MAX_FRAME_BYTES - width)).toBe(true);
    }
  });

  it("names ops in messages", () => {
    expect(opName(Op.Step)).toBe("Step");
    expect(opName(0x55)).toBe("op 0x55");
  });
});

describe("serial delivery on NodeMCU", () => {
  it("appends an empty SysEx to writes that do not end with F7, and only to those", () => {
    expect(Array.from(withFlush(Uint8Array.of(0xf4, 3, 1)))).toEqual([0xf4, 3, 1, 0xf0, 0xf7]);
    expect(Array.from(withFlush(IDENTITY_QUERIES))).toEqual([0xf9, 0xf0, 0x79, 0xf7]);
    expect(deviceSees(withFlush(Uint8Array.of(0xff)))).toEqual([{ command: 0xff, body: [] }, { command: 0xf0, body: [] }]);
  });
});
