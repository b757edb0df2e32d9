/**
 * Panel 2: the cavity-QED realisation. Log sliders for p/g, γ/g and the selected κ/g, an integer
 * Fock cutoff; the concurrence versus κ/g (100 log-spaced points) of the full model, solved in the
 * worker pool in small chunks (progress shown, stale chunks cancelled when a slider moves again),
 * and of the effective model in closed form. The wall time of each full redraw is measured and shown.
 * An integer N control (1 … MAX_EMITTERS) switches from the paper's two emitters to N emitters in the
 * cavity (the permutation-invariant model of 'lindblad'): then C is the concurrence of one pair, the
 * populations are those of one pair, and the effective diamond (two emitters only) is not shown.
 */
import { effectiveDiamond } from 'lindblad';
import { effectiveCurve, linspace, type CavityCurveParams, type CavityPoint, type CurvePoint } from './engine/compute.ts';
import { CancelledError, type WorkerPool } from './engine/pool.ts';
import { KAPPA_POINTS, KAPPA_RANGE, RULES, type State } from './state.ts';
import { el, intSlider, logSlider, type Control } from './ui/controls.ts';
import { csvBlob, download, toCsv } from './ui/export.ts';
import { fmt, fmtInput, fmtMs } from './ui/format.ts';
import { curveSpec, frameKey, seriesRows, type KappaMarkRow } from './views/curve-spec.ts';
import { DiamondScheme } from './views/diamond-scheme.ts';
import { ReadoutTable } from './views/readout.ts';
import { VegaPanel } from './views/vega-panel.ts';
import { settled } from './ui/settled.ts';

/** κ/g values of the sweep: log-spaced over KAPPA_RANGE. */
export const KAPPAS = Array.from(linspace(Math.log10(KAPPA_RANGE[0]), Math.log10(KAPPA_RANGE[1]), KAPPA_POINTS), (e) => 10 ** e);
/** κ points per worker job: small enough that cancelling is prompt, large enough to keep messaging cheap. */
const CHUNK = 5;
/** Minimum time between progressive redraws while a sweep streams in, ms. */
const DRAW_INTERVAL = 120;

type Update = (patch: Partial<State>) => void;
type CavityMarker = (p: { betaA: number; betaS: number; kappa: number } | null) => void;

export class CavityPanel {
  readonly element: HTMLElement;
  private readonly chart: VegaPanel;
  private readonly controls = new Map<keyof State, Control>();
  private readonly progress: HTMLProgressElement;
  private readonly timing: HTMLElement;
  private readonly message: HTMLElement;
  private readonly table: ReadoutTable;
  private readonly scheme = new DiamondScheme('Populations of the two emitters (cavity traced out), full model');
  private full: Array<CurvePoint | null> = KAPPAS.map(() => null);
  private effective: number[] = [];
  private sweepGen = 0;
  private drawFrame = 0;
  private lastDraw = 0;
  private drawing: Promise<void> = Promise.resolve();
  /** frameKey of the chart on screen. */
  private frame = '';
  private complete = false;
  /** Completed sweeps (the first one also warms up the engine's JIT). */
  private sweeps = 0;
  private sweepDone: Promise<void> = Promise.resolve();
  private pointDone: Promise<void> = Promise.resolve();

  constructor(private readonly pool: WorkerPool, private state: State, private readonly update: Update, private readonly onMarker: CavityMarker) {
    const ctl = (k: keyof State, c: Control) => { this.controls.set(k, c); return c.element; };
    const sliders = el('div', { class: 'sliders' },
      ctl('pump', logSlider(RULES.pump, -6, 0, state.pump, (v) => this.onParam('pump', v))),
      ctl('gamma', logSlider(RULES.gamma, -6, 0, state.gamma, (v) => this.onParam('gamma', v))),
      ctl('cutoff', intSlider(RULES.cutoff, state.cutoff, (v) => this.onParam('cutoff', v))),
      ctl('emitters', intSlider(RULES.emitters, state.emitters, (v) => this.onParam('emitters', v))),
      el('hr'),
      ctl('kappa', logSlider(RULES.kappa, -2, 3, state.kappa, (v) => this.onKappa(v))),
      el('p', { class: 'note' }, 'γ/g accepts 0 (type it). κ/g selects the point marked on the curve and, through its effective (β_A, β_S), on the maps above. N ≠ 2: C and the populations are those of one pair of the N emitters; the effective diamond is for two emitters only.'));
    this.message = el('div', { class: 'field-msg', id: 'cavity-msg', role: 'alert' });
    this.table = new ReadoutTable('cav', [
      { key: 'C', label: 'C' }, { key: 'pG', label: 'p_G' }, { key: 'pS', label: 'p_S' }, { key: 'pA', label: 'p_A' }, { key: 'pE', label: 'p_E' },
      { key: 'bA', label: 'β_A' }, { key: 'bS', label: 'β_S' }, { key: 'n', label: '⟨a†a⟩', title: 'mean photon number' },
      { key: 'top', label: 'p(n = N)', title: 'population of the top Fock level: should be negligible' },
    ], [{ key: 'full', label: 'full model' }, { key: 'effective', label: 'effective' }]);
    const host = el('div', { class: 'chart', id: 'curve-chart' });
    this.chart = new VegaPanel(host);
    this.progress = el('progress', { id: 'curve-progress', max: String(KAPPA_POINTS), value: '0' });
    this.timing = el('div', { class: 'timing', id: 'curve-timing', role: 'status' });
    const button = (label: string, action: () => Promise<void>) => {
      const b = el('button', { type: 'button', 'data-export': `kappa-curve-${label.toLowerCase()}` }, label);
      b.addEventListener('click', () => { action().catch((e) => this.showMessage(`export failed: ${(e as Error).message}`)); });
      return b;
    };
    const exports = el('div', { class: 'exports' }, el('span', {}, 'Export'),
      button('SVG', async () => download(`${this.fileBase()}.svg`, new Blob([await this.chart.toSvg()], { type: 'image/svg+xml' }))),
      button('PNG', async () => download(`${this.fileBase()}.png`, await this.chart.toPng(2))),
      button('CSV', async () => this.exportCsv()));
    this.element = el('section', { class: 'panel', id: 'cavity-panel' },
      el('header', {}, el('h2', {}, 'Cavity QED: two emitters in a lossy cavity'),
        el('p', { class: 'lede' }, 'Incoherent pump p, emitter decay γ and cavity loss κ, in units of the coupling g. Eliminating the cavity gives the diamond model with β_A = ln(γ/p), β_S = ln((γ + 8g²/κ)/p).')),
      el('div', { class: 'row' },
        el('div', { class: 'card controls-card' }, sliders, this.message),
        el('div', { class: 'card curve-card' }, host, el('div', { class: 'progress-row' }, this.progress, this.timing), exports),
        el('div', { class: 'card readout-card', id: 'cavity-readout' }, el('h3', {}, 'At the selected κ'),
          el('div', { class: 'scheme-wrap' }, this.scheme.element), this.table.element)),
    );
    this.sweep(performance.now());
    this.readKappa();
  }

  /** Resolves once the latest sweep and κ readout are drawn (work started meanwhile is waited for too). */
  idle(): Promise<void> {
    return settled(() => [this.sweepDone, this.pointDone]);
  }

  private onParam(key: 'pump' | 'gamma' | 'cutoff' | 'emitters', v: number): void {
    const t0 = performance.now();
    this.state = { ...this.state, [key]: v };
    this.update({ [key]: v });
    this.sweep(t0);
    this.readKappa();
  }

  private onKappa(v: number): void {
    this.state = { ...this.state, kappa: v };
    this.update({ kappa: v });
    this.readKappa();
  }

  private params(): CavityCurveParams {
    return { pump: this.state.pump, gamma: this.state.gamma, cutoff: this.state.cutoff, emitters: this.state.emitters };
  }

  /** Recomputes the whole curve; `t0` is when the user's input arrived (the timing starts there). */
  private sweep(t0: number): void {
    const gen = ++this.sweepGen;
    const params = this.params();
    this.pool.cancel('curve');
    this.complete = false;
    this.showMessage(null);
    this.effective = params.emitters === 2 ? effectiveCurve(params, KAPPAS) : [];
    this.scheduleDraw();
    let done = 0, solverMs = 0;
    this.setProgress(0, true);
    const jobs: Array<Promise<void>> = [];
    for (let c = 0; c < KAPPAS.length; c += CHUNK) {
      jobs.push(this.pool.run('curve', { params, kappas: KAPPAS.slice(c, c + CHUNK) }).then((r) => {
        if (gen !== this.sweepGen) return;
        r.points.forEach((p, i) => { this.full[c + i] = p; });
        done += r.points.length;
        solverMs += r.ms;
        this.setProgress(done, true);
        this.scheduleDraw();
      }));
    }
    this.sweepDone = Promise.all(jobs).then(async () => {
      if (gen !== this.sweepGen) return;
      clearTimeout(this.drawFrame);
      this.drawFrame = 0;
      await this.draw();
      const ms = performance.now() - t0;
      this.complete = true;
      this.setProgress(KAPPA_POINTS, false);
      const first = this.sweeps++ === 0 ? ' (first run, includes engine warm-up)' : '';
      this.timing.textContent = `${KAPPA_POINTS} κ points · N = ${params.emitters} · cutoff ${params.cutoff} · ${this.pool.size} worker${this.pool.size > 1 ? 's' : ''}: redrawn in ${fmtMs(ms)}${first}`;
      this.timing.title = `wall time from the input to the final redraw; the solves took ${fmtMs(solverMs)} of worker time in total`;
      this.timing.dataset.ms = String(ms);
      this.timing.dataset.solverMs = String(solverMs);
      this.timing.dataset.cutoff = String(params.cutoff);
      this.timing.dataset.emitters = String(params.emitters);
      this.chart.container.dataset.state = 'done';
      this.chart.container.dataset.maxC = String(Math.max(...this.full.map((p) => p?.concurrence ?? 0)));
    }).catch((e) => {
      if (e instanceof CancelledError || gen !== this.sweepGen) return;
      this.pool.cancel('curve');
      this.full = KAPPAS.map(() => null); // do not leave a curve of other parameters on screen
      void this.draw();
      this.setProgress(0, false);
      this.timing.textContent = 'full model not available for these parameters';
      this.showMessage(`full model failed: ${(e as Error).message}`);
    });
  }

  private setProgress(done: number, busy: boolean): void {
    this.progress.value = done;
    this.progress.classList.toggle('busy', busy);
    this.timing.classList.toggle('busy', busy);
    if (busy) {
      this.chart.container.dataset.state = 'computing';
      this.timing.textContent = `solving the full model… ${done}/${KAPPA_POINTS}`;
    }
  }

  /** Draws on the next frame, at most once per DRAW_INTERVAL ms while a sweep streams in. */
  private scheduleDraw(): void {
    if (this.drawFrame) return;
    const wait = Math.max(0, DRAW_INTERVAL - (performance.now() - this.lastDraw));
    this.drawFrame = window.setTimeout(() => requestAnimationFrame(() => { this.drawFrame = 0; void this.draw(); }), wait);
  }

  /** Redraws the curves (draws run one after another, so a later one always lands last). */
  private draw(): Promise<void> {
    this.lastDraw = performance.now();
    this.drawing = this.drawing.then(() => this.drawNow(), () => this.drawNow());
    return this.drawing;
  }

  /** Only the data when the chart's frame is unchanged, else the whole chart. */
  private async drawNow(): Promise<void> {
    const full = this.full.filter((p): p is CurvePoint => p !== null).map((p) => [p.kappa, p.concurrence] as [number, number]);
    const eff = this.effective.map((c, i) => [KAPPAS[i], c] as [number, number]);
    const data = { full, effective: eff, cutoff: this.state.cutoff, pump: this.state.pump, gamma: this.state.gamma, emitters: this.state.emitters };
    const key = frameKey(data);
    if (key === this.frame) {
      await this.chart.setData('series', seriesRows(data));
    } else {
      this.frame = key;
      await this.chart.show(curveSpec(data, this.markRows()));
    }
  }

  private lastPoint: CavityPoint | null = null;

  private markRows(): KappaMarkRow[] {
    const k = this.state.kappa;
    const rows: KappaMarkRow[] = [];
    if (this.state.emitters === 2) rows.push({ x: k, y: effectiveDiamond({ kappa: k, gamma: this.state.gamma, pump: this.state.pump }).concurrence, model: 'effective' });
    const p = this.lastPoint;
    if (p && p.kappa === k) rows.unshift({ x: k, y: p.concurrence, model: 'full' });
    return rows;
  }

  /** The selected κ: effective (β_A, β_S) at once, then the full model from a worker. */
  private readKappa(): void {
    const s = this.state, k = s.kappa;
    // The effective diamond exists for two emitters only; for N ≠ 2 its column shows dashes (NaN).
    const e = s.emitters === 2 ? effectiveDiamond({ kappa: k, gamma: s.gamma, pump: s.pump }) : null;
    this.onMarker(e ? { betaA: e.betaA, betaS: e.betaS, kappa: k } : null);
    this.lastPoint = null;
    void this.chart.setData('kmark', this.markRows());
    this.table.set('C', 'effective', e?.concurrence ?? NaN);
    (['G', 'S', 'A', 'E'] as const).forEach((l) => this.table.set(`p${l}`, 'effective', e?.populations[l] ?? NaN));
    this.table.set('bA', 'effective', e?.betaA ?? NaN);
    this.table.set('bS', 'effective', e?.betaS ?? NaN);
    this.table.setStale(true);
    this.pool.cancel('cavityPoint');
    const params = this.params();
    this.pointDone = this.pool.run('cavityPoint', { params, kappa: k }, { priority: 2 }).then((p) => {
      this.lastPoint = p;
      this.table.set('C', 'full', p.concurrence);
      this.scheme.update(p.populations);
      (['G', 'S', 'A', 'E'] as const).forEach((l) => this.table.set(`p${l}`, 'full', p.populations[l]));
      this.table.set('n', 'full', p.meanPhotons);
      this.table.set('top', 'full', p.topFock, 2);
      this.table.setStale(false);
      void this.chart.setData('kmark', this.markRows());
      if (p.topFock > 1e-4) this.showMessage(`the top Fock level holds ${fmt(p.topFock, 2)} of the population at κ/g = ${fmtInput(k)}: raise the cutoff`);
    }).catch((e) => {
      if (!(e instanceof CancelledError)) this.showMessage(`full model at κ/g = ${fmtInput(k)} failed: ${(e as Error).message}`);
    });
  }

  private fileBase(): string {
    const s = this.state;
    return `kappa-curve_p${fmtInput(s.pump)}_gamma${fmtInput(s.gamma)}_N${s.cutoff}${s.emitters === 2 ? '' : `_emitters${s.emitters}`}`;
  }

  private exportCsv(): Promise<void> {
    if (!this.complete) return Promise.reject(new Error('the κ sweep is still running'));
    const s = this.state;
    const rows = KAPPAS.map((k, i) => {
      const p = this.full[i]!;
      const e = s.emitters === 2 ? effectiveDiamond({ kappa: k, gamma: s.gamma, pump: s.pump }) : null;
      return [k, p.concurrence, this.effective[i] ?? NaN, p.meanPhotons, p.topFock, e?.betaA ?? NaN, e?.betaS ?? NaN];
    });
    const header = ['kappa_over_g', 'concurrence_full', 'concurrence_effective', 'mean_photons', 'top_fock_population', 'beta_A_effective', 'beta_S_effective'];
    download(`${this.fileBase()}.csv`, csvBlob(toCsv(header, rows)));
    return Promise.resolve();
  }

  private showMessage(text: string | null): void {
    this.message.textContent = text ?? '';
  }
}
