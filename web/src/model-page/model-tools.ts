/**
 * The model page's two longer computations, each in its own worker with progress and cancel: time
 * evolution from the file's `initialState` (maximally mixed when absent) of the basis populations and
 * chosen observables, and a 1-D or 2-D scan of channel rates or the Hamiltonian scale (log-spaced
 * factors multiplying the file's values) with a line or heat map of Ṡ, purity Tr ρ² or the largest
 * pair negativity. Scan points go to the worker in one job; the page only draws.
 */
import { el } from '../ui/controls.ts';
import { toCsv } from '../ui/export.ts';
import { fmt } from '../ui/format.ts';
import { evolutionSpec, scan1dSpec, scan2dSpec } from '../views/model-specs.ts';
import type { ScanPoint, ScanTarget, SteadyView } from '../engine/model-compute.ts';
import { evolutionSummary } from './evolution-summary.ts';
import { Cancelled, ModelRunner } from './runner.ts';
import { ViewCard } from './view-card.ts';
import { PeriodicCard } from './periodic-card.ts';

const QUANTITIES = { entropy: 'entropy production Ṡ', purity: 'purity Tr ρ²', maxNegativity: 'largest pair negativity' } as const;
type Quantity = keyof typeof QUANTITIES;

function input(id: string, value: string, width = '5em'): HTMLInputElement {
  const i = el('input', { id, type: 'text', value, spellcheck: 'false' });
  i.style.width = width;
  return i;
}

export class ModelTools {
  readonly element: HTMLElement;
  private readonly evoRunner: ModelRunner;
  private readonly scanRunner: ModelRunner;
  private readonly evolution = new ViewCard('evolution', 'Time evolution');
  private readonly scan = new ViewCard('scan', 'Scan');
  private readonly tMax = input('evo-tmax', '20');
  private readonly observables = input('evo-observables', '', '16em');
  private readonly evoStatus = el('span', { id: 'evo-status', class: 'status' });
  private readonly xTarget = el('select', { id: 'scan-x' });
  private readonly yTarget = el('select', { id: 'scan-y' });
  private readonly quantity = el('select', { id: 'scan-quantity' }, ...Object.entries(QUANTITIES).map(([k, v]) => el('option', { value: k }, v)));
  private readonly decades = input('scan-decades', '1', '3em');
  private readonly points = input('scan-points', '21', '3em');
  private readonly progress = el('progress', { id: 'scan-progress', max: '1', value: '0' });
  private readonly scanStatus = el('span', { id: 'scan-status', class: 'status' });
  private readonly periodic: PeriodicCard;

  /** True while an evolution, periodic solve or scan runs. */
  get busy(): boolean { return this.evoRunner.busy || this.scanRunner.busy || this.periodic.busy; }

  constructor(factory: () => Worker, private readonly text: () => string, private readonly steady: () => SteadyView | null) {
    this.evoRunner = new ModelRunner(factory, { kind: 'terminate' });
    this.scanRunner = new ModelRunner(factory, { kind: 'terminate' });
    const evoGo = el('button', { type: 'button', id: 'evo-run' }, 'Evolve'), evoCancel = el('button', { type: 'button', id: 'evo-cancel' }, 'Cancel');
    evoGo.addEventListener('click', () => this.runEvolution());
    evoCancel.addEventListener('click', () => { this.evoRunner.cancel(); this.evoStatus.textContent = 'cancelled'; });
    this.observables.placeholder = 'e.g. q.sigma_z, q.n';
    const scanGo = el('button', { type: 'button', id: 'scan-run' }, 'Scan'), scanCancel = el('button', { type: 'button', id: 'scan-cancel' }, 'Cancel');
    scanGo.addEventListener('click', () => this.runScan());
    scanCancel.addEventListener('click', () => { this.scanRunner.cancel(); this.scanStatus.textContent = 'cancelled'; });
    const evoControls = el('div', { class: 'runbar' }, el('label', { for: 'evo-tmax' }, 't_max'), this.tMax,
      el('label', { for: 'evo-observables' }, 'observables'), this.observables, evoGo, evoCancel, this.evoStatus);
    const scanControls = el('div', { class: 'runbar' }, el('label', { for: 'scan-x' }, 'x'), this.xTarget, el('label', { for: 'scan-y' }, 'y'), this.yTarget,
      el('label', { for: 'scan-decades' }, '± decades'), this.decades, el('label', { for: 'scan-points' }, 'points/axis'), this.points,
      this.quantity, scanGo, scanCancel, this.progress, this.scanStatus);
    this.evolution.element.insertBefore(evoControls, this.evolution.element.children[1]);
    this.scan.element.insertBefore(scanControls, this.scan.element.children[1]);
    this.periodic = new PeriodicCard(factory, text);
    this.element = el('div', { class: 'model-results' }, this.evolution.element, this.periodic.element, this.scan.element);
    this.xTarget.addEventListener('focus', () => this.refreshTargets());
    this.yTarget.addEventListener('focus', () => this.refreshTargets());
    this.refreshTargets();
  }

  /** Scan targets of the current text: every channel with a numeric rate, and the Hamiltonian scale (called after each solve). */
  refreshTargets(): void {
    let channels: Array<{ label?: string; rate?: unknown }> = [];
    try { channels = (JSON.parse(this.text()) as { channels?: typeof channels }).channels ?? []; } catch { /* shown by the editor */ }
    const options = [el('option', { value: 'h' }, 'Hamiltonian scale'),
      ...channels.flatMap((c, k) => typeof c.rate === 'number' ? [el('option', { value: `r${k}` }, `rate of channels[${k}]${c.label ? ` (${c.label})` : ''}`)] : [])];
    const keep = [this.xTarget.value, this.yTarget.value];
    this.xTarget.replaceChildren(...options.map((o) => o.cloneNode(true)));
    this.yTarget.replaceChildren(el('option', { value: '' }, '— (1-D scan)'), ...options);
    if (keep[0]) this.xTarget.value = keep[0];
    if (keep[1] !== undefined) this.yTarget.value = keep[1];
  }

  private runEvolution(): void {
    const tMax = Number(this.tMax.value);
    if (!(tMax > 0 && Number.isFinite(tMax))) { this.evoStatus.textContent = 't_max: expected a number > 0'; return; }
    const observables = this.observables.value.split(',').map((s) => s.trim()).filter(Boolean);
    this.evoStatus.textContent = 'evolving…';
    const t0 = performance.now();
    this.evoRunner.run('evolve', { text: this.text(), tMax, points: 201, observables }).then(async (r) => {
      await this.evolution.show(evolutionSpec(r.times, r.series), () => toCsv(['t', ...Object.keys(r.series)], r.times.map((t, i) => [t, ...Object.values(r.series).map((s) => s[i])])));
      this.evoStatus.textContent = evolutionSummary(r, performance.now() - t0);
    }).catch((e) => { if (!(e instanceof Cancelled)) this.evoStatus.textContent = (e as Error).message; });
  }

  private runScan(): void {
    const target = (v: string): ScanTarget | null => v === '' ? null : v === 'h' ? { kind: 'hamiltonian' } : { kind: 'rate', channel: Number(v.slice(1)) };
    const x = target(this.xTarget.value)!, y = target(this.yTarget.value);
    const dec = Number(this.decades.value), n = Number(this.points.value);
    if (!(dec > 0 && dec <= 6)) { this.scanStatus.textContent = '± decades: expected a number in (0, 6]'; return; }
    if (!(Number.isInteger(n) && n >= 3 && n <= (y ? 61 : 401))) { this.scanStatus.textContent = `points/axis: expected a whole number 3 … ${y ? 61 : 401}`; return; }
    if (!this.steady()) { this.scanStatus.textContent = 'the model must have a steady state first'; return; }
    const logs = Array.from({ length: n }, (_, k) => -dec + (2 * dec * k) / (n - 1));
    const factors: Array<[number, number]> = y ? logs.flatMap((ly) => logs.map((lx): [number, number] => [10 ** lx, 10 ** ly])) : logs.map((lx) => [10 ** lx, 1]);
    const q = this.quantity.value as Quantity, xl = this.xTarget.selectedOptions[0]?.textContent ?? 'x', yl = this.yTarget.selectedOptions[0]?.textContent ?? 'y';
    this.progress.value = 0;
    this.scanStatus.textContent = `0 / ${factors.length}`;
    this.scanStatus.dataset.state = 'busy';
    const t0 = performance.now();
    this.scanRunner.run('scan', { text: this.text(), x, y, factors }, (done, total) => { this.progress.value = done / total; this.scanStatus.textContent = `${done} / ${total}`; })
      .then(async (pts: ScanPoint[]) => {
        const csv = () => toCsv([`factor_x`, 'factor_y', 'entropy_production', 'purity', 'max_pair_negativity', 'residual'], pts.map((p) => [p.fx, p.fy, p.entropy, p.purity, p.maxNegativity, p.residual]), [`x: ${xl}`, `y: ${y ? yl : 'none'}`]);
        if (y) {
          const z = Float64Array.from(pts, (p) => p[q]);
          await this.scan.show(scan2dSpec(`factor (${xl})`, `factor (${yl})`, QUANTITIES[q], Float64Array.from(logs), Float64Array.from(logs), z), csv);
        } else await this.scan.show(scan1dSpec(`factor (${xl})`, QUANTITIES[q], pts.map((p) => p.fx), pts.map((p) => p[q])), csv);
        this.scanStatus.textContent = `${pts.length} steady states · ${fmt((performance.now() - t0) / 1000, 3)} s`;
        this.scanStatus.dataset.state = 'done';
      }).catch((e) => { if (!(e instanceof Cancelled)) { this.scanStatus.textContent = (e as Error).message; this.scanStatus.dataset.state = 'error'; } });
  }
}

