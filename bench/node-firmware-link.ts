/**
 * The firmware runtime in Node (src/device, the TypeScript the board's Lua is transpiled from)
 * behind an in-memory Link: what the fault trials use when they need thousands of runs, where a
 * Lua process or the emulated board would take hours. No timers (realtime Start answers
 * NoTimer) and no pins; each write reaches the runtime as one chunk, as NodeMCU's UART hands a
 * SysEx over, and each reply reaches the host as one chunk.
 */
import type { Board } from "../src/device/board.ts";
import { boot, createRuntime, feed } from "../src/device/runtime.ts";
import { type Link, LinkClosedError } from "../src/io/link.ts";

export function nodeFirmwareLink(): Link {
  const incoming: Uint8Array[] = [];
  let waiting: ((chunk: Uint8Array | null) => void) | undefined;
  let closed = false;
  const deliver = (bytes: number[], count: number): void => {
    const chunk = Uint8Array.from(bytes.slice(0, count));
    if (waiting === undefined) {
      incoming.push(chunk);
      return;
    }
    const w = waiting;
    waiting = undefined;
    w(chunk);
  };
  const board: Board = {
    name: "node",
    microsSpan: 2 ** 31,
    pinCount: 0,
    write: deliver,
    micros: () => Math.floor(performance.now() * 1000) % 2 ** 31,
    startTimer: () => false,
    stopTimer: () => undefined,
    pinCapabilities: () => [],
    analogChannel: () => 127,
    setPinMode: () => undefined,
    digitalWrite: () => undefined,
    digitalRead: () => 0,
    pwmWrite: () => undefined,
    analogRead: () => 0,
    freeHeap: () => 40000,
  };
  const rt = createRuntime(board);
  boot(rt);
  return {
    path: "firmware in Node",
    read() {
      const chunk = incoming.shift();
      if (chunk !== undefined) return Promise.resolve(chunk);
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => (waiting = resolve));
    },
    async write(data) {
      if (closed) throw new LinkClosedError("firmware in Node");
      const bytes = Array.from(data);
      feed(rt, bytes, bytes.length);
    },
    async close() {
      closed = true;
      waiting?.(null);
      waiting = undefined;
    },
  };
}
