/**
 * Steady states with infinitely fast channels (rate = Infinity), e.g. a bath at β = +∞ with a fixed
 * absorption rate, whose emission rate Γ⁺e^β diverges. Write L = L_s + Λ L_f with L_f the fast channels at
 * unit rate, Λ → ∞. The limit steady state lies in ker L_f and solves the projected slow problem
 * P L_s ρ = 0, with P = V (W V)⁻¹ W the spectral projector onto ker L_f (V: right null vectors, W: left
 * null vectors). First-order degenerate perturbation theory; exact in the limit. Dense, small models only.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { CsrMatrix } from '../linalg/sparse.ts';
import { eigh } from '../linalg/eigh.ts';
import { denseLu } from '../linalg/lu.ts';
import { attempt } from '../linalg/errors.ts';
import { norm2 } from '../linalg/vector.ts';
import { LindbladError } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { superoperator, vectorize } from '../liouvillian/liouvillian.ts';
import { borderedSystem } from '../linalg/bordered.ts';
import { smallestEigenvalueEstimate } from '../linalg/inverse-iteration.ts';
import { minEigenvalueBlockwise } from '../linalg/blocks.ts';
import { POSITIVITY_FLOOR, type Certificate } from './certificate.ts';

const LIMIT = 1600;

/**
 * Columns spanning the null space of a dense square matrix. Exactly-zero columns give exact unit null
 * vectors (no round-off noise in entries that must vanish); the null space of the remaining columns comes
 * from the eigenvectors of M†M with eigenvalues below tol·λ_max (round-off there is ~ε·λ_max).
 */
function nullSpace(m: DenseMatrix, tol = 1e-12): DenseMatrix {
  const zero: number[] = [], rest: number[] = [];
  for (let j = 0; j < m.cols; j++) {
    let nz = false;
    for (let i = 0; i < m.rows && !nz; i++) nz = m.re(i, j) !== 0 || m.im(i, j) !== 0;
    (nz ? rest : zero).push(j);
  }
  const sub = new DenseMatrix(m.rows, rest.length);
  rest.forEach((j, b) => { for (let i = 0; i < m.rows; i++) sub.set(i, b, m.re(i, j), m.im(i, j)); });
  const cols: Array<(i: number) => [number, number]> = zero.map((z) => (i: number) => [i === z ? 1 : 0, 0]);
  if (rest.length > 0) {
    const { values, vectors } = eigh(sub.adjoint().mul(sub));
    const top = Math.max(values[values.length - 1], 1e-300);
    for (let k = 0; k < values.length && values[k] <= tol * top; k++) {
      const pos = new Map(rest.map((j, b) => [j, b]));
      cols.push((i) => {
        const b = pos.get(i);
        return b === undefined ? [0, 0] : [vectors.re(b, k), vectors.im(b, k)];
      });
    }
  }
  const out = new DenseMatrix(m.cols, cols.length);
  cols.forEach((f, j) => { for (let i = 0; i < m.cols; i++) { const [re, im] = f(i); out.set(i, j, re, im); } });
  return out;
}

export interface FastLimitResult {
  rho: DenseMatrix;
  certificate: Certificate;
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
  const v = nullSpace(lf);                     // N×k, ker L_f
  const w = nullSpace(lf.adjoint()).adjoint(); // k×N, left kernel
  const k = v.cols;
  let m: ReturnType<typeof denseLu>;
  try {
    m = denseLu(w.mul(v));
  } catch {
    throw new LindbladError('unsupported', 'the fast channels have a non-diagonalisable stationary manifold', 'channels');
  }
  const leff = m.solveMatrix(w.mul(ls).mul(v)); // (W V)⁻¹ W L_s V, k×k
  // Trace functional on the reduced coordinates: t_V = tᵀ V.
  const tv = new Float64Array(2 * k);
  for (let j = 0; j < k; j++) {
    for (let d = 0; d < n; d++) {
      tv[2 * j] += v.re(d + n * d, j);
      tv[2 * j + 1] += v.im(d + n * d, j);
    }
  }
  // Bordered system with the (complex) trace row t_V and column conj(t_V): non-singular iff unique.
  const sys = borderedSystem(CsrMatrix.fromDense(leff), []);
  const b = sys.matrix.toDense();
  for (let j = 0; j < k; j++) {
    b.set(k, j, sys.scale * tv[2 * j], sys.scale * tv[2 * j + 1]);
    b.set(j, k, sys.scale * tv[2 * j], -sys.scale * tv[2 * j + 1]);
  }
  let smallest = 0;
  let c: Float64Array | null = null;
  const lu = attempt(() => denseLu(b));
  if (lu) {
    smallest = smallestEigenvalueEstimate(lu, k + 1);
    c = attempt(() => lu.solve(sys.rhs));
  }
  if (c === null || !(smallest > degeneracyTolerance * sys.scale)) {
    throw new LindbladError('not-unique', 'the infinitely-fast limit has more than one stationary state', 'model');
  }
  const x = v.matvec(c.subarray(0, 2 * k));
  const raw = new DenseMatrix(n, n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) raw.set(i, j, x[2 * (i + n * j)], x[2 * (i + n * j) + 1]);
  const h = raw.hermitianPart();
  const rho = h.scale(1 / h.trace()[0]);
  const vec = vectorize(rho);
  // Residuals of both conditions: L_f ρ = 0 and P L_s ρ = 0 (the latter as ‖(WV)⁻¹ W L_s ρ‖).
  const rf = norm2(lf.matvec(vec));
  const rs = norm2(m.solve(w.matvec(ls.matvec(vec))));
  const scale = Math.max(1e-300, CsrMatrix.fromDense(ls).normInf(), CsrMatrix.fromDense(lf).normInf());
  const residual = Math.max(rf, rs);
  const tr = rho.trace();
  return {
    rho,
    certificate: {
      residual,
      relativeResidual: residual / (scale * norm2(vec)),
      traceError: Math.hypot(tr[0] - 1, tr[1]),
      hermiticityError: raw.scale(1 / raw.trace()[0]).hermiticityError(),
      minEigenvalue: minEigenvalueBlockwise(rho),
      unique: true,
      status: 'unique',
      uniqueness: { smallestEigenvalue: smallest, scale: sys.scale, ratio: smallest / sys.scale },
      positivityTolerance: POSITIVITY_FLOOR,
      solver: 'dense (infinite-rate limit)',
      unknowns: k,
    },
  };
}
