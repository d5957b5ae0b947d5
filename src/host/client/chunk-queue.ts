/**
 * The read side of a Link (src/io/link.ts) for transports that push bytes as events (a serial
 * port, a child's stdout): chunks wait here until `read()` takes them. After `end()` every
 * pending and later read resolves with null, once the bytes already queued are taken (unless
 * `discard`: a link closed by its own side drops what it has not delivered).
 */
export class ChunkQueue {
  readonly #chunks: Uint8Array[] = [];
  #waiting: ((chunk: Uint8Array | null) => void) | undefined;
  #ended = false;

  push(chunk: Uint8Array): void {
    if (this.#ended || chunk.length === 0) return;
    const waiting = this.#waiting;
    if (waiting !== undefined) {
      this.#waiting = undefined;
      waiting(chunk);
    } else {
      this.#chunks.push(chunk);
    }
  }

  end(discard = false): void {
    this.#ended = true;
    if (discard) this.#chunks.length = 0;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.(null);
  }

  get ended(): boolean {
    return this.#ended;
  }

  read(): Promise<Uint8Array | null> {
    const next = this.#chunks.shift();
    if (next !== undefined) return Promise.resolve(next);
    if (this.#ended) return Promise.resolve(null);
    if (this.#waiting !== undefined) return Promise.reject(new Error("ChunkQueue: a read() is already pending"));
    return new Promise((resolve) => (this.#waiting = resolve));
  }
}
