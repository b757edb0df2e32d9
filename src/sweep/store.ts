/**
 * Loss-free, resumable sweep output. Results are appended to a JSONL file as they complete: line 1 is a
 * header identifying the sweep (model, parameter values, columns); every further line is one point,
 * {"index": k, <parameter>: value, …, <output>: value, …}, written with a single write call. Non-finite
 * numbers are stored as the strings "Infinity", "-Infinity", "NaN" (JSON has none), i.e. exactly as the
 * CSV prints them. On a rerun the existing lines are read back: a torn last line (the process was killed
 * mid-write) is cut off, a header that does not match the new sweep is an error, and only the missing
 * indices are computed. The final CSV is written from the JSONL, sorted by index, atomically — so an
 * interrupted-and-resumed run and an uninterrupted one give byte-identical CSVs.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { LindbladError } from '../errors.ts';
import { csvField, csvRecord, csvText, type CsvCell } from '../io/csv.ts';
import { writeFileAtomic } from '../io/atomic.ts';

/** What identifies a sweep; a rerun must match it exactly. */
export interface SweepHeader {
  lindbladSweep: 1;
  model: string;
  /** Parameter name → its values, in column order. */
  parameters: Record<string, number[]>;
  columns: string[];
  points: number;
}

/** k.csv → k.jsonl (any other name gets ".jsonl" appended). */
export function jsonlPathFor(csvPath: string): string {
  return csvPath.toLowerCase().endsWith('.csv') ? `${csvPath.slice(0, -4)}.jsonl` : `${csvPath}.jsonl`;
}

/** JSON-safe cell: non-finite numbers become their String() form. */
function encode(v: number | string): number | string {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

const canonical = (h: SweepHeader) => JSON.stringify({ ...h, parameters: Object.entries(h.parameters).map(([k, v]) => [k, v.map(encode)]) });

export class SweepStore {
  readonly jsonlPath: string;
  readonly csvPath: string;
  private readonly header: SweepHeader;
  /** Completed rows by index, as their CSV records (what csvRecord gives for the cells). */
  private readonly records = new Map<number, string>();
  private fd: number | null = null;
  /** Byte offset of the end of the last complete line. */
  private pos = 0;
  /** `,"column":` per column, for append. */
  private keys: string[] | null = null;

  /** Opens (creating, or validating and resuming) the JSONL file of `csvPath`. */
  constructor(csvPath: string, header: SweepHeader) {
    this.csvPath = csvPath;
    this.jsonlPath = jsonlPathFor(csvPath);
    this.header = header;
    if (header.columns.includes('index')) throw new LindbladError('invalid-input', 'a column may not be named "index" (the JSONL key of the point index)', 'columns');
    if (existsSync(this.jsonlPath)) this.resume();
    else {
      this.fd = openSync(this.jsonlPath, 'wx');
      const line = Buffer.from(canonical(header) + '\n', 'utf8');
      this.pos = writeSync(this.fd, line, 0, line.length, 0);
    }
  }

  /** Indices already stored. */
  get done(): ReadonlySet<number> {
    return new Set(this.records.keys());
  }

  private resume(): void {
    const text = readFileSync(this.jsonlPath, 'utf8');
    const complete = text.lastIndexOf('\n') + 1; // everything after the last newline is a torn line
    const lines = text.slice(0, complete).split('\n').slice(0, -1);
    const where = `${this.jsonlPath}`;
    if (lines.length === 0) { // killed before the header was complete: start afresh
      this.fd = openSync(this.jsonlPath, 'w');
      const line = Buffer.from(canonical(this.header) + '\n', 'utf8');
      this.pos = writeSync(this.fd, line, 0, line.length, 0);
      return;
    }
    if (lines[0] !== canonical(this.header)) {
      throw new LindbladError('invalid-input', 'was written by a different sweep (model, parameters or outputs differ); remove it or choose another --out', where);
    }
    const cols = this.header.columns;
    for (let k = 1; k < lines.length; k++) {
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(lines[k]);
      } catch {
        throw new LindbladError('invalid-input', `line ${k + 1} is not valid JSON; the file is damaged`, where);
      }
      const index = rec.index;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= this.header.points || !cols.every((c) => c in rec)) {
        throw new LindbladError('invalid-input', `line ${k + 1} is not a point of this sweep; the file is damaged`, where);
      }
      if (!this.records.has(index)) this.records.set(index, csvRecord(cols, cols.map((c) => rec[c] as CsvCell), index));
    }
    this.fd = openSync(this.jsonlPath, 'r+');
    this.pos = Buffer.byteLength(text.slice(0, complete), 'utf8');
    ftruncateSync(this.fd, this.pos);
  }

  /**
   * Appends completed points (one write call); indices already stored are skipped. Each line is the text
   * JSON.stringify gives for {index, <column>: cell, …}, put together from precomputed `,"column":` pieces
   * (a finite number prints in JSON as String(v) does; strings go through JSON.stringify).
   */
  append(points: ReadonlyArray<{ index: number; cells: ReadonlyArray<number | string> }>): void {
    const keys = (this.keys ??= this.header.columns.map((c) => `,${JSON.stringify(c)}:`));
    if (points.some((p) => p.cells.length !== keys.length)) throw new Error(`sweep store: a point does not have ${keys.length} cells`);
    let chunk = '';
    for (const p of points) {
      if (this.records.has(p.index)) continue;
      let line = `{"index":${p.index}`, record = '';
      for (let k = 0; k < keys.length; k++) {
        const v = encode(p.cells[k]);
        // a finite number prints as String(v) in both JSON and CSV: converted once
        const num = typeof v === 'number' ? String(v) : null;
        line += keys[k] + (num ?? JSON.stringify(v));
        record += (k > 0 ? ',' : '') + (num ?? csvField(v as string));
      }
      this.records.set(p.index, record);
      chunk += line + '}\n';
    }
    if (chunk === '') return;
    const bytes = Buffer.from(chunk, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd!, bytes, off, bytes.length - off, this.pos + off);
    this.pos += bytes.length;
  }

  /** Writes the CSV sorted by index (atomic); throws if points are missing. */
  finish(): void {
    if (this.records.size !== this.header.points) {
      throw new LindbladError('not-converged', `only ${this.records.size} of ${this.header.points} points are stored`, this.jsonlPath);
    }
    const records = [...this.records.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    writeFileAtomic(this.csvPath, csvText(this.header.columns, records));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
