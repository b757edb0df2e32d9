/**
 * `lindblad trajectories TARGET [--t-max T] [--count N] [--seed S] [--workers W] [--initial …] [--json]`:
 * quantum-jump trajectories to time T, with ensemble populations at T (and standard errors σ/√N), the
 * stochastic entropy production rate ⟨Σ_medium⟩/T and the integral fluctuation theorem ⟨e^{−Σ}⟩ (exact
 * and sampled). TARGET is `diamond` (--beta-a, --beta-s, --gamma-plus; start: the steady-state
 * distribution over G, S, A, E by default, or one of them) or a JSON model file (start: its "initialState",
 * else every subsystem in level 0; or `--initial steady`). Entropy fields are null, with a note, when the
 * model has non-thermal or infinitely hot/cold baths or jump operators without a definite energy shift.
 *
 * The fluctuation theorem is printed with what limits it (thermo/stochastic.ts): a start without full
 * support (one of G, S, A, E; a file's single initial ket) is the absolutely irreversible case,
 * ⟨e^(−Σ)⟩ = 1 − λ < 1, and λ is printed; and when e^(−Σ) is dominated by rare trajectories (effective
 * sample size below 100, e.g. the diamond model at t = 10 where ⟨Σ⟩ ≈ 110) the sampled value is marked as
 * not converged, since neither it nor its standard error then estimates the expectation. The JSON carries
 * the same fields (fluctuationTheorem.effectiveSamples, sampledConverged, fullSupport, absoluteIrreversibility, notes).
 * Runs expected to exceed the jump limit (trajectories × steady-state jump rate × t) are refused up front.
 */
import type { Command } from 'commander';
import { LindbladError } from '../errors.ts';
import { parseNumber, toJson, readModelJson } from './io.ts';
import { parseInitialState, parseModel } from '../io/model-file.ts';
import { basisKet, ketToDensity } from '../model/states.ts';
import type { LindbladModel } from '../model/model.ts';
import { diamondModel } from '../paper/diamond.ts';
import { diamondBasis, DIAMOND_LABELS } from '../paper/diamond-basis.ts';
import { stochasticEntropy, type EntropyBasis, type EntropyStart } from '../thermo/stochastic.ts';
import { channelEntropyIncrements } from '../thermo/fluctuation.ts';
import { checkJumpBudget, decayOperator, jumpRate, trajectories, type InitialState } from '../jumps/jumps.ts';
import { steadyState } from '../steady/steady.ts';
import { eigh } from '../linalg/eigh.ts';
import type { DenseMatrix } from '../linalg/dense.ts';

export type Opts = Record<string, string | boolean | undefined>;

/** What to run: model, start, measurement basis (diamond only) and population labels. */
interface Target {
  description: Record<string, unknown>;
  model: LindbladModel;
  start: EntropyStart;
  initial: string;
  basis?: EntropyBasis;
  labels: string[];
}

const DIAMOND_OPTIONS = ['betaA', 'betaS', 'gammaPlus'];
const flag = (k: string) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

function diamondTarget(opts: Opts): Target {
  const beta = (k: string) => {
    if (opts[k] === undefined) throw new LindbladError('invalid-input', 'required for "trajectories diamond"', flag(k));
    const b = parseNumber(String(opts[k]), flag(k), { allowInfinite: true });
    if (b === Infinity) throw new LindbladError('unsupported', 'β = +inf makes the emission rate infinite, which quantum jumps cannot unravel (use a large finite β)', flag(k));
    return b;
  };
  const betaA = beta('betaA'), betaS = beta('betaS');
  const gammaPlus = parseNumber(String(opts.gammaPlus ?? '1'), '--gamma-plus', { exclusiveMin: 0 });
  const d = diamondModel({ betaA, betaS, gammaPlus });
  const which = String(opts.initial ?? 'steady');
  const index = (DIAMOND_LABELS as readonly string[]).indexOf(which);
  if (which !== 'steady' && index < 0) throw new LindbladError('invalid-input', `expected steady, G, S, A or E, got ${JSON.stringify(which)}`, '--initial');
  return {
    description: { target: 'diamond', betaA, betaS, gammaPlus },
    model: d.model,
    start: index < 0 ? { kind: 'steady' } : { kind: 'basis-state', index },
    initial: index < 0 ? 'steady-state distribution over G, S, A, E' : which,
    basis: diamondBasis(d.basis),
    labels: [...DIAMOND_LABELS],
  };
}

function fileTarget(path: string, opts: Opts): Target {
  for (const k of DIAMOND_OPTIONS) if (opts[k] !== undefined) throw new LindbladError('invalid-input', 'does not apply to a model file', flag(k));
  const data = readModelJson(path);
  const model = parseModel(data);
  const sp = model.space;
  const which = String(opts.initial ?? 'file');
  if (which !== 'file' && which !== 'steady') throw new LindbladError('invalid-input', `expected file or steady for a model file, got ${JSON.stringify(which)}`, '--initial');
  const given = which === 'file' ? parseInitialState(data, sp) : null;
  return {
    description: { target: path },
    model,
    start: which === 'steady' ? { kind: 'steady' } : { kind: 'density', rho: given ?? ketToDensity(basisKet(sp)) },
    initial: which === 'steady' ? 'steady-state distribution (eigenbasis of ρ_ss)' : given ? 'initialState of the file' : 'ground state |0…0⟩',
    labels: Array.from({ length: sp.dim }, (_, i) => `|${sp.levelsOf(i).join(',')}⟩`),
  };
}

/** Kets and weights of ρ = Σ p_i|ψ_i⟩⟨ψ_i| (eigen-decomposition, negative rounding clipped). */
function distributionOf(rho: DenseMatrix): { states: Float64Array[]; probabilities: Float64Array } {
  const { values, vectors } = eigh(rho), n = values.length;
  const p = values.map((x) => Math.max(0, x)), s = p.reduce((a, b) => a + b, 0);
  const states = Array.from({ length: n }, (_, j) => Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 ? vectors.im(k >> 1, j) : vectors.re(k >> 1, j))));
  return { states, probabilities: p.map((x) => x / s) };
}

function positiveInteger(opts: Opts, k: string, dflt: string, max: number): number {
  const x = parseNumber(String(opts[k] ?? dflt), flag(k), { integer: true, min: 1 });
  if (x > max) throw new LindbladError('invalid-input', `expected at most ${max}, got ${opts[k]}`, flag(k));
  return x;
}

/** ρ_ss when the model has a unique steady state, else null (then no up-front jump estimate is made). */
function attemptSteady(model: LindbladModel): DenseMatrix | null {
  try {
    return steadyState(model).rho;
  } catch (e) {
    if (e instanceof LindbladError && e.code !== 'internal') return null;
    throw e;
  }
}

/** The trajectories' initial condition for a start (used when no entropy is computed). */
function initialFor(target: Target): InitialState {
  const s = target.start;
  if (s.kind === 'basis-state' && target.basis) return { kind: 'ket', psi: target.basis.vectors[s.index] };
  const rho = s.kind === 'density' ? s.rho : steadyState(target.model).rho;
  return { kind: 'distribution', ...distributionOf(rho) };
}

/**
 * Errors that name the run's time or horizon (API fields t, times, times[k]) name --t-max here, since the
 * one output time is --t-max.
 */
function onTheCommandLine(e: unknown): never {
  if (e instanceof LindbladError && e.field !== undefined && /^(t|times(\[\d+\])?)$/.test(e.field)) {
    throw new LindbladError(e.code, e.message.slice(e.field.length + 2), '--t-max');
  }
  throw e;
}

async function run(targetArg: string, opts: Opts): Promise<void> {
  try {
    await runChecked(targetArg, opts);
  } catch (e) {
    onTheCommandLine(e);
  }
}

async function runChecked(targetArg: string, opts: Opts): Promise<void> {
  const target = targetArg === 'diamond' ? diamondTarget(opts) : fileTarget(targetArg, opts);
  const tMax = parseNumber(String(opts.tMax ?? '10'), '--t-max', { exclusiveMin: 0 });
  const count = positiveInteger(opts, 'count', '1000', 1e8);
  const seed = parseNumber(String(opts.seed ?? '1'), '--seed', { integer: true, min: 0 });
  if (!Number.isSafeInteger(seed)) throw new LindbladError('invalid-input', `expected an integer below 2^53, got ${opts.seed}`, '--seed');
  const workers = opts.workers === 'auto' ? 'auto' as const : positiveInteger(opts, 'workers', '1', 256);
  const { model, labels } = target;
  decayOperator(model); // non-finite operators: one clear error before any solve
  const t0 = performance.now();
  let note: string | null = null;
  try {
    channelEntropyIncrements(model);
  } catch (e) {
    if (!(e instanceof LindbladError)) throw e;
    note = e.message;
  }
  let out: Record<string, unknown>;
  const byLabel = (x: Float64Array) => Object.fromEntries(labels.map((l, i) => [l, x[i]]));
  if (note === null) {
    const r = await stochasticEntropy(model, { t: tMax, count, seed, workers, basis: target.basis, start: target.start });
    const pops = r.trajectories.populations;
    out = {
      populations: byLabel(pops.mean[0]), populationErrors: byLabel(pops.error[0]),
      entropyProductionRate: r.mediumRate.mean, entropyProductionRateError: r.mediumRate.error,
      steadyStateEntropyProductionRate: r.steadyRate,
      fluctuationTheorem: {
        exact: r.fluctuation.exact, sampled: r.fluctuation.sampled.mean, sampledError: r.fluctuation.sampled.error, exactMethod: r.fluctuation.exactMethod,
        effectiveSamples: r.fluctuation.effectiveSamples, sampledConverged: r.fluctuation.sampledConverged, fullSupport: r.fluctuation.fullSupport,
        absoluteIrreversibility: r.fluctuation.absoluteIrreversibility, notes: r.fluctuation.notes,
      },
      meanJumps: r.trajectories.jumpCounts.reduce((a, b) => a + b, 0) / count,
    };
  } else {
    const ss = attemptSteady(model); // the long-run jump rate of every trajectory, for the up-front work estimate
    if (ss) checkJumpBudget(count, jumpRate(model, ss), tMax, 't');
    const r = await trajectories(model, initialFor(target), [tMax], { count, seed, workers });
    out = {
      populations: byLabel(r.populations.mean[0]), populationErrors: byLabel(r.populations.error[0]),
      entropyProductionRate: null, entropyProductionRateError: null, steadyStateEntropyProductionRate: null,
      fluctuationTheorem: {
        exact: null, sampled: null, sampledError: null, exactMethod: null,
        effectiveSamples: null, sampledConverged: null, fullSupport: null, absoluteIrreversibility: null, notes: [],
      },
      entropyNote: note,
      meanJumps: r.jumpCounts.reduce((a, b) => a + b, 0) / count,
    };
  }
  const result = { ...target.description, initial: target.initial, tMax, count, seed, workers, ...out, seconds: (performance.now() - t0) / 1000 };
  if (opts.json) {
    process.stdout.write(toJson(result) + '\n');
    return;
  }
  const f = (x: unknown) => (typeof x === 'number' ? x.toPrecision(6) : 'n/a');
  const ft = out.fluctuationTheorem as Record<string, unknown>;
  const pe = out.populationErrors as Record<string, number>;
  process.stdout.write([
    `${count} quantum-jump trajectories of ${targetArg} to t = ${tMax} (seed ${seed}, ${workers} worker${workers === 1 ? '' : 's'}), from ${target.initial}`,
    'populations at t:',
    ...Object.entries(out.populations as Record<string, number>).map(([l, p]) => `  ${l.padEnd(12)} ${p.toFixed(6)} ± ${pe[l].toFixed(6)}`),
    ...(note ? [`entropy production and fluctuation theorem: n/a (${note})`] : [
      `entropy production rate ⟨Σ_medium⟩/t = ${f(out.entropyProductionRate)} ± ${f(out.entropyProductionRateError)} (steady state: ${f(out.steadyStateEntropyProductionRate)})`,
      `fluctuation theorem ⟨e^(−Σ)⟩: exact ${f(ft.exact)}, sampled ${f(ft.sampled)} ± ${f(ft.sampledError)}`
        + ` (effective sample size ${f(ft.effectiveSamples)}${ft.sampledConverged ? '' : ', not converged'})`,
      ...(ft.notes as string[]).map((x) => `  note: ${x}`),
    ]),
    `${f(out.meanJumps)} jumps per trajectory, ${(result.seconds).toFixed(2)} s`,
  ].join('\n') + '\n');
}

export async function runTrajectories(target: string, opts: Opts): Promise<void> {
  await run(target, opts);
}
