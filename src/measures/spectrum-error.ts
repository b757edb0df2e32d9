/**
 * First-order error bounds of the resolvent values of spectrum.ts, and their verdict.
 *
 * Each value is S = −2 Re ŵᵀy with M y = x, M = L − iω on one symmetry sector (trace-bordered where it
 * holds the diagonal), x = X = Aρ_ss − ⟨A⟩ρ_ss, ŵ = conj(A) on the sector. S can be far more sensitive
 * than its residual says: in a metastable model (two blocks joined by a rate 1e-13) S(ω ≈ 0) ∝ 1/λ_slow,
 * and rounding of relative size u in L's entries moves λ_slow by u‖L‖ (4 digits at 1e-13, with a backward
 * error of 1e-17); a narrow line (γ = 1e-12) loses digits on its flanks, where L_ii − iω cancels. The
 * bound, with gᵀ = ŵᵀM⁻¹ from one adjoint solve Mᴴz = conj(ŵ) (the same LU, |g| = |z|):
 *
 *     δS ≤ 2 Σ_i |z_i| (η (T|y|)_i + η (|M||y|)_i + |r_i| + δx_i) + 2 m u Σ_u |ŵ_u||y_u|
 *
 * η = max(8u, the steady state's assumed data error): entrywise relative error of M's entries, taken
 * against T = Σ_t |θ_t||L_t| (the terms before they cancel) as well as |M| (the shift −iω and the border);
 * r = x − My, the refined solve's residual (the error the solve itself leaves); δx_i a bound on the error
 * of X's entry from ρ_ss's (the certificate's errorBound δ per real parameter, so |δρ_ij| ≤ √2δ):
 * δx_(i,j) = √2δ(Σ_k |A_ik| + |⟨A⟩| + |ρ_ij| Σ_kl |A_kl|) + n u (Σ_k |A_ik||ρ_kj| + |⟨A⟩||ρ_ij|); and the last
 * term the rounding of the trace (m unknowns). It is first order in these errors (exact to O(δ²)); the
 * adjoint solve is not refined (z to a few digits is enough for a bound). u = 2⁻⁵².
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import type { ShiftedLu } from '../linalg/shifted-lu.ts';
import type { DenseMatrix } from '../linalg/dense.ts';

/** A value is vouched for when δS(ω) ≤ SPECTRUM_TOLERANCE·max(|S(ω)|, SPECTRUM_FLOOR·max_ω' |S(ω')|). */
export const SPECTRUM_TOLERANCE = 1e-6;
export const SPECTRUM_FLOOR = 1e-6;

const U = Number.EPSILON;

/** What the bound needs besides the solve at one frequency (set up once per spectrum). */
export interface ResolventBoundData {
  /** Unknowns of the sector (the system may have one more: the border). */
  readonly size: number;
  /** T = Σ_t |θ_t||L_t| on the sector (real CSR, size × size). */
  readonly magnitude: CsrMatrix;
  /** conj(ŵ) padded to the system's length (interleaved complex): the adjoint solve's right-hand side. */
  readonly adjointRhs: Float64Array;
  /** |ŵ_u| per sector unknown. */
  readonly wAbs: Float64Array;
  /** δx_u per sector unknown (0 beyond), or null when ρ_ss's error is not estimated. */
  readonly xError: Float64Array | null;
  /** η: entrywise relative error of M. */
  readonly eta: number;
}

/**
 * δx per sector unknown u = (rowOf[u], colOf[u]) from ρ_ss's error δ per real parameter (module comment),
 * or null when δ is not known.
 */
export function stateErrorOfX(a: DenseMatrix, rho: DenseMatrix, mean: [number, number], rowOf: Int32Array, colOf: Int32Array,
  delta: number | null): Float64Array | null {
  if (delta === null || !Number.isFinite(delta)) return null;
  const n = a.rows, size = rowOf.length, meanAbs = Math.hypot(mean[0], mean[1]);
  const abs = (re: number, im: number) => Math.sqrt(re * re + im * im);
  // A's non-zero entries by row (|A_ik|, k), and |ρ| dense
  const aRow: Array<{ k: number[]; v: number[] }> = [], rowAbs = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const r = { k: [] as number[], v: [] as number[] };
    for (let k = 0; k < n; k++) { const v = abs(a.re(i, k), a.im(i, k)); if (v !== 0) { r.k.push(k); r.v.push(v); rowAbs[i] += v; total += v; } }
    aRow.push(r);
  }
  const rhoAbs = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) rhoAbs[k * n + j] = abs(rho.re(k, j), rho.im(k, j));
  const d = Math.SQRT2 * delta, out = new Float64Array(size);
  for (let u = 0; u < size; u++) {
    const i = rowOf[u], j = colOf[u], rij = rhoAbs[i * n + j], r = aRow[i];
    let rounding = meanAbs * rij;
    for (let p = 0; p < r.k.length; p++) rounding += r.v[p] * rhoAbs[r.k[p] * n + j];
    out[u] = d * (rowAbs[i] + meanAbs + rij * total) + n * U * rounding;
  }
  return out;
}

/**
 * δS at the current factorisation of `lu` (its last solve gave y, with residual lu.lastResidual); see the
 * module comment. Units: those of S.
 */
export function resolventError(lu: ShiftedLu, y: Float64Array, data: ResolventBoundData, work: ResolventWork): number {
  const { size, magnitude: t, wAbs, xError, eta } = data, m = lu.n, { z, yAbs, my } = work;
  const r = lu.lastResidual; // (read before the adjoint solve, which does not touch it)
  lu.solveAdjoint(data.adjointRhs, z);
  for (let i = 0; i < m; i++) yAbs[i] = Math.sqrt(y[2 * i] * y[2 * i] + y[2 * i + 1] * y[2 * i + 1]);
  lu.absApply(yAbs, my);
  const tp = t.rowPtr, tc = t.colIdx, tv = t.values;
  let bound = 0, trace = 0;
  for (let i = 0; i < m; i++) {
    let e = eta * my[i] + Math.sqrt(r[2 * i] * r[2 * i] + r[2 * i + 1] * r[2 * i + 1]);
    if (i < size) {
      let ty = 0;
      for (let p = tp[i]; p < tp[i + 1]; p++) ty += tv[2 * p] * yAbs[tc[p]];
      e += eta * ty + (xError ? xError[i] : 0);
      trace += wAbs[i] * yAbs[i];
    }
    bound += Math.sqrt(z[2 * i] * z[2 * i] + z[2 * i + 1] * z[2 * i + 1]) * e;
  }
  return 2 * bound + 2 * size * U * trace;
}

/** Scratch for resolventError on a system of m unknowns. */
export class ResolventWork {
  readonly z: Float64Array;
  readonly yAbs: Float64Array;
  readonly my: Float64Array;
  constructor(m: number) {
    this.z = new Float64Array(2 * m);
    this.yAbs = new Float64Array(m);
    this.my = new Float64Array(m);
  }
}

/** The verdict on the values S with bounds δS (module comment's tolerance). */
export function spectrumStatus(values: readonly number[], errors: readonly number[], stateErrorKnown: boolean): 'accurate' | 'ill-conditioned' | 'not estimated' {
  let peak = 0;
  for (const s of values) peak = Math.max(peak, Math.abs(s));
  for (let k = 0; k < values.length; k++) {
    if (!(errors[k] <= SPECTRUM_TOLERANCE * Math.max(Math.abs(values[k]), SPECTRUM_FLOOR * peak))) return 'ill-conditioned';
  }
  return stateErrorKnown ? 'accurate' : 'not estimated';
}
