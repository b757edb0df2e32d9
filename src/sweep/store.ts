/**
 * Loss-free, resumable sweep output. Results are appended to a JSONL file as they complete: line 1 is a
 * header identifying the sweep (model, parameter values, columns); every further line is one point,
 * {"index": k, <parameter>: value, …, <output>: value, …}, written with a single write call. Non-finite
 * numbers are stored as the strings "Infinity", "-Infinity", "NaN" (JSON has none), i.e. exactly as the
 * CSV prints them. On a rerun the existing lines are read back: a torn last line (the process was killed
 * mid-write) is cut off, a header that does not match the new sweep is an error, and only the missing
 * indices are computed. The final CSV is written from the JSONL, sorted by index, atomically — so an
 * interrupted-and-resumed run and an uninterrupted one give byte-identical CSVs. The JSONL is opened
 * without following a symbolic link and must be a regular file; it is read back in chunks (a file larger
 * than a JavaScript string can hold still resumes). Exclusive use of the files is run.ts's lock.
 */
import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { LindbladError } from '../errors.ts';
import { csvRecord, csvText, type CsvCell } from '../io/csv.ts';
import { PointFormatter, type PointText } from './point-text.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { errnoCode, fileKind, userFsError } from '../io/fs-errors.ts';

/** What identifies a sweep; a rerun must match it exactly. */
export interface SweepHeader {
  lindbladSweep: 1;
  model: string;
  /** Parameter name → its values, in column order. */
  parameters: Record<string, number[]>;
  columns: string[];
  points: number;
  /** A shard's store (`sweep --shard K/N`, shard.ts): it holds the indices start ≤ index < end only. */
  shard?: { k: number; n: number; start: number; end: number };
}

/** k.csv → k.jsonl (any other name gets ".jsonl" appended). */
export function jsonlPathFor(csvPath: string): string {
  return csvPath.toLowerCase().endsWith('.csv') ? `${csvPath.slice(0, -4)}.jsonl` : `${csvPath}.jsonl`;
}

/**
 * The files of a sweep written to `out`: out must end in ".csv" (any case) after a non-empty name; the
 * JSONL is the same path with ".jsonl" instead, the lock file the CSV path with ".lock" appended.
 */
export function sweepOutputPaths(out: string, field: string): { csv: string; jsonl: string; lock: string } {
  const base = out.split(/[\\/]/).pop() ?? '';
  if (!/\.csv$/i.test(out) || base.length <= 4) {
    throw new LindbladError('invalid-input', `expected a file name ending in .csv (its JSONL goes beside it: k.csv → k.jsonl), got ${JSON.stringify(out)}`, field);
  }
  return { csv: out, jsonl: jsonlPathFor(out), lock: `${out}.lock` };
}

/** JSON-safe cell: non-finite numbers become their String() form. */
function encode(v: number | string): number | string {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

/** The header's line in the JSONL (also what names a sweep's queue, queue-protocol.ts). */
export const canonical = (h: SweepHeader) => JSON.stringify({ ...h, parameters: Object.entries(h.parameters).map(([k, v]) => [k, v.map(encode)]) });

/**
 * The point of JSONL line `lineNo` (after the header) of the sweep `header` as its index and CSV record —
 * what the CSV holds for it — or null when `known(index)` (a point stored twice counts once: the first).
 * A line that is not a point of this sweep (or of its shard) is an error naming `where`.
 */
export function storedPoint(line: string, lineNo: number, header: SweepHeader, where: string, known: (index: number) => boolean): { index: number; record: string } | null {
  const cols = header.columns;
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line);
  } catch {
    throw new LindbladError('invalid-input', `line ${lineNo} is not valid JSON; the file is damaged`, where);
  }
  const index = rec?.index;
  const lo = header.shard?.start ?? 0, hi = header.shard?.end ?? header.points;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < lo || index >= hi || !cols.every((c) => Object.hasOwn(rec, c))) {
    throw new LindbladError('invalid-input', `line ${lineNo} is not a point of this sweep; the file is damaged`, where);
  }
  if (known(index)) return null;
  const cells = cols.map((c) => rec[c]);
  if (!cells.every((v) => typeof v === 'number' || typeof v === 'string')) {
    throw new LindbladError('invalid-input', `line ${lineNo} has a cell that is neither a number nor a string; the file is damaged`, where);
  }
  return { index, record: csvRecord(cols, cells as CsvCell[], index, true) };
}

/**
 * Calls `onLine` with each complete line of the open file `fd` (read from its start in 1 MiB chunks, so a file
 * larger than a JavaScript string can hold is read too), without its line feed; a last line without one (torn
 * by a kill) is not passed. Returns the byte length of the complete lines.
 */
export function forEachLine(fd: number, onLine: (line: string) => void): number {
  const chunk = Buffer.allocUnsafe(1 << 20);
  let offset = 0, complete = 0, carry: Buffer = Buffer.alloc(0);
  for (;;) {
    const got = readSync(fd, chunk, 0, chunk.length, offset);
    if (got === 0) return complete;
    offset += got;
    const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, got)]) : chunk.subarray(0, got);
    let start = 0;
    for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
      onLine(data.toString('utf8', start, nl));
      complete += nl + 1 - start;
      start = nl + 1;
    }
    carry = Buffer.from(data.subarray(start)); // copy: `chunk` is reused
  }
}

export class SweepStore {
  readonly jsonlPath: string;
  readonly csvPath: string;
  private readonly header: SweepHeader;
  /** Completed rows by index, as their CSV records (what csvRecord gives for the cells). */
  private readonly records = new Map<number, string>();
  private fd: number | null = null;
  /** Whether this store created its JSONL (rather than resuming one). */
  private created = false;
  /** Byte offset of the end of the last complete line. */
  private pos = 0;
  /** Its value once opened: the file as this run found it (a torn last line already cut off). */
  private openedAt = 0;
  /** Formats the points given to `append`. */
  private formatter: PointFormatter | null = null;

  /** Opens (creating, or validating and resuming) the JSONL file of `csvPath`. */
  constructor(csvPath: string, header: SweepHeader) {
    this.csvPath = csvPath;
    this.jsonlPath = jsonlPathFor(csvPath);
    this.header = header;
    if (header.columns.includes('index')) throw new LindbladError('invalid-input', 'a column may not be named "index" (the JSONL key of the point index)', 'columns');
    let fd: number | null = null;
    try {
      fd = openSync(this.jsonlPath, constants.O_RDWR | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw userFsError(e, this.jsonlPath, 'cannot open the sweep\'s JSONL');
    }
    try {
      if (fd === null) {
        this.fd = openSync(this.jsonlPath, 'wx');
        this.created = true;
        this.writeHeader();
      } else {
        this.fd = fd;
        const st = fstatSync(fd);
        if (!st.isFile()) throw new LindbladError('invalid-input', `is ${fileKind(st)}; the sweep's JSONL must be a regular file`, this.jsonlPath);
        this.resume();
      }
      this.openedAt = this.pos;
    } catch (e) {
      if (this.fd === null && fd !== null) this.fd = fd;
      this.close();
      throw userFsError(e, this.jsonlPath, 'cannot write');
    }
  }

  /** Indices already stored. */
  get done(): ReadonlySet<number> {
    return new Set(this.records.keys());
  }

  private writeHeader(): void {
    const line = Buffer.from(canonical(this.header) + '\n', 'utf8');
    ftruncateSync(this.fd!, 0);
    this.pos = 0;
    this.writeAt(line);
  }

  private writeAt(bytes: Buffer): void {
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd!, bytes, off, bytes.length - off, this.pos + off);
    this.pos += bytes.length;
  }

  /** Reads the existing file line by line (in 1 MiB chunks); a torn last line is cut off. */
  private resume(): void {
    const where = this.jsonlPath, expected = canonical(this.header);
    let lineNo = 0;
    const complete = forEachLine(this.fd!, (line) => {
      lineNo++;
      if (lineNo === 1) {
        if (line !== expected) throw new LindbladError('invalid-input', 'was written by a different sweep (model, parameters or outputs differ); remove it or choose another --out', where);
        return;
      }
      const point = storedPoint(line, lineNo, this.header, where, (index) => this.records.has(index));
      if (point) this.records.set(point.index, point.record);
    });
    if (lineNo === 0) { this.writeHeader(); return; } // killed before the header was complete: start afresh
    this.pos = complete;
    ftruncateSync(this.fd!, this.pos);
  }

  /** Appends completed points (one write call); indices already stored are skipped. See point-text.ts for the text. */
  append(points: ReadonlyArray<{ index: number; cells: ReadonlyArray<number | string> }>): void {
    this.appendText((this.formatter ??= new PointFormatter(this.header.columns)).format(points));
  }

  /**
   * Appends points already formatted (point-text.ts, e.g. by the thread or queue worker that computed them)
   * in one write call; indices already stored are skipped. Returns the indices that were new.
   */
  appendText(text: PointText): number[] {
    const { indices, lines, records } = text, fresh: number[] = [];
    let chunk = '';
    for (let k = 0; k < indices.length; k++) {
      const index = indices[k];
      if (this.records.has(index)) continue;
      this.records.set(index, records[k]);
      chunk += lines[k];
      fresh.push(index);
    }
    if (chunk === '') return fresh;
    try {
      this.writeAt(Buffer.from(chunk, 'utf8'));
    } catch (e) {
      // a write cut short (a full disk) leaves no torn line: the file goes back to its last complete point,
      // and the points of this chunk count as not stored (a run that stored none removes a JSONL it created)
      try { ftruncateSync(this.fd!, this.pos); } catch { /* resume cuts a torn last line */ }
      for (const index of fresh) this.records.delete(index);
      throw userFsError(e, this.jsonlPath, 'cannot write');
    }
    return fresh;
  }

  /** Writes the CSV sorted by index (atomic); throws if points are missing. */
  finish(): void {
    const expected = this.header.shard ? this.header.shard.end - this.header.shard.start : this.header.points;
    if (this.records.size !== expected) {
      throw new LindbladError('not-converged', `only ${this.records.size} of ${expected} points are stored`, this.jsonlPath);
    }
    const records = [...this.records.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    writeFileAtomic(this.csvPath, csvText(this.header.columns, records));
  }

  /**
   * Closes the store and, when this run created its JSONL and stored no point in it (the sweep failed at its
   * first points), removes the file: a header alone resumes nothing and would be left as a half-made output.
   */
  discardIfEmpty(): void {
    this.close();
    if (!this.created || this.records.size > 0) return;
    try { unlinkSync(this.jsonlPath); } catch { /* already gone */ }
  }

  /**
   * Closes the store and leaves the JSONL as this run found it: removed when this run created it, else cut
   * back to its length when opened. For a sweep stopped by a point that fails for a reason of its own (no
   * unique steady state at a rate of 0): every rerun stops there again, so what this run stored could never
   * complete the sweep — it would only be a half-written output.
   */
  rollback(): void {
    if (this.fd !== null && !this.created) {
      try { ftruncateSync(this.fd, this.openedAt); } catch { /* the store stays as far as it got; it resumes */ }
    }
    this.close();
    if (this.created) try { unlinkSync(this.jsonlPath); } catch { /* already gone */ }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
