/**
 * The emulated board's event loop: tasks run one at a time, in order, each to completion (an
 * async task holds the loop until it settles), like NodeMCU's task queue. Every entry into the
 * Lua VM happens inside a task, so Lua never runs re-entrantly.
 */

type Task = () => void | Promise<void>;

interface Queued {
  task: Task;
  done?: { resolve: () => void; reject: (error: unknown) => void };
}

export class EmulatorClosedError extends Error {
  constructor() {
    super("the emulator is closed");
    this.name = "EmulatorClosedError";
  }
}

export class TaskQueue {
  private readonly queue: Queued[] = [];
  private pumping: Promise<void> | undefined;
  private closed = false;

  /** `onError` receives what a posted (fire-and-forget) task threw. */
  constructor(private readonly onError: (error: unknown) => void) {}

  /** Queues `task`; it runs after those before it, on a later turn of Node's event loop. */
  post(task: Task): void {
    if (this.closed) return;
    this.queue.push({ task });
    this.pump();
  }

  /** Queues `task` and resolves (or rejects) with its outcome. */
  run(task: Task): Promise<void> {
    if (this.closed) return Promise.reject(new EmulatorClosedError());
    return new Promise((resolve, reject) => {
      this.queue.push({ task, done: { resolve, reject } });
      this.pump();
    });
  }

  /** Resolves once no task is queued or running. */
  async idle(): Promise<void> {
    while (this.pumping !== undefined) await this.pumping;
  }

  /** Drops the queued tasks (their `run` promises reject); the running one finishes. */
  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.done?.reject(new EmulatorClosedError());
    await this.idle();
  }

  private pump(): void {
    this.pumping ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  private async drain(): Promise<void> {
    for (let q = this.queue.shift(); q !== undefined; q = this.queue.shift()) {
      try {
        await q.task();
        q.done?.resolve();
      } catch (error) {
        if (q.done) q.done.reject(error);
        else this.onError(error);
      }
    }
    this.pumping = undefined;
  }
}
