/**
 * What the board's UARTs send: to the listeners (the links), and kept for tests in an
 * `OutputLog` per UART.
 */

const LIMIT = 1 << 20;

/**
 * One UART's output: the newest 1 MiB since the last clear, and the last write. A byte ring:
 * appending costs the bytes appended however much is kept (it once shifted an array of chunks,
 * which halved the emulator's speed once the log was full).
 */
export class OutputLog {
  /** Grows by doubling up to LIMIT, then wraps. */
  private ring = new Uint8Array(4096);
  /** Where the next byte goes. */
  private end = 0;
  private size = 0;
  /** Bytes written since power-on (not reset by `clear`). */
  bytesWritten = 0;
  /** The bytes of the most recent write (one uart.write, print, echo or prompt). */
  lastWrite: Uint8Array | undefined;

  append(bytes: Uint8Array): void {
    this.lastWrite = Uint8Array.from(bytes);
    this.bytesWritten += bytes.length;
    const kept = bytes.length > LIMIT ? bytes.subarray(bytes.length - LIMIT) : bytes;
    this.reserve(this.size + kept.length);
    const capacity = this.ring.length;
    const first = Math.min(kept.length, capacity - this.end);
    this.ring.set(kept.subarray(0, first), this.end);
    this.ring.set(kept.subarray(first), 0);
    this.end = (this.end + kept.length) % capacity;
    this.size = Math.min(this.size + kept.length, capacity);
  }

  /** Grows the ring (in order, from 0) until it holds `wanted` bytes or LIMIT. */
  private reserve(wanted: number): void {
    if (wanted <= this.ring.length || this.ring.length === LIMIT) return;
    let capacity = this.ring.length;
    while (capacity < wanted && capacity < LIMIT) capacity *= 2;
    const grown = new Uint8Array(Math.min(capacity, LIMIT));
    grown.set(this.bytes());
    this.ring = grown;
    this.end = this.size % grown.length;
  }

  /** Everything kept, in order. */
  bytes(): Uint8Array {
    const start = (this.end - this.size + this.ring.length) % this.ring.length;
    if (start + this.size <= this.ring.length) return this.ring.slice(start, start + this.size);
    const out = new Uint8Array(this.size);
    out.set(this.ring.subarray(start));
    out.set(this.ring.subarray(0, this.end), this.ring.length - start);
    return out;
  }

  /** Everything kept as Latin-1 text (one character per byte). */
  text(): string {
    return Buffer.from(this.bytes()).toString("latin1");
  }

  clear(): void {
    this.end = 0;
    this.size = 0;
  }
}

/** UART0 reaches the host (listeners and log); UART1 is transmit-only debug output (log only). */
export class UartOutput {
  readonly uart0 = new OutputLog();
  readonly uart1 = new OutputLog();
  private readonly listeners = new Set<(bytes: Uint8Array, baud: number) => void>();

  /** `baud`: the rate UART `id` sent them at. */
  transmit(id: number, bytes: Uint8Array, baud: number): void {
    if (bytes.length === 0) return;
    if (id === 1) {
      this.uart1.append(bytes);
      return;
    }
    this.uart0.append(bytes);
    for (const listener of this.listeners) listener(bytes, baud);
  }

  /** Calls `listener` with every chunk UART0 sends; returns the unsubscriber. */
  listen(listener: (bytes: Uint8Array, baud: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  unlistenAll(): void {
    this.listeners.clear();
  }
}
