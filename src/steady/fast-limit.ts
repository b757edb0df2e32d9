/**
 * Steady states with infinitely fast channels (rate = Infinity), e.g. a bath at β = +∞ with a fixed
 * absorption rate, whose emission rate Γ⁺e^β diverges. Write L = L_s + Λ L_f with L_f the fast channels at
 * unit rate, Λ → ∞. The limit steady state lies in ker L_f and solves the projected slow problem
 * P L_s ρ = 0, with P = V (W†V)⁻¹ W† the spectral projector onto ker L_f (V: right null vectors, W: left
 * null vectors, from singular values with the gap criterion of linalg/null-space.ts). First-order
 * degenerate perturbation theory; exact in the limit. The reduced k×k problem is trace-bordered,
 * equilibrated by powers of two and inverted explicitly, which gives its reciprocal condition number and a
 * normwise error estimate for the certificate. Dense, small models only.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { CsrMatrix } from '../linalg/sparse.ts';
import { denseLu } from '../linalg/lu.ts';
import { attempt, LinalgError } from '../linalg/errors.ts';
import { norm2 } from '../linalg/vector.ts';
import { rightNullSpace } from '../linalg/null-space.ts';
import { equilibrateCsrComplex } from '../linalg/equilibrate.ts';
import { LindbladError } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { superoperator, vectorize } from '../liouvillian/liouvillian.ts';
import { minEigenvalueBlockwise } from '../linalg/blocks.ts';
import { ILL_CONDITIONED, positivityToleranceOf, type Certificate } from './certificate.ts';
import { notUniqueMessage } from './degenerate.ts';
import { ETA } from './sector-solve.ts';

const LIMIT = 1600;

export interface FastLimitResult {
  rho: DenseMatrix;
  certificate: Certificate;
}

/**
 * ker of a dense square matrix: right null vectors of m and of m† (= left null vectors of m) as columns,
 * exact unit vectors for exactly-zero columns (linalg/null-space.ts), or a clear error.
 */
function kernel(m: DenseMatrix): { right: DenseMatrix; left: DenseMatrix; angle: number } {
  try {
    const r = rightNullSpace(m), l = rightNullSpace(m.adjoint());
    // first-order angles between the computed and the exact null spaces (Wedin): (σ_kernel + N·ε)/σ_next, relative to the
    // criterion's scale, for both sides
    const angleOf = (x: { kernel: number; next: number }) => (x.next === Infinity ? 0 : (x.kernel + m.rows * 2 ** -52) / x.next);
    return { right: r.vectors, left: l.vectors, angle: angleOf(r) + angleOf(l) };
  } catch (e) {
    if (e instanceof LinalgError && e.kind === 'not-converged') {
      throw new LindbladError('not-converged', `the stationary manifold of the infinitely fast channels is ambiguous (${e.message.replace(/^nullSpace: /, '')})`, 'channels');
    }
    throw e;
  }
}

/** The steady state in the limit where the channels with rate = Infinity are infinitely fast. */
export function fastLimitSteadyState(model: LindbladModel, degeneracyTolerance = 1e-14): FastLimitResult {
  const n = model.space.dim;
  if (n * n > LIMIT) {
    throw new LindbladError('unsupported', `infinite rates are supported for models of dimension ≤ ${Math.floor(Math.sqrt(LIMIT))} (this one has ${n})`, 'channels');
  }
  const fast = model.channels.filter((c) => c.rate === Infinity).map((c) => ({ operator: c.operator, rate: 1 }));
  const slow = model.channels.filter((c) => c.rate !== Infinity);
  const lf = superoperator(n, null, fast).toDense();
  const ls = superoperator(n, model.hamiltonian.matrix, slow).toDense();
  const ker = kernel(lf);
  const v = ker.right, w = ker.left.adjoint(); // N×k and k×N
  const k = v.cols;
  if (w.rows !== k) throw new LindbladError('unsupported', `the fast channels' stationary manifold has ${k} right but ${w.rows} left null vectors`, 'channels');
  let m: ReturnType<typeof denseLu>;
  try {
    m = denseLu(w.mul(v));
  } catch {
    throw new LindbladError('unsupported', 'the fast channels have a non-diagonalisable stationary manifold', 'channels');
  }
  const leff = m.solveMatrix(w.mul(ls).mul(v)); // (W†V)⁻¹ W† L_s V, k×k
  // Trace functional on the reduced coordinates: t_V = tᵀ V.
  const tv = new Float64Array(2 * k);
  for (let j = 0; j < k; j++) {
    for (let d = 0; d < n; d++) {
      tv[2 * j] += v.re(d + n * d, j);
      tv[2 * j + 1] += v.im(d + n * d, j);
    }
  }
  // Bordered system [[L_eff, t̄_V], [t_V, 0]], equilibrated: non-singular iff the limit state is unique.
  const b = new DenseMatrix(k + 1, k + 1);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) b.set(i, j, leff.re(i, j), leff.im(i, j));
  for (let j = 0; j < k; j++) {
    b.set(k, j, tv[2 * j], tv[2 * j + 1]);
    b.set(j, k, tv[2 * j], -tv[2 * j + 1]);
  }
  const csr = CsrMatrix.fromDense(b), rows = new Float64Array(k + 1), cols = new Float64Array(k + 1);
  equilibrateCsrComplex(k + 1, csr.rowPtr, csr.colIdx, csr.values, rows, cols);
  const a = csr.toDense();
  const lu = attempt(() => denseLu(a));
  const inverseNorm = lu ? attempt(() => inverseNormOne(lu, k + 1)) ?? Infinity : Infinity;
  const norm = normOne(a), rcond = norm > 0 && Number.isFinite(inverseNorm) ? 1 / (norm * inverseNorm) : 0;
  if (!lu || !(rcond > degeneracyTolerance)) {
    throw new LindbladError('not-unique', notUniqueMessage('in the limit of the infinitely fast channels', 'make the rates finite (a basis of the stationary states is only computed for finite rates)', rcond), 'model');
  }
  const rhs = new Float64Array(2 * (k + 1));
  rhs[2 * k] = rows[k];
  const y = lu.solve(rhs);
  const c = new Float64Array(2 * k);
  for (let j = 0; j < k; j++) { c[2 * j] = cols[j] * y[2 * j]; c[2 * j + 1] = cols[j] * y[2 * j + 1]; }
  const x = v.matvec(c);
  const raw = new DenseMatrix(n, n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) raw.set(i, j, x[2 * (i + n * j)], x[2 * (i + n * j) + 1]);
  const h = raw.hermitianPart();
  const traceH = h.trace()[0], rho = h.scale(1 / traceH);
  const vec = vectorize(rho);
  // Residuals of both conditions: L_f ρ = 0 and P L_s ρ = 0 (the latter as ‖(W†V)⁻¹ W† L_s ρ‖).
  const rf = norm2(lf.matvec(vec));
  const rs = norm2(m.solve(w.matvec(ls.matvec(vec))));
  const scale = Math.max(1e-300, CsrMatrix.fromDense(ls).normInf(), CsrMatrix.fromDense(lf).normInf());
  const residual = Math.max(rf, rs);
  const tr = rho.trace();
  let top = 0;
  for (let q = 0; q < rho.data.length; q++) top = Math.max(top, Math.abs(rho.data[q]));
  // Normwise first-order estimate: relative data errors η (k + 1 of them per row) amplified by 1/rcond …
  let errorBound = ((k + 1) * ETA / rcond + (n + 2) * 2 ** -53) * top;
  // … plus what the reduction adds: V and W are the computed null spaces, at an angle θ from the exact ones,
  // so L_eff = (W†V)⁻¹W†L_sV carries an error ≤ ‖(W†V)⁻¹‖₁‖L_s‖₁(θ + N·ε)·k, which the bordered system
  // [[L_eff, t̄], [t, 0]] amplifies by its ‖B⁻¹‖₁ into c, and ρ = Vc is off by θ‖c‖ more (audit: with
  // rates over decades beside an infinite one, ρ was off by 1.2e-10 while the bound said 1.4e-14)
  // ‖B⁻¹‖₁ = ‖D_c A⁻¹ D_r‖₁ ≤ max|D_c|·‖A⁻¹‖₁·max|D_r| for the equilibrated A = D_r B D_c (no more solves)
  let maxRow = 0, maxCol = 0;
  for (let j = 0; j <= k; j++) { maxRow = Math.max(maxRow, Math.abs(rows[j])); maxCol = Math.max(maxCol, Math.abs(cols[j])); }
  const bInverse = maxCol * inverseNorm * maxRow;
  const mInverse = attempt(() => inverseNormOne(m, k)) ?? Infinity;
  let cNorm = 0;
  for (let j = 0; j < k; j++) cNorm += Math.hypot(c[2 * j], c[2 * j + 1]);
  const dLeff = mInverse * normOne(ls) * (ker.angle + n * n * 2 ** -52) * k;
  errorBound += (bInverse * dLeff + ker.angle) * cNorm / Math.abs(traceH);
  const minEigenvalue = minEigenvalueBlockwise(rho);
  const positivityTolerance = positivityToleranceOf(n, errorBound);
  if (!(minEigenvalue >= -positivityTolerance)) {
    throw new LindbladError('not-converged', `the computed steady state has an eigenvalue ${minEigenvalue.toExponential(3)} below −${positivityTolerance.toExponential(2)}; it is not returned`, 'rho');
  }
  return {
    rho,
    certificate: {
      residual,
      relativeResidual: residual / (scale * norm2(vec)),
      traceError: Math.hypot(tr[0] - 1, tr[1]),
      hermiticityError: raw.scale(1 / raw.trace()[0]).hermiticityError(),
      minEigenvalue,
      unique: true,
      status: errorBound <= ILL_CONDITIONED ? 'unique' : 'ill-conditioned',
      uniqueness: { smallestEigenvalue: 1 / inverseNorm, scale: norm, ratio: rcond },
      conditioning: { rcond, method: 'exact', errorBound, vouchedAbove: errorBound, perturbation: ETA },
      positivityTolerance,
      solver: 'dense (infinite-rate limit)',
      unknowns: k,
    },
  };
}

/** ‖A‖₁ of a complex dense matrix (max column sum of moduli). */
function normOne(a: DenseMatrix): number {
  let best = 0;
  for (let j = 0; j < a.cols; j++) {
    let s = 0;
    for (let i = 0; i < a.rows; i++) s += Math.hypot(a.re(i, j), a.im(i, j));
    best = Math.max(best, s);
  }
  return best;
}

/** ‖A⁻¹‖₁ from n solves. */
function inverseNormOne(lu: { solve(b: Float64Array): Float64Array }, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(2 * n);
    e[2 * j] = 1;
    const x = lu.solve(e);
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.hypot(x[2 * i], x[2 * i + 1]);
    if (!(s <= best)) best = s;
  }
  return best;
}
