/**
 * `lindblad evolve TARGET --t-max T [--steps N] [--json|--csv] [--method auto|dopri5|implicit|expm|krylov]`:
 * ρ(t) = e^{Lt}ρ0 on N equally spaced times 0…T (t in the inverse rate units of the model).
 * TARGET is a JSON model file (optional "initialState", default: every subsystem in level 0), `cavity`
 * (g, κ, γ, p, cutoff; from the ground state; columns t, G, S, A, E, concurrence, photons of the reduced
 * two-emitter state) or `diamond` (β_A, β_S; from G; columns t, G, S, A, E, concurrence).
 */
import { TRUNCATION_LIMIT } from '../model/fock-cutoff.ts';
import type { Command } from 'commander';
import { LindbladError } from '../errors.ts';
import { parseNumber, toJson, readModelJson } from './io.ts';
import { toCsv } from '../io/csv.ts';
import { parseAnyModel, parseInitialState, parseOperator } from '../io/model-file.ts';
import type { DrivenModel } from '../model/driven.ts';
import type { Operator } from '../model/operator.ts';
import { evolve, OUTPUT_TOLERANCE, type EvolveMethod, type EvolveResult } from '../evolve/evolve.ts';
import { EVOLVE_METHODS } from '../evolve/input.ts';
import { basisKet, ketToDensity } from '../model/states.ts';
import type { LindbladModel } from '../model/model.ts';
import type { DenseMatrix } from '../linalg/dense.ts';
import { cavityModel } from '../paper/cavity.ts';
import { cavityObservables } from '../paper/cavity-solve.ts';
import { diamondModel } from '../paper/diamond.ts';
import { concurrence, purity } from '../measures/measures.ts';

export type Opts = Record<string, string | boolean | undefined>;

/** What to evolve, from where, and how each state becomes a row of the table. */
interface Target {
  title: string;
  model: LindbladModel | DrivenModel;
  rho0: DenseMatrix;
  columns: string[];
  row: (rho: DenseMatrix) => number[];
}

const CAVITY_OPTIONS = ['g', 'kappa', 'gamma', 'pump', 'cutoff', 'frame'];
const DIAMOND_OPTIONS = ['betaA', 'betaS', 'gammaPlus'];
const flag = (k: string) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

function rejectOptions(opts: Opts, keys: string[], target: string): void {
  for (const k of keys) if (opts[k] !== undefined) throw new LindbladError('invalid-input', `does not apply to ${target}`, flag(k));
}

function required(opts: Opts, k: string, target: string): string {
  if (opts[k] === undefined) throw new LindbladError('invalid-input', `required for ${target}`, flag(k));
  return String(opts[k]);
}

/**
 * The cavity model's parameters from --g (default 1), --kappa, --gamma, --pump (required), --cutoff (default 4)
 * and --frame (default rotating); `target` names the command in errors (also used by correlate and spectrum).
 */
export function cavityParamsFromOptions(opts: Opts, target: string) {
  const num = (k: string) => parseNumber(required(opts, k, target), flag(k), { min: 0 });
  const frame = String(opts.frame ?? 'rotating');
  if (frame !== 'rotating' && frame !== 'lab') throw new LindbladError('invalid-input', `expected rotating or lab, got ${JSON.stringify(frame)}`, '--frame');
  const cutoff = parseNumber(String(opts.cutoff ?? '4'), '--cutoff', { integer: true, min: 1 });
  return { g: parseNumber(String(opts.g ?? '1'), '--g', { min: 0 }), kappa: num('kappa'), gamma: num('gamma'), pump: num('pump'), cutoff, frame: frame as 'rotating' | 'lab' };
}

function cavityTarget(opts: Opts): Target {
  rejectOptions(opts, DIAMOND_OPTIONS, '"evolve cavity"');
  const params = cavityParamsFromOptions(opts, '"evolve cavity"'), cutoff = params.cutoff, frame = params.frame;
  const { model, space } = cavityModel(params);
  return {
    title: `cavity model: g = ${params.g}, κ = ${params.kappa}, γ = ${params.gamma}, p = ${params.pump}, cutoff ${cutoff} (${frame} frame), from the ground state`,
    model,
    rho0: ketToDensity(basisKet(space)),
    columns: ['t', 'G', 'S', 'A', 'E', 'concurrence', 'photons'],
    row: (rho) => {
      const o = cavityObservables(rho, cutoff);
      return [o.populations.G, o.populations.S, o.populations.A, o.populations.E, o.concurrence, o.meanPhotons];
    },
  };
}

function diamondTarget(opts: Opts): Target {
  rejectOptions(opts, CAVITY_OPTIONS, '"evolve diamond"');
  const beta = (k: string) => parseNumber(required(opts, k, '"evolve diamond"'), flag(k), { allowInfinite: true });
  const betaA = beta('betaA'), betaS = beta('betaS');
  const gammaPlus = parseNumber(String(opts.gammaPlus ?? '1'), '--gamma-plus', { exclusiveMin: 0 });
  const d = diamondModel({ betaA, betaS, gammaPlus });
  return {
    title: `diamond model: β_A = ${betaA}, β_S = ${betaS}, Γ⁺ = ${gammaPlus} (units ω0 = 1), from G`,
    model: d.model,
    rho0: ketToDensity(basisKet(d.space)),
    columns: ['t', 'G', 'S', 'A', 'E', 'concurrence'],
    row: (rho) => {
      const p = d.populations(rho);
      return [p.G, p.S, p.A, p.E, concurrence(d.twoQubitState(rho))];
    },
  };
}

function fileTarget(path: string, opts: Opts): Target {
  rejectOptions(opts, [...CAVITY_OPTIONS, ...DIAMOND_OPTIONS], 'a model file');
  const data = readModelJson(path);
  const model = parseAnyModel(data);
  const sp = model.space;
  const given = parseInitialState(data, sp);
  const labels = Array.from({ length: sp.dim }, (_, i) => `p_${sp.levelsOf(i).join('_')}`);
  return {
    title: `${path}: ${'drives' in model ? 'time-dependent model, ' : ''}space [${sp.names.map((n, k) => `${n}:${sp.dims[k]}`).join(', ')}], from ${given ? 'its initialState' : 'the ground state (no initialState given: every subsystem in level 0)'}`,
    model,
    rho0: given ?? ketToDensity(basisKet(sp)),
    columns: ['t', ...labels, 'purity'],
    row: (rho) => [...labels.map((_, i) => rho.re(i, i)), purity(rho)],
  };
}

/** Most output times accepted, and most memory the kept states may take (the states are all held to print them). */
const MAX_STEPS = 1_000_000, MAX_STATE_BYTES = 1024 * 2 ** 20;

/** N equally spaced times 0…T (the last one exactly T). */
export function linspace(tMax: number, steps: number): number[] {
  return Array.from({ length: steps }, (_, k) => (k === steps - 1 ? tMax : (tMax * k) / (steps - 1)));
}

function parseMethod(opts: Opts): EvolveMethod {
  const kind = String(opts.method ?? 'auto');
  if (!(EVOLVE_METHODS as readonly string[]).includes(kind)) throw new LindbladError('invalid-input', `expected one of ${EVOLVE_METHODS.join(', ')}, got ${JSON.stringify(kind)}`, '--method');
  const tol = (k: 'rtol' | 'atol') => (opts[k] === undefined ? undefined : parseNumber(String(opts[k]), flag(k), { exclusiveMin: 0, exclusiveMax: 1 }));
  if (kind === 'expm') {
    rejectOptions(opts, ['rtol', 'atol'], "--method expm (it is exact)");
    return { kind };
  }
  if (kind === 'krylov') {
    rejectOptions(opts, ['rtol', 'atol'], '--method krylov (its local error per segment is 1e-12)');
    return { kind };
  }
  return { kind: kind as 'auto' | 'dopri5' | 'implicit', rtol: tol('rtol'), atol: tol('atol') };
}

const cell = (x: number) => (x === 0 || (Math.abs(x) >= 1e-4 && Math.abs(x) < 1e6) ? x.toFixed(6) : x.toExponential(4));

/** The operators named by --observe (each "subsystem.operator", e.g. cav.n); the column is Re Tr(Aρ(t)). */
function observed(target: Target, opts: Opts): Array<[string, Operator]> {
  const names = opts.observe === undefined ? [] : (opts.observe as unknown as string[]);
  return names.map((name) => {
    if (target.columns.includes(name)) throw new LindbladError('invalid-input', `${JSON.stringify(name)} is already a column`, '--observe');
    return [name, parseOperator(target.model.space, name, '--observe')];
  });
}

type Run = Pick<EvolveResult, 'times' | 'states' | 'expectations'> & { stats: Partial<EvolveResult['stats']> & { elapsedMs: number; traceError: number; minEigenvalue: number | null } };

function print(target: Target, res: Run, opts: Opts, observe: string[]): void {
  const rows = res.times.map((t, k) => [t, ...target.row(res.states![k]), ...observe.map((name) => res.expectations![name][k])]);
  target = { ...target, columns: [...target.columns, ...observe] };
  if (opts.csv) {
    process.stdout.write(toCsv(target.columns, rows));
    return;
  }
  const s = res.stats;
  if (opts.json) {
    const columns = Object.fromEntries(target.columns.map((c, j) => [c, rows.map((r) => r[j])]));
    process.stdout.write(toJson({ description: target.title, columns, stats: s }) + '\n');
    return;
  }
  const width = Math.max(12, ...target.columns.map((c) => c.length + 1));
  const lt = s.longTime ?? { roundingError: 0, steadyFrom: null, accurateUntil: 0, lostAfter: 0, distance: null };
  process.stdout.write([
    target.title,
    `method ${s.method} (requested ${s.requested}), ${s.unknowns} of ${s.fullUnknowns} unknowns evolved, ${s.elapsedMs.toFixed(1)} ms, max |Tr ρ − 1| = ${s.traceError.toExponential(1)}`
      + (s.minEigenvalue === null ? '' : `, min eigenvalue ${s.minEigenvalue.toExponential(1)}`) + ` (each output checked to ${OUTPUT_TOLERANCE.toExponential(0)})`
      + (typeof s.errorEstimate === 'number' ? `; integration error ≤ ${s.errorEstimate.toExponential(1)} in trace norm (estimated from the steps' local errors)` : ''),
    ...(s.frame ? [`frame: ${s.frame}`] : []),
    ...(s.truncation ?? []).map((t) => `Fock cutoff of ${t.mode}: top level |${t.cutoff}⟩ holds up to ${t.topPopulation.toExponential(2)} over the outputs`
      + (t.topPopulation > TRUNCATION_LIMIT ? `  ⚠ truncated (above ${TRUNCATION_LIMIT.toExponential(0)}): raise the cutoff` : '')),
    ...(lt.roundingError > 1e-10 ? [`long times: the matrix exponential's estimated rounding error ε·‖L‖₁·t reached ${lt.roundingError.toExponential(1)} (it is not used beyond t = ${lt.lostAfter.toExponential(3)}, where that would exceed 1e-6)`] : []),
    ...(lt.steadyFrom !== null ? [`long times: outputs after t = ${lt.accurateUntil.toExponential(3)} are the steady state (the state was within ${lt.distance!.toExponential(1)} of it in trace norm at t = ${lt.steadyFrom.toExponential(3)}; the evolution contracts that distance)`] : []),
    target.columns.map((c) => c.padStart(width)).join(''),
    ...rows.map((r) => r.map((x) => cell(x).padStart(width)).join('')),
  ].join('\n') + '\n');
}

export async function runEvolve(targetName: string, opts: Opts): Promise<void> {
      if (opts.json && opts.csv) throw new LindbladError('invalid-input', 'give at most one of --json and --csv', '--csv');
      const tMax = parseNumber(String(opts.tMax), '--t-max', { exclusiveMin: 0 });
      const steps = parseNumber(String(opts.steps), '--steps', { integer: true, min: 2 });
      if (steps > MAX_STEPS) throw new LindbladError('invalid-input', `expected at most ${MAX_STEPS} output times, got ${steps}`, '--steps');
      const method = parseMethod(opts);
      const target = targetName === 'cavity' ? cavityTarget(opts) : targetName === 'diamond' ? diamondTarget(opts) : fileTarget(targetName, opts);
      const n = target.model.space.dim, bytes = steps * (2 * n * n * 8 + 64 * target.columns.length);
      if (bytes > MAX_STATE_BYTES) {
        throw new LindbladError('invalid-input', `${steps} outputs of ${n}×${n} density matrices need about ${(bytes / 2 ** 20).toFixed(0)} MB; `
          + `the limit is ${MAX_STATE_BYTES / 2 ** 20} MB: use at most ${Math.floor(MAX_STATE_BYTES / (bytes / steps))} steps`, '--steps');
      }
      const observe = observed(target, opts);
      let res: Run;
      try {
        const options = { method, keepStates: true, observables: Object.fromEntries(observe) };
        res = 'drives' in target.model ? evolve(target.model, target.rho0, linspace(tMax, steps), options) : evolve(target.model, target.rho0, linspace(tMax, steps), options);
      } catch (e) {
        // evolve names the output time (times[k]); on the command line that time comes from --t-max and --steps.
        if (e instanceof LindbladError && (e.field === 'times' || e.field?.startsWith('times['))) throw new LindbladError(e.code, e.message.slice(e.field.length + 2), '--t-max');
        if (e instanceof LindbladError && e.field === 'method') throw new LindbladError(e.code, e.message.slice(e.field.length + 2), '--method');
        throw e;
      }
      print(target, res, opts, observe.map(([name]) => name));
    }
