/**
 * `lindblad worker redis://… [--threads N] [--lock-seconds S] [--idle-exit S]`: serves queue sweeps
 * (src/sweep/queue-worker.ts) with the paper's families and model files, as `lindblad sweep` computes them.
 */
import { parseNumber } from './io.ts';
import { LindbladError } from '../errors.ts';
import { coreCount } from '../io/limits.ts';
import { parseQueueUrl } from '../sweep/queue-url.ts';
import { MAX_LOCK_SECONDS, serveQueue } from '../sweep/queue-worker.ts';
import { paperFamilies } from '../paper/families.ts';

export interface WorkerCliOptions { threads?: string; lockSeconds: string; idleExit?: string }

export async function runWorkerCommand(urlText: string, opts: WorkerCliOptions): Promise<void> {
  const url = parseQueueUrl(urlText, 'redis-url');
  const threads = opts.threads === undefined ? coreCount() : parseNumber(opts.threads, '--threads', { integer: true, min: 1 });
  if (threads > coreCount()) throw new LindbladError('invalid-input', `expected at most ${coreCount()} (the cores available), got ${threads}`, '--threads');
  const lockSeconds = parseNumber(opts.lockSeconds, '--lock-seconds', { min: 1 });
  if (lockSeconds > MAX_LOCK_SECONDS) throw new LindbladError('invalid-input', `expected at most ${MAX_LOCK_SECONDS} (11.6 days; longer locks overflow the timers that renew them), got ${opts.lockSeconds}`, '--lock-seconds');
  const idleSeconds = opts.idleExit === undefined ? undefined : parseNumber(opts.idleExit, '--idle-exit', { min: 0 });
  await serveQueue(url, { threads, lockSeconds, idleSeconds, families: paperFamilies });
}
