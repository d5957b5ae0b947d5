/**
 * Streaming with retransmission (`retries` > 0; docs/protocol.md, "Retransmission"): one stream
 * frame in flight at a time, each a StreamSync. A frame counts as done once its Stepped came with
 * the step count the frame completes and every States frame of that step; anything else — a
 * damaged or missing reply, an Error about a frame the device could not read, silence for
 * `retryAfterMs` — sends the same frame, with the same seq, again. The device applies a seq only
 * once and answers a repeat with the same reply (stream.ts), so every step is applied exactly once
 * and no output is taken twice. After `retries` repeats of one frame the run fails.
 */
import { wrapSteps } from "./block.ts";
import { DeviceProtocolError, DeviceTimeoutError } from "./errors.ts";
import type { ExtensionMessage, StatesMessage, SteppedMessage } from "./messages.ts";
import { UNREADABLE_FRAME_CODES, deviceError } from "./session.ts";
import type { PlannedFrame, StreamRun } from "./streaming.ts";

/** Errors the device sends about a frame it could not read: the frame goes again. */
export const RESEND_CODES = UNREADABLE_FRAME_CODES;

export interface ResendOptions {
  retries: number;
  /** States frames one completed step brings (states × frames per state). */
  statesPerStep: number;
  retryAfterMs: number;
}

/** What has come back for the frame in flight. */
interface Pending {
  seq: number;
  /** Steps the frame completes. */
  steps: number;
  states: Map<string, StatesMessage>;
  stepped: SteppedMessage | undefined;
  /** Settles the current attempt: true once the frame is done, false to send it again. */
  settle: ((done: boolean) => void) | undefined;
}

export async function streamResending(run: StreamRun, options: ResendOptions): Promise<void> {
  const { session, n, first, collector } = run;
  let pending: Pending | undefined;
  let failure: Error | undefined;
  const settle = (done: boolean): void => {
    const s = pending?.settle;
    if (pending !== undefined) pending.settle = undefined;
    s?.(done);
  };
  const fail = (error: Error): void => {
    failure ??= error;
    settle(false);
  };
  /** The frame in flight is done when its Stepped and all its States are in. */
  const complete = (p: Pending): boolean => p.stepped !== undefined && p.states.size >= p.steps * options.statesPerStep;

  const take = (m: ExtensionMessage): void => {
    const p = pending;
    if (m.type === "error") {
      if (RESEND_CODES.has(m.code)) settle(false);
      else if (p !== undefined && m.seq === p.seq) fail(deviceError(session.path, `stream frame (seq ${m.seq})`, m));
      return;
    }
    // Replies to an earlier frame, sent again after it was done, are not taken twice.
    if (p === undefined || m.seq !== p.seq || p.settle === undefined) return;
    if (m.type === "states") {
      p.states.set(`${m.firstStep}/${m.state}/${m.start}`, m);
    } else if (m.type === "stepped" && m.final) {
      if (m.k !== p.steps || m.bits.length * 7 < m.k * n) {
        fail(new DeviceProtocolError("step-count", session.path, `a Stepped for ${m.k} steps (${m.bits.length} septets) answered a frame that completes ${p.steps}`));
        return;
      }
      p.stepped = m;
      // States lost on the way come again with the Stepped when the frame is sent again.
      settle(complete(p));
    } else {
      fail(new DeviceProtocolError("unexpected-reply", session.path, `a ${m.type} reply (seq ${m.seq}) in the middle of a stream`));
    }
  };

  await session.pipeline(
    { message: take, damaged: () => undefined, fail, ignoresLoneVersion: true },
    async (sender) => {
      let done = 0;
      for (const frame of run.frames) {
        const seq = sender.nextSeq();
        const bytes = run.frameBytes(frame, seq);
        const p: Pending = { seq, steps: frame.stepsThrough - done, states: new Map(), stepped: undefined, settle: undefined };
        pending = p;
        if (!(await attempts(p, bytes, frame))) {
          throw failure ?? new DeviceTimeoutError(session.path, `whole reply to StreamSync (seq ${seq}) in any of ${options.retries + 1} tries`, options.retryAfterMs);
        }
        for (const states of p.states.values()) collector.add(states);
        const m = p.stepped!;
        collector.add({ type: "spikes", seq, firstStep: wrapSteps(first + done), k: m.k, bits: m.bits });
        done = frame.stepsThrough;
      }

      /** Sends the frame until it is done; false after the last retry, or on a failure. */
      async function attempts(p: Pending, bytes: Uint8Array, frame: PlannedFrame): Promise<boolean> {
        for (let attempt = 0; attempt <= options.retries && failure === undefined; attempt++) {
          const outcome = new Promise<boolean>((resolve) => (p.settle = resolve));
          const timer = setTimeout(() => settle(false), options.retryAfterMs);
          await sender.write(bytes);
          const ok = await outcome;
          clearTimeout(timer);
          if (ok && frame.sync) return true;
        }
        return false;
      }
    },
  );
}
