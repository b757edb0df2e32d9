/**
 * Panel 1: the (β_A, β_S) plane of the diamond model. Two closed-form maps (concurrence, entropy
 * production) computed in a worker, with the thermal quadrant and the C = 1/3 contour; hovering or
 * clicking a point shows its populations on the level scheme and its C, Q̇_A, Q̇_S and Ṡ, both in
 * closed form and from the numeric engine (steadyState of diamondModel) run in a worker.
 */
import { contourLines } from './views/figure-toolkit.ts';
import type { MapResult, PointReadout } from './engine/compute.ts';
import { CancelledError, type WorkerPool } from './engine/pool.ts';
import { RULES, crossCheck, type State } from './state.ts';
import { el, numberField, type Control } from './ui/controls.ts';
import { csvBlob, download, toCsv } from './ui/export.ts';
import { fmt, fmtMs } from './ui/format.ts';
import { DiamondScheme } from './views/diamond-scheme.ts';
import { cavityMarkerRow, mapSpec, type MapKind } from './views/map-spec.ts';
import { ReadoutTable } from './views/readout.ts';
import { VegaPanel } from './views/vega-panel.ts';
import { settled } from './ui/settled.ts';

/** Largest pointer travel (CSS px) between press and release that still pins the point. */
const PIN_SLOP = 4;

type Update = (patch: Partial<State>) => void;

export class PlanePanel {
  readonly element: HTMLElement;
  private readonly maps: Record<MapKind, VegaPanel>;
  private readonly fields = new Map<keyof State, Control>();
  private readonly status: HTMLElement;
  private readonly scheme = new DiamondScheme('Populations of the diamond levels');
  private readonly table: ReadoutTable;
  private readonly pointTitle: HTMLElement;
  private readonly check: HTMLElement;
  private data: MapResult | null = null;
  private cavity: { betaA: number; betaS: number; kappa: number } | null = null;
  private hovering = false;
  private readonly crossErrors = new Set<keyof State>();
  private hoverFrame = 0;
  private mapDone: Promise<void> = Promise.resolve();
  private pointDone: Promise<void> = Promise.resolve();

  constructor(private readonly pool: WorkerPool, private state: State, private readonly update: Update) {
    const rangeFields = (['aMin', 'aMax', 'sMin', 'sMax', 'n'] as const).map((k) => this.field(k, { width: k === 'n' ? '4em' : '4.5em' }));
    this.status = el('div', { class: 'status', id: 'map-status', role: 'status' });
    const mapCards = (['concurrence', 'entropy'] as const).map((kind) => this.mapCard(kind));
    this.maps = { concurrence: mapCards[0].panel, entropy: mapCards[1].panel };

    this.table = new ReadoutTable('pt', [
      { key: 'pG', label: 'p_G' }, { key: 'pS', label: 'p_S' }, { key: 'pA', label: 'p_A' }, { key: 'pE', label: 'p_E' },
      { key: 'C', label: 'C', title: 'concurrence' },
      { key: 'QA', label: 'Q̇_A / ω₀Γ⁺', title: 'heat current from bath A into the qubits' },
      { key: 'QS', label: 'Q̇_S / ω₀Γ⁺', title: 'heat current from bath S into the qubits' },
      { key: 'Sdot', label: 'Ṡ / Γ⁺', title: 'entropy production rate −β_A Q̇_A − β_S Q̇_S' },
    ], [{ key: 'analytic', label: 'closed form' }, { key: 'numeric', label: 'engine' }]);
    this.pointTitle = el('div', { class: 'point-title', id: 'point-title' });
    this.check = el('div', { class: 'note', id: 'point-check' });
    const pointFields = el('div', { class: 'controls compact' }, el('h3', {}, 'Point'), this.field('ptA', { width: '4.2em' }).element, this.field('ptS', { width: '4.2em' }).element);
    const readout = el('div', { class: 'card readout-card', id: 'point-readout' },
      pointFields, this.pointTitle,
      el('div', { class: 'scheme-wrap' }, this.scheme.element), this.table.element, this.check);

    this.element = el('section', { class: 'panel', id: 'plane-panel' },
      el('header', {}, el('h2', {}, 'Diamond model: the (β_A, β_S) plane'),
        el('p', { class: 'lede' }, 'Two qubits pumped at a common rate Γ⁺ and coupled to a symmetric bath (β_S) and an antisymmetric bath (β_A); negative β are population-inverted baths. Dashed grey lines: β_A = 0 and β_S = 0, the edges of the thermal quadrant (both β ≥ 0); dashed red: C = 1/3, the best a thermal pair can do. Hover over a map to read a point; click to pin it.')),
      el('div', { class: 'controls' }, el('span', { class: 'group-label' }, 'Map range'), ...rangeFields.map((f) => f.element), this.status),
      el('div', { class: 'row' }, ...mapCards.map((c) => c.card), readout),
    );
    this.pinnedChanged();
    this.requestMap();
  }

  /** Resolves once the latest map and point readout are drawn (work started meanwhile is waited for too). */
  idle(): Promise<void> {
    return settled(() => [this.mapDone, this.pointDone]);
  }

  /** Places the cavity's effective (β_A, β_S) marker (null hides it). */
  setCavityPoint(p: { betaA: number; betaS: number; kappa: number } | null): void {
    this.cavity = p;
    void this.drawMarkers();
  }

  private field(key: keyof State, opts: { width?: string } = {}): Control {
    const c = numberField(RULES[key], this.state[key], (v) => this.onField(key, v), opts);
    this.fields.set(key, c);
    return c;
  }

  private onField(key: keyof State, v: number): void {
    this.state = { ...this.state, [key]: v };
    this.update({ [key]: v });
    for (const k of this.crossErrors) this.fields.get(k)!.setError(null);
    this.crossErrors.clear();
    const problems = crossCheck(this.state);
    for (const p of problems) {
      const k = p.keys.includes(key) ? key : p.keys[0];
      this.fields.get(k)!.setError(p.message);
      this.crossErrors.add(k);
    }
    if (problems.length > 0) { this.showStatus('fix the map range to redraw', true); return; }
    if (key === 'ptA' || key === 'ptS') this.pinnedChanged();
    else this.requestMap();
  }

  private mapCard(kind: MapKind): { card: HTMLElement; panel: VegaPanel } {
    const host = el('div', { class: 'chart', id: `map-${kind}` });
    const panel = new VegaPanel(host);
    const base = kind === 'concurrence' ? 'concurrence-map' : 'entropy-production-map';
    const button = (label: string, action: () => Promise<void>) => {
      const b = el('button', { type: 'button', 'data-export': `${base}-${label.toLowerCase()}` }, label);
      b.addEventListener('click', () => { action().catch((e) => this.showStatus(`export failed: ${(e as Error).message}`, true)); });
      return b;
    };
    const key = el('div', { class: 'map-key' },
      el('span', { class: 'key-ring' }), 'pinned point', el('span', { class: 'key-diamond' }), 'cavity effective point');
    const exports = el('div', { class: 'exports' }, key, el('span', {}, 'Export'),
      button('SVG', async () => download(`${base}.svg`, new Blob([await panel.toSvg()], { type: 'image/svg+xml' }))),
      button('PNG', async () => download(`${base}.png`, await panel.toPng(2))),
      button('CSV', async () => this.exportCsv()));
    host.addEventListener('pointermove', (e) => this.onHover(panel, e));
    host.addEventListener('pointerleave', () => this.endHover());
    // Pin on a press and release at the same place, both seen by the host (not 'click'): the hovered marker
    // drawn under the cursor between press and release replaces the pressed element, and Chromium then
    // fires no click (seen under load: pointerdown, pointerover, pointerup, no click; the readout stayed
    // "Hovered").
    let press: { id: number; x: number; y: number } | null = null;
    host.addEventListener('pointerdown', (e) => { press = e.button === 0 ? { id: e.pointerId, x: e.clientX, y: e.clientY } : null; });
    host.addEventListener('pointerup', (e) => {
      const p0 = press;
      press = null;
      if (p0 && p0.id === e.pointerId && Math.hypot(e.clientX - p0.x, e.clientY - p0.y) <= PIN_SLOP) this.pin(panel, e);
    });
    return { card: el('div', { class: 'card map-card' }, host, exports), panel };
  }

  private requestMap(): void {
    const s = this.state;
    this.pool.cancel('map');
    this.showStatus('computing maps…', false, true);
    const t0 = performance.now();
    this.mapDone = this.pool.run('map', { aMin: s.aMin, aMax: s.aMax, sMin: s.sMin, sMax: s.sMax, n: s.n }, { priority: 1 }).then(async (m) => {
      this.data = m;
      const contour = contourLines({ x: m.x, y: m.y, z: m.concurrence }, 1 / 3);
      await Promise.all((['concurrence', 'entropy'] as const).map((k) => this.maps[k].show(mapSpec(k, m, contour))));
      await this.drawMarkers();
      this.showStatus(`${s.n} × ${s.n} points · ${fmtMs(performance.now() - t0)}`, false);
    }).catch((e) => { if (!(e instanceof CancelledError)) this.showStatus((e as Error).message, true); });
  }

  /** Pins the point under the pointer (the readout then says "Pinned"). */
  private pin(panel: VegaPanel, e: PointerEvent): void {
    const p = panel.pointerToData(e);
    if (!p) return;
    const round = (v: number) => Number(v.toFixed(3));
    this.fields.get('ptA')!.set(round(p.x));
    this.fields.get('ptS')!.set(round(p.y));
    this.state = { ...this.state, ptA: round(p.x), ptS: round(p.y) };
    this.update({ ptA: this.state.ptA, ptS: this.state.ptS });
    // A hover read scheduled for the next frame would otherwise replace the pinned readout with
    // "Hovered" at the previous pointer position (issue 19): drop it and the hovered marker.
    this.hovering = false;
    cancelAnimationFrame(this.hoverFrame);
    void this.setMarker('hovered', []);
    this.pinnedChanged();
  }

  private onHover(panel: VegaPanel, e: PointerEvent): void {
    const p = panel.pointerToData(e);
    if (!p) { this.endHover(); return; }
    this.hovering = true;
    cancelAnimationFrame(this.hoverFrame);
    this.hoverFrame = requestAnimationFrame(() => {
      void this.setMarker('hovered', [{ x: p.x, y: p.y }]);
      this.readPoint(p.x, p.y, true);
    });
  }

  private endHover(): void {
    if (!this.hovering) return;
    this.hovering = false;
    cancelAnimationFrame(this.hoverFrame);
    void this.setMarker('hovered', []);
    this.readPoint(this.state.ptA, this.state.ptS, false);
  }

  private pinnedChanged(): void {
    void this.drawMarkers();
    this.pointDone = this.readPoint(this.state.ptA, this.state.ptS, false);
  }

  /** Runs the point job and fills the readout; stale answers are dropped by the pool. */
  private readPoint(betaA: number, betaS: number, hovered: boolean): Promise<void> {
    this.pool.cancel('point');
    this.table.setStale(true);
    return this.pool.run('point', { betaA, betaS }, { priority: 2 }).then((r) => this.showPoint(r, hovered))
      .catch((e) => { if (!(e instanceof CancelledError)) this.check.textContent = `engine error: ${(e as Error).message}`; });
  }

  private showPoint(r: PointReadout, hovered: boolean): void {
    this.pointTitle.textContent = `${hovered ? 'Hovered' : 'Pinned'}: β_A = ${fmt(r.betaA, 4)}, β_S = ${fmt(r.betaS, 4)}`;
    this.pointTitle.classList.toggle('hovered', hovered);
    this.scheme.update(r.numeric.populations);
    let worst = 0;
    for (const [col, o] of [['analytic', r.analytic], ['numeric', r.numeric]] as const) {
      const vals: Record<string, number> = {
        pG: o.populations.G, pS: o.populations.S, pA: o.populations.A, pE: o.populations.E,
        C: o.concurrence, QA: o.heatA, QS: o.heatS, Sdot: o.entropy,
      };
      for (const [k, v] of Object.entries(vals)) this.table.set(k, col, v);
    }
    const pairs: Array<[number, number]> = [
      [r.analytic.concurrence, r.numeric.concurrence], [r.analytic.entropy, r.numeric.entropy],
      [r.analytic.heatS, r.numeric.heatS], [r.analytic.heatA, r.numeric.heatA],
      ...(['G', 'S', 'A', 'E'] as const).map((k) => [r.analytic.populations[k], r.numeric.populations[k]] as [number, number]),
    ];
    for (const [a, b] of pairs) worst = Math.max(worst, Math.abs(a - b) / Math.max(1, Math.abs(a)));
    this.table.setStale(false);
    this.check.textContent = `engine vs closed form: max relative difference ${fmt(worst, 2)}`;
    this.check.title = `steady-state solver residual ${fmt(r.numeric.residual, 2)}`;
    this.check.dataset.maxDiff = String(worst);
  }

  private async setMarker(name: string, rows: object[]): Promise<void> {
    await Promise.all(Object.values(this.maps).map((m) => m.setData(name, rows)));
  }

  private async drawMarkers(): Promise<void> {
    const s = this.state;
    const cav = this.cavity;
    const cavityRows = cav ? [cavityMarkerRow(cav.betaA, cav.betaS, fmt(cav.kappa, 3), s)] : [];
    await Promise.all([this.setMarker('pinned', [{ x: s.ptA, y: s.ptS }]), this.setMarker('cavity', cavityRows)]);
  }

  private exportCsv(): Promise<void> {
    const m = this.data;
    if (!m) return Promise.reject(new Error('the map is not computed yet'));
    const rows: number[][] = [];
    for (let iy = 0; iy < m.y.length; iy++) {
      for (let ix = 0; ix < m.x.length; ix++) rows.push([m.x[ix], m.y[iy], m.concurrence[iy * m.x.length + ix], m.entropy[iy * m.x.length + ix]]);
    }
    download('beta-plane-maps.csv', csvBlob(toCsv(['beta_A', 'beta_S', 'concurrence', 'entropy_production_per_gamma_plus'], rows)));
    return Promise.resolve();
  }

  private showStatus(text: string, error: boolean, busy = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
    this.status.classList.toggle('busy', busy);
  }
}
