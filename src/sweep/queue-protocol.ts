/**
 * What the coordinator of a queue sweep (queue.ts) and `lindblad worker` processes (queue-worker.ts) agree
 * on, without loading BullMQ: the queue's name (from the sweep's header, so every run of the same sweep
 * uses the same queue), the registry of open sweeps that workers watch, the fixed chunking of the grid
 * into jobs (job id = chunk, so a republished chunk that is still queued is not added twice), and the
 * job data and result shapes. A result is the points' JSONL text, formatted by the worker (point-text.ts):
 * one string, so BullMQ's JSON carries it unchanged; the coordinator appends it and takes each point's CSV
 * record from it without converting a number.
 */
import { createHash } from 'node:crypto';
import { LindbladError } from '../errors.ts';
import { canonical, type SweepHeader } from './store.ts';
import type { SweepRequest } from './families.ts';
import { pointsFromJsonl, type PointText } from './point-text.ts';

/** Redis set of the queue names of the sweeps whose coordinator is collecting (workers serve these). */
export const REGISTRY_KEY = 'lindblad:sweeps';

/**
 * Redis pub/sub channel on which a coordinator announces a change of the registry (a sweep opened or closed):
 * workers look at the registry at once instead of at their next periodic look (≤ 1 s later), which they keep
 * in case an announcement is missed (a worker of an older version only polls; the message is a hint only).
 */
export const REGISTRY_CHANNEL = 'lindblad:sweeps:changed';

/**
 * Version of the job format (data and result); a worker refuses jobs of another version (as an unrecoverable
 * failure). 2: a result is the points' JSONL text (point-text.ts) instead of their cells.
 */
export const JOB_FORMAT = 2;

/** The queue of a sweep: "lindblad-" and 32 hex digits of the SHA-256 of its header line. */
export function queueName(header: SweepHeader): string {
  return `lindblad-${createHash('sha256').update(canonical(header)).digest('hex').slice(0, 32)}`;
}

/**
 * Points per job: `chunk` if given, else ⌈P/64⌉ clamped to 8…256 for a grid of P points (about 64 jobs:
 * enough to balance a few workers, few enough that a job's Redis round trips, ~1 ms, stay under 5 % of
 * its compute when points take ≥ 1 ms). It depends only on P and `chunk`, so a restarted coordinator
 * cuts the grid the same way.
 */
export function chunkSize(points: number, chunk?: number): number {
  return chunk ?? Math.min(256, Math.max(8, Math.ceil(points / 64)));
}

/** Job id of chunk j (indices j·C … (j+1)·C − 1) at chunk size C. */
export const jobId = (size: number, j: number): string => `c${size}-${j}`;

/** A job's data: the sweep's plain-data request and the point indices to compute. */
export interface QueueJobData {
  format: number;
  request: SweepRequest;
  indices: number[];
}

/** A job's result: its points' JSONL text (point-text.ts), one string; the coordinator derives the CSV records. */
export interface QueueResult {
  jsonl: string;
}

/** The result a worker returns for points it computed. */
export function encodeResult(text: PointText): QueueResult {
  return { jsonl: text.lines.join('') };
}

/**
 * The points of a finished job's result (its completed event), checked against its job id and the sweep's
 * columns: JSONL lines of exactly these columns (point-text.ts pointsFromJsonl), each index in the id's
 * chunk (c<size>-<j>: j·size ≤ index < min((j+1)·size, points)) once. A mismatch is an internal error (a
 * worker of another lindblad version?).
 */
export function decodeResult(value: unknown, id: string, points: number, columns: readonly string[]): PointText {
  const m = /^c(\d+)-(\d+)$/.exec(id);
  const size = m ? Number(m[1]) : 0, lo = m ? Number(m[2]) * size : 0, hi = Math.min(points, lo + size);
  const jsonl = (value as Partial<QueueResult> | null)?.jsonl;
  const text = m !== null && typeof jsonl === 'string' ? pointsFromJsonl(jsonl, columns) : null;
  const seen = new Set<number>();
  if (text === null || !text.indices.every((index) => index >= lo && index < hi && !seen.has(index) && seen.add(index))) {
    throw new LindbladError('internal', `queue job ${id} returned a result that does not match its chunk (a worker of another lindblad version?)`, '--queue');
  }
  return text;
}
