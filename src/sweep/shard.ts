/**
 * Deterministic slices of a sweep's grid for SLURM-style job arrays (`lindblad sweep … --shard K/N`):
 * shard K of N (1 ≤ K ≤ N) holds the contiguous index block start ≤ index < end with
 * start = ⌊(K−1)·P/N⌋, end = ⌊K·P/N⌋ for a grid of P points. The N blocks cover 0…P−1 exactly once, in
 * order, so the merged CSV (merge.ts) is the header followed by the shards' records in K order — the bytes
 * of a one-machine sweep.
 */
import { LindbladError } from '../errors.ts';

/** A shard: K of N (1-based). */
export interface Shard {
  k: number;
  n: number;
}

/** Parses "K/N" (integers, 1 ≤ K ≤ N ≤ 10⁶); errors name `field`. */
export function parseShard(text: string, field: string): Shard {
  const m = /^\s*(\d{1,7})\s*\/\s*(\d{1,7})\s*$/.exec(text);
  const k = m ? Number(m[1]) : NaN, n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1 && n <= 1e6 && k >= 1 && k <= n)) {
    throw new LindbladError('invalid-input', `expected K/N with integers 1 ≤ K ≤ N ≤ 1000000 (e.g. 3/16 for the third of 16 shards), got ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`, field);
  }
  return { k, n };
}

/** Index block [start, end) of shard K/N of a grid of `points` points (see the module comment). */
export function shardRange(points: number, shard: Shard): { start: number; end: number } {
  return { start: Math.floor((shard.k - 1) * points / shard.n), end: Math.floor(shard.k * points / shard.n) };
}
