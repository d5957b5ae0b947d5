/**
 * The transport-agnostic core of the client: pairs requests with replies. One request is in
 * flight at a time (the next is sent only after the previous one's final reply), every reply is
 * checked against the pending request's seq and op, a silence longer than the reply timeout
 * fails the request, and a device that announces itself again mid-session is reported as a reset.
 */
import { DeviceError } from "../../shared/codes.ts";
import { FIRMWARE_MAJOR, FIRMWARE_MINOR, Sysex, WireError } from "../../shared/protocol.ts";
import { DeviceReportedError } from "../device-reported-error.ts";
import {
  DeviceClosedError, DeviceProtocolError, DeviceRejectedError, DeviceResetError, DeviceTimeoutError,
} from "./errors.ts";
import type {
  AckMessage, DeviceMessage, ErrorMessage, ExtensionMessage, FirmwareMessage, HelloMessage, InvalidMessage, SpikesMessage,
  StatesMessage, StatusMessage, VersionMessage,
} from "./messages.ts";
import { type Identity, IdentityWaiter } from "./identity.ts";
import { IDENTITY_QUERIES, type Request, opName } from "./requests.ts";
import type { DeviceTransport, TransportSink } from "./transport.ts";

/** What the session tells its owner (the Device), besides replies. */
export interface SessionHooks {
  /** Every message, as received. */
  message(m: DeviceMessage): void;
  /** A Spikes or States frame with seq 0: a realtime report. */
  report(m: SpikesMessage | StatesMessage): void;
  /** Something went wrong that no pending request owns (a stray reply, a damaged frame). */
  unsolicited(error: Error): void;
  /** The device announced itself again after the handshake: it rebooted. */
  reset(m: VersionMessage | FirmwareMessage): void;
  closed(): void;
}

/**
 * The receiving end of a pipelined exchange (`Session.pipeline`): while it runs, every
 * extension reply and data frame goes to `message`, and a reset, a closed link or a damaged
 * frame to `fail`.
 */
export interface PipelineTap {
  /**
   * A version report alone is damage, not a reboot (resending: a flipped byte made an `F9`); a
   * reboot also sends the firmware name, which still counts as one.
   */
  ignoresLoneVersion?: boolean;
  message(m: ExtensionMessage): void;
  /** A neuron-extension frame arrived damaged. */
  damaged(error: Error): void;
  fail(error: Error): void;
}

/** What a pipelined exchange sends with: fresh seqs, and whole frames (a resend repeats one). */
export interface PipelineSender {
  nextSeq(): number;
  write(frame: Uint8Array): Promise<void>;
}

interface Finals {
  ack: AckMessage;
  hello: HelloMessage;
  status: StatusMessage;
}

const FINAL_NAMES: Record<keyof Finals, string> = { ack: "Ack", hello: "HelloReply", status: "StatusReply" };

/** seq 0 marks realtime reports and 0x7F unreadable frames, so requests use 1 … 126. */
const SEQ_SPAN = 126;

interface Pending {
  seq: number;
  op: number;
  final: keyof Finals;
  onData: ((m: SpikesMessage | StatesMessage) => void) | undefined;
  /** A problem found in a data frame; reported when the final reply ends the request. */
  failure: Error | undefined;
  resolve(m: Finals[keyof Finals]): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class Session implements TransportSink {
  readonly #transport: DeviceTransport;
  readonly #hooks: SessionHooks;
  readonly #timeoutMs: number;
  #queue: Promise<unknown> = Promise.resolve();
  #pending: Pending | undefined;
  #seq = 0;
  #live = false;
  #closed = false;
  #lastWasVersion = false;
  #identity: IdentityWaiter | undefined;
  #tap: PipelineTap | undefined;

  constructor(transport: DeviceTransport, hooks: SessionHooks, replyTimeoutMs: number) {
    this.#transport = transport;
    this.#hooks = hooks;
    this.#timeoutMs = replyTimeoutMs;
    transport.start(this);
  }

  get path(): string {
    return this.#transport.path;
  }

  /**
   * Waits for the Firmata version report and firmware name, sending the queries first when
   * `query`. Until `goLive()`, such reports are part of the handshake, not a reset.
   */
  identify(query: boolean, timeoutMs: number): Promise<Identity> {
    const waiter = new IdentityWaiter(this.path, timeoutMs, query);
    this.#identity = waiter;
    if (this.#closed) waiter.fail(new DeviceClosedError(this.path, "the device's version report"));
    else if (query) {
      this.#transport.send(IDENTITY_QUERIES).catch((err: Error) => waiter.fail(new DeviceClosedError(this.path, "the device's version report", err)));
    }
    return waiter.promise.finally(() => {
      if (this.#identity === waiter) this.#identity = undefined;
    });
  }

  /** The handshake is over: from now on a version or firmware report means the device rebooted. */
  goLive(): void {
    this.#live = true;
  }

  /** Sends `req` after every earlier request has its final reply; resolves with that reply. */
  exchange<K extends keyof Finals>(
    req: Request,
    final: K,
    onData?: (m: SpikesMessage | StatesMessage) => void,
  ): Promise<Finals[K]> {
    const run = this.#queue.then(() => this.#send(req, final, onData));
    this.#queue = run.catch(() => undefined);
    return run as Promise<Finals[K]>;
  }

  /**
   * Runs `body` after every earlier request has its final reply, with the link to itself: it
   * may send many requests before their replies come (streaming.ts), and `tap` receives every
   * extension message until `body` settles. Requests made meanwhile wait for it.
   */
  pipeline<T>(tap: PipelineTap, body: (sender: PipelineSender) => Promise<T>): Promise<T> {
    const sender: PipelineSender = {
      nextSeq: () => this.#nextSeq(),
      // A write that fails means the connection is gone, whatever the transport calls it.
      write: (frame) => this.#transport.send(frame).catch((err: Error) => Promise.reject(new DeviceClosedError(this.path, "the replies to a stream", err))),
    };
    const run = this.#queue.then(async () => {
      if (this.#closed) throw new DeviceClosedError(this.path, "the replies to a stream");
      this.#tap = tap;
      try {
        return await body(sender);
      } finally {
        this.#tap = undefined;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #nextSeq(): number {
    this.#seq = (this.#seq % SEQ_SPAN) + 1;
    return this.#seq;
  }

  #send(req: Request, final: keyof Finals, onData: Pending["onData"]): Promise<Finals[keyof Finals]> {
    const name = opName(req.op);
    if (this.#closed) return Promise.reject(new DeviceClosedError(this.path, `the ${FINAL_NAMES[final]} to ${name}`));
    const seq = this.#nextSeq();
    return new Promise((resolve, reject) => {
      const pending: Pending = { seq, op: req.op, final, onData, failure: undefined, resolve, reject, timer: undefined };
      this.#pending = pending;
      this.#arm(pending);
      // A write that fails means the connection is gone, whatever the transport calls it.
      this.#transport.send(req.frame(seq)).catch((err: Error) => this.#settle(pending, new DeviceClosedError(this.path, this.#awaited(pending), err)));
    });
  }

  /** (Re)starts the silence timer of a pending request. */
  #arm(p: Pending): void {
    clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      this.#settle(p, new DeviceTimeoutError(this.path, this.#awaited(p), this.#timeoutMs));
    }, this.#timeoutMs);
  }

  #awaited(p: Pending): string {
    return `${FINAL_NAMES[p.final]} to ${opName(p.op)} (seq ${p.seq})`;
  }

  /** Ends a pending request: with `outcome` when it is an Error, else resolves with it. */
  #settle(p: Pending, outcome: Error | Finals[keyof Finals]): void {
    if (this.#pending !== p) return;
    this.#pending = undefined;
    clearTimeout(p.timer);
    if (outcome instanceof Error) p.reject(outcome);
    else p.resolve(outcome);
  }

  message(m: DeviceMessage): void {
    this.#hooks.message(m);
    const tap = this.#tap;
    const afterVersion = this.#lastWasVersion;
    this.#lastWasVersion = m.type === "version";
    if (tap !== undefined && this.#tapped(tap, m, afterVersion)) return;
    switch (m.type) {
      case "version":
      case "firmware":
        this.#announced(m, afterVersion);
        break;
      case "hello":
      case "ack":
      case "status":
        this.#final(m);
        break;
      case "error":
        this.#errorReply(m);
        break;
      case "spikes":
      case "states":
        this.#data(m);
        break;
      case "stepped":
        this.#hooks.unsolicited(new DeviceProtocolError("unexpected-reply", this.path, `ignored a stream frame with seq ${m.seq}: no stream runs`));
        break;
      case "invalid":
        if (m.command === Sysex.Spikeloop) this.#fail(damaged(this.path, m));
        else if (this.#live) this.#hooks.unsolicited(damaged(this.path, m));
        break;
    }
  }

  /** Hands `m` to a running pipeline; false when the session handles it as usual. */
  #tapped(tap: PipelineTap, m: DeviceMessage, afterVersion: boolean): boolean {
    switch (m.type) {
      case "hello":
      case "ack":
      case "status":
      case "error":
      case "spikes":
      case "states":
      case "stepped":
        if (m.seq === 0) return false; // a realtime report: not the stream's
        tap.message(m);
        return true;
      case "invalid":
        if (m.command !== Sysex.Spikeloop) return false;
        tap.damaged(damaged(this.path, m));
        return true;
      case "version":
        if (tap.ignoresLoneVersion === true) return true;
        if (this.#live) tap.fail(new DeviceResetError(this.path, "the replies to a stream"));
        return false;
      case "firmware":
        // While resending, damage is expected: a top bit flipped in a reply (70 → F0) can start
        // a SysEx anywhere, and one flipped in a frame to the board can make it a query that
        // the board answers with its name. A reboot announces the version, then spikeloop's
        // name: only that pair is one.
        if (tap.ignoresLoneVersion === true && !(afterVersion && isSpikeloopBoot(m))) return true;
        if (this.#live) tap.fail(new DeviceResetError(this.path, "the replies to a stream"));
        return false;
      default:
        return false;
    }
  }

  #announced(m: VersionMessage | FirmwareMessage, afterVersion: boolean): void {
    if (!this.#live) {
      this.#identity?.take(m);
      return;
    }
    // A boot announces the version, then the firmware name: one reset, not two.
    if (m.type === "firmware" && afterVersion) return;
    const p = this.#pending;
    if (p !== undefined) this.#settle(p, new DeviceResetError(this.path, this.#awaited(p)));
    this.#hooks.reset(m);
  }

  /** Fails the pending request, or reports `error` when none is pending. */
  #fail(error: Error): void {
    const p = this.#pending;
    if (p !== undefined) this.#settle(p, error);
    else this.#hooks.unsolicited(error);
  }

  #final(m: HelloMessage | AckMessage | StatusMessage): void {
    const p = this.#pending;
    if (p === undefined || m.seq !== p.seq) {
      const why = p === undefined ? "no request is pending" : `the pending request has seq ${p.seq}`;
      this.#hooks.unsolicited(new DeviceProtocolError("unexpected-reply", this.path, `ignored a ${m.type} reply with seq ${m.seq}: ${why}`));
      return;
    }
    if (m.type !== p.final) {
      this.#settle(p, new DeviceProtocolError("unexpected-reply", this.path, `${opName(p.op)} (seq ${p.seq}) was answered with a ${m.type} reply`));
    } else if (m.type === "ack" && m.op !== p.op) {
      this.#settle(p, new DeviceProtocolError("wrong-op", this.path, `${opName(p.op)} (seq ${p.seq}) was acknowledged as ${opName(m.op)}`));
    } else {
      this.#settle(p, p.failure ?? m);
    }
  }

  #errorReply(m: ErrorMessage): void {
    const p = this.#pending;
    const unreadable = m.seq === 0x7f;
    if (p !== undefined && (m.seq === p.seq || unreadable)) {
      // About a frame the device could not read, the op (and seq) came from damaged bytes.
      if (m.op !== p.op && m.op !== 0x7f && !UNREADABLE_FRAME_CODES.has(m.code)) {
        this.#settle(p, new DeviceProtocolError("wrong-op", this.path, `${opName(p.op)} (seq ${p.seq}) got an error reply for ${opName(m.op)}`));
      } else {
        this.#settle(p, deviceError(this.path, unreadable ? `a frame it could not read (awaiting ${this.#awaited(p)})` : `${opName(p.op)} (seq ${p.seq})`, m));
      }
      return;
    }
    this.#hooks.unsolicited(deviceError(this.path, `${opName(m.op)} (seq ${m.seq}, not pending)`, m));
  }

  #data(m: SpikesMessage | StatesMessage): void {
    if (m.seq === 0) {
      this.#hooks.report(m);
      return;
    }
    const p = this.#pending;
    if (p === undefined || m.seq !== p.seq || p.onData === undefined) {
      this.#hooks.unsolicited(new DeviceProtocolError("unexpected-reply", this.path, `ignored a ${m.type} frame with seq ${m.seq}`));
      return;
    }
    this.#arm(p);
    if (p.failure !== undefined) return;
    try {
      p.onData(m);
    } catch (err) {
      p.failure = err as Error;
    }
  }

  closed(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    const p = this.#pending;
    if (p !== undefined) this.#settle(p, new DeviceClosedError(this.path, this.#awaited(p), error));
    this.#tap?.fail(new DeviceClosedError(this.path, "the replies to a stream", error));
    this.#identity?.fail(new DeviceClosedError(this.path, "the device's version report", error));
    this.#hooks.closed();
  }

  /** Fails what is pending and closes the transport. */
  async close(): Promise<void> {
    this.closed();
    await this.#transport.close();
  }
}

/** The error for a device's Error reply: a layer error (DeviceReportedError) or a wire error. */
export function deviceError(path: string, request: string, m: ErrorMessage): Error {
  if (m.code < 32) return new DeviceReportedError(m.code as DeviceError, `${path}: ${request}, detail ${m.detail}`);
  return new DeviceRejectedError(path, request, m.code, m.detail);
}

function damaged(path: string, m: InvalidMessage): DeviceProtocolError {
  const what = m.command === Sysex.Spikeloop ? `frame (seq ${m.seq})` : `SysEx 0x${m.command.toString(16)}`;
  return new DeviceProtocolError("bad-frame", path, `received a damaged ${what}: ${m.reason}`);
}

/**
 * Errors the device sends about a frame it could not read (bad check, length, op, too long):
 * the op and seq they echo came from damaged bytes, and the frame may go again.
 */
export const UNREADABLE_FRAME_CODES: ReadonlySet<number> = new Set([WireError.BadChecksum, WireError.UnknownOp, WireError.BadLength, WireError.FrameTooLong]);

/** A firmware name report as spikeloop's firmware sends it at boot: its version, its name. */
function isSpikeloopBoot(m: FirmwareMessage): boolean {
  return m.major === FIRMWARE_MAJOR && m.minor === FIRMWARE_MINOR && /^spikeloop-[\w-]+$/.test(m.name);
}
