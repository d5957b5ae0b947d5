/**
 * Streaming lockstep runs (docs/protocol.md, "Streaming"): the inputs travel packed in
 * StreamData/StreamSync frames, and the device steps as soon as a step's inputs are complete.
 * The host does not wait for a reply per frame. The board's receive buffer (`window`: 256 bytes
 * on NodeMCU) must never overflow, however slow the board. Everything before the oldest frame
 * without its Stepped reply has been read, so that frame is in the board's hands or next to be
 * (the UART moves a frame out of the ring once the board is idle): the frames after it are what
 * may wait in the ring, and the host keeps them within `window`. It asks for a Stepped (sends a
 * StreamSync) whenever the bytes since the last one would pass half the window, so there is
 * always a reply on its way that frees room, and the next frame goes while the board works.
 */
import type { State } from "../../shared/codes.ts";
import { CHECK_SEPTETS, Encoding, MAX_FRAME_BYTES, Op, ReportFlag, STREAM_BLOCK_BITS } from "../../shared/protocol.ts";
import { valueSeptets } from "../../shared/wire/int32.ts";
import { groupSeptets, groupValues, packedSeptets } from "../../shared/wire/packed.ts";
import { stateIds } from "../../shared/state-ids.ts";
import type { Trace } from "../backends/backend.ts";
import type { LayerSpec } from "../config.ts";
import type { Currents } from "../currents.ts";
import { layerInputs, toRealUnits } from "../layer-numbers.ts";
import { BlockCollector, wrapSteps } from "./block.ts";
import { DeviceProtocolError, DeviceRejectedError, DeviceTimeoutError, DeviceUsageError } from "./errors.ts";
import type { DeviceInfo } from "./handshake.ts";
import { type RunOptions, spikeHeights, writeBlock } from "./lockstep.ts";
import type { ExtensionMessage } from "./messages.ts";
import { layerEncoding, wholeNumber } from "./options.ts";
import { packValues } from "./pack.ts";
import { type Request, request, uint } from "./requests.ts";
import { type Session, deviceError } from "./session.ts";
import { RESEND_CODES, streamResending } from "./resending.ts";

/** NodeMCU's UART receive ring: what may be on its way to the board unacknowledged. */
export const DEFAULT_WINDOW = 256;
/** Bytes of a stream frame besides its values: F0 01 op seq count:u14 … check F7. */
export const STREAM_FRAME_OVERHEAD = 7 + CHECK_SEPTETS;
const MAX_COUNT = 16383;

/** One StreamData or StreamSync frame of the plan. */
export interface PlannedFrame {
  from: number;
  count: number;
  bytes: number;
  sync: boolean;
  /** Steps complete once the device has read this frame. */
  stepsThrough: number;
}

/**
 * Cuts `total` values into frames of at most `cap` bytes and `maxValues` values, each marked sync when the bytes since
 * the last sync and the next frame would pass half the window, and the last one always.
 */
export function planFrames(total: number, n: number, encoding: Encoding, cap: number, window: number, maxValues = Infinity): PlannedFrame[] {
  const fit = Math.floor((cap - STREAM_FRAME_OVERHEAD) / groupSeptets(encoding)) * groupValues(encoding);
  const per = Math.min(MAX_COUNT, maxValues, fit);
  const frames: PlannedFrame[] = [];
  for (let from = 0; from < total; from += per) {
    const count = Math.min(per, total - from);
    frames.push({ from, count, bytes: STREAM_FRAME_OVERHEAD + packedSeptets(encoding, count), sync: false, stepsThrough: Math.floor((from + count) / n) });
  }
  let since = 0;
  frames.forEach((f, j) => {
    since += f.bytes;
    const next = frames[j + 1];
    f.sync = next === undefined || since + next.bytes > window / 2;
    if (f.sync) since = 0;
  });
  return frames;
}

/** The inputs as the layer takes them, checked for spike encoding (0 or 1 only). */
function streamInputs(spec: LayerSpec, currents: Currents, encoding: Encoding): ArrayLike<number> {
  if (encoding === Encoding.Spike) {
    const bad = currents.values.findIndex((x) => x !== 0 && x !== 1);
    if (bad >= 0) {
      throw new DeviceUsageError("option", `inputEncoding "spike": every input must be 0 or 1; step ${Math.floor(bad / currents.channels)}, channel ${bad % currents.channels} is ${currents.values[bad]}`);
    }
    return currents.values;
  }
  return layerInputs(currents, spec);
}

/** A Stepped as received: its seq, and the steps reported up to and including it. */
interface Acknowledged {
  seq: number;
  steps: number;
}

/** Resolves with the next Stepped, or fails: the stream's replies as they come. */
class Replies {
  #waiter: { resolve(a: Acknowledged): void; reject(e: Error): void } | undefined;
  #queued: Acknowledged[] = [];
  #failure: Error | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly onTimeout: () => Error,
  ) {}

  /** A message arrived: the silence timer starts again. */
  heard(): void {
    if (this.#timer !== undefined) this.#arm();
  }

  stepped(a: Acknowledged): void {
    if (this.#waiter !== undefined) {
      const w = this.#waiter;
      this.#waiter = undefined;
      w.resolve(a);
    } else this.#queued.push(a);
  }

  fail(error: Error): void {
    this.#failure ??= error;
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.reject(this.#failure);
  }

  next(): Promise<Acknowledged> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const queued = this.#queued.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    this.#arm();
    return new Promise<Acknowledged>((resolve, reject) => (this.#waiter = { resolve, reject })).finally(() => {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    });
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.fail(this.onTimeout()), this.timeoutMs);
  }
}

/** Runs `currents` through the configured layer by streaming; the trace of runLockstep. */
export async function runStreaming(
  session: Session,
  info: DeviceInfo,
  spec: LayerSpec,
  currents: Currents,
  options: RunOptions,
  replyTimeoutMs: number,
): Promise<Trace> {
  const n = spec.neurons;
  if (currents.channels !== n) {
    throw new DeviceUsageError("channels", `the inputs have ${currents.channels} channels but the layer has ${n} neurons`);
  }
  const stateEncoding = layerEncoding(spec.dtype, options.encoding, "encoding");
  let inputEncoding = stateEncoding;
  if (options.inputEncoding === "spike") {
    if (spec.dtype === "int") throw new DeviceUsageError("option", `inputEncoding "spike" needs a float layer; this layer is int`);
    inputEncoding = Encoding.Spike;
  } else if (options.inputEncoding !== undefined) {
    inputEncoding = layerEncoding(spec.dtype, options.inputEncoding, "inputEncoding");
  }
  const window = wholeNumber(options.window, DEFAULT_WINDOW, [64, 65536], "window");
  const values = streamInputs(spec, currents, inputEncoding);
  const ids: readonly State[] = options.states === false ? [] : stateIds(spec.model);
  const columns = options.states === false ? ["spk"] : [...spec.stateColumns, "spk"];
  const steps = currents.steps;
  const retries = wholeNumber(options.retries, 0, [0, 1000], "retries");
  // Resending keeps one frame in flight, completing at most one step when States come back (so
  // the device can send them again) and never filling its spike block (stream.ts).
  const maxValues = retries === 0 ? Infinity : ids.length > 0 ? n : (streamMaxSteps(n) - 1) * n;
  const frames = planFrames(steps * n, n, inputEncoding, Math.min(info.maxFrame, window), window, maxValues);
  if (retries > 0) for (const f of frames) f.sync = true;
  const flags = ids.length > 0 ? ReportFlag.States : 0;
  const first = await beginStream(session, request(Op.StreamBegin, [flags, inputEncoding, stateEncoding]), retries);
  const collector = new BlockCollector(session.path, n, steps, ids, stateEncoding);
  const frameBytes = (frame: PlannedFrame, seq: number): Uint8Array =>
    request(frame.sync ? Op.StreamSync : Op.StreamData, [...uint(frame.count, 2), ...packValues(values, frame.from, frame.count, inputEncoding)]).frame(seq);
  const run: StreamRun = { session, n, first, frames, frameBytes, collector, replyTimeoutMs, window };
  if (retries === 0) await streamPipelined(run);
  else await streamResending(run, { retries, statesPerStep: ids.length * Math.ceil(n / statesPerFrame(info.maxFrame, stateEncoding)), retryAfterMs: options.retryAfterMs ?? replyTimeoutMs / 4 });
  const block = collector.finish(wrapSteps(first + steps));
  const out = new Float64Array(steps * n * columns.length);
  writeBlock(out, 0, block, ids, spikeHeights(spec));
  return { steps, neurons: n, columns, values: toRealUnits(spec, out) };
}

/** What both ways of sending share. */
export interface StreamRun {
  session: Session;
  n: number;
  /** The device's step count when the stream began. */
  first: number;
  frames: PlannedFrame[];
  frameBytes(frame: PlannedFrame, seq: number): Uint8Array;
  collector: BlockCollector;
  replyTimeoutMs: number;
  window: number;
}

/** Steps whose spikes one Stepped holds: the device's stream block (stream.ts). */
export function streamMaxSteps(n: number): number {
  return Math.floor(STREAM_BLOCK_BITS / n);
}

/** Values of one state a States frame holds (reporting.ts: 13 bytes of header, the check and F7). */
function statesPerFrame(maxFrame: number, encoding: Encoding): number {
  return Math.floor((Math.min(maxFrame, MAX_FRAME_BYTES) - 14 - CHECK_SEPTETS) / valueSeptets(encoding));
}

/** Frames go as long as the window allows; a damaged or missing reply fails the run. */
async function streamPipelined(run: StreamRun): Promise<void> {
  const { session, n, first, frames, collector, window } = run;
  let received = 0;
  const replies = new Replies(run.replyTimeoutMs, () => new DeviceTimeoutError(session.path, "Stepped reply to a stream frame", run.replyTimeoutMs));
  const take = (m: ExtensionMessage): void => {
    replies.heard();
    if (m.type === "states") {
      collector.add(m);
    } else if (m.type === "stepped") {
      if (m.bits.length * 7 < m.k * n) throw new DeviceProtocolError("bad-frame", session.path, `a stream frame for ${m.k} steps carries ${m.bits.length} septets`);
      collector.add({ type: "spikes", seq: m.seq, firstStep: wrapSteps(first + received), k: m.k, bits: m.bits });
      received += m.k;
      if (m.final) replies.stepped({ seq: m.seq, steps: received });
    } else if (m.type === "error") {
      throw deviceError(session.path, `stream frame (seq ${m.seq})`, m);
    } else {
      throw new DeviceProtocolError("unexpected-reply", session.path, `a ${m.type} reply (seq ${m.seq}) in the middle of a stream`);
    }
  };
  await session.pipeline(
    {
      message: (m) => {
        try {
          take(m);
        } catch (err) {
          replies.fail(err as Error);
        }
      },
      damaged: (error) => replies.fail(error),
      fail: (error) => replies.fail(error),
    },
    async (sender) => {
      const inFlight: { seq: number; frame: PlannedFrame }[] = [];
      /** Bytes of the frames in flight after the oldest: what may be waiting in the board's ring. */
      let bytes = 0;
      const acknowledge = async (): Promise<void> => {
        const { seq, steps: reported } = await replies.next();
        const at = inFlight.findIndex((f) => f.seq === seq && f.frame.sync);
        if (at < 0) throw new DeviceProtocolError("unexpected-reply", session.path, `a Stepped reply with seq ${seq}, which no StreamSync awaits`);
        const done = inFlight.splice(0, at + 1);
        bytes = inFlight.slice(1).reduce((sum, f) => sum + f.frame.bytes, 0);
        const expected = done[done.length - 1].frame.stepsThrough;
        if (reported !== expected) {
          throw new DeviceProtocolError("step-count", session.path, `the device reported ${reported} steps by seq ${seq}, expected ${expected}`);
        }
      };
      for (const frame of frames) {
        while (inFlight.length > 0 && bytes + frame.bytes > window) await acknowledge();
        const seq = sender.nextSeq();
        if (inFlight.length > 0) bytes += frame.bytes;
        inFlight.push({ seq, frame });
        await sender.write(run.frameBytes(frame, seq));
      }
      while (inFlight.length > 0) await acknowledge();
    },
  );
}

/**
 * StreamBegin; resent (it only sets the stream up, so a repeat changes nothing) up to `retries`
 * times when its Ack is lost or damaged. Resolves with the device's step count.
 */
async function beginStream(session: Session, begin: Request, retries: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await session.exchange(begin, "ack")).value ?? 0;
    } catch (err) {
      const garbled = err instanceof DeviceTimeoutError || (err instanceof DeviceProtocolError && err.code === "bad-frame") ||
        (err instanceof DeviceRejectedError && RESEND_CODES.has(err.wireCode));
      if (!garbled || attempt >= retries) throw err;
    }
  }
}
