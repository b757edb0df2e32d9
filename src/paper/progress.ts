/**
 * Progress reporting for long jobs: a single updating line on a TTY, periodic plain lines otherwise
 * (so logs in CI stay readable). Writes to stderr only.
 */
export interface Progress {
  /** Starts a named stage of `total` units. */
  stage(name: string, total: number): void;
  /** Marks `n` more units of the current stage done. */
  tick(n?: number): void;
  /** Ends the whole job. */
  done(message: string): void;
}

export function consoleProgress(stream: NodeJS.WriteStream = process.stderr, quiet = false): Progress {
  const t0 = performance.now();
  let name = '', total = 1, count = 0, lastPrint = 0;
  const tty = stream.isTTY === true;
  const print = (force = false) => {
    if (quiet) return;
    const now = performance.now();
    if (!force && now - lastPrint < (tty ? 100 : 2000)) return;
    lastPrint = now;
    const pct = Math.min(100, (100 * count) / Math.max(total, 1));
    const line = `[lindblad] ${name}: ${count}/${total} (${pct.toFixed(0)}%), ${((now - t0) / 1000).toFixed(1)} s elapsed`;
    stream.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  return {
    stage(n, t) {
      if (tty && name && !quiet) stream.write('\n');
      name = n; total = t; count = 0; lastPrint = 0;
      print(true);
    },
    tick(n = 1) {
      count += n;
      print(count >= total);
    },
    done(message) {
      if (quiet) return;
      stream.write(`${tty ? '\n' : ''}[lindblad] ${message} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    },
  };
}

/** A progress sink that reports nothing (tests, library use). */
export const silentProgress: Progress = { stage() {}, tick() {}, done() {} };
