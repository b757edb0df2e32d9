/**
 * Steady-state observables of the cavity model: the reduced two-qubit state and its concurrence, the mean
 * photon number, and the top Fock level's population as a truncation warning; optionally the cutoff is
 * raised until the concurrence stops changing.
 */
import { steadyState, type SteadyOptions } from '../steady/steady.ts';
import type { Certificate } from '../steady/certificate.ts';
import { concurrence } from '../measures/measures.ts';
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError, check, checkKeys, describe, isPlainObject } from '../errors.ts';
import { cavityModel, type CavityParams } from './cavity.ts';
import { effectiveDiamond, type EffectiveDiamond } from './elimination.ts';
import { diamondPopulations } from './diamond.ts';
import type { EmitterMoments } from '../measures/emitters.ts';

/** Read access to a density matrix: a DenseMatrix, or a steady state's block form (steady/block-state.ts). */
export type MatrixReader = Pick<DenseMatrix, 'rows' | 're' | 'im'>;

export interface CavitySteadyState {
  cutoff: number;
  /** ρ as an n×n matrix, built on first read (n = 4(N+1): 269 MB at N = 1024); prefer `state`. */
  rho: DenseMatrix;
  /** ρ as the solve produced it: block diagonal in the excitation number for sector solves (every observable here reads it). */
  state: MatrixReader;
  /** Two-qubit state Tr_cav ρ (basis |00⟩, |01⟩, |10⟩, |11⟩ of q1 q2). */
  qubits: DenseMatrix;
  concurrence: number;
  meanPhotons: number;
  /** Population of the top Fock level |N⟩: should be ≪ the accuracy wanted. */
  topFockPopulation: number;
  populations: { G: number; S: number; A: number; E: number };
  effective: EffectiveDiamond;
  certificate: Certificate;
}

/** Observables from a full-model steady state ρ on (q1, q2, cav). */
export function cavityObservables(rho: MatrixReader, cutoff: number): Pick<CavitySteadyState, 'qubits' | 'concurrence' | 'meanPhotons' | 'topFockPopulation' | 'populations'> {
  check(typeof rho === 'object' && rho !== null && typeof rho.re === 'function' && Number.isInteger(rho.rows), 'rho', `expected the cavity model's density matrix, got ${describe(rho)}`);
  check(Number.isInteger(cutoff) && cutoff >= 0 && rho.rows === 4 * (cutoff + 1), 'cutoff', `expected the Fock cutoff of rho (rho is ${rho.rows}×${rho.rows} = 4·(cutoff + 1)), got ${describe(cutoff)}`);
  const d = cutoff + 1;
  let meanPhotons = 0, top = 0;
  const data = rho instanceof DenseMatrix ? rho.data : null, n = rho.rows; // a sweep point's ρ: read in place
  for (let i = 0; i < n; i++) {
    const k = i % d, p = data ? data[2 * (i * n + i)] : rho.re(i, i);
    meanPhotons += k * p;
    if (k === cutoff) top += p;
  }
  // Index i = (q1·2 + q2)·d + k: trace over k.
  const qubits = partialTraceCavity(rho, d);
  return { qubits, concurrence: concurrence(qubits), meanPhotons, topFockPopulation: top, populations: diamondPopulations(qubits) };
}

/** Tr_cav ρ for the (q1, q2, cav) ordering: index i = (2·q1 + q2)·d + k. Same as partialTrace(sp, ρ, ['q1','q2']). */
function partialTraceCavity(rho: MatrixReader, d: number): DenseMatrix {
  const q = new DenseMatrix(4, 4);
  if (rho instanceof DenseMatrix) { // the same sums, read in place
    const src = rho.data, n = rho.cols, dst = q.data;
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) {
      const t = 2 * (4 * a + b);
      for (let k = 0; k < d; k++) { const s = 2 * ((a * d + k) * n + b * d + k); dst[t] += src[s]; dst[t + 1] += src[s + 1]; }
    }
    return q;
  }
  for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) for (let k = 0; k < d; k++) q.addAt(a, b, rho.re(a * d + k, b * d + k), rho.im(a * d + k, b * d + k));
  return q;
}

/**
 * The N-emitter moments of the two-emitter steady state (measures/emitters.ts), from the two-qubit state
 * (|00⟩, |01⟩, |10⟩, |11⟩; J_z = n1 + n2 − 1, J² = 2 on the triplet, 0 on |A⟩) and the photon populations.
 */
export function twoEmitterMoments(r: Pick<CavitySteadyState, 'qubits' | 'cutoff' | 'populations'> & { rho: MatrixReader; state?: MatrixReader }): EmitterMoments {
  const q = r.qubits, exc = q.re(1, 1) + q.re(2, 2) + 2 * q.re(3, 3), d = r.cutoff + 1, rho = r.state ?? r.rho;
  let n1 = 0, n2 = 0;
  for (let i = 0; i < rho.rows; i++) { const k = i % d; n1 += k * rho.re(i, i); n2 += k * (k - 1) * rho.re(i, i); }
  const jz = exc - 1, jz2 = q.re(0, 0) + q.re(3, 3), jSquared = 2 * (1 - r.populations.A);
  return { emitters: 2, jz, jz2, jPlusJMinus: jSquared - jz2 + jz, jSquared, excitationPerEmitter: exc / 2, meanPhotons: n1, photonPairs: n2 };
}

export type CutoffPolicy = { kind: 'fixed' } | { kind: 'converge'; tolerance: number; maxCutoff: number };

/**
 * Checks a cutoff policy. Before: a policy that was not an object ran as 'converge' with NaN cutoffs, and a
 * NaN or negative tolerance (never met) or a non-integer maxCutoff solved cutoff after cutoff before failing.
 */
export function checkCutoffPolicy(policy: unknown): CutoffPolicy {
  check(isPlainObject(policy) && (policy.kind === 'fixed' || policy.kind === 'converge'), 'policy', `expected { kind: "fixed" } or { kind: "converge", tolerance, maxCutoff }, got ${describe(policy)}`);
  if (policy.kind === 'fixed') {
    checkKeys(policy, ['kind'], 'policy');
    return policy as CutoffPolicy;
  }
  checkKeys(policy, ['kind', 'tolerance', 'maxCutoff'], 'policy');
  const { tolerance, maxCutoff } = policy;
  check(typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance > 0, 'policy.tolerance', `expected a finite tolerance > 0, got ${describe(tolerance)}`);
  check(Number.isInteger(maxCutoff) && (maxCutoff as number) >= 0, 'policy.maxCutoff', `expected an integer cutoff ≥ 0, got ${describe(maxCutoff)}`);
  return policy as CutoffPolicy;
}

/** Steady state of the cavity model with its observables and the effective-model prediction. */
export function cavitySteadyState(params: CavityParams, policy: CutoffPolicy = { kind: 'fixed' }, options: SteadyOptions = {}): CavitySteadyState {
  check(isPlainObject(params), 'params', `expected the model's parameters { g, kappa, gamma, pump, cutoff, … }, got ${describe(params)}`);
  checkCutoffPolicy(policy);
  const solve = (cutoff: number): CavitySteadyState => {
    const { model, params: p } = cavityModel({ ...params, cutoff });
    const res = steadyState(model, options), state = res.state ?? res.rho;
    return { cutoff, get rho() { return res.rho; }, state, ...cavityObservables(state, cutoff), effective: effectiveDiamond(p), certificate: res.certificate };
  };
  let cur = solve(params.cutoff);
  if (policy.kind === 'fixed') return cur;
  for (let n = params.cutoff + 1; ; n = Math.min(policy.maxCutoff, Math.ceil(n * 1.5))) {
    if (n > policy.maxCutoff || cur.cutoff >= policy.maxCutoff) {
      throw new LindbladError('not-converged', `concurrence still changing at cutoff ${cur.cutoff} (max ${policy.maxCutoff})`, 'cutoff');
    }
    const next = solve(n);
    if (Math.abs(next.concurrence - cur.concurrence) <= policy.tolerance && next.topFockPopulation <= policy.tolerance) return next;
    cur = next;
  }
}
