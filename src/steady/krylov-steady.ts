/**
 * Steady state by preconditioned matrix-free GMRES, for models whose Liouvillian is too dense to factorise
 * cheaply (dense H and jumps: L has n⁴ entries, an LU costs ~n⁶). Split L = S_σ + R_σ with the shifted
 * Sylvester part and the rest
 *
 *     S_σ(X) = A·X + X·A† − σX,   R_σ(X) = Σ_k γ_k J_k X J_k† + σX,   A = −iH − ½Σ_k γ_k J_k†J_k,
 *
 * S_σ⁻¹ applied in O(n³) through the Schur form of A (linalg/lyapunov.ts). T_σ = −R_σ∘S_σ⁻¹ is completely
 * positive and trace preserving (S_σ⁻¹ X = −∫₀^∞ e^{(A−σ/2)t} X e^{(A−σ/2)†t} dt for X ≥ 0, and
 * Tr R_σ(X) = −Tr S_σ(X)), so L∘S_σ⁻¹ = I − T_σ has its spectrum in the disc |z − 1| ≤ 1, with 0 for the
 * stationary state. The trace constraint moves that 0 (Brauer's theorem, tᵀ = Tr is a left null vector of
 * L∘S_σ⁻¹): GMRES solves
 *
 *     K·y = u,   K = I − T_σ + u·Trᵀ  (i.e. (L + u·Tr∘S_σ)·x = u with x = S_σ⁻¹y),   u = vec(I/n),
 *
 * whose eigenvalues are those of I − T_σ with the stationary 0 replaced by Tr u = 1. Taking the trace of
 * L·x + u·Tr S_σ(x) = u gives Tr S_σ(x) = 1 (Tr L x = 0), hence L·x = 0: x ∝ ρ_ss, with trace
 * −1/(Σγ⟨J†J⟩ + σ); ρ = x/Tr x, Hermitian part. K is singular exactly when L has more than one
 * stationary state (for unique ρ_ss, Tr S_σ ρ_ss ≠ 0 since σ > 0 or the jump rate is positive). The shift
 * σ keeps every λ_i + conj λ_j − σ away from 0: σ = 0 when the slowest no-jump decay rate −2 Re λ_min is
 * at least SHIFT_FLOOR of the mean one, else it is raised to that.
 *
 * What is checked, and reported in the certificate: the residual ‖L vec ρ‖ recomputed from the model's
 * operators in the original basis (matrix form, not the Schur basis, not through the preconditioner; the
 * matrix form is tested against the entrywise operator of matrix-free.ts), trace, Hermiticity
 * and positivity (certificate.ts); uniqueness only numerically — inverse iteration on K with Krylov inner
 * solves from a random start (iterative.ts, smallestEigenvalueOf) estimates min |λ(K)| (dimensionless:
 * the distance of T_σ's second eigenvalue from 1); it is an estimate from above, not a proof. The error
 * estimate (conditioning, method 'estimate') comes from three correction solves with K (solve-error.ts):
 * a relative residual of 1e-16 does not make ρ accurate when L is ill-conditioned (random 3-level models:
 * off by 1.6e-4 at 1.7e-16, certified 'unique' without a bound before).
 */
import { LindbladError } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { FactoredLiouvillian } from '../liouvillian/factored.ts';
import { residualFloorFactor } from '../liouvillian/residual-floor.ts';
import { MatrixFormLiouvillian } from '../liouvillian/matrix-form.ts';
import { familyOperator } from '../liouvillian/family-operator.ts';
import { complexSchur } from '../linalg/schur.ts';
import { ShiftedLyapunovInverse } from '../linalg/lyapunov.ts';
import { gmres, type KrylovResult, type LinearOperator } from '../linalg/krylov.ts';
import { diagonalPositions } from '../linalg/bordered.ts';
import type { DenseMatrix } from '../linalg/dense.ts';
import { liouvillian, vectorize } from '../liouvillian/liouvillian.ts';
import { CORRECTION_TOL, complexConditioning, correctionErrors, dataErrors, reciprocalCondition, vecPositions } from './solve-error.ts';
import { denseData, mulAdd, mulAdjointAdd, type ColMajorFactor } from '../linalg/colmajor.ts';
import type { SuperoperatorAction } from '../liouvillian/operator.ts';
import { certify, type Conditioning, type MethodChoice } from './certificate.ts';
import { degenerate } from './degenerate.ts';
import { smallestEigenvalueOf, RESTART_MEMORY, UNEQUILIBRATED } from './iterative.ts';
import { normaliseHermitian, unvec, type SteadyStateResult } from './result.ts';
import { resolveKrylov, type KrylovMethod, type ResolvedSteadyOptions } from './options.ts';

export type { KrylovMethod } from './options.ts';

/** The shift raises the slowest no-jump decay rate to at least this fraction of the mean one. */
export const SHIFT_FLOOR = 0.1;
/** Inner solves of the uniqueness check: relative residual. */
const INNER_TOL = 1e-4;

/** The model prepared for Krylov solves: its factored and matrix-form Liouvillian (cost model: choice.ts). */
export class KrylovSteady {
  readonly model: LindbladModel;
  readonly lv: FactoredLiouvillian;
  readonly theta: Float64Array;
  readonly l: MatrixFormLiouvillian;

  constructor(model: LindbladModel) {
    this.model = model;
    const { liouvillian: lv, coefficients } = FactoredLiouvillian.fromModel(model, 'active');
    this.lv = lv;
    this.theta = coefficients;
    this.l = new MatrixFormLiouvillian(lv, coefficients);
  }

  /**
   * L as the certificate sees it: the matrix-form action in the original basis (neither the Schur basis nor
   * the preconditioner: the residual is recomputed from the model's operators) and its exact ‖L‖_∞;
   * the entrywise operator (matrix-free.ts) when an operator is sparse.
   */
  private residualOperator(): SuperoperatorAction {
    const l = this.l;
    if (l.a.kind === 'sparse' || l.jumps.some((j) => j.kind === 'sparse')) return familyOperator(this.lv, this.theta);
    return { rows: l.rows, matvec: (x, y = new Float64Array(2 * l.rows)) => l.apply(x, y), normInf: () => l.normInf() };
  }

  /** Solves for ρ_ss and certifies it (see the file comment); throws LindbladError('not-converged') if GMRES stalls. */
  solve(method: KrylovMethod, o: Pick<ResolvedSteadyOptions, 'onDegenerate' | 'degeneracyTolerance'>, choice?: MethodChoice): SteadyStateResult {
    const l = this.l, n = l.n, N = n * n;
    if (l.jumps.length === 0) throw new LindbladError('unsupported', 'the Krylov steady-state method needs at least one channel with a positive rate', 'method');
    const { tol, maxIter } = resolveKrylov(method);
    const schur = complexSchur(l.aDense);
    const sigma = shiftFor(schur.t, n);
    const ly = new ShiftedLyapunovInverse(schur, sigma);
    // Everything below is in the Schur basis X = Q·Y·Q† (unitary: norms and traces unchanged), where
    // S_σ⁻¹ is one triangular solve and K(y) = y + Σ_k γ_k J̃_k z J̃_k† + σz + (Tr y/n)·I, z = S_σ⁻¹y, J̃ = Q†JQ.
    const jt = l.jumps.map((j): ColMajorFactor => ({ kind: 'dense', n, data: ly.toSchur(denseData(j), new Float64Array(2 * N)) }));
    const z = new Float64Array(2 * N), tmp = new Float64Array(2 * N);
    const k: LinearOperator = {
      n: N,
      matvec: (y, out) => {
        ly.solveSchur(y, z);
        out.set(y);
        for (let c = 0; c < jt.length; c++) {
          tmp.fill(0);
          mulAdd(jt[c], z, tmp);
          mulAdjointAdd(tmp, jt[c], out, l.rates[c], 0);
        }
        if (sigma !== 0) for (let q = 0; q < 2 * N; q++) out[q] += sigma * z[q];
        let tr = 0, ti = 0;
        for (let i = 0; i < n; i++) { tr += y[2 * (i + n * i)]; ti += y[2 * (i + n * i) + 1]; }
        for (let i = 0; i < n; i++) { out[2 * (i + n * i)] += tr / n; out[2 * (i + n * i) + 1] += ti / n; }
        return out;
      },
    };
    const u = new Float64Array(2 * N);
    for (let i = 0; i < n; i++) u[2 * (i + n * i)] = 1 / n;
    const restart = Math.min(maxIter, Math.max(10, Math.floor(RESTART_MEMORY / (16 * N))));
    const res = gmres(k, u, { tol, maxIter, restart });
    const shiftNote = sigma > 0 ? `, shift σ = ${sigma.toExponential(2)}` : '';
    const solver = `GMRES (restart ${restart}) on (L + u·Tr∘S)∘S⁻¹ with S(X) = AX + XA†${shiftNote} the Sylvester part, matrix-free in the Schur basis of A`;
    if (!res.converged) {
      throw new LindbladError('not-converged', `the Krylov steady-state solve reached the relative residual ${res.residualNorm.toExponential(1)} after ${res.iterations} iterations, not ${tol}; `
        + "use the direct solver (method { kind: 'direct' })", 'method');
    }
    const xs = ly.fromSchur(ly.solveSchur(res.x, new Float64Array(2 * N)), new Float64Array(2 * N));
    // Uniqueness: min |λ| of K by inverse iteration, inner GMRES solves on K itself.
    let innerIterations = 0;
    const smallest = smallestEigenvalueOf(k, (v, x0) => {
      const r = gmres(k, v, { tol: INNER_TOL, maxIter, restart, x0 });
      innerIterations += r.iterations;
      return r;
    }, o.degeneracyTolerance, 'GMRES');
    const via = `numerical only: inverse-iteration estimate (4 random-start Krylov solves, ${innerIterations} iterations) of min |λ| = ${smallest.toExponential(2)} of the preconditioned, trace-modified operator`
      + ' I − T + u·Trᵀ (T the jump map, CPTP; min |λ| is the distance of its second eigenvalue from 1), an estimate from above, not a proof';
    if (!(smallest > o.degeneracyTolerance)) {
      return degenerate(this.model, o, { smallestEigenvalue: smallest, scale: 1, solver, reason: `the preconditioned Krylov operator is numerically singular (${UNEQUILIBRATED})` }, liouvillian(this.model));
    }
    const raw = unvec(xs, n), tr = raw.trace()[0];
    const rho = normaliseHermitian(raw);
    const conditioning = this.conditioning(rho, (v) => {
      const w = v.slice(); // with Tr w = 0, K·y = w gives L·δ = w for δ = S⁻¹y (file comment)
      let tr = 0, ti = 0;
      for (let i = 0; i < n; i++) { tr += w[2 * (i + n * i)]; ti += w[2 * (i + n * i) + 1]; }
      for (let i = 0; i < n; i++) { w[2 * (i + n * i)] -= tr / n; w[2 * (i + n * i) + 1] -= ti / n; }
      const r = gmres(k, ly.toSchur(w, new Float64Array(2 * N)), { tol: CORRECTION_TOL, maxIter, restart });
      r.x = ly.fromSchur(ly.solveSchur(r.x, new Float64Array(2 * N)), new Float64Array(2 * N));
      return r;
    }, smallest);
    const certificate = certify(this.residualOperator(), rho, {
      unique: true, smallestEigenvalue: smallest, scale: 1, solver: `${solver}, ${res.iterations} iterations`,
      hermiticityBefore: raw.hermiticityError() / Math.abs(tr), uniquenessVia: via, method: choice, conditioning,
      residualFloor: () => residualFloorFactor(this.lv, this.theta),
    });
    return { rho, certificate };
  }

  /**
   * Error estimate of ρ by correction solves (solve-error.ts): δ with L·δ = −L(ρ), and the response to
   * the data errors η·G(|ρ|); `solve` v ↦ δ with L·δ = v. rcond: min(min |λ(K)|, 1/(‖L‖_∞·‖δ‖/‖v‖)).
   */
  private conditioning(rho: DenseMatrix, solve: (v: Float64Array) => KrylovResult, smallest: number): Conditioning {
    const n = this.l.n, N = n * n, x = vectorize(rho), r = this.l.apply(x, new Float64Array(2 * N));
    for (let q = 0; q < 2 * N; q++) r[q] = -r[q];
    const { rows, cols } = vecPositions(n);
    const { errors, growth } = correctionErrors(r, dataErrors(this.lv, this.theta, rows, cols)(x), solve);
    const rcond = reciprocalCondition(smallest, this.l.normInf(), growth);
    return complexConditioning(x, errors, diagonalPositions(n), rcond);
  }
}

/**
 * σ ≥ 0 with −2 Re λ_min + σ ≥ SHIFT_FLOOR · mean_i(−2 Re λ_i) (λ the diagonal of the Schur form T of A),
 * so that every |λ_i + conj λ_j − σ| ≥ SHIFT_FLOOR times the mean decay rate.
 */
function shiftFor(t: Float64Array, n: number): number {
  let mean = 0, slowest = Infinity;
  for (let i = 0; i < n; i++) {
    const d = -2 * t[2 * (i * n + i)];
    mean += d / n;
    slowest = Math.min(slowest, d);
  }
  return Math.max(0, SHIFT_FLOOR * mean - slowest);
}
