/**
 * Progress of a long run. On a terminal: a bar redrawn in place. Elsewhere (a pipe, a file, a
 * CI log): a plain line every few seconds, so a long run in a log still shows it is alive, and
 * nothing at all for a run shorter than that.
 */

/** The part of a stream progress needs (process.stderr fits). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** `done` of `total` units are finished. */
  update(done: number): void;
  /** Draws the full bar (or the last line) and ends its line. */
  finish(): void;
}

export interface ProgressOptions {
  /** Milliseconds now; injected by tests (default Date.now). */
  now?: () => number;
  /** Off a terminal: at most one line per this many ms (default 5000). */
  everyMs?: number;
  /** What the counts count ("steps"); without it only the percentage is shown. */
  unit?: string;
}

const SILENT: Progress = { update: () => undefined, finish: () => undefined };

/** A progress that shows nothing (for --quiet). */
export function noProgress(): Progress {
  return SILENT;
}

function counts(done: number, total: number, unit: string | undefined): string {
  const percent = Math.floor((Math.min(done, total) / total) * 100);
  return unit === undefined ? `${percent}%` : `${percent}% ${Math.min(done, total)}/${total}${unit === "" ? "" : ` ${unit}`}`;
}

/** A bar `label [#####-----] 50% 100/200`, redrawn at most once per percent. */
function terminalBar(stream: ProgressStream, total: number, label: string, unit: string): Progress {
  let drawn = -1;
  let finished = false;
  const draw = (done: number) => {
    const percent = Math.floor((Math.min(done, total) / total) * 100);
    if (percent === drawn) return;
    drawn = percent;
    const text = ` ${counts(done, total, unit)}`;
    const room = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - text.length - 4));
    const full = Math.round((percent / 100) * room);
    stream.write(`\r${label} [${"#".repeat(full)}${"-".repeat(room - full)}]${text}`);
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

/** `label: 50% 100/200 steps` lines, at most one per `everyMs`, and a last one if any was written. */
function logLines(stream: ProgressStream, total: number, label: string, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const everyMs = options.everyMs ?? 5000;
  const start = now();
  let last = start;
  let wrote = false;
  let finished = false;
  return {
    update: (done) => {
      if (finished || now() - last < everyMs) return;
      last = now();
      wrote = true;
      stream.write(`${label}: ${counts(done, total, options.unit)} after ${Math.round((last - start) / 1000)} s\n`);
    },
    finish: () => {
      if (finished) return;
      finished = true;
      if (wrote) stream.write(`${label}: done, ${counts(total, total, options.unit)} in ${Math.round((now() - start) / 1000)} s\n`);
    },
  };
}

/** Progress of `total` units on `stream`: a bar on a terminal, timed lines elsewhere. */
export function createProgress(stream: ProgressStream, total: number, label: string, options: ProgressOptions = {}): Progress {
  if (total <= 0) return SILENT;
  return stream.isTTY === true ? terminalBar(stream, total, label, options.unit ?? "") : logLines(stream, total, label, options);
}
