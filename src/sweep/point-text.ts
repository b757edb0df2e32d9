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
}

/** Formats points of a sweep with the given columns (see the module comment). */
export class PointFormatter {
  /** `,"column":` per column. */
  private readonly keys: string[];

  constructor(columns: readonly string[]) {
    this.keys = columns.map((c) => `,${JSON.stringify(c)}:`);
  }

  /** The text of points whose cells are in column order (one cell per column; else an Error). */
  format(points: ReadonlyArray<{ index: number; cells: ReadonlyArray<number | string> }>): PointText {
    const keys = this.keys, out: PointText = { indices: [], lines: [], records: [] };
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      if (p.cells.length !== keys.length) throw new Error(`sweep points: a point has ${p.cells.length} cells, expected ${keys.length}`);
      let line = `{"index":${p.index}`, record = '';
      for (let k = 0; k < keys.length; k++) {
        const v = p.cells[k];
        let json: string, csv: string;
        if (typeof v === 'number') {
          csv = String(v);
          json = Number.isFinite(v) ? csv : `"${csv}"`;
        } else {
          json = JSON.stringify(v);
          csv = csvField(v);
        }
        line += keys[k] + json;
        record += k > 0 ? `,${csv}` : csv;
      }
      out.indices.push(p.index);
      out.lines.push(`${line}}\n`);
      out.records.push(record);
    }
    return out;
  }
}
