/**
 * Parameter sweeps of steady states: `sweep({ build, grid, outputs })` evaluates every grid point and
 * returns one row per point (parameters, then outputs). Work is shared across points: `build` may return
 * a `FamilyPoint` (a template model prepared once per family key plus this point's coefficients θ, see
 * prepareSteadyState), and plain models are matched against the families seen so far (same operators,
 * other rates or a scaled H), so sectors, per-term sector matrices and the sparse ordering are computed
 * once per family. Heat currents use precomputed D†[o_k](H0) per channel: Q̇_i = Σ_{k∈i} θ_k Tr{ρ D†[o_k](H0)}.
 * Points whose θ contain an infinite rate go through steadyState's infinitely-fast limit.
 */
import type { DenseMatrix } from '../linalg/dense.ts';
import type { CsrMatrix } from '../linalg/sparse.ts';
import { LindbladError, check, checkKeys, checkOptions, describe, isPlainObject } from '../errors.ts';
import { checkSteadyOptions } from '../steady/options.ts';
import type { LindbladModel } from '../model/model.ts';
import { prepareSteadyState, steadyState, type PreparedSteadyState, type SteadyOptions, type SteadyStateResult } from '../steady/steady.ts';
import type { Certificate } from '../steady/certificate.ts';
import type { LiouvillianTerm } from '../liouvillian/factored.ts';
import { entropyFromHeat, entropyProduction, entropyRateError, heatCurrentErrors, heatCurrents, heatOperator, heatTermSize, traceProduct, type EntropyProduction } from '../thermo/heat.ts';
import { purity } from '../measures/measures.ts';
import { heatBoundMatrix, moduli, termBound, type RhoError } from '../thermo/heat-error.ts';
import { sameThermodynamics } from './family-match.ts';
import { Grid } from './grid.ts';

export type SweepParams = Record<string, number>;

/** One member of a model family: the family's template (prepared once per key) and this point's θ. */
export interface FamilyPoint {
  readonly kind: 'family';
  /** Points with equal keys share one prepared steady-state solve. */
  readonly key: string;
  /** The family's template model, built when the key is first seen. */
  readonly template: () => LindbladModel;
  /** θ for the prepared terms (H first when present, then channels by index; see FactoredLiouvillian). */
  readonly theta: (terms: readonly LiouvillianTerm[]) => ArrayLike<number>;
  /** Inverse temperature per bath at this point (default: the template's). */
  readonly betas?: Readonly<Record<string, number | null>> | undefined;
}

/**
 * A point of a family solved outside the Lindblad-model path (e.g. the N-emitter Dicke blocks,
 * paper/families.ts): the evaluator keeps one `prepare()` per key (the shared factorisation pattern) and
 * calls `solve(prepared, index, params)` for each point.
 */
export interface CustomPoint {
  readonly kind: 'custom';
  readonly key: string;
  /** Unknowns of one solve and a lower bound on its bytes (the sweep's memory check). */
  readonly unknowns: number;
  readonly solveBytes: number;
  prepare(): unknown;
  solve(prepared: unknown, index: number, params: SweepParams): PointResult;
}

export type SweepJob = LindbladModel | FamilyPoint | CustomPoint;

/** The solved point handed to outputs. */
export interface PointResult {
  readonly index: number;
  readonly params: SweepParams;
  readonly rho: DenseMatrix;
  /**
   * ρ for reading entries (rows, cols, re, im): the block-diagonal form of a sector solve when there is
   * one (no n×n matrix is built: at cavity cutoff 64 that was 1 MB and ~1 ms per point), else `rho`. The
   * same numbers as `rho`, zero between blocks. Optional (a point of a custom family may have only `rho`):
   * read it as `r.rhoView ?? r.rho`.
   */
  readonly rhoView?: Pick<DenseMatrix, 'rows' | 'cols' | 're' | 'im'>;
  readonly certificate: Certificate;
  /** The model at this point (built on demand). */
  model(): LindbladModel;
  /** Heat current per bath, Q̇_i = Tr{H0 L_i(ρ)} (energy units × rate units). */
  heat(): Record<string, number>;
  /** Ṡ = −Σ_i β_i Q̇_i / ω_ref (±Infinity for heat exchanged with a bath at β = ±∞). */
  entropyProduction(): number;
  /** Optional error bounds of heat() and entropyProduction() for ρ's error (else computed from model() and ρ). */
  heatErrors?(rhoError: RhoError): Record<string, number>;
  entropyProductionError?(rhoError: RhoError): number;
}

export type OutputValue = number | string;
export interface SweepOutput {
  readonly name: string;
  readonly value: (r: PointResult) => OutputValue;
}

export interface SweepSpec {
  build: (params: SweepParams) => SweepJob;
  grid: Grid;
  /** Output functions, or names of standard outputs (see `standardOutput`). */
  outputs: ReadonlyArray<SweepOutput | string>;
  steady?: SteadyOptions;
}

export interface SweepRow {
  index: number;
  params: SweepParams;
  values: Record<string, OutputValue>;
}

const certificateOutputs: Record<string, (c: Certificate) => OutputValue> = {
  residual: (c) => c.residual,
  relativeResidual: (c) => c.relativeResidual,
  traceError: (c) => c.traceError,
  hermiticityError: (c) => c.hermiticityError,
  minEigenvalue: (c) => c.minEigenvalue,
  unique: (c) => (c.unique ? 1 : 0),
  unknowns: (c) => c.unknowns,
  sector: (c) => c.sector ?? 'full',
  solver: (c) => c.solver,
  status: (c) => c.status,
  // Sensitivity (certificate.ts); 'not estimated' where the solver gives none (iterative solves).
  rcond: (c) => c.conditioning?.rcond ?? 'not estimated',
  errorBound: (c) => c.conditioning?.errorBound ?? 'not estimated',
  vouchedAbove: (c) => c.conditioning?.vouchedAbove ?? 'not estimated',
};

/**
 * Standard outputs by name: certificate fields (residual, relativeResidual, traceError, hermiticityError,
 * minEigenvalue, unique as 1/0, unknowns, sector, solver, status, and the conditioning's rcond, errorBound
 * and vouchedAbove), `heat.<bath>`, `entropyProduction`, their error bounds `heatError.<bath>` and
 * `entropyProductionError` (thermo/heat.ts heatCurrentErrors and entropyProduction(…).errors.rate, with ρ's
 * error the certificate's errorBound: 'not estimated' where the solver gives none, Infinity where it vouches
 * for nothing), `purity`, `population.<k>` (ρ_kk of basis state k).
 */
export function standardOutput(name: string): SweepOutput {
  const cert = Object.hasOwn(certificateOutputs, name) ? certificateOutputs[name] : undefined;
  if (cert) return { name, value: (r) => cert(r.certificate) };
  if (name === 'entropyProduction') return { name, value: (r) => r.entropyProduction() };
  // an error column is refused where its value is (then whatever the certificate says)
  if (name === 'entropyProductionError') return { name, value: (r) => { r.entropyProduction(); return errorOf(r, (delta) => r.entropyProductionError?.(delta) ?? entropyProduction(r.model(), r.rhoView ?? r.rho, delta).errors!.rate); } };
  const e = /^heatError\.(.+)$/.exec(name);
  if (e) {
    const bath = e[1], current = heatOutput(name, bath);
    return { name, value: (r) => { current(r); return errorOf(r, (delta) => {
        let all = heatErrorCache.get(r);
        if (!all) heatErrorCache.set(r, (all = r.heatErrors?.(delta) ?? heatCurrentErrors(r.model(), r.rhoView ?? r.rho, delta)));
        return all[bath];
      }); } };
  }
  if (name === 'purity') return { name, value: (r) => purity(r.rho) };
  let m = /^heat\.(.+)$/.exec(name);
  if (m) return { name, value: heatOutput(name, m[1]) };
  m = /^population\.(\d+)$/.exec(name);
  if (m) {
    const k = Number(m[1]);
    return { name, value: (r) => { const rho = r.rhoView ?? r.rho; if (k >= rho.rows) throw new LindbladError('unknown-name', `no basis state ${k}`, name); return rho.re(k, k); } };
  }
  throw new LindbladError('unknown-name', `unknown output (expected ${Object.keys(certificateOutputs).join(', ')}, heat.<bath>, entropyProduction, heatError.<bath>, entropyProductionError, purity or population.<k>)`, name);
}

/** Q̇ of `bath` at a point (the value of heat.<bath>), or the error that there is no such bath. */
function heatOutput(name: string, bath: string): (r: PointResult) => number {
  return (r) => { const q = r.heat(); if (!Object.hasOwn(q, bath)) throw new LindbladError('unknown-name', `no bath ${JSON.stringify(bath)}`, name); return q[bath]; };
}

/** heatCurrentErrors per point, shared by its heatError.<bath> columns. */
const heatErrorCache = new WeakMap<PointResult, Record<string, number>>();

/** bound(ρ's error: the certificate's conditioning); 'not estimated' without one, Infinity if its errorBound is not finite. */
function errorOf(r: PointResult, bound: (rhoError: RhoError) => number): OutputValue {
  const c = r.certificate.conditioning;
  if (c === undefined || c === null) return 'not estimated';
  if (!Number.isFinite(c.errorBound)) return Infinity;
  return bound(c);
}

/** A prepared family: its solve, template and per-channel heat operators. */
interface Family {
  readonly prepared: PreparedSteadyState;
  readonly template: LindbladModel;
  /** Per channel term: its bath, D†[o](H0), and heatTermSize (its share of heatNoiseScale at rate 1). */
  heatOps?: Array<{ term: number; bath: string; x: CsrMatrix; size: number }>;
  /** Per channel term: its bath and heatBoundMatrix (heat-error.ts), for the heat errors. */
  heatBounds?: Array<{ term: number; bath: string; y: CsrMatrix }>;
  /** [bath, 0] per bath of the template, in its order: each point's heat record starts from these. */
  heatZero?: Array<[string, number]>;
}

/**
 * A user error at one point of a sweep (e.g. no unique steady state at a rate of 0) with the point named —
 * "(at sweep point 39: rate.decay = 0)" — so that it can be found in a grid of thousands. Unknown names
 * (an output the model lacks: not the point's fault), internal errors and other exceptions pass unchanged.
 */
function atPoint(e: unknown, index: number, params: SweepParams): unknown {
  if (!(e instanceof LindbladError) || e.constructor !== LindbladError || e.code === 'unknown-name' || e.code === 'internal') return e;
  const bare = e.field && e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
  let where = Object.entries(params).map(([name, v]) => `${name} = ${v}`).join(', ');
  if (where.length > 200) where = `${where.slice(0, 200)}…`;
  return new LindbladError(e.code, `${bare} (at sweep point ${index}: ${where})`, e.field);
}

/** Evaluates single points of a sweep, sharing prepared solves across points. */
export class PointEvaluator {
  readonly outputs: readonly SweepOutput[];
  private readonly spec: SweepSpec;
  private readonly byKey = new Map<string, Family>();
  private readonly byModel: Family[] = [];
  private readonly custom = new Map<string, unknown>();

  constructor(spec: SweepSpec) {
    this.spec = spec;
    this.outputs = spec.outputs.map((o) => (typeof o === 'string' ? standardOutput(o) : o));
    const params = new Set(spec.grid.names), names = new Set<string>();
    for (const o of this.outputs) {
      if (params.has(o.name)) throw new LindbladError('invalid-input', 'an output has the name of a parameter', o.name);
      if (names.has(o.name)) throw new LindbladError('invalid-input', 'an output named twice', o.name);
      names.add(o.name);
    }
  }

  /** Column names: parameters, then outputs. */
  get columns(): string[] {
    return [...this.spec.grid.names, ...this.outputs.map((o) => o.name)];
  }

  /** Solves point `index` and evaluates the outputs. */
  evaluate(index: number): SweepRow {
    const params = this.spec.grid.point(index);
    try {
      return this.evaluateAt(index, params);
    } catch (e) {
      throw atPoint(e, index, params);
    }
  }

  private evaluateAt(index: number, params: SweepParams): SweepRow {
    const result = this.solve(index, params, this.spec.build(params));
    const values: Record<string, OutputValue> = {};
    // Indexed loops in the per-point code: most points run before the JIT optimises it, and there for-of
    // allocates an iterator result per element.
    for (let k = 0; k < this.outputs.length; k++) {
      const o = this.outputs[k];
      if (o.name === '__proto__') Object.defineProperty(values, o.name, { value: o.value(result), writable: true, enumerable: true, configurable: true });
      else values[o.name] = o.value(result);
    }
    return { index, params, values };
  }

  private family(key: string, template: LindbladModel): Family {
    let f = this.byKey.get(key);
    if (!f) {
      f = { prepared: prepareSteadyState(template, this.spec.steady ?? {}, 'all'), template };
      this.byKey.set(key, f);
    }
    return f;
  }

  private solve(index: number, params: SweepParams, job: SweepJob): PointResult {
    if ('kind' in job && job.kind === 'custom') {
      if (!this.custom.has(job.key)) this.custom.set(job.key, job.prepare());
      return job.solve(this.custom.get(job.key), index, params);
    }
    let fam: Family, theta: ArrayLike<number>, betas: Readonly<Record<string, number | null>> | undefined;
    if ('kind' in job && job.kind === 'family') {
      fam = this.byKey.get(job.key) ?? this.family(job.key, job.template());
      theta = job.theta(fam.prepared.plan.liouvillian.terms);
      betas = job.betas;
    } else {
      const model = job as LindbladModel;
      let found: { f: Family; t: Float64Array } | null = null;
      for (const f of this.byModel) {
        const t = f.prepared.plan.coefficientsOf(model);
        if (t && sameThermodynamics(f.template, model)) { found = { f, t }; break; }
      }
      if (!found) {
        const f = this.family(`model#${this.byModel.length}`, model);
        this.byModel.push(f);
        found = { f, t: f.prepared.plan.coefficients };
      }
      fam = found.f;
      theta = found.t;
      betas = Object.fromEntries([...model.baths].map(([k, b]) => [k, b.beta]));
    }
    let finite = true;
    for (let k = 0; k < theta.length; k++) if (!Number.isFinite(theta[k])) finite = false;
    const point = new SolvedPoint(index, params, fam, theta, betas, finite);
    const res = finite ? fam.prepared.solveDeferred(theta) : steadyState(point.model(), this.spec.steady);
    point.result = res;
    return point;
  }
}

/**
 * A solved point (PointResult): methods on a class rather than closures per point, since a sweep makes
 * many of them. The model at the point is built only when asked for.
 */
class SolvedPoint implements PointResult {
  result!: SteadyStateResult;
  private heatCache: Record<string, number> | undefined;
  private heatErrorCache: [RhoError, Record<string, number>] | undefined;

  constructor(readonly index: number, readonly params: SweepParams, private readonly fam: Family,
    private readonly theta: ArrayLike<number>, private readonly betas: Readonly<Record<string, number | null>> | undefined,
    private readonly finite: boolean) {}

  /** ρ at this point (sector solves build it on first access). */
  get rho(): DenseMatrix {
    return this.result.rho;
  }

  get rhoView(): Pick<DenseMatrix, 'rows' | 'cols' | 're' | 'im'> {
    return this.result.state ?? this.result.rho;
  }

  get certificate(): Certificate {
    return this.result.certificate;
  }

  model(): LindbladModel {
    const m = this.fam.prepared.plan.modelAt(this.theta), betas = this.betas;
    return betas ? m.with({ baths: Object.fromEntries([...m.baths].map(([k, b]) => [k, { beta: Object.hasOwn(betas, k) ? betas[k] : b.beta }])) }) : m;
  }

  heat(): Record<string, number> {
    if (this.heatCache) return this.heatCache;
    if (!this.finite) return (this.heatCache = heatCurrents(this.model(), this.rho));
    const fam = this.fam, theta = this.theta;
    fam.heatOps ??= fam.prepared.plan.liouvillian.terms.flatMap((t, k) => (t.kind === 'channel'
      ? [{ term: k, bath: fam.template.channels[t.channel].bath, x: heatOperator(fam.template.bareHamiltonian.matrix, t.o),
        size: heatTermSize(fam.template.bareHamiltonian.matrix, t.o) }] : []));
    const heat: Record<string, number> = Object.fromEntries(fam.heatZero ??= [...fam.template.baths.keys()].map((b): [string, number] => [b, 0]));
    const ops = fam.heatOps, s = this.bareScale();
    for (let k = 0; k < ops.length; k++) {
      const { term, bath, x } = ops[k];
      if (theta[term] !== 0) heat[bath] += s * theta[term] * traceProduct(x, this.rhoView);
    }
    return (this.heatCache = heat);
  }

  /**
   * H0 at this point over the template's: θ_H when H0 follows H (no bareHamiltonian given, so the scaled H
   * is also the energy), else 1 (an explicit H0, e.g. the cavity's bare energy while θ_H is the coupling g).
   * D†[o](H0) is linear in H0, so the per-channel heat operators of the template serve every point.
   */
  private bareScale(): number {
    const fam = this.fam;
    if (!fam.template.bareFollowsHamiltonian) return 1;
    const terms = fam.prepared.plan.liouvillian.terms;
    for (let k = 0; k < terms.length; k++) if (terms[k].kind === 'hamiltonian') return this.theta[k];
    return 1; // (no Hamiltonian term: H = H0 = 0, every heat operator is zero)
  }

  /** heatCurrentErrors at this point from the template's per-channel bound matrices (linear in θ and H0's scale). */
  heatErrors(rhoError: RhoError): Record<string, number> {
    if (this.heatErrorCache?.[0] === rhoError) return this.heatErrorCache[1];
    if (!this.finite) return (this.heatErrorCache = [rhoError, heatCurrentErrors(this.model(), this.rho, rhoError)])[1];
    const fam = this.fam, theta = this.theta;
    if (!fam.heatBounds) {
      const h0 = moduli(fam.template.bareHamiltonian.matrix);
      fam.heatBounds = fam.prepared.plan.liouvillian.terms.flatMap((t, k) => (t.kind === 'channel'
        ? [{ term: k, bath: fam.template.channels[t.channel].bath, y: heatBoundMatrix(h0, t.o) }] : []));
    }
    const out: Record<string, number> = Object.fromEntries([...fam.template.baths.keys()].map((b): [string, number] => [b, 0]));
    const s = Math.abs(this.bareScale()), rho = this.rhoView;
    for (const { term, bath, y } of fam.heatBounds) if (theta[term] > 0) out[bath] += termBound(y, rho, s * theta[term], rhoError);
    return (this.heatErrorCache = [rhoError, out])[1];
  }

  /** Ṡ's error bound from heatErrors (thermo/heat.ts entropyRateError); refused where Ṡ is. */
  entropyProductionError(rhoError: RhoError): number {
    if (!this.finite) return entropyProduction(this.model(), this.rho, rhoError).errors!.rate;
    return entropyRateError(this.entropyRecord(), this.heatErrors(rhoError), this.betaOf);
  }

  entropyProduction(): number {
    return this.finite ? this.entropyRecord().rate : entropyProduction(this.model(), this.rho).rate;
  }

  private readonly betaOf = (b: string) => (this.betas && Object.hasOwn(this.betas, b) ? this.betas[b] : this.fam.template.baths.get(b)!.beta);

  /** entropyFromHeat at this point (finite rates), with the noise scale heatNoiseScale at θ. */
  private entropyRecord(): EntropyProduction {
    const heat = this.heat(); // (fills fam.heatOps)
    let noise = 0;
    for (const { term, size } of this.fam.heatOps!) noise += this.theta[term] * size;
    noise *= Math.abs(this.bareScale());
    return entropyFromHeat(heat, this.betaOf, this.fam.template.referenceEnergy, noise);
  }
}

/**
 * Checks a caller's sweep spec: { build, grid, outputs, steady? } with those types; unknown keys are errors,
 * except `parameters` (the parameter names a family's specFrom adds, paper/families.ts; not read here).
 */
function checkSweepSpec(spec: unknown): asserts spec is SweepSpec {
  check(isPlainObject(spec), 'spec', `expected { build, grid, outputs }, got ${describe(spec)}`);
  checkKeys(spec, ['build', 'grid', 'outputs', 'steady', 'parameters'], 'spec');
  check(typeof spec.build === 'function', 'build', `expected a function of the parameters returning the point's model, got ${describe(spec.build)}`);
  check(spec.grid instanceof Grid, 'grid', `expected a Grid, got ${describe(spec.grid)}`);
  check(Array.isArray(spec.outputs), 'outputs', `expected an array of output names or outputs, got ${describe(spec.outputs)}`);
  if (spec.steady !== undefined) checkSteadyOptions(spec.steady);
}

/** Evaluates a sweep in this thread (all points, or the given indices in that order). */
export function sweep(spec: SweepSpec, options: { indices?: readonly number[]; onRow?: (row: SweepRow) => void } = {}): SweepRow[] {
  checkSweepSpec(spec);
  checkOptions(options, ['indices', 'onRow'], 'options');
  const ev = new PointEvaluator(spec);
  const indices = options.indices ?? Array.from({ length: spec.grid.size }, (_, k) => k);
  return indices.map((i) => {
    const row = ev.evaluate(i);
    options.onRow?.(row);
    return row;
  });
}
