/**
 * A result card: title, a Vega chart (VegaPanel) and its SVG / PNG / CSV export buttons, reusing the
 * paper pages' download and CSV helpers. `data-export="NAME-svg|png|csv"` marks the buttons for tests.
 */
import { el } from '../ui/controls.ts';
import { csvBlob, download } from '../ui/export.ts';
import { VegaPanel } from '../views/vega-panel.ts';
import type { VlSpec } from '../views/figure-toolkit.ts';

export class ViewCard {
  readonly element: HTMLElement;
  readonly panel: VegaPanel;
  private csv: () => string = () => '';

  constructor(readonly name: string, title: string, extra: HTMLElement[] = []) {
    const chart = el('div', { id: `${name}-chart`, class: 'chart' });
    this.panel = new VegaPanel(chart);
    const button = (kind: string, action: () => Promise<void>) => {
      const b = el('button', { type: 'button', 'data-export': `${name}-${kind}` }, kind.toUpperCase());
      b.addEventListener('click', () => { action().catch((e) => { b.title = `export failed: ${(e as Error).message}`; }); });
      return b;
    };
    const exports = el('div', { class: 'exports' }, el('span', {}, 'Export'),
      button('svg', async () => download(`${name}.svg`, new Blob([await this.panel.toSvg()], { type: 'image/svg+xml' }))),
      button('png', async () => download(`${name}.png`, await this.panel.toPng(2))),
      button('csv', async () => download(`${name}.csv`, csvBlob(this.csv()))));
    this.element = el('div', { class: 'card', id: `${name}-card` }, el('h3', {}, title), ...extra, chart, exports);
  }

  /** Shows a note instead of a chart (the CSV export still gives the data). */
  note(text: string, csv: () => string): void {
    this.csv = csv;
    this.panel.container.replaceChildren(Object.assign(document.createElement('p'), { className: 'note', textContent: text }));
  }

  /** Draws a spec and sets the CSV text of the data behind it. */
  async show(spec: VlSpec, csv: () => string): Promise<void> {
    this.csv = csv;
    await this.panel.show(spec);
  }
}
