/**
 * Error estimates for steady states solved by Krylov methods (iterative.ts, krylov-steady.ts), which have
 * no factorisation to take A⁻¹ from. A relative residual of 1e-12 says little about ρ: measured on random
 * 2–4-level models, such answers were off by up to 5e-4 (exact rational references), certified 'unique'.
 *
 * If x solves the system A·x = b to the computed residual r = b − A·x, and A carries data errors δA with
 * |δA·x| ≤ η·g entrywise, then to first order the exact solution is x + δ_r + δ_g with
 *
 *     A·δ_r = r   (the solve's own error: first order exact),   A·δ_g = −δA·x   (the data's),
 *
 * so each unknown's error is estimated as 2|δ_r| + SAFETY·max(|A⁻¹(g)|, |A⁻¹(s∘g)|): δ_r is the first-order
 * error itself, doubled for the correction solve's own error and second-order terms; the data part by the
 * first two sign vectors of linalg/condition.ts's estimate (all +1 and random signs s, times SAFETY), not
 * its whole pair-separating family: each draw is a Krylov solve, and ⌈log₂ N⌉ more made the Krylov steady
 * state of unstructured n = 30 and the Dicke route at N = 20 about 1.6× slower, while on 1,500 random 2–4
 * level models (exact rational answers, H up to 1e10) no error exceeded half its estimate. The three
 * correction solves run to the relative residual CORRECTION_TOL; one that does not converge gives no
 * estimate (every error Infinity: the answer is not vouched for).
 *
 * g for a Liouvillian (magnitudeOfAction): G(X) = |A|·X + X·|A|ᵀ + Σ_k γ_k |J_k|·X·|J_k|ᵀ at X = |ρ|,
 * |A| = |θ_H|·|H| + ½ Σ_k γ_k |J_k|ᵀ|J_k| (entrywise moduli). Every entry of L(ρ) is a sum of products whose
 * moduli add up to at most the entry of G(|ρ|), so the rounding of L — also where its entries cancel
 * exactly (γ − ½γ − ½γ on a population) — changes L(ρ) by a small multiple of ε·G(|ρ|).
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import type { KrylovResult } from '../linalg/krylov.ts';
import { norm2 } from '../linalg/vector.ts';
import { SAFETY } from '../linalg/condition.ts';
import type { FactoredLiouvillian } from '../liouvillian/factored.ts';
import { conditioningOf, type Conditioning } from './certificate.ts';
import { ETA } from './sector-solve.ts';

/** Relative residual of the correction solves. */
export const CORRECTION_TOL = 1e-3;

/** out += scale·|o|·X (transpose: |o|ᵀ·X); X and out n×n row-major real. */
function mulAbs(o: CsrMatrix, x: Float64Array, out: Float64Array, scale: number, transpose: boolean): void {
  const n = o.rows;
  for (let i = 0; i < n; i++) {
    for (let p = o.rowPtr[i]; p < o.rowPtr[i + 1]; p++) {
      const a = scale * Math.hypot(o.values[2 * p], o.values[2 * p + 1]), k = o.colIdx[p];
      if (a === 0) continue;
      const src = (transpose ? i : k) * n, dst = (transpose ? k : i) * n;
      for (let j = 0; j < n; j++) out[dst + j] += a * x[src + j];
    }
  }
}

function transposeInto(x: Float64Array, n: number, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = x[i * n + j];
  return out;
}

/**
 * G(X) = |A|·X + X·|A|ᵀ + Σ_k γ_k |J_k|·X·|J_k|ᵀ of the file comment for a symmetric X ≥ 0 (n×n row-major,
 * X = |ρ|); returns G, symmetric, n×n row-major.
 */
export function magnitudeOfAction(lv: FactoredLiouvillian, theta: ArrayLike<number>, x: Float64Array): Float64Array {
  const n = lv.n, m = new Float64Array(n * n), y = new Float64Array(n * n), yt = new Float64Array(n * n), jumps = new Float64Array(n * n);
  lv.terms.forEach((t, k) => {
    const c = Math.abs(theta[k]);
    if (c === 0) return;
    if (t.kind === 'hamiltonian') { mulAbs(t.h, x, m, c, false); return; }
    y.fill(0);
    mulAbs(t.o, x, y, 1, false); // Y = |J|·X
    mulAbs(t.o, y, m, 0.5 * c, true); // |A|·X ∋ ½γ|J|ᵀ·Y
    mulAbs(t.o, transposeInto(y, n, yt), jumps, c, false); // γ|J|·X·|J|ᵀ = γ|J|·Yᵀ (X symmetric)
  });
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[i * n + j] = m[i * n + j] + m[j * n + i] + jumps[i * n + j];
  return g;
}

/** |ρ| (n×n row-major) of a state given by complex values at positions (rowOf[u], colOf[u]); others 0. */
export function moduli(n: number, z: Float64Array, rowOf: ArrayLike<number>, colOf: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n * n);
  for (let u = 0; u < rowOf.length; u++) out[rowOf[u] * n + colOf[u]] = Math.hypot(z[2 * u], z[2 * u + 1]);
  // |ρ_ij| = |ρ_ji| for the Hermitian state; a raw solution may differ slightly: take the larger
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[i * n + j] = out[j * n + i] = Math.max(out[i * n + j], out[j * n + i]);
  return out;
}

/**
 * x ↦ η·G(|ρ|) at the unknowns (rowOf[u], colOf[u]) of x (complex, the state's entries there; others 0):
 * the bound of |δL·x| that correctionErrors takes, for L(θ) of `lv`.
 */
export function dataErrors(lv: FactoredLiouvillian, theta: ArrayLike<number>, rowOf: ArrayLike<number>, colOf: ArrayLike<number>): (x: Float64Array) => Float64Array {
  const n = lv.n;
  return (x) => {
    const g = magnitudeOfAction(lv, theta, moduli(n, x, rowOf, colOf));
    return Float64Array.from({ length: rowOf.length }, (_, u) => ETA * g[rowOf[u] * n + colOf[u]]);
  };
}

/** Row and column of each entry of vec ρ (vec index i + n·j). */
export function vecPositions(n: number): { rows: Int32Array; cols: Int32Array } {
  return { rows: Int32Array.from({ length: n * n }, (_, k) => k % n), cols: Int32Array.from({ length: n * n }, (_, k) => Math.floor(k / n)) };
}

export interface CorrectionErrors {
  /** Estimated error of each complex unknown (Infinity when a correction solve did not converge). */
  errors: Float64Array;
  /** max ‖A⁻¹v‖/‖v‖ over the right-hand sides solved: a lower bound of ‖A⁻¹‖₂ (0 when none was). */
  growth: number;
}

/**
 * Per-unknown error estimates of the file comment: `residual` r = b − A·x (complex), `g` ≥ |δA·x| per complex
 * unknown (η·G; 0 for equations known exactly), `solve` v ↦ A⁻¹v to CORRECTION_TOL.
 */
export function correctionErrors(residual: Float64Array, g: Float64Array, solve: (v: Float64Array) => KrylovResult): CorrectionErrors {
  const N = g.length, errors = new Float64Array(N);
  let growth = 0, failed = false;
  const add = (v: Float64Array, weight: number, max: Float64Array | null) => {
    const nv = norm2(v);
    if (!(nv > 0)) return;
    const res = solve(v);
    if (!res.converged) { failed = true; return; }
    growth = Math.max(growth, norm2(res.x) / nv);
    for (let i = 0; i < N; i++) {
      const a = weight * Math.hypot(res.x[2 * i], res.x[2 * i + 1]);
      if (max) max[i] = Math.max(max[i], a); else errors[i] += a;
    }
  };
  add(residual, 2, null);
  const data = new Float64Array(N), v = new Float64Array(2 * N);
  for (let i = 0; i < N; i++) v[2 * i] = g[i];
  add(v, SAFETY, data);
  let seed = 0x9e3779b9;
  for (let i = 0; i < N; i++) { // xorshift signs: the same estimate on every run
    seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
    if (seed & 1) v[2 * i] = -v[2 * i];
  }
  add(v, SAFETY, data);
  for (let i = 0; i < N; i++) errors[i] = failed ? Infinity : errors[i] + data[i];
  return { errors, growth };
}

/**
 * rcond of a solve without a factorisation: min(min |λ(P)| / s, 1/(s·‖P⁻¹‖)), ‖P⁻¹‖ ≥ `growth` from the
 * correction solves (0: none made), s = ‖P‖; `relativeSmallest` = min |λ(P)| / s.
 */
export function reciprocalCondition(relativeSmallest: number, scale: number, growth: number): number {
  return Math.min(relativeSmallest, growth > 0 ? 1 / (scale * growth) : Infinity);
}

/**
 * The Conditioning of ρ ∝ x from complex unknowns x with per-unknown errors e (correctionErrors) and the
 * complex indices of the populations; rcond as estimated by the caller.
 */
export function complexConditioning(x: Float64Array, e: Float64Array, diagonal: ArrayLike<number>, rcond: number): Conditioning {
  const N = e.length, xr = new Float64Array(2 * N), er = new Float64Array(2 * N), d = new Int32Array(diagonal.length);
  for (let i = 0; i < N; i++) { xr[2 * i] = x[2 * i]; xr[2 * i + 1] = x[2 * i + 1]; er[2 * i] = er[2 * i + 1] = e[i]; }
  for (let k = 0; k < d.length; k++) d[k] = 2 * diagonal[k];
  return conditioningOf(xr, er, d, rcond, 'estimate', ETA);
}
