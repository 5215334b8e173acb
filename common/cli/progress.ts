/** A progress reporter for long work: a redrawn bar on a TTY, a line every few seconds otherwise. */
export interface Progress {
  /** Sets the amount done so far (0..total). */
  update(done: number, note?: string): void;
  /** Marks the work finished and ends the line. */
  finish(note?: string): void;
}

/** Options for {@link createProgress}. */
export interface ProgressOptions {
  label: string;
  total: number;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Minimum milliseconds between two non-TTY lines (default 2,000). */
  intervalMs?: number;
  now?: () => number;
}

/** @returns a reporter that writes to stderr (or `stream`); silent when `total` is 0. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const tty = Boolean(stream.isTTY);
  const interval = options.intervalMs ?? 2000;
  const started = now();
  let lastLine = -Infinity;
  let done = 0;

  const render = (note?: string): string => {
    const fraction = options.total > 0 ? Math.min(1, done / options.total) : 1;
    const width = 24;
    const filled = Math.round(fraction * width);
    const elapsedS = (now() - started) / 1000;
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    return `${options.label} ${bar} ${done}/${options.total} ${(fraction * 100).toFixed(0)}% ${elapsedS.toFixed(1)}s${note ? ` ${note}` : ''}`;
  };

  return {
    update(value, note) {
      done = value;
      if (options.total === 0) return;
      if (tty) stream.write(`\r${render(note)}`);
      else if (now() - lastLine >= interval) {
        lastLine = now();
        stream.write(`${render(note)}\n`);
      }
    },
    finish(note) {
      done = options.total;
      if (options.total === 0) return;
      stream.write(tty ? `\r${render(note)}\n` : `${render(note)}\n`);
    },
  };
}
