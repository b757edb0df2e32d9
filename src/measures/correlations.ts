/**
 * Two-time correlation functions by the quantum regression theorem (QRT). For a Lindblad generator L and
 * the state ρ(t) at time t,
 *
 *     ⟨A(t+τ) B(t)⟩ = Tr[A e^{Lτ}(B ρ(t))],    τ ≥ 0,
 *
 * evolving the operand X(0) = Bρ(t), which is not a state, through the same integrators as `evolve`
 * (evolve/operand.ts; for a U(1)-symmetric model Bρ lives in a charged sector, and only that block is
 * evolved). From the steady state (default) ρ(t) = ρ_ss and the correlation depends on τ only.
 * Coherence functions (a the field operator, n(t) = ⟨a†a⟩(t)):
 *
 *     g¹(τ) = ⟨a†(t+τ) a(t)⟩ / √(n(t) n(t+τ)),
 *     g²(τ) = ⟨a†(t) a†(t+τ) a(t+τ) a(t)⟩ / (n(t) n(t+τ)) = Tr[a†a e^{Lτ}(a ρ a†)] / (n(t) n(t+τ)),
 *
 * the conventions of QuTiP's correlation_2op_1t, coherence_function_g1 and coherence_function_g2
 * (whose g¹ is ⟨a†(τ)a(0)⟩-based, as here). Units: τ in the model's inverse rate units; G¹ and G² in
 * those of ⟨a†a⟩ and ⟨a†a⟩²; g¹, g² dimensionless.
 */
import type { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError, check, checkKeys, checkOptions, describe } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { Operator } from '../model/operator.ts';
import { steadyState } from '../steady/steady.ts';
import type { Certificate } from '../steady/certificate.ts';
import { checkInitialState, checkTimes, type EvolveMethod } from '../evolve/input.ts';
import { evolveOperand, type OperandEvolution } from '../evolve/operand.ts';
import { checkModel } from '../model/check-model.ts';

/** Where the correlations start: the steady state (default), or a given density matrix ρ(t). */
export type CorrelationStart = { kind: 'steady' } | { kind: 'state'; rho: DenseMatrix };

export interface CorrelationOptions {
  /** Default { kind: 'steady' }. */
  from?: CorrelationStart;
  /** How e^{Lτ} is applied (evolve's methods; default { kind: 'auto' }). */
  method?: EvolveMethod;
}

export interface CorrelationResult {
  taus: number[];
  /** Re and Im of the correlation at each τ. */
  re: number[];
  im: number[];
  /** The steady state's certificate when starting from it. */
  certificate?: Certificate;
  stats: OperandEvolution['stats'];
}

export interface CoherenceResult extends CorrelationResult {
  /** The unnormalised function (G¹ or G²): re, im are the normalised g¹ or g². */
  unnormalised: { re: number[]; im: number[] };
  /**
   * Indices k where n(t+τ_k) ≤ 0 (the field has decayed below the smallest double, or rounding made it
   * negative): g is undefined there (0/0) and reported as NaN — never as ±Infinity or a negative ratio.
   */
  undefinedAt: number[];
  /** n(t) = ⟨a†a⟩ at the start and n(t+τ) at each τ. */
  photons: number[];
}

function checkOperator(model: LindbladModel, o: unknown, field: string): Operator {
  if (!(o instanceof Operator)) throw new LindbladError('invalid-input', `expected an Operator, got ${describe(o)}`, field);
  if (!o.space.equals(model.space)) throw new LindbladError('dimension-mismatch', "operator acts on a different space than the model's", field);
  check(o.matrix.isFinite(), field, 'has a NaN or infinite entry');
  return o;
}

/** The model, the τ list (non-decreasing, ≥ 0; errors on field "times") and the options object of the three entry points. */
function checkArguments(model: LindbladModel, taus: unknown, options: unknown): void {
  checkModel(model);
  checkOptions(options, ['from', 'method'], 'options');
  checkTimes(taus); // field "times" as evolve's (the CLI reports it as --tau)
}

/** ρ(t) for the options, with the steady state's certificate when it is the start. */
function startState(model: LindbladModel, options: CorrelationOptions): { rho: DenseMatrix; certificate?: Certificate; steady: boolean } {
  const from = options.from ?? { kind: 'steady' };
  check(typeof from === 'object' && from !== null && (from.kind === 'steady' || from.kind === 'state'), 'from', `expected { kind: "steady" } or { kind: "state", rho }, got ${describe(from)}`);
  checkKeys(from, from.kind === 'steady' ? ['kind'] : ['kind', 'rho'], 'from'); // { kind: 'steady', rho } ignored its rho
  if (from.kind === 'state') {
    try {
      return { rho: checkInitialState(model, from.rho), steady: false };
    } catch (e) {
      if (e instanceof LindbladError && e.field === 'rho0') throw new LindbladError(e.code, e.message.slice('rho0: '.length), 'from.rho');
      throw e;
    }
  }
  const ss = steadyState(model);
  return { rho: ss.rho, certificate: ss.certificate, steady: true };
}

/** The operator times a dense n×n matrix. */
function leftMul(o: Operator, m: DenseMatrix): DenseMatrix {
  return o.toDense().mul(m);
}

/** Re Tr(O ρ). */
function expectationOf(o: Operator, rho: DenseMatrix): number {
  return o.toDense().mul(rho).trace()[0];
}

/**
 * ⟨A(t+τ) B(t)⟩ = Tr[A e^{Lτ}(B ρ(t))] at the given τ ≥ 0 (non-decreasing), from the steady state or from
 * ρ(t) (`options.from`). Same convention as QuTiP's correlation_2op_1t(H, ρ, τ, c_ops, A, B). Units: τ in
 * the model's inverse rate units; the correlation in those of A·B.
 */
export function correlation(model: LindbladModel, a: Operator, b: Operator, taus: number[], options: CorrelationOptions = {}): CorrelationResult {
  checkArguments(model, taus, options);
  const A = checkOperator(model, a, 'a'), B = checkOperator(model, b, 'b');
  const start = startState(model, options);
  const run = evolveOperand(model, leftMul(B, start.rho), taus, [A], options.method);
  return {
    taus: run.times, re: Array.from(run.values[0].re), im: Array.from(run.values[0].im),
    ...(start.certificate ? { certificate: start.certificate } : {}),
    stats: run.stats,
  };
}

/** n(t+τ) = ⟨a†a⟩ at each τ: constant from the steady state, else ρ(t) evolved. */
function photonNumbers(model: LindbladModel, nOp: Operator, start: { rho: DenseMatrix; steady: boolean }, taus: number[], method?: EvolveMethod): number[] {
  const n0 = expectationOf(nOp, start.rho);
  if (start.steady) return taus.map(() => n0);
  return Array.from(evolveOperand(model, start.rho, taus, [nOp], method).values[0].re);
}

/** Indices where n(t+τ) ≤ 0: the normalised coherence is undefined there (CoherenceResult.undefinedAt). */
function undefinedIndices(photons: readonly number[]): number[] {
  return photons.flatMap((nt, k) => (nt > 0 ? [] : [k]));
}

/**
 * What g¹ and g² share: the checked arguments, a, a† and n = a†a, the starting state, n(t) = ⟨a†a⟩ there
 * (refused when not > 0, field `a`: the normalised function would be 0/0) and n(t + τ) at every τ.
 */
function coherenceSetUp(model: LindbladModel, a: Operator, taus: number[], options: CorrelationOptions) {
  checkArguments(model, taus, options);
  const op = checkOperator(model, a, 'a'), ad = op.dag(), nOp = ad.times(op);
  const start = startState(model, options);
  const n0 = expectationOf(nOp, start.rho);
  if (!(n0 > 0)) throw new LindbladError('invalid-input', `⟨a†a⟩ = ${n0} in the starting state: the normalised coherence function is undefined (0/0)`, 'a');
  const photons = photonNumbers(model, nOp, start, taus, options.method);
  return { op, ad, nOp, start, n0, photons };
}

/**
 * g¹(τ) = ⟨a†(t+τ) a(t)⟩ / √(n(t) n(t+τ)), n = ⟨a†a⟩, with G¹(τ) = ⟨a†(t+τ) a(t)⟩ as `unnormalised`
 * (QuTiP's coherence_function_g1). Refuses n(t) = 0 (field `a`).
 */
export function firstOrderCoherence(model: LindbladModel, a: Operator, taus: number[], options: CorrelationOptions = {}): CoherenceResult {
  const { op, ad, start, n0, photons } = coherenceSetUp(model, a, taus, options);
  const run = evolveOperand(model, leftMul(op, start.rho), taus, [ad], options.method);
  const G = run.values[0];
  const norm = photons.map((nt) => (nt > 0 ? Math.sqrt(n0 * nt) : NaN));
  return {
    taus: run.times, re: norm.map((s, k) => G.re[k] / s), im: norm.map((s, k) => G.im[k] / s),
    unnormalised: { re: Array.from(G.re), im: Array.from(G.im) }, photons, undefinedAt: undefinedIndices(photons),
    ...(start.certificate ? { certificate: start.certificate } : {}),
    stats: run.stats,
  };
}

/**
 * g²(τ) = ⟨a†(t) a†(t+τ) a(t+τ) a(t)⟩ / (n(t) n(t+τ)) = Tr[a†a e^{Lτ}(a ρ a†)] / (n(t) n(t+τ)), with G² as
 * `unnormalised` (QuTiP's coherence_function_g2). g²(0) = 2 for thermal light, 1 for a coherent state;
 * g²(τ → ∞) = 1 from a unique steady state. Refuses n(t) = 0 (field `a`).
 */
export function secondOrderCoherence(model: LindbladModel, a: Operator, taus: number[], options: CorrelationOptions = {}): CoherenceResult {
  const { op, ad, nOp, start, n0, photons } = coherenceSetUp(model, a, taus, options);
  const x0 = leftMul(op, start.rho).mul(ad.toDense());
  const run = evolveOperand(model, x0, taus, [nOp], options.method);
  const G = run.values[0];
  return {
    taus: run.times, re: photons.map((nt, k) => (nt > 0 ? G.re[k] / (n0 * nt) : NaN)), im: photons.map((nt, k) => (nt > 0 ? G.im[k] / (n0 * nt) : NaN)),
    unnormalised: { re: Array.from(G.re), im: Array.from(G.im) }, photons, undefinedAt: undefinedIndices(photons),
    ...(start.certificate ? { certificate: start.certificate } : {}),
    stats: run.stats,
  };
}
