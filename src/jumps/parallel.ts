/**
 * Quantum-jump trajectories on worker threads (piscina). The index range [0, count) is cut into pieces
 * that start on multiples of CHUNK (the statistics block), each piece runs in a worker with the same seed,
 * and the pieces come back in index order; since trajectory k uses only streamFor(seed, k) and blocks are
 * merged in order, the result is bit-identical to a serial run. The model crosses the thread boundary as
 * plain data (model/serialize.ts). Each worker runs the compiled jumps-worker.js (io/threads.ts).
 */
import { randomUUID } from 'node:crypto';
import type { LindbladModel } from '../model/model.ts';
import { serializeModel } from '../model/serialize.ts';
import { workerEntry } from '../io/threads.ts';
import { CHUNK, type JumpSpec, type RangeResult } from './core.ts';
import type { JumpTask } from './jumps-worker.ts';

const WORKER = workerEntry('jumps-worker', import.meta.url);

/**
 * Splits [0, count) into at most `parts` contiguous ranges of whole CHUNK blocks (the last may be
 * partial), as equal in size as the blocks allow.
 */
export function splitRanges(count: number, parts: number): Array<[number, number]> {
  const blocks = Math.ceil(count / CHUNK), p = Math.max(1, Math.min(parts, blocks));
  const out: Array<[number, number]> = [];
  let b = 0;
  for (let i = 0; i < p; i++) {
    const nb = Math.floor(blocks / p) + (i < blocks % p ? 1 : 0);
    out.push([b * CHUNK, Math.min(count, (b + nb) * CHUNK)]);
    b += nb;
  }
  return out;
}

/** Runs the ranges of splitRanges(count, workers) on a fresh pool of `workers` threads. */
export async function runParallel(model: LindbladModel, spec: JumpSpec, seed: number, count: number,
  workers: number): Promise<RangeResult[]> {
  const ranges = splitRanges(count, workers);
  const { Piscina } = await import('piscina'); // loaded only when threads are used
  const pool = new Piscina<JumpTask, RangeResult>({ ...WORKER, name: 'runJumpTask', minThreads: ranges.length, maxThreads: ranges.length });
  try {
    const data = serializeModel(model), key = randomUUID();
    return await Promise.all(ranges.map(([start, end]) => pool.run({ key, model: data, spec, seed, start, end })));
  } finally {
    await pool.destroy();
  }
}
