/**
 * What the board's UARTs send: to the listeners (the links), and kept for tests in an
 * `OutputLog` per UART.
 */

const LIMIT = 1 << 20;

/** One UART's output: everything since the last clear (the newest 1 MiB), and the last write. */
export class OutputLog {
  private chunks: Uint8Array[] = [];
  private size = 0;
  /** Bytes written since power-on (not reset by `clear`). */
  bytesWritten = 0;
  /** The bytes of the most recent write (one uart.write, print, echo or prompt). */
  lastWrite: Uint8Array | undefined;

  append(bytes: Uint8Array): void {
    const copy = Uint8Array.from(bytes);
    this.chunks.push(copy);
    this.size += copy.length;
    this.bytesWritten += copy.length;
    this.lastWrite = copy;
    while (this.size > LIMIT && this.chunks.length > 1) this.size -= this.chunks.shift()!.length;
  }

  /** Everything kept, in order. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  /** Everything kept as Latin-1 text (one character per byte). */
  text(): string {
    return Buffer.from(this.bytes()).toString("latin1");
  }

  clear(): void {
    this.chunks = [];
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
