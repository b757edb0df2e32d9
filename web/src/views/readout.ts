/**
 * A small table of quantities with one column per source (e.g. "analytic" and "engine"). Every
 * value cell shows a rounded number and keeps the full-precision value in a data-value attribute
 * (read by the end-to-end test), and has the id `${prefix}-${row}-${column}`.
 */
import { el } from '../ui/controls.ts';
import { fmt } from '../ui/format.ts';

export interface ReadoutRow { key: string; label: string; title?: string }

export class ReadoutTable {
  readonly element: HTMLTableElement;
  private readonly cells = new Map<string, HTMLTableCellElement>();

  constructor(readonly prefix: string, rows: ReadoutRow[], columns: Array<{ key: string; label: string }>) {
    const head = el('tr', {}, el('th', {}, ''), ...columns.map((c) => el('th', { scope: 'col' }, c.label)));
    const body = rows.map((r) => {
      const th = el('th', { scope: 'row' }, r.label);
      if (r.title) th.title = r.title;
      const tds = columns.map((c) => {
        const td = el('td', { id: `${prefix}-${r.key}-${c.key}`, class: 'num' }, '—');
        this.cells.set(`${r.key}|${c.key}`, td);
        return td;
      });
      return el('tr', {}, th, ...tds);
    });
    this.element = el('table', { class: 'readout' }, el('thead', {}, head), el('tbody', {}, ...body));
  }

  /** Sets one cell (NaN shows a dash). */
  set(row: string, column: string, v: number, digits = 6): void {
    const td = this.cells.get(`${row}|${column}`);
    if (!td) throw new Error(`no readout cell ${row}/${column}`);
    td.textContent = fmt(v, digits);
    td.dataset.value = String(v);
  }

  /** Greys the values out while a new computation is pending. */
  setStale(stale: boolean): void {
    this.element.classList.toggle('stale', stale);
  }
}
