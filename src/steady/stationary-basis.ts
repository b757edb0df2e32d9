/**
 * A basis of the stationary states when they are not unique: the null space of L from the eigenvectors of
 * the Hermitian L†L with eigenvalues below tol·λ_max (round-off there is ~ε·λ_max), turned into an orthonormal (Hilbert–Schmidt) basis
 * of Hermitian matrices (ker L is closed under ρ ↦ ρ† because L(ρ†) = L(ρ)†). Dense: for small models only.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import type { CsrMatrix } from '../linalg/sparse.ts';
import { eigh } from '../linalg/eigh.ts';
import { LindbladError } from '../errors.ts';

/** Largest Liouvillian (n² unknowns) for which the dense null-space computation is attempted. */
export const KERNEL_LIMIT = 1600;

/** Hermitian, Hilbert–Schmidt-orthonormal basis of ker L (L is n²×n²). */
export function stationaryBasis(l: CsrMatrix, n: number, tol = 1e-12): DenseMatrix[] {
  if (l.rows > KERNEL_LIMIT) {
    throw new LindbladError('unsupported', `the stationary states are not unique, and a basis is only computed for models of dimension ≤ ${Math.floor(Math.sqrt(KERNEL_LIMIT))} (this one has ${n})`, 'onDegenerate');
  }
  const ld = l.toDense();
  const { values, vectors } = eigh(ld.adjoint().mul(ld));
  const top = Math.max(values[values.length - 1], 1e-300);
  const candidates: DenseMatrix[] = [];
  for (let k = 0; k < values.length && values[k] <= tol * top + 1e-300; k++) {
    const m = new DenseMatrix(n, n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) m.set(i, j, vectors.re(i + n * j, k), vectors.im(i + n * j, k));
    candidates.push(m.hermitianPart(), m.sub(m.adjoint()).scale(0, -0.5));
  }
  // Gram–Schmidt in the Hilbert–Schmidt inner product ⟨A, B⟩ = Tr A†B (real for Hermitian A, B).
  const basis: DenseMatrix[] = [];
  const inner = (a: DenseMatrix, b: DenseMatrix) => {
    let s = 0;
    for (let k = 0; k < a.data.length; k++) s += a.data[k] * b.data[k];
    return s;
  };
  for (let c of candidates) {
    for (const b of basis) c = c.add(b, -inner(b, c));
    const norm = Math.sqrt(inner(c, c));
    if (norm > 1e-6) basis.push(c.scale(1 / norm));
  }
  return basis;
}
