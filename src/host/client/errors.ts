/**
 * Typed errors of the host client. Each has a literal `code`; tests check the code, not the
 * wording. Layer errors the device reports (codes 1–12) are DeviceReportedError
 * (src/host/device-reported-error.ts); wire errors (32 and up) are DeviceRejectedError.
 */
import { WireError } from "../../shared/protocol.ts";

/** No reply within the time allowed; `awaited` names what was expected. */
export class DeviceTimeoutError extends Error {
  readonly code = "timeout";
  readonly awaited: string;
  readonly ms: number;
  constructor(path: string, awaited: string, ms: number) {
    super(`${path}: no ${awaited} within ${ms} ms (is the device connected, powered and running spikeloop?)`);
    this.name = "DeviceTimeoutError";
    this.awaited = awaited;
    this.ms = ms;
  }
}

/** The device rebooted (it announced itself again) while a request was pending; its layer is gone. */
export class DeviceResetError extends Error {
  readonly code = "device-reset";
  constructor(path: string, pending: string) {
    super(`${path}: the device reset while awaiting ${pending}; configure it again`);
    this.name = "DeviceResetError";
  }
}

/** The link closed (by close() or by the other side) before the reply came. */
export class DeviceClosedError extends Error {
  readonly code = "closed";
  constructor(path: string, pending: string, cause?: Error) {
    super(`${path}: the connection closed while awaiting ${pending}${cause === undefined ? "" : ` (${cause.message})`}`, { cause });
    this.name = "DeviceClosedError";
  }
}

export type ProtocolErrorCode = "bad-frame" | "unexpected-reply" | "wrong-op" | "missing-data" | "step-count";

/** The device sent something the protocol does not allow at that point. */
export class DeviceProtocolError extends Error {
  readonly code: ProtocolErrorCode;
  constructor(code: ProtocolErrorCode, path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = "DeviceProtocolError";
    this.code = code;
  }
}

export type MismatchCode = "not-spikeloop" | "firmata-version" | "firmware-version" | "protocol-version";

/** The device runs other firmware or another version; the message ends with the fix. */
export class DeviceMismatchError extends Error {
  readonly code: MismatchCode;
  constructor(code: MismatchCode, path: string, found: string, fix: string) {
    super(`${path}: ${found}. Fix: ${fix}`);
    this.name = "DeviceMismatchError";
    this.code = code;
  }
}

const WIRE_ERRORS = {
  [WireError.BadChecksum]: "bad-checksum",
  [WireError.UnknownOp]: "unknown-op",
  [WireError.BadLength]: "bad-length",
  [WireError.FrameTooLong]: "frame-too-long",
  [WireError.NotConfigured]: "not-configured",
  [WireError.Busy]: "busy",
  [WireError.BadEncoding]: "bad-encoding",
  [WireError.InputOverflow]: "input-overflow",
  [WireError.InputMissing]: "input-missing",
  [WireError.NoTimer]: "no-timer",
  [WireError.BadTimeStep]: "bad-time-step",
  [WireError.BadBinding]: "bad-binding",
  [WireError.BindingsFull]: "bindings-full",
  [WireError.BadBaud]: "bad-baud",
} as const satisfies Record<WireError, string>;

export type WireErrorCode = (typeof WIRE_ERRORS)[WireError] | "unknown";

/** A request the device refused with a wire error (code 32 and up); `wireCode` is the number. */
export class DeviceRejectedError extends Error {
  readonly code: WireErrorCode;
  readonly wireCode: number;
  readonly detail: number;
  constructor(path: string, request: string, wireCode: number, detail: number) {
    const code: WireErrorCode = WIRE_ERRORS[wireCode as WireError] ?? "unknown";
    super(`${path}: the device refused ${request}: ${code} (error ${wireCode}, detail ${detail})`);
    this.name = "DeviceRejectedError";
    this.code = code;
    this.wireCode = wireCode;
    this.detail = detail;
  }
}

export type UsageErrorCode =
  | "not-configured"
  | "channels"
  | "batch-size"
  | "option"
  | "too-many-neurons"
  | "float-on-integer-board"
  | "realtime"
  | "handler-taken"
  | "not-ready";

/** A call the client refuses before anything reaches the wire. */
export class DeviceUsageError extends Error {
  readonly code: UsageErrorCode;
  constructor(code: UsageErrorCode, message: string) {
    super(message);
    this.name = "DeviceUsageError";
    this.code = code;
  }
}

export type LinkErrorCode = "port-not-found" | "port-busy" | "port-permission" | "port-open-failed" | "spawn-failed";

/** A link that could not be opened: a serial port, or a child process. */
export class LinkOpenError extends Error {
  readonly code: LinkErrorCode;
  readonly path: string;
  constructor(code: LinkErrorCode, path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = "LinkOpenError";
    this.code = code;
    this.path = path;
  }
}
