/**
 * Joins the CSVs of `lindblad sweep … --shard K/N` runs into the CSV of the whole sweep (`lindblad merge`).
 * Each shard's identity is the header line of the JSONL beside its CSV (k.csv → k.jsonl, store.ts): every
 * shard must have the same sweep header (model, parameter values, columns, points) apart from its slice,
 * the same N, and the K's must be 1…N once each — so the slices cover the grid exactly, with no gap and no
 * overlap (shard.ts). Each CSV must have the sweep's column line and one record per point of its slice,
 * whose parameter cells are the grid's values at that point (a stale CSV from another run is caught), and
 * must be byte for byte the CSV its JSONL gives (what `lindblad sweep` wrote from it): a CSV cut off, edited
 * or damaged — a record with a field more or less, a number changed — is refused, not merged. The output —
 * the column line and the records in index order, i.e. the bytes of a one-machine sweep — is written
 * atomically, holding OUT.csv's lock as a sweep does (a sweep running on OUT.csv refuses the merge); an
 * OUT.csv with a sweep's JSONL beside it is refused.
 */
import { accessSync, closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { LindbladError } from '../errors.ts';
import { csvField, csvText } from '../io/csv.ts';
import { removeLeftoverTemps, writeFileAtomic } from '../io/atomic.ts';
import { readInputText } from '../io/input-file.ts';
import { checkOutputFile } from '../io/output-path.ts';
import { acquireLock } from '../io/lock.ts';
import { fileKind, userFsError } from '../io/fs-errors.ts';
import { Grid } from './grid.ts';
import { canonical, forEachLine, storedPoint, sweepOutputPaths, type SweepHeader } from './store.ts';

/** Largest header line (a grid's values) and shard CSV read (bytes). */
const MAX_HEADER = 256 << 20, MAX_CSV = 512 << 20;

/** The first line of `path` (a regular file; the JSONL beside shard CSV `csv`), read in 1 MiB chunks up to MAX_HEADER bytes. */
function firstLine(path: string, csv: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw userFsError(e, path, `cannot read the shard's JSONL (\`lindblad sweep --out ${basename(csv)}\` writes it beside its CSV)`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new LindbladError('invalid-input', `is ${fileKind(st)}; a shard's JSONL must be a regular file`, path);
    const chunks: Buffer[] = [];
    for (let total = 0; total < MAX_HEADER;) {
      const buf = Buffer.allocUnsafe(1 << 20), got = readSync(fd, buf, 0, buf.length, total);
      if (got === 0) break;
      const nl = buf.subarray(0, got).indexOf(10);
      chunks.push(buf.subarray(0, nl >= 0 ? nl : got));
      if (nl >= 0) return Buffer.concat(chunks).toString('utf8');
      total += got;
    }
    throw new LindbladError('invalid-input', 'has no complete header line', path);
  } finally {
    closeSync(fd);
  }
}

/**
 * The CSV records of the points in a shard's JSONL by index (what SweepStore.finish writes its CSV from: the
 * first line of each index; a torn last line is ignored, as a resumed run cuts it off), read in 1 MiB chunks.
 */
function storedRecords(path: string, header: SweepHeader): Map<number, string> {
  const records = new Map<number, string>();
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw userFsError(e, path, 'cannot read the shard\'s JSONL');
  }
  try {
    let lineNo = 0;
    forEachLine(fd, (line) => {
      if (++lineNo === 1) return; // the header (checked by readShard)
      const point = storedPoint(line, lineNo, header, path, (index) => records.has(index));
      if (point) records.set(point.index, point.record);
    });
    return records;
  } catch (e) {
    throw userFsError(e, path, 'cannot read the shard\'s JSONL');
  } finally {
    closeSync(fd);
  }
}

/** Splits CSV text into records (line feeds inside quoted fields stay in their record); the final line ending is dropped. */
export function csvRecords(text: string): string[] {
  const out: string[] = [];
  let start = 0, quoted = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) { out.push(text.slice(start, k)); start = k + 1; }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

interface ShardFile { csv: string; jsonl: string; header: SweepHeader; shard: NonNullable<SweepHeader['shard']> }

function readShard(csv: string): ShardFile {
  const { jsonl } = sweepOutputPaths(csv, csv || 'SHARD.csv');
  try {
    accessSync(csv, constants.R_OK); // a missing CSV is named as such (not only its JSONL)
  } catch (e) {
    throw userFsError(e, csv, 'cannot read the shard CSV');
  }
  let line: SweepHeader & { parameters: unknown };
  try {
    line = JSON.parse(firstLine(jsonl, csv)) as SweepHeader & { parameters: unknown };
  } catch (e) {
    if (e instanceof LindbladError) throw e;
    throw new LindbladError('invalid-input', 'its header line is not valid JSON; the file is damaged', jsonl);
  }
  // The line holds the parameters as [name, values] pairs, non-finite values as strings (store.ts canonical).
  const pairs = line?.parameters;
  if (line?.lindbladSweep !== 1 || !Array.isArray(line.columns) || !Number.isInteger(line.points) || !Array.isArray(pairs) ||
    !pairs.every((q) => Array.isArray(q) && typeof q[0] === 'string' && Array.isArray(q[1]))) {
    throw new LindbladError('invalid-input', 'is not the store of a lindblad sweep', jsonl);
  }
  const header: SweepHeader = { ...line, parameters: Object.fromEntries((pairs as Array<[string, unknown[]]>).map(([name, values]) => [name, values.map(Number)])) };
  if (JSON.stringify(line) !== canonical(header)) {
    throw new LindbladError('invalid-input', 'has a header line that is not one lindblad writes; the file is damaged', jsonl);
  }
  const s = header.shard;
  if (!s || ![s.k, s.n, s.start, s.end].every(Number.isInteger)) {
    throw new LindbladError('invalid-input', 'is the store of a whole sweep, not of a shard (made without --shard K/N)', jsonl);
  }
  return { csv, jsonl, header, shard: s };
}

/**
 * Refuses an OUT.csv with a JSONL beside it (anything at that path, a link too): it is a sweep's output,
 * running or stopped to be resumed, and resuming would replace the merged CSV with its own.
 */
function refuseSweepOutput(paths: { csv: string; jsonl: string }): void {
  try {
    lstatSync(paths.jsonl);
  } catch {
    return;
  }
  throw new LindbladError('invalid-input', `has a sweep's store ${paths.jsonl} beside it (a sweep writes that CSV, and resuming it would replace the merge); choose another output, or remove the store`, paths.csv);
}

/** Merges the shard CSVs into `out` (see the module comment); returns the counts. */
export function mergeShards(out: string, shardCsvs: readonly string[]): { points: number; shards: number } {
  const outPaths = sweepOutputPaths(out, 'OUT.csv');
  if (shardCsvs.length === 0) throw new LindbladError('invalid-input', 'give the CSV of every shard', 'SHARD.csv');
  const shards = shardCsvs.map(readShard);
  const inputs = shardCsvs.flatMap((c) => [c, sweepOutputPaths(c, c).jsonl]);
  for (const p of [outPaths.csv, outPaths.lock]) checkOutputFile(p, inputs);
  // OUT.csv with a JSONL beside it is a sweep's output (running, or stopped to be resumed, which would
  // replace the merged CSV with its own): not the merge's to write
  refuseSweepOutput(outPaths);
  const first = shards[0], sweep = canonical({ ...first.header, shard: undefined }), n = first.shard.n;
  const byK = new Map<number, ShardFile>();
  for (const s of shards) {
    if (canonical({ ...s.header, shard: undefined }) !== sweep) {
      throw new LindbladError('invalid-input', `belongs to another sweep than ${first.csv} (model, parameters or outputs differ)`, s.csv);
    }
    if (s.shard.n !== n) throw new LindbladError('invalid-input', `is shard ${s.shard.k}/${s.shard.n}, but ${first.csv} is one of ${n} shards`, s.csv);
    const dup = byK.get(s.shard.k);
    if (dup) throw new LindbladError('invalid-input', `is shard ${s.shard.k}/${n}, as is ${dup.csv} (overlap)`, s.csv);
    byK.set(s.shard.k, s);
  }
  const gaps = Array.from({ length: n }, (_, k) => k + 1).filter((k) => !byK.has(k));
  if (gaps.length > 0) {
    throw new LindbladError('invalid-input', `shard${gaps.length > 1 ? 's' : ''} ${gaps.slice(0, 10).join(', ')}${gaps.length > 10 ? ', …' : ''} of ${n} missing (gap)`, 'SHARD.csv');
  }
  const header = first.header, columns = header.columns;
  const grid = new Grid(Object.entries(header.parameters).map(([name, values]) => ({ name, values })));
  if (grid.size !== header.points) throw new LindbladError('invalid-input', 'its header does not describe a grid of its points', sweepOutputPaths(first.csv, first.csv).jsonl);
  const paramAt = grid.names.map((name) => columns.indexOf(name));
  const columnLine = columns.map(csvField).join(',');
  const records: string[] = [];
  let expectStart = 0;
  for (let k = 1; k <= n; k++) {
    const s = byK.get(k)!;
    if (s.shard.start !== expectStart) throw new LindbladError('invalid-input', `shard ${k}/${n} starts at point ${s.shard.start}, expected ${expectStart}`, s.csv);
    expectStart = s.shard.end;
    const text = readInputText(s.csv, 'shard CSV', MAX_CSV), lines = csvRecords(text);
    if (lines[0] !== columnLine) throw new LindbladError('invalid-input', 'its column line differs from its JSONL\'s (a CSV of another run?)', s.csv);
    const count = s.shard.end - s.shard.start;
    if (lines.length - 1 !== count) throw new LindbladError('invalid-input', `has ${lines.length - 1} records, expected ${count} (points ${s.shard.start}…${s.shard.end - 1}); rerun the shard to finish it`, s.csv);
    if (!text.endsWith('\n')) throw new LindbladError('invalid-input', 'its last line is cut off (no line ending); rerun the shard to write its CSV again', s.csv);
    const jsonl = s.jsonl, stored = storedRecords(jsonl, s.header);
    for (let r = 1; r <= count; r++) {
      const index = s.shard.start + r - 1, point = grid.point(index);
      const cells = lines[r].split(',', Math.max(...paramAt) + 1); // parameter cells are numbers: no quotes
      grid.names.forEach((name, p) => {
        if (paramAt[p] >= 0 && cells[paramAt[p]] !== String(point[name])) {
          throw new LindbladError('invalid-input', `record ${r} has ${name} = ${cells[paramAt[p]]}, but point ${index} of the sweep has ${point[name]} (a CSV of another run?)`, s.csv);
        }
      });
      const want = stored.get(index);
      if (want === undefined) throw new LindbladError('invalid-input', `lacks point ${index}, which ${s.csv} holds (record ${r}); the files do not belong together`, jsonl);
      if (lines[r] !== want) {
        throw new LindbladError('invalid-input', `record ${r} (point ${index}) differs from that point in ${jsonl}: the CSV is damaged or edited; rerun the shard to write it again from its JSONL`, s.csv);
      }
      records.push(lines[r]);
    }
  }
  if (expectStart !== header.points) throw new LindbladError('invalid-input', `the shards end at point ${expectStart}, the sweep has ${header.points}`, 'SHARD.csv');
  // held while writing, as a sweep holds it: a sweep on OUT.csv running now refuses the merge (naming it),
  // and one started meanwhile is refused
  const lock = acquireLock(outPaths.lock, outPaths.csv);
  try {
    removeLeftoverTemps(outPaths.csv);
    refuseSweepOutput(outPaths); // (a sweep that started and ended meanwhile)
    writeFileAtomic(outPaths.csv, csvText(columns, records));
  } finally {
    lock.release();
  }
  return { points: records.length, shards: n };
}
