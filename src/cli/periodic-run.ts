/**
 * `lindblad periodic MODEL.json --period T [--samples N] [--json]`: the periodic steady state ρ*(t) of a
 * T-periodic model file (evolve/periodic.ts), its certificate, and the cycle's work, heat per bath,
 * power, efficiency, entropy production and first-law residual (thermo/cycle.ts). Columns: t, the
 * populations p_levels, and Re Tr(Aρ(t)) for each --observe operator.
 */
import { LindbladError } from '../errors.ts';
import { parseNumber, readModelJson, toJson } from './io.ts';
import { parseAnyModel, parseOperator } from '../io/model-file.ts';
import { periodicSteadyState } from '../evolve/periodic.ts';
import { cycleThermodynamics } from '../thermo/cycle.ts';
import type { EvolveMethod } from '../evolve/input.ts';

export type PeriodicOpts = Record<string, string | boolean | string[] | undefined>;

const cell = (x: number) => (x === 0 || (Math.abs(x) >= 1e-4 && Math.abs(x) < 1e6) ? x.toFixed(6) : x.toExponential(4));

function method(opts: PeriodicOpts): EvolveMethod {
  const kind = String(opts.method ?? 'auto');
  if (!['auto', 'dopri5', 'implicit'].includes(kind)) throw new LindbladError('invalid-input', `expected auto, dopri5 or implicit, got ${JSON.stringify(kind)}`, '--method');
  const tol = (k: 'rtol' | 'atol') => (opts[k] === undefined ? undefined : parseNumber(String(opts[k]), `--${k}`, { exclusiveMin: 0, exclusiveMax: 1 }));
  return { kind: kind as 'auto', rtol: tol('rtol') ?? 1e-12, atol: tol('atol') ?? 1e-14 };
}

export async function runPeriodic(path: string, opts: PeriodicOpts): Promise<void> {
  const period = parseNumber(String(opts.period), '--period', { exclusiveMin: 0 });
  const samples = parseNumber(String(opts.samples ?? '20'), '--samples', { integer: true, min: 1 });
  if (samples > 100_000) throw new LindbladError('invalid-input', `expected at most 100000 samples, got ${samples}`, '--samples');
  const m = method(opts);
  const model = parseAnyModel(readModelJson(path));
  const sp = model.space;
  const names = (opts.observe as string[] | undefined) ?? [];
  const observe = names.map((name) => [name, parseOperator(sp, name, '--observe').toDense()] as const);
  let pss;
  try {
    pss = periodicSteadyState(model, period, { samples, method: m });
  } catch (e) {
    if (e instanceof LindbladError && e.field === 'method') throw new LindbladError(e.code, e.message.slice(e.field.length + 2), '--method');
    // the cycle's times (integration over one period) come from --period on the command line
    if (e instanceof LindbladError && (e.field === 'times' || e.field?.startsWith('times[') || e.field === 'period')) throw new LindbladError(e.code, e.message.slice(e.field.length + 2), '--period');
    throw e;
  }
  const thermo = cycleThermodynamics(pss);
  const labels = Array.from({ length: sp.dim }, (_, i) => `p_${sp.levelsOf(i).join('_')}`);
  const columns = ['t', ...labels, ...names];
  const rows = pss.states.map((rho, k) => [pss.times[k], ...labels.map((_, i) => rho.re(i, i)),
    ...observe.map(([, a]) => { let s = 0; for (let i = 0; i < sp.dim; i++) for (let j = 0; j < sp.dim; j++) s += a.re(i, j) * rho.re(j, i) - a.im(i, j) * rho.im(j, i); return s; })]);
  const c = pss.certificate;
  if (opts.json) {
    process.stdout.write(toJson({ model: path, period, columns: Object.fromEntries(columns.map((name, j) => [name, rows.map((r) => r[j])])), certificate: c, thermodynamics: thermo, stats: pss.stats }) + '\n');
    return;
  }
  const width = Math.max(12, ...columns.map((x) => x.length + 1));
  const eff = thermo.efficiency === null ? 'n/a (not an engine: W ≥ 0 or no heat in)' : thermo.efficiency.toPrecision(10);
  process.stdout.write([
    `${path}: periodic steady state, period T = ${period}, ${pss.stats.unknowns} of ${pss.stats.fullUnknowns} unknowns, method ${pss.stats.method}, ${pss.stats.elapsedMs.toFixed(1)} ms`,
    `certificate: ${c.ok ? 'OK' : 'NOT CERTIFIED'} — error of ρ* ≤ ${c.errorBound.toExponential(2)}, ‖ρ(T) − ρ(0)‖₁ = ${c.periodicityResidual.toExponential(2)}, max |Tr ρ − 1| = ${c.traceError.toExponential(1)}`
      + `${c.minEigenvalue === null ? '' : `, min eigenvalue ${c.minEigenvalue.toExponential(2)}`}, |λ₂(P_T)| = ${c.secondEigenvalue.toPrecision(6)} (unique: ${c.unique}; relaxation time ${c.relaxationTime.toPrecision(4)})`,
    ...c.problems.map((p) => `  problem: ${p}`),
    `cycle: W = ${thermo.work.toPrecision(10)}, ${Object.entries(thermo.heat).map(([b, q]) => `Q_${b} = ${q.toPrecision(10)}`).join(', ')}, power −W/T = ${thermo.power.toPrecision(6)}, efficiency ${eff}`,
    `       entropy production per cycle ${thermo.entropyProduction === null ? 'n/a (a bath exchanging heat is not thermal)' : thermo.entropyProduction.toPrecision(6)}; first law |W + ΣQ| = ${Math.abs(thermo.firstLawResidual).toExponential(2)} (relative ${thermo.firstLawRelative.toExponential(1)}, ${thermo.quadratureNodes} quadrature nodes)`,
    columns.map((x) => x.padStart(width)).join(''),
    ...rows.map((r) => r.map((x) => cell(x).padStart(width)).join('')),
  ].join('\n') + '\n');
}
