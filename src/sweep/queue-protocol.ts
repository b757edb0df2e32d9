/**
 * What the coordinator of a queue sweep (queue.ts) and `lindblad worker` processes (queue-worker.ts) agree
 * on, without loading BullMQ: the queue's name (from the sweep's header, so every run of the same sweep
 * uses the same queue), the registry of open sweeps that workers watch, the fixed chunking of the grid
 * into jobs (job id = chunk, so a republished chunk that is still queued is not added twice), and the
 * job data and result shapes. A result is its points' text, formatted by the worker (point-text.ts): the
 * indices and CSV records, and the JSONL lines of the few points with a string cell; the coordinator makes
 * the other lines from their records (point-text.ts lineFromRecord: a string operation per cell, no number
 * converted), so BullMQ's JSON carries about a third of the text it would with every line (cavity sweep:
 * 0.4 instead of 1.1 kB per point, through the worker's encoding, Redis, and the coordinator's reading).
 */
import { createHash } from 'node:crypto';
import { LindbladError } from '../errors.ts';
import { canonical, type SweepHeader } from './store.ts';
import type { SweepRequest } from './families.ts';
import { checkNumericRecord, jsonlKeys, lineFromRecord, pointsFromJsonl, type PointText } from './point-text.ts';

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
 * failure, which fails the sweep with a message naming both versions). 2: a result is the points' JSONL text
 * (point-text.ts) instead of their cells; 3: it also carries their indices and CSV records; 4: the lines of
 * points without a string cell are left out (made from their records; QueueResult).
 */
export const JOB_FORMAT = 4;

/** The queue of a sweep: "lindblad-" and 32 hex digits of the SHA-256 of its header line. */
export function queueName(header: SweepHeader): string {
  return `lindblad-${createHash('sha256').update(canonical(header)).digest('hex').slice(0, 32)}`;
}

/**
 * Points per job: `chunk` if given, else ⌈P/32⌉ clamped to 8…512 for a grid of P points (about 32 jobs:
 * enough to balance a few workers; a job costs ≈ 2–4 ms of CPU besides its compute — the coordinator's
 * event, the worker's Redis scripts and result encoding, Redis — measured on a loaded 2-core machine, so
 * fewer, larger jobs keep that share small: 4,000 points at cutoff 16 make jobs of 125 points ≈ 55 ms,
 * 1,000 points of ≥ 1 ms make jobs of 32 points ≥ 32 ms). It depends only on P and `chunk`, so a
 * restarted coordinator cuts the grid the same way. (The point cost is not known before the first results,
 * so it does not enter: `--chunk` sets larger jobs for cheap points.)
 */
export function chunkSize(points: number, chunk?: number): number {
  return chunk ?? Math.min(512, Math.max(8, Math.ceil(points / 32)));
}

/** Job id of chunk j (indices j·C … (j+1)·C − 1) at chunk size C. */
export const jobId = (size: number, j: number): string => `c${size}-${j}`;

/** A job's data: the sweep's plain-data request and the point indices to compute. */
export interface QueueJobData {
  format: number;
  request: SweepRequest;
  indices: number[];
}

/**
 * A job's result: its points' indices (in the job's order), their CSV records (point-text.ts
 * PointFormatter), and [k, line] for each point k (increasing) whose JSONL line its record does not give
 * (a string cell: PointText.textual); the other lines are lineFromRecord's.
 */
export interface QueueResult {
  indices: number[];
  records: string[];
  lines: Array<[number, string]>;
}

/** The result a worker returns for points it computed. */
export function encodeResult(text: PointText): QueueResult {
  const textual = text.textual ?? text.indices.map((_, k) => k);
  return { indices: text.indices, records: text.records, lines: textual.map((k) => [k, text.lines[k]]) };
}

/**
 * The points of a finished job's result (its completed event), checked against its job id and the sweep's
 * columns: each index in the id's chunk (c<size>-<j>: j·size ≤ index < min((j+1)·size, points)) once, one
 * CSV record per index with one field per column; a line sent (a point with a string cell) is read in full
 * (point-text.ts pointsFromJsonl: exactly these columns, in order) and must give its index and record; the
 * job's first record made into a line must hold numbers only — one point per job, so the coordinator's cost
 * stays a few string operations per cell (the records of a job come from one formatter; the store's resume
 * reads every line in full again). A mismatch is an internal error (a worker of another lindblad version?).
 */
export function decodeResult(value: unknown, id: string, points: number, columns: readonly string[]): PointText {
  const bad = () => new LindbladError('internal', `queue job ${id} returned a result that does not match its chunk (a worker of another lindblad version?)`, '--queue');
  const m = /^c(\d+)-(\d+)$/.exec(id);
  const v = (typeof value === 'object' && value !== null ? value : {}) as Partial<QueueResult>;
  const { indices, records, lines: sent } = v;
  if (m === null || !Array.isArray(indices) || !Array.isArray(records) || !Array.isArray(sent) || records.length !== indices.length) throw bad();
  const size = Number(m[1]), lo = Number(m[2]) * size, hi = Math.min(points, lo + size);
  const keys = jsonlKeys(columns), seen = new Set<number>(), lines: string[] = [], textual: number[] = [];
  let next = 0, checked = false;
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k], record = records[k];
    if (!Number.isInteger(index) || index < lo || index >= hi || seen.has(index) || typeof record !== 'string') throw bad();
    seen.add(index);
    const given = sent[next];
    let line: string | null;
    if (Array.isArray(given) && given[0] === k) { // a line of its own: read in full
      next++;
      line = typeof given[1] === 'string' ? given[1] : '';
      const back = pointsFromJsonl(line, columns); // '' gives no point
      if (back === null || back.indices.length !== 1 || back.indices[0] !== index || back.records[0] !== record) throw bad();
      textual.push(k);
    } else {
      line = lineFromRecord(index, record, keys);
      if (line === null || (!checked && !checkNumericRecord(record))) throw bad();
      checked = true;
    }
    lines.push(line);
  }
  if (next !== sent.length) throw bad();
  return { indices, lines, records, textual };
}
