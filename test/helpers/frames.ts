/**
 * Host-side framing for the firmware tests: builds request frames with the device's own wire
 * code (src/shared/wire/*) and splits what a device sends back into Firmata messages and decoded
 * extension frames.
 */
import { expect } from "vitest";
import { CHECK_SEPTETS, Encoding, Firmata, Op, Sysex } from "../../src/shared/protocol.ts";
import { stateIds } from "../../src/shared/state-ids.ts";
import { dtypeCode, type LayerSpec } from "../../src/host/config.ts";
import { beginFrame, bodyChecksumOk, endFrame } from "../../src/shared/wire/frame.ts";
import { encodingSeptets, readFloat, writeFloat } from "../../src/shared/wire/ieee.ts";
import { ParseEvent, newParser, parseByte } from "../../src/shared/wire/parser.ts";
import { readBits, readUint, writeUint } from "../../src/shared/wire/septets.ts";

/** A whole extension frame F0 01 op seq payload… check F7. */
export function frame(op: number, seq: number, payload: number[] = []): number[] {
  const out: number[] = [];
  let pos = beginFrame(out, op, seq);
  for (const b of payload) out[pos++] = b;
  return out.slice(0, endFrame(out, pos));
}

export function uint(value: number, septets: number): number[] {
  const out: number[] = [];
  writeUint(out, 0, value, septets);
  return out;
}

export function floats(values: number[], encoding: Encoding): number[] {
  const out: number[] = [];
  let pos = 0;
  for (const v of values) pos = writeFloat(out, pos, v, encoding);
  return out;
}

export const req = {
  hello: (seq: number) => frame(Op.Hello, seq),
  configBegin: (seq: number, model: number, reset: number, dtype: number, n: number) =>
    frame(Op.ConfigBegin, seq, [model, reset, dtype, ...uint(n, 2)]),
  configParam: (seq: number, id: number, start: number, values: number[]) =>
    frame(Op.ConfigParam, seq, [id, ...uint(start, 2), values.length, ...floats(values, Encoding.F64)]),
  configState: (seq: number, id: number, start: number, values: number[]) =>
    frame(Op.ConfigState, seq, [id, ...uint(start, 2), values.length, ...floats(values, Encoding.F64)]),
  configEnd: (seq: number) => frame(Op.ConfigEnd, seq),
  input: (seq: number, encoding: Encoding, start: number, values: number[]) =>
    frame(Op.Input, seq, [encoding, ...uint(start, 2), values.length, ...floats(values, encoding)]),
  step: (seq: number, k: number, flags: number, encoding: number) => frame(Op.Step, seq, [...uint(k, 2), flags, encoding]),
  start: (seq: number, periodMs: number, every: number, flags: number, encoding: number) =>
    frame(Op.Start, seq, [...uint(periodMs, 2), ...uint(every, 2), flags, encoding]),
  stop: (seq: number) => frame(Op.Stop, seq),
  status: (seq: number) => frame(Op.Status, seq),
  resetState: (seq: number) => frame(Op.ResetState, seq),
};

/** A Firmata message from the device: its command byte and data (a SysEx body without F0/F7). */
export interface Message {
  command: number;
  data: number[];
}

/** A decoded extension frame. */
export interface Reply {
  op: number;
  seq: number;
  payload: number[];
}

/** Splits the device → host byte stream; keeps every message in arrival order. */
export class DeviceStream {
  readonly messages: Message[] = [];
  /** Bytes that fit no message (the device should never send any). */
  stray = 0;
  private readonly parser = newParser(false, 4096);

  push(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) {
      const e = parseByte(this.parser, bytes[i]);
      if (e === ParseEvent.Truncated) i--;
      if (e === ParseEvent.Message) {
        this.messages.push({ command: this.parser.command, data: this.parser.buf.slice(0, this.parser.len) });
      } else if (e !== ParseEvent.None) {
        this.stray++;
      }
    }
  }

  /** The extension frames received so far (checksums verified: a bad one throws). */
  replies(): Reply[] {
    return this.messages.filter(isExtension).map(decodeReply);
  }

  /** The STRING_DATA texts received so far. */
  strings(): string[] {
    return this.messages.filter((m) => m.command === Firmata.StartSysex && m.data[0] === Sysex.StringData).map((m) => text(m.data, 1));
  }
}

export function isExtension(m: Message): boolean {
  return m.command === Firmata.StartSysex && m.data[0] === Sysex.Spikeloop;
}

export function decodeReply(m: Message): Reply {
  if (!bodyChecksumOk(m.data, m.data.length)) throw new Error(`bad checksum in device frame ${JSON.stringify(m.data)}`);
  return { op: m.data[1], seq: m.data[2], payload: m.data.slice(3, -CHECK_SEPTETS) };
}

/** Characters sent two septets each, from data[from] on. */
export function text(data: number[], from: number): string {
  let s = "";
  for (let i = from; i + 1 < data.length; i += 2) s += String.fromCharCode(data[i] + 128 * data[i + 1]);
  return s;
}

/** Whether `r` ends a request: every request gets exactly one of these. */
export function isFinal(r: Reply): boolean {
  return r.op === Op.Ack || r.op === Op.Error || r.op === Op.HelloReply || r.op === Op.StatusReply;
}

export function errorOf(r: Reply): { op: number; code: number; detail: number } {
  if (r.op !== Op.Error) throw new Error(`expected Error, got op ${r.op} ${JSON.stringify(r.payload)}`);
  return { op: r.payload[0], code: r.payload[1], detail: readUint(r.payload, 2, 2) };
}

export function helloOf(r: Reply) {
  const p = r.payload;
  return {
    protocol: p[0], fwMajor: p[1], fwMinor: p[2],
    maxFrame: readUint(p, 3, 2), inputCapacity: readUint(p, 5, 2), maxNeurons: readUint(p, 7, 2), hasTimer: p[9], numbers: p[10],
    firmata: [p[11], p[12]], board: String.fromCharCode(...p.slice(14, 14 + p[13])),
  };
}

export function statusOf(r: Reply) {
  const p = r.payload;
  return {
    mode: p[0], steps: readUint(p, 1, 4), overruns: readUint(p, 5, 3), heap: readUint(p, 8, 3),
    errors: readUint(p, 11, 2), n: readUint(p, 13, 2),
  };
}

/** Spikes `first_step:u28 k:u14 bits…` as [step][neuron] 0/1. */
export function spikesOf(r: Reply, n: number): { first: number; spikes: number[][] } {
  const first = readUint(r.payload, 0, 4);
  const k = readUint(r.payload, 4, 2);
  const spikes = Array.from({ length: k }, (_, t) => Array.from({ length: n }, (_, i) => readBits(r.payload, 6, t * n + i, 1)));
  return { first, spikes };
}

/** States `first_step:u28 state start:u14 count encoding values×count`. */
export function statesOf(r: Reply) {
  const p = r.payload;
  const encoding = p[8];
  const count = p[7];
  const size = encodingSeptets(encoding);
  const values = Array.from({ length: count }, (_, k) => readFloat(p, 9 + k * size, encoding));
  return { first: readUint(p, 0, 4), state: p[4], start: readUint(p, 5, 2), count, encoding, values };
}

/** Sends one request frame and resolves with every extension frame carrying its seq, the final reply last. */
export type Requester = (bytes: number[], seq: number) => Promise<Reply[]>;

/** A seq per request, 1 … 126: 0 is the realtime reports', 7F the unreadable frames'. */
export function seqCounter(): () => number {
  let seq = 0;
  return () => (seq = (seq % 126) + 1);
}

/** Values of one ConfigParam/ConfigState frame: ⌊(240 - 11) / 10⌋ F64 values. */
const CONFIG_VALUES_PER_FRAME = 22;

/** ConfigBegin … ConfigEnd for a layer, each frame paired with the seq it uses. */
export function configFrames(spec: LayerSpec, next: () => number): [number[], number][] {
  const frames: [number[], number][] = [];
  const add = (make: (seq: number) => number[]) => {
    const seq = next();
    frames.push([make(seq), seq]);
  };
  add((seq) => req.configBegin(seq, spec.model, spec.reset, dtypeCode(spec.dtype), spec.neurons));
  for (const p of spec.params) {
    for (let s = 0; s < p.values.length; s += CONFIG_VALUES_PER_FRAME) {
      add((seq) => req.configParam(seq, p.id, s, p.values.slice(s, s + CONFIG_VALUES_PER_FRAME)));
    }
  }
  for (const st of spec.init) {
    for (let s = 0; s < st.values.length; s += CONFIG_VALUES_PER_FRAME) {
      add((seq) => req.configState(seq, st.id, s, st.values.slice(s, s + CONFIG_VALUES_PER_FRAME)));
    }
  }
  add((seq) => req.configEnd(seq));
  return frames;
}

/** The final reply of a request, which must be an Ack. */
export function expectAck(replies: Reply[]): Reply {
  const last = replies[replies.length - 1];
  if (last === undefined || last.op !== Op.Ack) {
    throw new Error(`expected Ack, got ${JSON.stringify(last)}${last?.op === Op.Error ? ` ${JSON.stringify(errorOf(last))}` : ""}`);
  }
  return last;
}

/**
 * Configures `spec` and runs `inputs` (step-major, steps × n) in lockstep with States in
 * `encoding`; returns the trace as the backends do (per step and neuron: the model's states,
 * then the spike as 0/1), assembled from the Spikes and States frames.
 */
export async function runLockstep(
  request: Requester,
  spec: LayerSpec,
  inputs: ArrayLike<number>,
  steps: number,
  encoding: Encoding,
  inputCapacity: number,
): Promise<number[]> {
  const next = seqCounter();
  for (const [bytes, seq] of configFrames(spec, next)) expectAck(await request(bytes, seq));
  const n = spec.neurons;
  const width = spec.stateColumns.length + 1;
  const stateOrder = stateIds(spec.model) as number[];
  const out = new Array<number>(steps * n * width).fill(NaN);
  const perStep = Math.max(1, Math.floor(inputCapacity / n));
  const perInput = Math.floor((240 - 11) / encodingSeptets(encoding));
  for (let t0 = 0; t0 < steps; t0 += perStep) {
    const k = Math.min(perStep, steps - t0);
    const block = Array.from({ length: k * n }, (_, j) => inputs[t0 * n + j]);
    for (let s = 0; s < block.length; s += perInput) {
      const seq = next();
      expectAck(await request(req.input(seq, encoding, s, block.slice(s, s + perInput)), seq));
    }
    const seq = next();
    const replies = await request(req.step(seq, k, 1, encoding), seq);
    expect(readUint(expectAck(replies).payload, 1, 4)).toBe(t0 + k);
    for (const r of replies) {
      if (r.op === Op.Spikes) {
        const { first, spikes } = spikesOf(r, n);
        spikes.forEach((row, t) => row.forEach((bit, i) => (out[((first + t) * n + i) * width + width - 1] = bit)));
      } else if (r.op === Op.States) {
        const st = statesOf(r);
        const column = stateOrder.indexOf(st.state);
        st.values.forEach((v, k2) => {
          const flat = st.start + k2;
          out[((st.first + Math.floor(flat / n)) * n + (flat % n)) * width + column] = v;
        });
      }
    }
  }
  return out;
}
