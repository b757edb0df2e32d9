/**
 * The model page ("Any model", `#model=…`): a JSON model-file editor with the parser's own messages at
 * the offending field, a gallery, and the steady state of the model — certificate, populations,
 * density matrix (Hinton-style), heat currents and entropy production per bath, entanglement of
 * subsystem pairs — computed in a Web Worker after every valid edit, with a cancel button. Time
 * evolution and rate / Hamiltonian-scale scans are in model-tools.ts. The text lives in the URL
 * (url-codec.ts), so a link reproduces the page.
 */
import { el } from '../ui/controls.ts';
import { csvBlob, download, toCsv } from '../ui/export.ts';
import { fmt } from '../ui/format.ts';
import { hintonSpec, populationsSpec } from '../views/model-specs.ts';
import type { SteadyView } from '../engine/model-compute.ts';
import { ModelEditor } from './editor.ts';
import { GALLERY } from './gallery.ts';
import { locateField, locateSyntaxError } from './json-locate.ts';
import { Cancelled, ModelJobError, ModelRunner } from './runner.ts';
import { encodeModelHash } from './url-codec.ts';
import { ViewCard } from './view-card.ts';
import { ModelTools } from './model-tools.ts';
import { warmUpTexts } from './warm-up.ts';
import { kvTable } from './kv-table.ts';

/** Pause after the last keystroke before a solve starts, ms. */
const DEBOUNCE_MS = 120;
/** A superseded solve that has run this long is terminated (a cold restart) instead of being waited for, ms. */
const MAX_STALE_MS = 1500;

export class ModelPage {
  readonly element: HTMLElement;
  private readonly editor: ModelEditor;
  private readonly runner: ModelRunner;
  private readonly status = el('div', { id: 'steady-status', class: 'status' });
  private readonly cancelButton = el('button', { type: 'button', id: 'steady-cancel' }, 'Cancel');
  private readonly certificate = el('div', { id: 'certificate' });
  private readonly heat = el('div', { id: 'heat' });
  private readonly pairs = el('div', { id: 'pairs' });
  private readonly populations = new ViewCard('populations', 'Populations');
  private readonly hinton = new ViewCard('density-matrix', 'Density matrix');
  private readonly tools: ModelTools;
  private timer = 0;
  private editAt = 0;
  private last: SteadyView | null = null;

  /** `warm`: warm the solver's worker up while the page is idle (warm-up.ts); off only to measure without it. */
  constructor(text: string, workerFactory: () => Worker, private readonly warm = true) {
    this.runner = new ModelRunner(workerFactory, { kind: 'wait', maxStaleMs: MAX_STALE_MS }, () => !this.tools.busy);
    this.tools = new ModelTools(workerFactory, () => this.editor.text, () => this.last);
    this.editor = new ModelEditor(text, () => this.edited());
    const select = el('select', { id: 'gallery', 'aria-label': 'example models' },
      el('option', { value: '' }, 'Examples…'), ...GALLERY.map((g) => el('option', { value: g.key }, g.title)));
    select.addEventListener('change', () => {
      const g = GALLERY.find((x) => x.key === select.value);
      if (!g) return;
      this.editor.setText(g.text);
      select.value = '';
      this.edited();
    });
    this.cancelButton.addEventListener('click', () => { this.runner.cancel(); this.setStatus('cancelled', false); });
    this.cancelButton.disabled = true;
    const heatCard = el('div', { class: 'card', id: 'heat-card' }, el('h3', {}, 'Heat currents and entropy production'), this.heat, this.exportHeat());
    this.element = el('section', { class: 'panel model-page' },
      el('h2', {}, 'Any model'),
      el('p', { class: 'lede' }, 'Write or paste a JSON model file (the format of ', el('code', {}, 'lindblad steady'), ', README "Model files"). Its certified steady state is computed in a Web Worker after every valid edit; the address bar holds the model, compressed, so a link reproduces this page.'),
      el('div', { class: 'model-grid' },
        el('div', {}, el('div', { class: 'runbar gallery' }, select, this.status, this.cancelButton), this.editor.element,
          el('p', { class: 'note', id: 'gallery-note' }, 'N emitters: the gallery has N = 3 written out in the tensor-product basis (dimension 40); larger N needs the library\'s permutation-invariant Dicke model (emittersInCavity, the paper tab\'s N control), which has no model-file form. Time-dependent files (drives, rate tables) have no steady state: see Time evolution and the periodic steady state below.')),
        el('div', { class: 'model-results' },
          el('div', { class: 'card', id: 'certificate-card' }, el('h3', {}, 'Certificate'), this.certificate),
          heatCard, el('div', { class: 'card', id: 'pairs-card' }, el('h3', {}, 'Subsystem pairs (reduced states)'), this.pairs),
          this.populations.element, this.hinton.element)),
      this.tools.element);
    this.solve();
  }

  /** Resolves once the current solve has been shown (or failed). */
  idle(): Promise<void> { return this.done; }
  private done: Promise<void> = Promise.resolve();

  private edited(): void {
    this.editAt = performance.now();
    // 'pending' until this edit's solve settles, so no reader takes the previous edit's verdict for this one.
    this.status.dataset.state = 'pending';
    this.status.dataset.saved = 'false';
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.solve(), DEBOUNCE_MS);
    this.hashDirty = true;
  }

  private hashDirty = false;
  private saveSeq = 0;

  /**
   * Writes the text into the address once its solve has been sent, in idle time (while the worker
   * computes): compressing it and history.replaceState took the main thread up to seconds on a loaded
   * machine (measured), which delayed the solve when done on every keystroke. `data-saved` on the status
   * is "true" once the address holds the current text.
   */
  private saveHash(): void {
    if (!this.hashDirty) return;
    this.status.dataset.saved = 'false';
    const save = () => {
      if (!this.hashDirty) return;
      this.hashDirty = false;
      const text = this.editor.text, seq = ++this.saveSeq;
      void encodeModelHash(text).then((h) => {
        if (seq !== this.saveSeq) return; // a newer text is being saved
        history.replaceState(null, '', `${location.pathname}${location.search}#${h}`);
        if (text === this.editor.text) this.status.dataset.saved = 'true';
      });
    };
    if ('requestIdleCallback' in window) requestIdleCallback(save, { timeout: 1000 });
    else setTimeout(save, 0);
  }

  private setStatus(text: string, error: boolean, busy = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
    this.status.classList.toggle('busy', busy);
    this.cancelButton.disabled = !busy;
  }

  private solve(): void {
    const text = this.editor.text, from = this.editAt || performance.now();
    this.setStatus('solving…', false, true);
    this.status.dataset.state = 'busy';
    const sent = performance.now();
    this.done = this.runner.run('steady', { text }).then(async (v) => {
      const received = performance.now();
      this.editor.showError(null);
      this.last = v;
      this.tools.refreshTargets();
      await this.show(v);
      const ms = performance.now() - from;
      this.status.dataset.ms = String(ms);
      this.status.dataset.phases = JSON.stringify({ wait: sent - from, worker: received - sent, solve: v.ms, ...v.phases, draw: performance.now() - received });
      this.setStatus(`dimension ${v.dim} · solve ${fmt(v.ms, 3)} ms · shown ${Math.round(ms)} ms after the edit`, false);
      this.status.dataset.state = 'done';
      this.startWarmUp();
    }).catch((e) => {
      if (e instanceof Cancelled) return;
      const err = e as ModelJobError;
      const spot = err.field === '(json)' ? locateSyntaxError(text, err.message) : err.field ? locateField(text, err.field) : null;
      this.editor.showError(err.message, spot);
      this.setStatus(err.code === 'unsupported' ? 'no steady state for this model (see the editor)' : 'the model has an error (see the editor)', true);
      this.status.dataset.state = 'error';
    });
    this.saveHash();
  }

  /** Once, after the first solve is shown: the warm-up solves, when the page is idle; `data-warm` reports them. */
  private startWarmUp(): void {
    if (!this.warm || this.status.dataset.warm) return;
    this.status.dataset.warm = 'pending';
    const start = () => {
      const t0 = performance.now();
      void this.runner.warmUp(warmUpTexts()).then(() => {
        const w = this.runner.warm;
        this.status.dataset.warm = JSON.stringify({ solves: w.solves, solveMs: Math.round(w.ms), wallMs: Math.round(performance.now() - t0) });
      });
    };
    if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 2000 });
    else setTimeout(start, 200);
  }

  private async show(v: SteadyView): Promise<void> {
    const c = v.certificate;
    this.certificate.replaceChildren(kvTable('certificate-table', [
      ['status', c.status], ['unique', String(c.unique)],
      ['residual ‖Lρ‖', fmt(c.residual, 3), c.residual], ['relative residual', fmt(c.relativeResidual, 3), c.relativeResidual],
      ['|Tr ρ − 1|', fmt(c.traceError, 3), c.traceError], ['smallest eigenvalue', fmt(c.minEigenvalue, 3), c.minEigenvalue],
      ...(c.conditioning ? [['error bound of ρ', fmt(c.conditioning.errorBound, 2), c.conditioning.errorBound] as [string, string, number]] : []),
      // the Fock-cutoff check: each mode's top-level population (⚠ above the limit: raise the cutoff)
      ...(c.truncation ?? []).map((t) => [`top level |${t.cutoff}⟩ of ${t.mode}`,
        `${fmt(t.topPopulation, 3)}${t.topPopulation > v.truncationLimit ? ' ⚠ truncated: raise the cutoff' : ''}`, t.topPopulation] as [string, string, number]),
      ['solver', String(c.solver)], ['dimension', String(v.dim)],
    ]));
    if (v.heat) {
      const h = v.heat;
      // each value with its error bound (the rounding where currents cancel, and ρ's error bound)
      const pm = (e: number | undefined) => (h.errors ? ` ± ${fmt(e ?? NaN, 1)}` : ' (error not estimated)');
      this.heat.replaceChildren(kvTable('heat-table', [
        ...Object.entries(h.currents).map(([b, q]) => [`Q̇ ${b} (into system)`, fmt(q, 6) + pm(h.errors?.heat[b]), q] as [string, string, number]),
        ...Object.entries(h.perBath).map(([b, s]) => [`−β Q̇ ${b}`, fmt(s, 6), s] as [string, string, number]),
        ['Ṡ (entropy production)', fmt(h.rate, 6) + pm(h.errors?.rate), h.rate],
      ]));
    } else this.heat.replaceChildren(el('p', { class: 'note' }, `not defined for this model: ${v.heatProblem ?? 'no baths'}`));
    this.pairs.replaceChildren(v.pairs.length === 0 ? el('p', { class: 'note' }, 'one subsystem (or pairs above dimension 64): nothing to show') :
      el('table', { class: 'readout', id: 'pairs-table' },
        el('thead', {}, el('tr', {}, el('th', {}, 'pair'), el('th', {}, 'negativity'), el('th', {}, 'concurrence'))),
        el('tbody', {}, ...v.pairs.map((p) => el('tr', {}, el('th', { scope: 'row' }, `${p.a}, ${p.b}`),
          el('td', { class: 'num', 'data-value': String(p.negativity) }, fmt(p.negativity, 6)),
          el('td', { class: 'num', 'data-value': String(p.concurrence) }, Number.isNaN(p.concurrence) ? '— (not two qubits)' : fmt(p.concurrence, 6)))))));
    const pops = v.populations.map((p, i) => [v.labels[i], p]);
    this.populations.element.dataset.values = JSON.stringify(v.populations); // full precision, for tests
    if (v.dim > 32) this.hinton.note(`dimension ${v.dim} > 32: ρ is not drawn (export it as CSV)`, () => this.rhoCsv(v));
    await Promise.all([
      this.populations.show(populationsSpec(v.labels, v.populations), () => toCsv(['basis_state', 'population'], pops)),
      v.dim <= 32 ? this.hinton.show(hintonSpec(v.labels, v.rhoRe, v.rhoIm), () => this.rhoCsv(v)) : Promise.resolve(),
    ]);
  }

  private rhoCsv(v: SteadyView): string {
    const rows: Array<Array<number | string>> = [];
    for (let i = 0; i < v.dim; i++) for (let j = 0; j < v.dim; j++) rows.push([v.labels[i], v.labels[j], v.rhoRe[i * v.dim + j], v.rhoIm[i * v.dim + j]]);
    return toCsv(['row', 'column', 're', 'im'], rows);
  }

  private exportHeat(): HTMLElement {
    const b = el('button', { type: 'button', 'data-export': 'heat-csv' }, 'CSV');
    b.addEventListener('click', () => {
      const h = this.last?.heat;
      if (!h) return;
      download('heat.csv', csvBlob(toCsv(['bath', 'heat_current_into_system', 'minus_beta_Q'],
        Object.keys(h.currents).map((b) => [b, h.currents[b], h.perBath[b] ?? NaN]), [`entropy production ${h.rate}`])));
    });
    return el('div', { class: 'exports' }, el('span', {}, 'Export'), b);
  }
}
