/**
 * The emulated board as a Link (src/io/link.ts): like a USB serial cable to it. Writes go to
 * the board's UART0 receive line as they are; what it sends comes back from `read`. Closing the
 * link unplugs the cable (the board keeps running); closing the emulator ends the link.
 */
import { type Link, LinkClosedError } from "../io/link.ts";
import { GARBLED, type NodeMcuEmulator } from "./emulator.ts";

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export interface EmulatorLinkOptions {
  /**
   * The fastest rate the cable carries: above it every byte arrives garbled, both ways (a test
   * of the host's fallback after SetBaud). Default: any rate.
   */
  maxBaud?: number;
}

export function openEmulatorLink(emulator: NodeMcuEmulator, path = "emulator", options: EmulatorLinkOptions = {}): Link {
  // The link's own rate. A byte sent at a rate the receiver does not listen at, or faster than
  // the cable carries, arrives as garbage (GARBLED): a UART sees framing errors and wrong bits.
  let baud = emulator.baudRate;
  const carried = (rate: number): boolean => rate === baud && rate <= (options.maxBaud ?? Infinity);
  const queue: Uint8Array[] = [];
  let waiting: ((chunk: Uint8Array | null) => void) | undefined;
  let closed = false;

  const end = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    unwatch();
    queue.length = 0;
    waiting?.(null);
    waiting = undefined;
  };
  const unsubscribe = emulator.onOutput((bytes, rate) => {
    const copy = carried(rate) ? Uint8Array.from(bytes) : new Uint8Array(bytes.length).fill(GARBLED);
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(copy);
    } else queue.push(copy);
  });
  const unwatch = emulator.onClose(end);
  if (emulator.closed) end();

  return {
    path,
    read(): Promise<Uint8Array | null> {
      if (queue.length > 0) return Promise.resolve(concat(queue.splice(0)));
      if (closed) return Promise.resolve(null);
      if (waiting) return Promise.reject(new Error(`${path}: a read() is already pending`));
      return new Promise((resolve) => (waiting = resolve));
    },
    write(data: Uint8Array): Promise<void> {
      if (closed) return Promise.reject(new LinkClosedError(path));
      // The emulator garbles what comes at another rate than UART0 listens at.
      emulator.receive(carried(baud) ? Uint8Array.from(data) : new Uint8Array(data.length).fill(GARBLED), baud);
      return Promise.resolve();
    },
    setBaudRate(rate: number): Promise<void> {
      baud = rate;
      return Promise.resolve();
    },
    close(): Promise<void> {
      end();
      return Promise.resolve();
    },
  };
}
