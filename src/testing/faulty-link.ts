/**
 * A Link that damages the bytes passing through it, for testing how a setup copes with a noisy
 * cable (docs/testing.md, "A faulty link"): each byte, in each direction chosen, is with
 * probability `rate` flipped (one random bit), dropped or sent twice. The damage comes from a
 * seeded generator, so a failing trial replays exactly.
 *
 *   const link = faultyLink(openEmulatorLink(board), { rate: 0.001, seed: 7 });
 *   const device = await Device.open(link);   // or enable it only after the handshake:
 *   link.enabled = false; … link.enabled = true;
 */
import type { Link } from "../io/link.ts";

export type FaultKind = "flip" | "drop" | "duplicate";

export interface FaultyLinkOptions {
  /** Probability that a byte is damaged, 0 … 1. */
  rate: number;
  /** Seed of the generator (default 1). */
  seed?: number;
  /** What may happen to a damaged byte (default all three, equally likely). */
  kinds?: FaultKind[];
  /** Which way the damage goes (default both). */
  direction?: "both" | "to-device" | "from-device";
}

export interface FaultCounts {
  flip: number;
  drop: number;
  duplicate: number;
}

export interface FaultyLink extends Link {
  /** False: bytes pass untouched (a clean handshake, say). Default true. */
  enabled: boolean;
  /** Faults injected so far, per direction. */
  readonly faults: { toDevice: FaultCounts; fromDevice: FaultCounts };
}

/** Park–Miller: small, seedable, the same sequence everywhere. */
function generator(seed: number): () => number {
  let x = seed % 2147483647;
  if (x <= 0) x += 2147483646;
  return () => {
    x = (x * 16807) % 2147483647;
    return (x - 1) / 2147483646;
  };
}

export function faultyLink(inner: Link, options: FaultyLinkOptions): FaultyLink {
  const { rate } = options;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`faultyLink: rate must be from 0 to 1, got ${rate}`);
  const kinds = options.kinds ?? ["flip", "drop", "duplicate"];
  if (kinds.length === 0) throw new RangeError("faultyLink: kinds must name at least one fault");
  const direction = options.direction ?? "both";
  const random = generator(options.seed ?? 1);
  const counts = (): FaultCounts => ({ flip: 0, drop: 0, duplicate: 0 });
  const faults = { toDevice: counts(), fromDevice: counts() };

  const damage = (bytes: Uint8Array, tally: FaultCounts): Uint8Array => {
    const out: number[] = [];
    for (const b of bytes) {
      if (random() >= rate) {
        out.push(b);
        continue;
      }
      const kind = kinds[Math.floor(random() * kinds.length)];
      tally[kind]++;
      if (kind === "flip") out.push(b ^ (1 << Math.floor(random() * 8)));
      else if (kind === "duplicate") out.push(b, b);
    }
    return Uint8Array.from(out);
  };

  const link: FaultyLink = {
    enabled: true,
    faults,
    get path() {
      return inner.path;
    },
    async read() {
      for (;;) {
        const chunk = await inner.read();
        if (chunk === null || !link.enabled || direction === "to-device") return chunk;
        const damaged = damage(chunk, faults.fromDevice);
        // A chunk whose every byte was dropped is no read: wait for the next one.
        if (damaged.length > 0) return damaged;
      }
    },
    write(data) {
      if (!link.enabled || direction === "from-device") return inner.write(data);
      return inner.write(damage(data, faults.toDevice));
    },
    close: () => inner.close(),
  };
  if (inner.setBaudRate !== undefined) link.setBaudRate = (baud) => inner.setBaudRate!(baud);
  return link;
}
