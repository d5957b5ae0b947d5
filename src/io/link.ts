/**
 * A byte link to a device: a serial port, the in-process emulated device, or a pseudo-terminal.
 * Every transport implements this one interface; the host client speaks only to it.
 *
 * Contract:
 * - `read()` resolves with the next bytes received (at least one byte, in order). Once the link
 *   is closed — by `close()` or by the other side — every pending and later `read()` resolves
 *   with `null`. At most one `read()` may be pending at a time.
 * - `write()` sends bytes in order and resolves once the transport accepted them; after close it
 *   rejects with a `LinkClosedError`.
 * - `close()` is idempotent and resolves when the link is closed.
 */
export interface Link {
  /** What the link is connected to, for messages ("/dev/ttyUSB0", "emulator"). */
  readonly path: string;
  read(): Promise<Uint8Array | null>;
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /**
   * Optional: changes the link's own bit rate (a serial port's; Device.setBaudRate uses it after
   * the device agreed). Resolves once bytes written afterwards go at the new rate.
   */
  setBaudRate?(baud: number): Promise<void>;
}

export class LinkClosedError extends Error {
  constructor(path: string) {
    super(`${path}: the link is closed`);
    this.name = "LinkClosedError";
  }
}
