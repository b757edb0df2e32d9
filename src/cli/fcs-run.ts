/**
 * `lindblad fcs TARGET (--bath NAME | --entropy | --weights W,…) [--order N] [--scgf S0:S1:COUNT] [--json]`:
 * full counting statistics of one current (thermo/fcs.ts). JSON: { field, weights, mean, noise, cumulants,
 * entropyProduction, turRatio, turBelowClassicalBound, scgf: [{ s, theta, current, rate, certificate }],
 * gallavottiCohen, certificate }.
 */
import { LindbladError } from '../errors.ts';
import { parseNumber, toJson } from './io.ts';
import { modelFromTarget, type TargetOpts } from './model-target.ts';
import { parseRange } from '../sweep/grid.ts';
import { fullCountingStatistics } from '../thermo/fcs.ts';
import type { CountingField } from '../thermo/counting-field.ts';

export type FcsOpts = TargetOpts;

const OWN = ['bath', 'entropy', 'weights', 'order', 'scgf', 'json'];

function fieldOf(opts: FcsOpts): CountingField {
  const given = (['bath', 'entropy', 'weights'] as const).filter((k) => opts[k] !== undefined);
  if (given.length !== 1) throw new LindbladError('invalid-input', `give exactly one of --bath NAME, --entropy, --weights W1,W2,… (got ${given.length === 0 ? 'none' : given.map((k) => `--${k}`).join(' and ')})`, given.length === 0 ? '--bath' : `--${given[1]}`);
  if (opts.bath !== undefined) return { kind: 'heat', bath: String(opts.bath) };
  if (opts.entropy !== undefined) return { kind: 'entropy' };
  const weights = String(opts.weights).split(',').map((t, i) => parseNumber(t, `--weights[${i}]`));
  return { kind: 'weights', weights };
}

const fmt = (x: number | null) => (x === null ? 'undefined' : !Number.isFinite(x) ? (Number.isNaN(x) ? 'nan' : x > 0 ? '+∞' : '−∞') : x === 0 || (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6) ? x.toPrecision(10) : x.toExponential(6));

export async function runFcs(target: string, opts: FcsOpts): Promise<void> {
  const field = fieldOf(opts);
  const order = opts.order === undefined ? 4 : parseNumber(String(opts.order), '--order', { integer: true, min: 1 });
  if (order > 16) throw new LindbladError('invalid-input', `expected an integer in [1, 16], got ${order}`, '--order');
  const s = opts.scgf === undefined ? [] : parseRange(String(opts.scgf), '--scgf', { maxCount: 10001 });
  const modelOpts: TargetOpts = {};
  for (const [k, v] of Object.entries(opts)) if (!OWN.includes(k)) modelOpts[k] = v;
  const { model, title } = modelFromTarget(target, modelOpts, 'fcs');
  const r = fullCountingStatistics(model, field, { order, scgf: s });
  const what = field.kind === 'heat' ? `heat from bath ${JSON.stringify(field.bath)}` : field.kind === 'entropy' ? 'entropy flow' : 'weighted jump count';
  if (opts.json) {
    process.stdout.write(toJson({
      field: what, weights: r.weights, mean: r.mean, noise: r.noise, cumulants: r.cumulants, cumulantErrors: r.cumulantErrors,
      entropyProduction: r.entropyProduction, secondLaw: r.secondLaw, turRatio: r.turRatio.value, turBelowClassicalBound: r.turRatio.belowClassicalBound,
      scgf: r.scgf.map((p) => ({ s: p.s, theta: p.theta, current: p.current, rate: p.rate, certificate: p.certificate })),
      gallavottiCohen: r.gallavottiCohen, certificate: r.certificate,
    }) + '\n');
    return;
  }
  const c = r.certificate;
  const lines = [
    `${title}`,
    `  counting: ${what}; weights per channel [${r.weights.map((w) => fmt(w)).join(', ')}]`,
    `  mean current ⟨J⟩ = ${fmt(r.mean)}, noise D = ${fmt(r.noise)} (variance per unit time)`,
    `  cumulants c1…c${r.cumulants.length}: ${r.cumulants.map(fmt).join(', ')}`,
    `  entropy production σ = ${fmt(r.entropyProduction)}; TUR ratio Dσ/⟨J⟩² = ${fmt(r.turRatio.value)}${r.turRatio.value === null ? ` (${r.turRatio.reason})` : r.turRatio.belowClassicalBound ? '  below the classical bound 2' : ''}`,
    ...(r.secondLaw.guaranteed === false ? [`  ⚠ second law not guaranteed: ${r.secondLaw.reason}`] : []),
    `  certificate: steady residual ${c.steady.residual.toExponential(2)} (${c.steady.status}); Drazin solves relative residual ${c.drazin.relativeResidual.toExponential(2)}, condition ≈ ${c.drazin.condition.toExponential(2)}; cumulants ${c.cumulants} (largest error estimate ${Math.max(...r.cumulantErrors).toExponential(2)})`,
  ];
  if (r.scgf.length > 0) {
    lines.push(`  θ(s) (${r.scgf.length} points; worst residual ${c.scgf!.worstResidual.toExponential(2)}, error of θ ≤ ${c.scgf!.worstError.toExponential(2)}, of θ' ≤ ${c.scgf!.worstCurrentError.toExponential(2)}, smallest gap ${fmt(c.scgf!.smallestGap)}, dominance ${c.scgf!.dominance}):`);
    lines.push('    s            θ(s)              j = θ\'(s)         I(j)');
    for (const p of r.scgf) lines.push(`    ${fmt(p.s).padEnd(12)} ${fmt(p.theta).padEnd(17)} ${fmt(p.current).padEnd(17)} ${fmt(p.rate)}`);
  }
  if (r.gallavottiCohen) lines.push(`  Gallavotti–Cohen θ(s) = θ(−1−s): ${r.gallavottiCohen.holds === null ? 'undetermined' : r.gallavottiCohen.holds ? 'holds' : 'fails'} (max deviation ${r.gallavottiCohen.maxDeviation.toExponential(2)}, ${r.gallavottiCohen.relative.toExponential(2)} of ‖L‖; resolution ${r.gallavottiCohen.resolution.toExponential(2)})`);
  process.stdout.write(lines.join('\n') + '\n');
}
