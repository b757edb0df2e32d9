/**
 * First-order error estimates of the scaled cumulants of counting.ts, and their verdict.
 *
 * The generator L and the jump superoperators 𝒥_j are assembled in double precision: each entry carries a
 * relative error up to η (the steady-state solve's assumed data error, else 4ε), and the recursion rounds
 * every b_n. The cumulants can be far more sensitive to that than ρ_ss: in a metastable model (two blocks
 * joined by a rate 1e-12) c_2 ∝ 1/λ_slow, and a relative error ε in the entries moves λ_slow by ε‖L‖ — c_2
 * wrong in the 4th digit while ρ_ss is exact to 16 (the ratio of the slow rates fixes it).
 *
 * Estimate (the steady-state certificate's recipe, certificate.ts): the first-order response of the
 * recursion to entry perturbations E = η·S∘|L|, E_j = η·S_j∘|𝒥_j| (S a fixed sign pattern) and
 * a rounding ε·S∘|b_n| of each right-hand side, by the linearised recursion (Tr dx_n = 0)
 *     dx_0 = −L^# E x_0   (ρ_ss's own response: c_1 = Tr[𝒥_1 x_0] inherits it),
 *     dc_n = Σ_j C(n,j) Tr[𝒥_j dx_{n−j} + E_j x_{n−j}],
 *     dx_n = −L^# [E x_n + Σ_j C(n,j)((𝒥_j − c_j) dx_{n−j} + (E_j − dc_j) x_{n−j}) + ε S∘|b_n|],
 * with the same L^# (no new factorisation; `order` unrefined solves per pattern). δc_n = 10·max|dc_n| over
 * PATTERNS sign patterns (all signs +1, then random ones: one random pattern alone can cancel, e.g. on two
 * rows that mirror each other — a metastable model had c_2 wrong by 1.2e-4 relative while δc_2 said 2e-14)
 * + m·ε·Σ_j C(n,j) Tr[|𝒥_j|·|x_{n−j}|] (the rounding of the traces), at least 64ε·max(|c_n|, g_n). Every
 * entry of L is perturbed: in the real representation the Hamiltonian's part lies off the diagonal, and
 * jump operators that are not single transitions put sums there too (with the diagonal only, a 5-level
 * model with rates 1e-14 … 1 next to ‖H‖ ~ 1 stated δc_2 = 8e-20 for an error of 7e-18). dx_0 matters where a current is carried by a population the slow modes make
 * sensitive: a leak at rate 1e-12 out of a block holding 7e-13 of the population, whose ρ entry (and so c_1)
 * rounding moves by 9e-5 relative (dx_0 = 0 before: δc_1 said 1e-14 relative).
 * A cumulant is vouched for when δc_n ≤ CUMULANT_TOLERANCE·max(|c_n|, g_n), g_n = Σ_c |w_c|ⁿ·(jump rate of
 * c) its gross scale; otherwise the result is 'ill-conditioned'. Units: δc_n those of c_n.
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import { dotReal, realMatvec, type GroupInverse } from '../linalg/group-inverse.ts';
import type { Certificate } from '../steady/certificate.ts';

/** What the estimate reads of counting.ts's TiltedSystem (structural: no import back into counting.ts). */
export interface CountedSystem {
  readonly size: number;
  readonly trace: Float64Array;
  readonly steady: Float64Array;
  readonly generator: CsrMatrix;
  readonly jumps: ReadonlyArray<{ weight: number; matrix: CsrMatrix }>;
  readonly steadyCertificate: Certificate;
  moment(order: number): CsrMatrix;
  applyMoment(order: number, x: Float64Array, out: Float64Array, work: Float64Array): Float64Array;
}

/** Relative error (of max(|c_n|, g_n)) above which the cumulants are reported as 'ill-conditioned'. */
export const CUMULANT_TOLERANCE = 1e-6;

const EPS = Number.EPSILON;
/** Sign patterns whose responses are taken (pattern 0: all +1; each costs `order` solves with L^#). */
const PATTERNS = 2;

export interface CumulantErrors {
  /** δc_1 … δc_order (module comment). */
  errors: number[];
  /** 'accurate': every δc_n ≤ CUMULANT_TOLERANCE·max(|c_n|, g_n); else 'ill-conditioned'. */
  status: 'accurate' | 'ill-conditioned';
}

/** Binomial coefficient C(n, k) for small n (exact in double precision up to n = 50). */
export function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** A deterministic ±1 for (pattern, row, position) (a multiplicative hash; no state); +1 throughout for pattern 0. */
function sign(pattern: number, i: number, p: number): number {
  if (pattern === 0) return 1;
  return (Math.imul(i * 2654435761 + p * 40503 + pattern * 97, 2246822519) >>> 13) & 1 ? 1 : -1;
}

/** A matrix's pattern and the moduli |M_p| of its entries (computed once per estimate). */
interface AbsMatrix { readonly m: CsrMatrix; readonly abs: Float64Array }

function absMatrix(m: CsrMatrix): AbsMatrix {
  const v = m.values, abs = new Float64Array(m.rowPtr[m.rows]);
  for (let p = 0; p < abs.length; p++) abs[p] = Math.sqrt(v[2 * p] * v[2 * p] + v[2 * p + 1] * v[2 * p + 1]);
  return { m, abs };
}

/** A pattern derived from `pattern` for another use (offset k); the all-positive pattern 0 stays 0. */
function derived(pattern: number, k: number): number {
  return pattern === 0 ? 0 : pattern + k;
}

/** out ← (S∘|M|) x, S the sign pattern `pattern`. */
function signedAbsMatvec({ m, abs }: AbsMatrix, x: Float64Array, pattern: number, out: Float64Array): Float64Array {
  const rp = m.rowPtr, ci = m.colIdx;
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let p = rp[i]; p < rp[i + 1]; p++) s += sign(pattern, i, p) * abs[p] * x[ci[p]];
    out[i] = s;
  }
  return out;
}

/** Tr[|M|·|x|] = Σ_rows w_row Σ_p |M_row,p|·|x_p| (the sum of the moduli of the terms of Tr[M x]). */
function absTraceApply({ m, abs }: AbsMatrix, x: Float64Array, w: Float64Array): number {
  const rp = m.rowPtr, ci = m.colIdx;
  let s = 0;
  for (let i = 0; i < m.rows; i++) {
    if (w[i] === 0) continue;
    let r = 0;
    for (let p = rp[i]; p < rp[i + 1]; p++) r += abs[p] * Math.abs(x[ci[p]]);
    s += Math.abs(w[i]) * r;
  }
  return s;
}

function normInf(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s = Math.max(s, Math.abs(v[i]));
  return s;
}

/**
 * Error estimates for cumulants `c` (c[0] unused, c[n] = c_n) from the recursion's vectors xs (xs[n] = x_n,
 * n < order) and right-hand sides bs (bs[n] = b_n, n < order); `g` the group inverse (made for order 1 too: dx_0).
 */
export function cumulantErrors(sys: CountedSystem, c: readonly number[], xs: readonly Float64Array[], bs: readonly Float64Array[], g: GroupInverse): CumulantErrors {
  const order = c.length - 1, m = sys.size, w = sys.trace;
  const eta = Math.max(sys.steadyCertificate.conditioning?.perturbation ?? 0, 4 * EPS);
  // |𝒥_j| ≤ Σ_c |w_c|^j |γ_c o_c·o_c†| entrywise: the perturbations use the right side (no 𝒥_j is assembled).
  const jumpWork = new Float64Array(m), absJumps = sys.jumps.map((jump) => absMatrix(jump.matrix));
  const signedAbsMoment = (j: number, x: Float64Array, pattern: number, out: Float64Array) => {
    out.fill(0);
    sys.jumps.forEach((jump, c) => {
      signedAbsMatvec(absJumps[c], x, derived(pattern, 13 * c), jumpWork);
      const f = Math.abs(jump.weight) ** j;
      for (let i = 0; i < m; i++) out[i] += f * jumpWork[i];
    });
    return out;
  };
  const flux = sys.jumps.map((j) => dotReal(w, realMatvec(j.matrix, sys.steady)));
  const gross = Array.from({ length: order + 1 }, (_, j) => sys.jumps.reduce((acc, jump, k) => acc + Math.abs(jump.weight) ** j * Math.abs(flux[k]), 0));
  const nx = xs.map(normInf);
  const absGenerator = absMatrix(sys.generator), entryWork = new Float64Array(m);
  const worst = new Array<number>(order + 1).fill(0);
  const tmp = new Float64Array(m), rhs = new Float64Array(m);
  for (let pattern = 0; pattern < PATTERNS; pattern++) {
    const dx: Float64Array[] = [], dc: number[] = [0];
    const solve = (n: number) => { // rhs ← E x_n + rhs (E = η·S∘|L|); dx_n = −L^# rhs
      signedAbsMatvec(absGenerator, xs[n], derived(pattern, 5), entryWork);
      for (let i = 0; i < m; i++) rhs[i] += eta * entryWork[i];
      const y = g.apply(rhs, new Float64Array(m), 0); // unrefined: a first-order estimate needs few digits
      for (let i = 0; i < m; i++) y[i] = -y[i];
      return y;
    };
    rhs.fill(0);
    dx.push(solve(0)); // ρ_ss's own response to E
    for (let n = 1; n <= order; n++) {
      let d = 0;
      for (let j = 1; j <= n; j++) {
        d += binomial(n, j) * dotReal(w, sys.applyMoment(j, dx[n - j], tmp, rhs));
        d += binomial(n, j) * eta * dotReal(w, signedAbsMoment(j, xs[n - j], derived(pattern, 7 * j), rhs));
      }
      dc.push(d);
      worst[n] = Math.max(worst[n], Math.abs(d));
      if (n === order) break;
      rhs.fill(0);
      for (let j = 1; j <= n; j++) {
        const f = binomial(n, j);
        sys.applyMoment(j, dx[n - j], tmp, new Float64Array(m));
        for (let i = 0; i < m; i++) rhs[i] += f * (tmp[i] - c[j] * dx[n - j][i]);
        signedAbsMoment(j, xs[n - j], derived(pattern, 7 * j), tmp);
        for (let i = 0; i < m; i++) rhs[i] += f * (eta * tmp[i] - dc[j] * xs[n - j][i]);
      }
      const b = bs[n];
      for (let i = 0; i < m; i++) rhs[i] += EPS * sign(derived(pattern, 3), i, n) * Math.abs(b[i]);
      dx.push(solve(n));
    }
  }
  const errors: number[] = [];
  let status: CumulantErrors['status'] = 'accurate';
  for (let n = 1; n <= order; n++) {
    let rounding = 0;
    for (let j = 1; j <= n; j++) sys.jumps.forEach((jump, c) => { rounding += binomial(n, j) * Math.abs(jump.weight) ** j * absTraceApply(absJumps[c], xs[n - j], w); });
    const e = Math.max(10 * worst[n] + m * EPS * rounding, 64 * EPS * Math.max(Math.abs(c[n]), gross[n])); // never below 64 ulps of the scale
    errors.push(e);
    if (!(e <= CUMULANT_TOLERANCE * Math.max(Math.abs(c[n]), gross[n]))) status = 'ill-conditioned';
  }
  return { errors, status };
}
