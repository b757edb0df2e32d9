/**
 * The text of sweep points, made once where the points are computed (a worker thread, a queue worker) so
 * that the process collecting them (run.ts's main thread, the queue's coordinator) only appends strings:
 * per point its JSONL line (store.ts: exactly JSON.stringify of {index, <column>: cell, …}, non-finite
 * numbers as the strings "NaN", "Infinity", "-Infinity") and its CSV record (io/csv.ts csvRecord with
 * non-finite numbers allowed: the same text for every number). A finite number prints as String(v) in
 * both, so it is converted once. Strings only: the result crosses threads and BullMQ's JSON unchanged.
 */
import { csvField } from '../io/csv.ts';

/** Points as text: `lines[k]` (JSONL, with its "\n") and `records[k]` (CSV, no line ending) of point `indices[k]`. */
export interface PointText {
  indices: number[];
  lines: string[];
  records: string[];
  /**
   * The positions k (increasing) of the points with a string cell (other than "NaN", "Infinity",
   * "-Infinity", which print as those numbers do): only their lines are not determined by their CSV records
   * (lineFromRecord). Absent: not known (every line counts as such).
   */
  textual?: number[];
}

/** `,"column":` per column: the JSONL keys of PointFormatter and lineFromRecord. */
export function jsonlKeys(columns: readonly string[]): string[] {
  return columns.map((c) => `,${JSON.stringify(c)}:`);
}

/**
 * The JSONL line of a point whose cells are all numbers, from its CSV record (a number's CSV text is
 * String(v), which holds no comma; its JSON text is the same when finite, else quoted: "NaN", "Infinity",
 * "-Infinity"): exactly PointFormatter's line for these cells. Null when the record has not one field per key.
 * The fields are not checked to be numbers (checkNumericRecord does that).
 */
export function lineFromRecord(index: number, record: string, keys: readonly string[]): string | null {
  const cells = record.split(',');
  if (cells.length !== keys.length) return null;
  let line = `{"index":${index}`;
  for (let k = 0; k < keys.length; k++) {
    const c = cells[k];
    line += keys[k] + (NON_FINITE.has(c) ? `"${c}"` : c);
  }
  return `${line}}\n`;
}

/** True when every field of the CSV record is a number's text (String(v) of a finite or non-finite number). */
export function checkNumericRecord(record: string): boolean {
  return record.split(',').every((c) => NUMBER.test(c) || NON_FINITE.has(c));
}

/** The text of the non-finite numbers, in CSV and (quoted) in JSONL. */
const NON_FINITE: ReadonlySet<string> = new Set(['NaN', 'Infinity', '-Infinity']);

/** Formats points of a sweep with the given columns (see the module comment). */
export class PointFormatter {
  /** `,"column":` per column. */
  private readonly keys: string[];

  constructor(columns: readonly string[]) {
    this.keys = jsonlKeys(columns);
  }

  /** The text of points whose cells are in column order (one cell per column; else an Error). */
  format(points: ReadonlyArray<{ index: number; cells: ReadonlyArray<number | string> }>): PointText {
    const keys = this.keys, out: PointText & { textual: number[] } = { indices: [], lines: [], records: [], textual: [] };
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      if (p.cells.length !== keys.length) throw new Error(`sweep points: a point has ${p.cells.length} cells, expected ${keys.length}`);
      let line = `{"index":${p.index}`, record = '', textual = false;
      for (let k = 0; k < keys.length; k++) {
        const v = p.cells[k];
        let json: string, csv: string;
        if (typeof v === 'number') {
          csv = String(v);
          json = Number.isFinite(v) ? csv : `"${csv}"`;
        } else {
          json = JSON.stringify(v);
          csv = csvField(v);
          if (!NON_FINITE.has(v)) textual = true; // its line is not lineFromRecord's (the string "NaN" is, as the number NaN)
        }
        line += keys[k] + json;
        record += k > 0 ? `,${csv}` : csv;
      }
      if (textual) out.textual.push(i);
      out.indices.push(p.index);
      out.lines.push(`${line}}\n`);
      out.records.push(record);
    }
    return out;
  }
}

/**
 * Points back from their JSONL text (the lines PointFormatter makes, concatenated): indices, lines and CSV
 * records, without converting a number (a number's JSON text is its CSV text; a string value is
 * JSON-decoded and CSV-quoted; non-finite numbers travel as the strings "NaN", "Infinity", "-Infinity",
 * whose CSV text is the same). Each line must hold exactly the columns, in order: anything else returns
 * null (the text was not made by PointFormatter for these columns).
 */
export function pointsFromJsonl(jsonl: string, columns: readonly string[]): PointText | null {
  const keys = jsonlKeys(columns), out: PointText & { textual: number[] } = { indices: [], lines: [], records: [], textual: [] };
  const HEAD = '{"index":';
  let start = 0;
  while (start < jsonl.length) {
    const end = jsonl.indexOf('\n', start);
    if (end < 0 || !jsonl.startsWith(HEAD, start)) return null;
    let pos = start + HEAD.length, record = '', textual = false;
    const digits = /^\d+/.exec(jsonl.slice(pos, Math.min(end, pos + 20)));
    if (!digits) return null;
    const index = Number(digits[0]);
    pos += digits[0].length;
    for (let k = 0; k < keys.length; k++) {
      if (!jsonl.startsWith(keys[k], pos)) return null;
      pos += keys[k].length;
      let value: string;
      if (jsonl.charCodeAt(pos) === 34) { // a string: up to its closing quote (escapes skipped)
        let q = pos + 1;
        for (; q < end; q++) {
          const c = jsonl.charCodeAt(q);
          if (c === 92) q++;
          else if (c === 34) break;
        }
        if (q >= end) return null;
        let s: unknown;
        try { s = JSON.parse(jsonl.slice(pos, q + 1)); } catch { return null; }
        value = csvField(s as string);
        pos = q + 1;
        // a quoted value is a string cell, unless it is a non-finite number's ("NaN", "Infinity", "-Infinity")
        if (!NON_FINITE.has(s as string)) textual = true;
      } else { // a number: up to the next key or the closing brace (a number holds neither ',' nor '}')
        let q = pos;
        while (q < end && jsonl.charCodeAt(q) !== 44 && jsonl.charCodeAt(q) !== 125) q++;
        value = jsonl.slice(pos, q);
        if (!NUMBER.test(value)) return null;
        pos = q;
      }
      record += k > 0 ? `,${value}` : value;
    }
    if (pos !== end - 1 || jsonl.charCodeAt(pos) !== 125) return null;
    if (textual) out.textual.push(out.indices.length);
    out.indices.push(index);
    out.lines.push(jsonl.slice(start, end + 1));
    out.records.push(record);
    start = end + 1;
  }
  return out;
}

/** A JSON number's text. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
