/**
 * A two-column key/value table of the model page (certificate, heat, periodic cycle). A row's optional
 * third entry is the full-precision number, kept in the cell's data-value for tests and copying.
 */
import { el } from '../ui/controls.ts';

export const kvTable = (id: string, rows: Array<[string, string, number?]>): HTMLTableElement => el('table', { class: 'kv', id },
  el('tbody', {}, ...rows.map(([k, v, raw]) => {
    const td = el('td', {}, v);
    if (raw !== undefined) td.dataset.value = String(raw);
    return el('tr', {}, el('th', { scope: 'row' }, k), td);
  })));
