/**
 * evolve's matrix-form route: for models whose Liouvillian is dense or nearly so, y' = L·y is integrated
 * with L applied in matrix form (liouvillian/matrix-form.ts: L(ρ) = Aρ + ρA† + Σ_k γ_k J_kρJ_k†,
 * A = −iH − ½Σ_k γ_k J_k†J_k, O(n³) per dense factor) and never assembled: assembling the n²×n² matrix
 * alone costs more than the whole evolution (dense d = 24: 331,776 entries, 0.2–0.5 s).
 *
 * Taken when all of these hold (otherwise null, and propagate.ts assembles L as before):
 * - A is structurally dense (every A_ij stored). Then the sector restriction cannot shrink anything: row
 *   (i, j) of L couples to every (k, j) through A_ik, so every vec index is reachable from any support, and
 *   evolving all n² unknowns is exactly what the restriction would do;
 * - the matrix-form product costs at most half the assembled one (estimated nnz(L) ≤ 2n·nnz(A) + Σ nnz(J_k)²);
 * - every output time lies within the exponential's accurate horizon t_acc (long-time.ts) for the bound
 *   ‖L‖₁ ≤ 2‖A‖₁ + Σ_k γ_k‖J_k‖₁² (the induced 1-norm is multiplicative on Kronecker products, and
 *   vec L = I⊗A + Ā⊗I + Σ γ_k J̄_k⊗J_k);
 * - the method is 'dopri5' (as requested) or 'auto' choosing 'krylov' or 'dopri5' (choice.ts). When 'auto'
 *   predicts 'expm' or 'implicit' cheapest, that choice is handed back to run on the assembled matrix.
 * No rotating frame is used here (it is an optimisation; the lab-frame evolution is exact).
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import { integrateLinear, type IntegrateStats, type LinearAction, type LinearMethod } from '../linalg/ode/index.ts';
import { FactoredLiouvillian } from '../liouvillian/factored.ts';
import { MatrixFormLiouvillian } from '../liouvillian/matrix-form.ts';
import { factorCost } from '../linalg/colmajor.ts';
import type { LindbladModel } from '../model/model.ts';
import { ACCURATE_ERROR, LOST_ERROR, type LongTimeInfo } from './long-time.ts';
import { candidateMethod, cheapExpm, chooseMethod, type MethodChoice } from './choice.ts';
import type { EvolveMethod } from './input.ts';

/** The outcome of the matrix-form route: all n² unknowns evolved, in the lab frame. */
export interface MatrixFormRun {
  states: Float64Array[];
  stats: IntegrateStats;
  linear: LinearMethod;
  info: LongTimeInfo;
  choice: MethodChoice | null;
  /** The integrator's accumulated local errors per output (OdeResult.errors; dopri5 and krylov report them). */
  localErrors: number[] | null;
}

/** ‖X‖₁ = max_j Σ_i |x_ij|. */
function norm1(x: CsrMatrix): number {
  return x.transpose().normInf();
}

/**
 * An upper bound on the stored entries of A = −iH − ½Σ_k γ_k J_k†J_k from the operators' row counts alone:
 * (J†J)_ab needs a row of J with entries in columns a and b, so nnz(J†J) ≤ Σ_rows c_r². O(n + nnz), no
 * products: most models are declined here without building the factored Liouvillian.
 */
function aEntriesBound(model: LindbladModel): number {
  const n = model.space.dim;
  let bound = model.hamiltonian.matrix.nnz;
  for (const c of model.channels) {
    const { rowPtr } = c.operator.matrix;
    let pairs = 0;
    for (let r = 0; r < n; r++) { const cr = rowPtr[r + 1]! - rowPtr[r]!; pairs += cr * cr; }
    bound += Math.min(n * n, pairs);
  }
  return bound;
}

/**
 * The matrix-form propagation of `full` (vec X0, length 2n²) when it applies (module comment); else null,
 * or { choice } when 'auto' chose a method that needs the assembled matrix. Integration failures are
 * OdeError (propagate.ts reports them).
 */
export function matrixFormPropagation(model: LindbladModel, full: Float64Array, ts: number[], method: EvolveMethod & { kind: 'auto' | 'dopri5' },
  autoTolerances: { rtol: number; atol: number }): MatrixFormRun | { choice: MethodChoice } | null {
  const n = model.space.dim;
  if (model.hasInfiniteRates() || n < 4 || aEntriesBound(model) < n * n) return null;
  const { liouvillian: lv, coefficients } = FactoredLiouvillian.fromModel(model);
  const { a, aT } = lv.aMatrix(coefficients);
  if (a.nnz < n * n) return null;
  let assembledCost = 2 * n * a.nnz, bound = 2 * aT.normInf();
  lv.terms.forEach((t, k) => {
    if (t.kind !== 'channel') return;
    assembledCost += t.o.nnz ** 2;
    bound += coefficients[k] * norm1(t.o) ** 2;
  });
  if (!Number.isFinite(bound)) return null; // propagate.ts reports the overflow
  const accurate = bound > 0 ? ACCURATE_ERROR / (Number.EPSILON * bound) : Infinity;
  if (ts.some((t) => t > accurate)) return null;
  const mf = new MatrixFormLiouvillian(lv, coefficients);
  let cost = 2 * factorCost(mf.a);
  for (const j of mf.jumps) cost += 2 * factorCost(j);
  if (cost > assembledCost / 2) return null;
  const action: LinearAction = { rows: n * n, matvec: (x, y) => mf.apply(x, y) };
  let choice: MethodChoice | null = null, linear: LinearMethod;
  if (method.kind === 'dopri5') {
    linear = { kind: 'dopri5', rtol: method.rtol, atol: method.atol };
  } else {
    const rtol = method.rtol ?? autoTolerances.rtol, atol = method.atol ?? autoTolerances.atol;
    const expm = cheapExpm(n * n, bound, ts);
    if (expm) return { choice: expm };
    const chosen = chooseMethod({ action, unknowns: n * n, productCost: cost, matrixNnz: assembledCost, assembled: false, norm1: bound, y0: full, times: ts, rtol });
    choice = chosen.choice;
    if (choice.method === 'implicit' || choice.method === 'expm') return { choice }; // run on the assembled matrix
    linear = candidateMethod(choice.method, rtol, atol, bound, chosen.segment);
    choice.reason += '; matrix-form products (L not assembled)';
  }
  const run = integrateLinear(action, full, ts, linear);
  const info: LongTimeInfo = { accurateUntil: accurate, lostAfter: bound > 0 ? LOST_ERROR / (Number.EPSILON * bound) : Infinity, steadyFrom: null, distance: null, roundingError: 0 };
  return { states: run.states, stats: run.stats, linear, info, choice, localErrors: run.errors ?? null };
}
