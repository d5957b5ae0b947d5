/**
 * The emulator's UART log keeps the newest 1 MiB in a byte ring: what it returns is the tail of
 * everything written, across wraps, and appending costs the same when the log is full as when it
 * is empty (it used to shift an array of chunks, which halved the emulator's speed at 1 MiB).
 */
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { OutputLog } from "../../src/emulator/output-log.ts";

const MIB = 1 << 20;

describe("the UART output log", () => {
  it("keeps exactly the newest 1 MiB, in order, across wraps, big writes and clear", () => {
    const log = new OutputLog();
    let all = Buffer.alloc(0);
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const write = (n: number) => {
      const bytes = Uint8Array.from({ length: n }, () => next() % 256);
      log.append(bytes);
      all = Buffer.concat([all, bytes]);
      if (all.length > 3 * MIB) all = all.subarray(all.length - MIB);
      expect(Buffer.from(log.lastWrite!).equals(bytes)).toBe(true);
    };
    const check = () => expect(Buffer.from(log.bytes()).equals(all.subarray(Math.max(0, all.length - MIB)))).toBe(true);
    for (let i = 0; i < 40; i++) write(1 + (next() % 9000));
    check();
    write(MIB - 5); // fills and wraps
    check();
    for (let i = 0; i < 30; i++) write(1 + (next() % 70000));
    check();
    write(MIB + 123); // one write bigger than the log
    check();
    const written = log.bytesWritten;
    log.clear();
    all = Buffer.alloc(0);
    expect(log.bytes().length).toBe(0);
    write(10);
    check();
    expect(log.bytesWritten).toBe(written + 10);
  });

  it("appends as fast when full as when empty: 200k frame-sized writes, first vs last 40k", () => {
    const log = new OutputLog();
    const frame = Uint8Array.from({ length: 12 }, (_, i) => i);
    const WINDOW = 40_000;
    const windows: number[] = [];
    for (let w = 0; w < 5; w++) {
      const start = performance.now();
      for (let i = 0; i < WINDOW; i++) log.append(frame);
      windows.push(performance.now() - start);
    }
    // The same work per window; the old log got slower with every append once full.
    expect(windows[4] / Math.min(windows[0], windows[1])).toBeLessThan(3);
    expect(log.bytesWritten).toBe(5 * WINDOW * 12); // 2.4 MB: the last windows run with the log full
    expect(log.bytes().length).toBe(MIB);
  });
});
