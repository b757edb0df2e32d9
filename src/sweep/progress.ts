/**
 * Sweep progress on stderr: a cli-progress bar (points done, points/s, ETA) when stderr is a terminal, a
 * plain line at most every `intervalMs` otherwise (logs, CI), or nothing.
 */
import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';
import { nowMs } from '../io/clock.ts';

/** cli-progress, loaded only when a bar is shown (its loading costs ≈ 20 ms of a CLI call's start-up). */
const loadCliProgress = (): typeof CliProgress => createRequire(import.meta.url)('cli-progress') as typeof CliProgress;

export type ProgressMode = 'auto' | 'bar' | 'plain' | 'none';

export interface Progress {
  /** `n` more points done. */
  add(n: number): void;
  /** Final state; prints the last line. */
  stop(): void;
  /** Ends without a last line (the run failed: its error is the last word), clearing a bar from the terminal. */
  abort(): void;
}

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** A progress reporter for `total` points of which `already` were done before (resumed). */
export function progress(total: number, already: number, mode: ProgressMode = 'auto', intervalMs = 2000): Progress {
  const kind = mode === 'auto' ? (process.stderr.isTTY ? 'bar' : 'plain') : mode;
  const t0 = nowMs();
  let done = already;
  const rate = () => (done - already) / Math.max(1e-9, (nowMs() - t0) / 1000);
  if (kind === 'none') return { add: (n) => { done += n; }, stop: () => {}, abort: () => {} };
  if (kind === 'bar') {
    const cliProgress = loadCliProgress();
    const bar = new cliProgress.SingleBar({
      stream: process.stderr,
      format: 'sweep |{bar}| {value}/{total} points | {rate} points/s | ETA {eta_formatted}',
      etaBuffer: 50,
      hideCursor: true,
    }, cliProgress.Presets.shades_classic);
    bar.start(total, already, { rate: '0' });
    return {
      add: (n) => { done += n; bar.update(done, { rate: rate().toFixed(1) }); },
      stop: () => { bar.update(done, { rate: rate().toFixed(1) }); bar.stop(); },
      abort: () => { bar.stop(); process.stderr.write('\r\x1b[2K\x1b[1A\x1b[2K'); },
    };
  }
  let last = t0;
  const line = () => {
    const r = rate();
    process.stderr.write(`sweep: ${done}/${total} points (${(100 * done / Math.max(1, total)).toFixed(1)}%), ${r.toFixed(1)} points/s, ETA ${eta((total - done) / r)}\n`);
  };
  return {
    add: (n) => {
      done += n;
      const now = nowMs();
      if (now - last >= intervalMs) { last = now; line(); }
    },
    stop: line,
    abort: () => {},
  };
}
