/**
 * Board profiles: an emulated board that keeps a real board's time (docs/emulator.md, "Board
 * profiles"). With a profile the emulator charges every Lua VM instruction the board executes a
 * calibrated cost, moves UART0's bytes at the configured baud rate (10 bits a byte: start, 8
 * data, stop) in both directions, and keeps the board's 256-byte receive ring, which loses its
 * oldest bytes when more arrive than the busy board has taken. Time still moves only as the
 * emulator's virtual clock: it runs as fast as the host computer can, and every time it reports
 * (tmr.now, the realtime loop's overruns, `run`'s steps per second) is the board's.
 *
 * The per-instruction costs are estimates, not measurements of a board: see PROFILES.
 */

export type BoardName = "esp8266-80" | "esp8266-160" | "esp32";

export interface BoardProfile {
  name: BoardName;
  /** Nanoseconds one Lua VM instruction costs on average (kernel, codecs, frame checks). */
  nsPerInstruction: number;
  /** UART receive ring (NodeMCU's rx buffer), bytes. */
  rxRingBytes: number;
  /** UART transmit FIFO: uart.write returns once all but this many bytes are out. */
  txFifoBytes: number;
  /** Free heap at boot, bytes. */
  heapBytes: number;
}

/**
 * The calibration. NodeMCU's Lua 5.1 on an ESP8266 at 80 MHz runs on the order of 1–3 million
 * VM instructions a second (issue 11's figure for NodeMCU; ~27–80 CPU cycles an instruction:
 * the interpreter's dispatch, table accesses and number boxing, with code and constants read
 * through the 32 KB flash cache). The profile takes the middle, 2 M/s (500 ns). At 160 MHz the
 * CPU is twice as fast but flash reads are not, so 1.8x (280 ns), not 2x. An ESP32 at 240 MHz
 * with NodeMCU-32's Lua 5.1, a larger cache and a faster core: about 5x the ESP8266 at 80 MHz
 * (100 ns). All three are estimates; a board measurement replaces them by changing these numbers.
 */
export const PROFILES: Record<BoardName, BoardProfile> = {
  "esp8266-80": { name: "esp8266-80", nsPerInstruction: 500, rxRingBytes: 256, txFifoBytes: 128, heapBytes: 44 * 1024 },
  "esp8266-160": { name: "esp8266-160", nsPerInstruction: 280, rxRingBytes: 256, txFifoBytes: 128, heapBytes: 44 * 1024 },
  esp32: { name: "esp32", nsPerInstruction: 100, rxRingBytes: 256, txFifoBytes: 128, heapBytes: 320 * 1024 },
};

export function boardProfile(name: string): BoardProfile {
  if (!Object.hasOwn(PROFILES, name)) {
    throw new Error(`unknown board profile ${JSON.stringify(name)}: expected ${Object.keys(PROFILES).join(", ")}`);
  }
  return PROFILES[name as BoardName];
}

/** Microseconds one byte takes on a UART at `baud` (10 bits a byte). */
export function byteMicros(baud: number): number {
  return 10_000_000 / baud;
}

interface Timed {
  bytes: Uint8Array;
  /** The rate they left at. */
  baud: number;
  /** When the last byte is through, µs of the emulator's clock. */
  atUs: number;
}

/**
 * One direction of the serial line: bytes queue behind each other at the baud rate. `arrived`
 * hands out, byte-exact, what has come through by a given time.
 */
export class SerialLine {
  private queue: { byte: number; atUs: number }[] = [];
  private head = 0;
  private freeAtUs = 0;

  constructor(private baud: number) {}

  setBaud(baud: number): void {
    this.baud = baud;
  }

  /** Sends `bytes` starting no earlier than `nowUs`; returns when the last one is through. */
  send(bytes: Uint8Array, nowUs: number): number {
    const per = byteMicros(this.baud);
    let at = Math.max(nowUs, this.freeAtUs);
    for (const byte of bytes) {
      at += per;
      this.queue.push({ byte, atUs: at });
    }
    this.freeAtUs = at;
    return at;
  }

  /** The bytes through by `nowUs`, in order, removed from the line. */
  arrived(nowUs: number): Uint8Array {
    let end = this.head;
    while (end < this.queue.length && this.queue[end].atUs <= nowUs) end++;
    const out = Uint8Array.from(this.queue.slice(this.head, end), (e) => e.byte);
    this.head = end;
    if (this.head > 4096) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** When the next byte will be through; undefined when the line is empty. */
  nextAtUs(): number | undefined {
    return this.head < this.queue.length ? this.queue[this.head].atUs : undefined;
  }

  /** When the line is free again (the last queued byte through). */
  get busyUntilUs(): number {
    return this.freeAtUs;
  }

  clear(): void {
    this.queue = [];
    this.head = 0;
  }
}

/** Board → host: whole writes, delivered once their last byte is through. */
export class TransmitLine {
  private readonly pending: Timed[] = [];
  private freeAtUs = 0;

  constructor(private baud: number) {}

  setBaud(baud: number): void {
    this.baud = baud;
  }

  /**
   * Queues a uart.write at `nowUs`; returns how long the CPU waits in it (µs): uart.write
   * returns once all but `fifoBytes` bytes are out.
   */
  write(bytes: Uint8Array, nowUs: number, fifoBytes: number): number {
    const per = byteMicros(this.baud);
    const start = Math.max(nowUs, this.freeAtUs);
    this.freeAtUs = start + bytes.length * per;
    this.pending.push({ bytes, baud: this.baud, atUs: this.freeAtUs });
    return Math.max(0, this.freeAtUs - fifoBytes * per - nowUs);
  }

  /** Writes through by `nowUs`, in order, removed. */
  due(nowUs: number): Timed[] {
    const out: Timed[] = [];
    while (this.pending.length > 0 && this.pending[0].atUs <= nowUs) out.push(this.pending.shift()!);
    return out;
  }

  nextAtUs(): number | undefined {
    return this.pending[0]?.atUs;
  }

  clear(): void {
    this.pending.length = 0;
  }
}
