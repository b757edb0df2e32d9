/**
 * The model page's periodic steady state (time-dependent files: drives, rate tables or expressions):
 * ρ*(t) with ρ*(T) = ρ*(0) over one period T, computed in its own worker as `lindblad periodic --period T`
 * does (engine periodicSteadyState: the one-period propagator's fixed point), with its certificate
 * (‖ρ(T) − ρ(0)‖₁, |λ₂(P_T)|) and the cycle's work W, heat Q per bath, power −W/T and efficiency
 * −W/Q_in (thermo/cycle.ts). The period is the file's table period when all tables declare the same one;
 * otherwise the reader enters it (the engine checks it against the coefficients and reports a wrong one).
 */
import { el } from '../ui/controls.ts';
import { toCsv } from '../ui/export.ts';
import { fmt } from '../ui/format.ts';
import { evolutionSpec } from '../views/model-specs.ts';
import { declaredPeriod, type PeriodicView } from '../engine/model-compute.ts';
import { kvTable } from './kv-table.ts';
import { Cancelled, ModelRunner } from './runner.ts';
import { ViewCard } from './view-card.ts';

/** Samples of ρ*(t) over the period (t_k = kT/N, k = 0 … N). */
const SAMPLES = 100;

export class PeriodicCard {
  readonly element: HTMLElement;
  private readonly runner: ModelRunner;
  private readonly card = new ViewCard('periodic', 'Periodic steady state (time-dependent models)');
  private readonly period = el('input', { id: 'periodic-period', type: 'text', spellcheck: 'false', placeholder: 'T' });
  private readonly status = el('span', { id: 'periodic-status', class: 'status' });
  private readonly table = el('div', { id: 'periodic-cycle' });

  constructor(factory: () => Worker, private readonly text: () => string) {
    this.runner = new ModelRunner(factory, { kind: 'terminate' });
    this.period.style.width = '5em';
    const go = el('button', { type: 'button', id: 'periodic-run' }, 'Solve'), cancel = el('button', { type: 'button', id: 'periodic-cancel' }, 'Cancel');
    go.addEventListener('click', () => this.run());
    cancel.addEventListener('click', () => { this.runner.cancel(); this.status.textContent = 'cancelled'; this.status.dataset.state = 'cancelled'; });
    this.period.addEventListener('focus', () => this.prefill());
    const controls = el('div', { class: 'runbar' }, el('label', { for: 'periodic-period' }, 'period T'), this.period, go, cancel, this.status);
    this.card.element.insertBefore(controls, this.card.element.children[1]);
    this.card.element.append(this.table);
    this.element = this.card.element;
  }

  /** True while a periodic solve runs. */
  get busy(): boolean { return this.runner.busy; }

  /** Fills the period from the file's tables when the field is empty. */
  private prefill(): void {
    if (this.period.value.trim() !== '') return;
    const t = declaredPeriod(this.text());
    if (t !== null) this.period.value = String(t);
  }

  private run(): void {
    this.prefill();
    const period = Number(this.period.value);
    if (!(period > 0 && Number.isFinite(period))) { this.status.textContent = 'period T: expected a number > 0 (the file declares none)'; this.status.dataset.state = 'error'; return; }
    this.status.textContent = 'solving…';
    this.status.dataset.state = 'busy';
    this.runner.run('periodic', { text: this.text(), period, samples: SAMPLES }).then(async (v: PeriodicView) => {
      await this.card.show(evolutionSpec(v.times, v.series), () => toCsv(['t', ...Object.keys(v.series)], v.times.map((t, i) => [t, ...Object.values(v.series).map((s) => s[i])])));
      const c = v.certificate, w = v.thermo;
      this.table.replaceChildren(kvTable('periodic-table', [
        ['certified', c.ok ? 'yes' : `no — ${c.problems.join('; ')}`], ['‖ρ(T) − ρ(0)‖₁', fmt(c.periodicityResidual, 3), c.periodicityResidual],
        ['|λ₂(P_T)| (unique if < 1)', fmt(c.secondEigenvalue, 4), c.secondEigenvalue],
        ['work per cycle W', fmt(w.work, 6), w.work],
        ...Object.entries(w.heat).map(([b, q]) => [`heat per cycle Q ${b}`, fmt(q, 6), q] as [string, string, number]),
        ['power −W/T', fmt(w.power, 6), w.power],
        ['efficiency −W/Q_in', w.efficiency === null ? 'n/a (not an engine)' : fmt(w.efficiency, 6), w.efficiency ?? NaN],
        ['first law |W + ΣQ|', fmt(Math.abs(w.firstLawResidual), 2), Math.abs(w.firstLawResidual)],
      ]));
      this.status.textContent = `T = ${fmt(v.period, 4)} · ${Math.round(v.ms)} ms`;
      this.status.dataset.state = 'done';
    }).catch((e) => { if (!(e instanceof Cancelled)) { this.status.textContent = (e as Error).message; this.status.dataset.state = 'error'; } });
  }
}
