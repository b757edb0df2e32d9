/**
 * Steady-state method choice by predicted cost (method { kind: 'auto' }, the default): the direct route
 * (sector plan + sparse LU, plan.ts) or preconditioned matrix-free GMRES (krylov-steady.ts).
 *
 * - A symmetry-sector solve (route 'sector' or 'split') is always direct: the sector is what makes it fast.
 * - Otherwise (route 'full', all n² unknowns) both are predicted in real multiply-adds:
 *     direct: DIRECT_WEIGHT × the LU of the real system of N = n² unknowns; for a Liouvillian with at
 *       least DENSE_PATTERN·N² structural non-zeros (bounded from the operators: 2n·nnz(A) + Σ_k nnz(J_k)²)
 *       the fill is taken as complete, N³/3; otherwise as at most that of a band LU, N·(b·n)² with b the
 *       largest bandwidth of A and the jumps (L couples (i, j) to (k, l) with |i − k|, |j − l| ≤ b, so its
 *       bandwidth in vec order is ≤ b(n + 1)): an over-estimate for local models (local chains n = 40,
 *       80: 2.6e6 and 4.1e7 against 4.9e5 and 5.9e6 from the symbolic analysis), complete fill for
 *       scattered sparse operators (b ~ n), whose LU does fill in. Only when the two predictions are
 *       within 3× of each other, and N ≤ SYMBOLIC_LIMIT, is the sparse LU's symbolic analysis asked
 *       (linalg/sparse-lu.ts estimateFill: it assembles L, and costs ~1 s for a fill-heavy N = 3600), so
 *       clear cases do not pay for it;
 *     krylov: 4 × (set-up + PREDICTED_APPLICATIONS × one application of the preconditioned operator), in
 *       complex multiply-adds (krylov-steady.ts iterationCost, setupCost), ×4 for real ones.
 *     iterative: the sparse route of method 'iterative' (GMRES + ILU(0) on the trace-pinned L, iterative.ts):
 *       ITERATIVE_WEIGHT × 4 × (the ILU(0) set-up, nnz(L)²/N, + ITERATIVE_APPLICATIONS × (3·nnz(L) + 60·N)),
 *       nnz(L) bounded as above: a sparse L whose LU fills in and whose Schur-basis Krylov operator is dense
 *       (a qubit between two driven cavities, n = 98, cold processes: ILU-GMRES 0.37 s, the LU 2.2 s,
 *       Krylov 6.1 s; bench/steady-choice.bench.ts).
 *   The cheapest prediction is chosen. PREDICTED_APPLICATIONS is a measured count, not a bound: 44–54
 *   GMRES iterations to the residual 1e-13 plus 58–66 for the uniqueness check on unstructured random
 *   models, n = 10–40 (not counted: the error estimate's three correction solves to 1e-3, solve-error.ts,
 *   about 30 % more time). When the Krylov solve does not converge, the choice falls back to the direct
 *   route, and an iterative attempt to the next-cheapest method (auto.ts); the certificate says so.
 * The choice, the reason and the predictions are returned in the certificate (`method`).
 */
import type { LindbladModel } from '../model/model.ts';
import type { MethodChoice } from './certificate.ts';
import type { FactoredLiouvillian } from '../liouvillian/factored.ts';
import { estimateFill } from '../linalg/sparse-lu.ts';
import { liouvillian } from '../liouvillian/liouvillian.ts';

/** Applications of the preconditioned operator assumed by the Krylov prediction (see the file comment). */
export const PREDICTED_APPLICATIONS = 120;
/**
 * What one multiply-add of the direct route costs in multiply-adds of the Krylov route's dense kernels
 * (measured CPU time on unstructured random models: n = 20, 760 ms for 2.1e7 LU multiply-adds against
 * 261 ms for 4.5e7 Krylov ones; n = 30, 2052 ms for 2.4e8 against 331 ms for 1.3e8: 3.3–6×).
 */
export const DIRECT_WEIGHT = 3;
/**
 * Applications of the ILU(0)-preconditioned pinned system assumed by the iterative prediction: GMRES to
 * 1e-12, the inverse iteration of the uniqueness check and the three correction solves of the error
 * estimate (iterative.ts). Measured on sparse models that ILU(0) suits (a qubit between two driven
 * cavities, n = 56–198: 15 GMRES iterations to 1e-12, ~150 applications in all); a model it does not suit
 * fails within the attempt's iteration limit (ITERATIVE_BUDGET) and falls back.
 */
export const ITERATIVE_APPLICATIONS = 150;
/** Sparse multiply-adds of the iterative route in multiply-adds of the Krylov route's dense kernels (as DIRECT_WEIGHT). */
export const ITERATIVE_WEIGHT = 3;
/**
 * An iterative attempt may cost this fraction of the next-cheapest prediction before it is abandoned for
 * that method (its iteration limit, AutoChoice): a stall costs at most ~ this much extra.
 */
export const ITERATIVE_BUDGET = 0.5;
/** Largest N for which the symbolic analysis is asked (it assembles L and, for a fill-heavy one, costs ~1 s at N = 3600). */
export const SYMBOLIC_LIMIT = 2500;
/** Structural density of L above which its LU is predicted to fill in completely. */
export const DENSE_PATTERN = 0.05;

/**
 * Complex multiply-adds of one application of the Krylov operator (krylov-steady.ts) for n levels and K
 * jumps: the triangular Sylvester solve (n³), 2n³ per jump (dense in the Schur basis), Gram–Schmidt
 * against m basis vectors (2m·n²).
 */
export function krylovIterationCost(n: number, k: number, m: number): number {
  return (1 + 2 * k) * n ** 3 + 2 * m * n * n;
}

/** Complex multiply-adds of the Krylov set-up: Schur form of A (≈ 10n³), K jumps to its basis (4n³ each), ‖L‖_∞ for the certificate ((K + 1)·n⁴). */
export function krylovSetupCost(n: number, k: number): number {
  return 10 * n ** 3 + 4 * k * n ** 3 + (k + 1) * n ** 4;
}

/** The method for a model whose plan solves all n² unknowns (route 'full'); lv and θ its factored Liouvillian. */
export function chooseFullRoute(model: LindbladModel, lv: FactoredLiouvillian, theta: ArrayLike<number>): MethodChoice {
  const n = lv.n, N = n * n, jumps: number[] = [];
  lv.terms.forEach((t, k) => { if (t.kind === 'channel' && theta[k] !== 0) jumps.push(t.o.nnz); });
  if (jumps.length === 0) return { kind: 'direct', requested: 'auto', reason: 'no channel with a positive rate: nothing to precondition with' };
  const krylovCost = 4 * (krylovSetupCost(n, jumps.length) + PREDICTED_APPLICATIONS * krylovIterationCost(n, jumps.length, Math.min(60, N)));
  const denseLu = N ** 3 / 3, am = lv.aMatrix(theta).a, bound = nonzeroBound(lv, theta);
  let band = bandwidth(am);
  lv.terms.forEach((t, k) => { if (t.kind === 'channel' && theta[k] !== 0) band = Math.max(band, bandwidth(t.o)); });
  let lu: number, how: string;
  if (bound >= DENSE_PATTERN * N * N) {
    lu = denseLu;
    how = `L has up to ${bound.toExponential(2)} non-zeros (≥ ${DENSE_PATTERN}·N²): complete fill assumed`;
  } else {
    lu = Math.min(denseLu, N * (band * n) ** 2);
    how = `operators of bandwidth ${band}: band LU of L, N·(${band}·n)² multiply-adds at most`;
    const r = krylovCost / (DIRECT_WEIGHT * lu);
    if (r > 1 / 3 && r < 3 && N <= SYMBOLIC_LIMIT) {
      lu = estimateFill(liouvillian(model)).mulAdds;
      how = 'fill predicted by the sparse LU\'s symbolic analysis (AMD)';
    }
  }
  const direct = DIRECT_WEIGHT * lu;
  const perIteration = 3 * bound + 2 * Math.min(30, N) * N; // matvec and the two ILU sweeps; Gram–Schmidt over ~30 vectors
  const iterative = ITERATIVE_WEIGHT * 4 * (bound * (bound / N) + ITERATIVE_APPLICATIONS * perIteration);
  const predicted = { direct, krylov: krylovCost, krylovIterations: PREDICTED_APPLICATIONS, iterative };
  const ratio = (krylovCost / direct).toPrecision(2);
  if (iterative < direct && iterative < krylovCost) {
    const next = Math.min(direct, krylovCost);
    // the iteration limit of the attempt: ITERATIVE_BUDGET of the next-cheapest prediction
    const maxIterations = Math.max(200, Math.floor((ITERATIVE_BUDGET * next) / (ITERATIVE_WEIGHT * 4 * perIteration)));
    return {
      kind: 'iterative', requested: 'auto', predicted, maxIterations,
      reason: `predicted cost of ILU(0)-preconditioned GMRES on the sparse L (≤ ${bound.toExponential(1)} non-zeros) ${(iterative / direct).toPrecision(2)}× that of the LU of ${N} unknowns (${how}) and ${(iterative / krylovCost).toPrecision(2)}× that of Schur-preconditioned GMRES`,
    };
  }
  return krylovCost < direct
    ? { kind: 'krylov', requested: 'auto', reason: `predicted cost of preconditioned GMRES ${ratio}× that of the LU of ${N} unknowns (${how})`, predicted }
    : { kind: 'direct', requested: 'auto', reason: `predicted cost of the LU of ${N} unknowns below that of preconditioned GMRES (${ratio}×; ${how})`, predicted };
}

/**
 * Upper bound on the non-zeros of L = Σ_t θ_t L_t without assembling it: 2n·nnz(A) for the non-Hermitian
 * part (A ⊗ 1 and 1 ⊗ A̅), nnz(o)² for each active jump's o ⊗ o̅.
 */
export function nonzeroBound(lv: FactoredLiouvillian, theta: ArrayLike<number>): number {
  let bound = 2 * lv.n * lv.aMatrix(theta).a.nnz;
  lv.terms.forEach((t, k) => { if (t.kind === 'channel' && theta[k] !== 0) bound += t.o.nnz * t.o.nnz; });
  return bound;
}

/** max |i − j| over the non-zeros of a square CSR matrix. */
function bandwidth(m: { rows: number; rowPtr: Int32Array; colIdx: Int32Array }): number {
  let b = 0;
  for (let i = 0; i < m.rows; i++) for (let p = m.rowPtr[i]; p < m.rowPtr[i + 1]; p++) b = Math.max(b, Math.abs(m.colIdx[p] - i));
  return b;
}
