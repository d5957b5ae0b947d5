/** A Link that passes everything through and counts the bytes in each direction. */
import type { Link } from "../src/io/link.ts";

export interface ByteCounts {
  /** Bytes the host wrote (host → device). */
  sent: number;
  /** Bytes the host read (device → host). */
  received: number;
}

export interface CountingLink extends Link {
  /** The counts since the link was opened or last `reset`. */
  counts(): ByteCounts;
  reset(): void;
}

export function countingLink(inner: Link): CountingLink {
  let sent = 0;
  let received = 0;
  return {
    path: inner.path,
    async read() {
      const chunk = await inner.read();
      if (chunk !== null) received += chunk.length;
      return chunk;
    },
    write(data) {
      sent += data.length;
      return inner.write(data);
    },
    close: () => inner.close(),
    ...(inner.setBaudRate === undefined ? {} : { setBaudRate: (baud: number) => inner.setBaudRate!(baud) }),
    counts: () => ({ sent, received }),
    reset() {
      sent = 0;
      received = 0;
    },
  };
}
