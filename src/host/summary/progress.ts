/**
 * A progress bar for long runs, redrawn in place on a terminal. On anything that is not a TTY
 * (a pipe, a file, a test) it writes nothing, so logs stay clean.
 */

/** The part of a stream the bar needs (process.stdout fits). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** `done` of `total` units are finished. */
  update(done: number): void;
  /** Draws the full bar and ends its line. */
  finish(): void;
}

/** A bar `label [#####-----] 50% 100/200`, redrawn at most once per percent. */
export function createProgress(stream: ProgressStream, total: number, label: string): Progress {
  if (stream.isTTY !== true || total <= 0) return { update: () => undefined, finish: () => undefined };
  let drawn = -1;
  let finished = false;
  const draw = (done: number) => {
    const percent = Math.floor((Math.min(done, total) / total) * 100);
    if (percent === drawn) return;
    drawn = percent;
    const counts = ` ${percent}% ${Math.min(done, total)}/${total}`;
    const room = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - counts.length - 4));
    const full = Math.round((percent / 100) * room);
    stream.write(`\r${label} [${"#".repeat(full)}${"-".repeat(room - full)}]${counts}`);
  };
  return {
    update: (done) => {
      if (!finished) draw(done);
    },
    finish: () => {
      if (finished) return;
      draw(total);
      finished = true;
      stream.write("\n");
    },
  };
}
