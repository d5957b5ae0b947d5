/**
 * The emulator's clocks. The virtual clock (the default) moves only when told to, so tests
 * fast-forward through timers without sleeping; the real clock follows Node's timers.
 */

export interface Clock {
  readonly kind: "virtual" | "real";
  /** Microseconds since the clock was created. */
  now(): number;
  /**
   * Calls `fn` once the clock reaches `atUs`. The emulator's event loop runs it: the virtual
   * clock from `takeDue` inside a task, the real clock by posting a task. Returns a canceller.
   */
  schedule(atUs: number, fn: () => void): () => void;
  /** Lets `us` microseconds pass with nothing else running (tmr.delay's busy loop). */
  busyWait(us: number): void;
  /** Cancels everything scheduled. */
  cancelAll(): void;
}

interface Entry {
  atUs: number;
  seq: number;
  fn: () => void;
}

/** Time moves only through `takeDue`/`moveTo`; callbacks due together run in scheduling order. */
export class VirtualClock implements Clock {
  readonly kind = "virtual";
  private nowUs = 0;
  private seq = 0;
  private entries: Entry[] = [];

  now(): number {
    return this.nowUs;
  }

  schedule(atUs: number, fn: () => void): () => void {
    const entry = { atUs, seq: this.seq++, fn };
    this.entries.push(entry);
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
    };
  }

  busyWait(us: number): void {
    this.nowUs += us;
  }

  cancelAll(): void {
    this.entries = [];
  }

  /**
   * Removes the earliest callback due at or before `limitUs`, moves the clock to its time (never
   * backwards: a callback overdue after a busy wait runs late) and returns it; undefined if none.
   */
  takeDue(limitUs: number): (() => void) | undefined {
    let first: Entry | undefined;
    for (const e of this.entries) {
      if (e.atUs <= limitUs && (first === undefined || e.atUs < first.atUs || (e.atUs === first.atUs && e.seq < first.seq))) {
        first = e;
      }
    }
    if (first === undefined) return undefined;
    this.entries = this.entries.filter((e) => e !== first);
    this.nowUs = Math.max(this.nowUs, first.atUs);
    return first.fn;
  }

  /** When the earliest scheduled callback is due; undefined when none is. */
  nextDueUs(): number | undefined {
    let first: number | undefined;
    for (const e of this.entries) if (first === undefined || e.atUs < first) first = e.atUs;
    return first;
  }

  /** Moves the clock forward to `us` (never backwards). */
  moveTo(us: number): void {
    this.nowUs = Math.max(this.nowUs, us);
  }
}

/** Wall-clock time; due callbacks are handed to `post` (the emulator's event loop). */
export class RealClock implements Clock {
  readonly kind = "real";
  private readonly start = performance.now();
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(private readonly post: (fn: () => void) => void) {}

  now(): number {
    return Math.round((performance.now() - this.start) * 1000);
  }

  schedule(atUs: number, fn: () => void): () => void {
    const handle = setTimeout(() => {
      this.pending.delete(handle);
      this.post(fn);
    }, Math.max(0, (atUs - this.now()) / 1000));
    this.pending.add(handle);
    return () => {
      clearTimeout(handle);
      this.pending.delete(handle);
    };
  }

  busyWait(us: number): void {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, us / 1000);
  }

  cancelAll(): void {
    for (const handle of this.pending) clearTimeout(handle);
    this.pending.clear();
  }
}
