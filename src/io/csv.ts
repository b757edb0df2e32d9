/**
 * CSV serialisation (RFC 4180 quoting). Numbers are printed with String(x), i.e. the shortest
 * representation that round-trips to the same double, so no precision is lost. Non-finite numbers
 * are rejected unless explicitly allowed, so a NaN never slips silently into a data file.
 */
import { writeFileAtomic } from './atomic.ts';

/** A CSV cell: numbers are printed at full precision, strings are quoted when needed. */
export type CsvCell = number | string;

/** Options for {@link toCsv}. */
export interface CsvOptions {
  /** Print NaN / ±Infinity as "NaN", "Infinity", "-Infinity" instead of throwing. Default false. */
  allowNonFinite?: boolean;
  /** Record separator; RFC 4180 specifies "\r\n". Default "\n". */
  lineEnding?: '\n' | '\r\n';
}

/** Quotes a field when it contains a comma, a double quote, CR or LF (quotes are doubled). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatCell(v: CsvCell, row: number, col: string, allowNonFinite: boolean): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) && !allowNonFinite) {
      throw new RangeError(`CSV: non-finite number ${v} in row ${row}, column "${col}"`);
    }
    return String(v);
  }
  if (typeof v === 'string') return csvField(v);
  throw new TypeError(`CSV: unsupported cell type ${typeof v} in row ${row}, column "${col}"`);
}

/**
 * Serialises a table to CSV text: one header record with `columns`, then one record per row.
 * Every row must have exactly `columns.length` cells. The text ends with a line ending.
 * @throws RangeError on a non-finite number (unless `allowNonFinite`), Error on a ragged row.
 */
export function toCsv(columns: string[], rows: ReadonlyArray<ReadonlyArray<CsvCell>>, options: CsvOptions = {}): string {
  const allow = options.allowNonFinite ?? false;
  return csvText(columns, rows.map((r, i) => csvRecord(columns, r, i, allow)), options.lineEnding);
}

/** One CSV record (no line ending) of a row with one cell per column; `row` names it in errors. */
export function csvRecord(columns: readonly string[], r: ReadonlyArray<CsvCell>, row: number, allowNonFinite = false): string {
  if (r.length !== columns.length) {
    throw new Error(`CSV: row ${row} has ${r.length} cells, expected ${columns.length}`);
  }
  return r.map((v, j) => formatCell(v, row, columns[j], allowNonFinite)).join(',');
}

/** The CSV text of a header and records already formatted by csvRecord (or equal to its output). */
export function csvText(columns: readonly string[], records: readonly string[], lineEnding: '\n' | '\r\n' = '\n'): string {
  return [columns.map(csvField).join(','), ...records].join(lineEnding) + lineEnding;
}

/** {@link toCsv} followed by an atomic write to `path`. */
export function writeCsv(path: string, columns: string[], rows: ReadonlyArray<ReadonlyArray<CsvCell>>, options: CsvOptions = {}): void {
  writeFileAtomic(path, toCsv(columns, rows, options));
}
