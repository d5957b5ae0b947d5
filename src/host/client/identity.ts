/**
 * The device's identity as Firmata announces it: the version report (F9 maj min) and the firmware
 * name (F0 79 …), sent at boot and in reply to the queries. A waiter collects both, or fails
 * naming the one that did not come in time.
 */
import { DeviceTimeoutError } from "./errors.ts";
import type { FirmwareMessage, VersionMessage } from "./messages.ts";

export interface Identity {
  version: VersionMessage;
  firmware: FirmwareMessage;
}

export class IdentityWaiter {
  readonly promise: Promise<Identity>;
  #version: VersionMessage | undefined;
  #firmware: FirmwareMessage | undefined;
  #settle!: (outcome: Identity | Error) => void;

  /** `queried`: the host asked (else it waits for the boot announcement); for the timeout's message. */
  constructor(path: string, timeoutMs: number, queried: boolean) {
    this.promise = new Promise<Identity>((resolve, reject) => {
      const timer = setTimeout(() => {
        const what = this.#version === undefined ? "Firmata version report (F9)" : "firmware name report (F0 79)";
        const awaited = queried ? `${what} in reply to the version and firmware queries` : `${what} announcing the device's boot`;
        this.fail(new DeviceTimeoutError(path, awaited, timeoutMs));
      }, timeoutMs);
      this.#settle = (outcome) => {
        clearTimeout(timer);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
    });
  }

  /** Records a report; resolves once both have come (the latest of each counts). */
  take(m: VersionMessage | FirmwareMessage): void {
    if (m.type === "version") this.#version = m;
    else this.#firmware = m;
    if (this.#version !== undefined && this.#firmware !== undefined) this.#settle({ version: this.#version, firmware: this.#firmware });
  }

  fail(error: Error): void {
    this.#settle(error);
  }
}
