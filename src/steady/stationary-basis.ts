/**
 * The stationary set of a Liouvillian with more than one stationary state.
 *
 * ker L from singular values, with the gap criterion of linalg/null-space.ts: L is block diagonal over the
 * components of its coupling graph (blocks.ts), and each block B is decomposed on its own: a singular value
 * σ ≤ ζ·s_B (ζ = 1000·N_B·ε, s_B the largest column norm of B) is zero, and the answer stands only if the
 * next one exceeds 1000·ζ·s_B; otherwise a mode decaying at rate ~ζ‖B‖ cannot be told from a stationary one
 * and the call fails ('not-converged'). (Thresholding the eigenvalues of L†L instead sees nothing below
 * √ε‖L‖: a mode decaying at 1e-5‖L‖ was returned as stationary.)
 *
 * The returned ρ is the stationary state reached from the maximally mixed state, ρ = P₀(I/n), with P₀ the
 * spectral projector of L onto ker L: P₀ = V (W†V)⁻¹ W† for right null vectors V and left ones W (the zero
 * eigenvalue of a Lindbladian is semisimple, so W†V is invertible). P₀ = lim_T (1/T)∫₀ᵀ e^{Lt} dt is a
 * limit of CPTP maps, so P₀(I/n) is a density matrix (exactly, up to rounding; certify checks it). The
 * basis is Hermitian and Hilbert–Schmidt-orthonormal (ker L is closed under ρ ↦ ρ†). Dense per block.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import type { CsrMatrix } from '../linalg/sparse.ts';
import { csrComponents } from '../linalg/blocks.ts';
import { nullSpace } from '../linalg/null-space.ts';
import { denseLu } from '../linalg/lu.ts';
import { LinalgError } from '../linalg/errors.ts';
import { LindbladError } from '../errors.ts';

/** Largest block of L (unknowns) for which the dense null-space computation is attempted. */
export const KERNEL_LIMIT = 1600;

export interface StationarySet {
  /** Hermitian, Hilbert–Schmidt-orthonormal basis of ker L. */
  basis: DenseMatrix[];
  /** P₀(I/n): the stationary state reached from the maximally mixed state (unit trace, Hermitian). */
  rho: DenseMatrix;
  /** Largest singular value counted as zero and smallest one not, each relative to its block's scale (worst over blocks). */
  gap: { kernel: number; next: number };
}

/** ker L and P₀(I/n) for L (n²×n², column-stacked) — see the module comment. */
export function stationarySet(l: CsrMatrix, n: number): StationarySet {
  const N = l.rows, right: Float64Array[] = [], left: Float64Array[] = [];
  let kernel = 0, next = Infinity;
  for (const block of csrComponents(N, l.rowPtr, l.colIdx)) {
    const size = block.length;
    if (size > KERNEL_LIMIT) {
      throw new LindbladError('unsupported', `the stationary states are not unique, and a basis is only computed for symmetry blocks of up to ${KERNEL_LIMIT} unknowns (this model has one of ${size})`, 'onDegenerate');
    }
    const local = new Int32Array(N).fill(-1);
    block.forEach((g, k) => { local[g] = k; });
    const b = new DenseMatrix(size, size);
    block.forEach((g, k) => {
      for (let p = l.rowPtr[g]; p < l.rowPtr[g + 1]; p++) b.set(k, local[l.colIdx[p]], l.values[2 * p], l.values[2 * p + 1]);
    });
    let ns;
    try {
      ns = nullSpace(b);
    } catch (e) {
      if (e instanceof LinalgError && e.kind === 'not-converged') {
        throw new LindbladError('not-converged', `the stationary states cannot be separated from slowly decaying modes (${e.message.replace(/^nullSpace: /, '')})`, 'onDegenerate');
      }
      throw e;
    }
    if (ns.right.cols > 0) kernel = Math.max(kernel, ns.kernel);
    next = Math.min(next, ns.next);
    for (let c = 0; c < ns.right.cols; c++) {
      const r = new Float64Array(2 * N), w = new Float64Array(2 * N);
      block.forEach((g, k) => {
        r[2 * g] = ns.right.re(k, c); r[2 * g + 1] = ns.right.im(k, c);
        w[2 * g] = ns.left.re(k, c); w[2 * g + 1] = ns.left.im(k, c);
      });
      right.push(r); left.push(w);
    }
  }
  const k = right.length;
  if (k === 0) throw new LindbladError('internal', 'stationarySet: L has no null vector (it is not a Lindbladian)', 'model');
  return { basis: hermitianBasis(right, n), rho: projectMaximallyMixed(right, left, n), gap: { kernel, next } };
}

/** vec ↦ matrix (column stacking). */
function unvec(x: Float64Array, n: number): DenseMatrix {
  const m = new DenseMatrix(n, n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) m.set(i, j, x[2 * (i + n * j)], x[2 * (i + n * j) + 1]);
  return m;
}

/**
 * A Hermitian orthonormal basis of span{X_c}: the 2k candidates (X + X†)/2 and (X − X†)/(2i) span the
 * k-dimensional real space of Hermitian elements of ker L; Gram–Schmidt picking the largest remaining
 * candidate each time keeps exactly k of them.
 */
function hermitianBasis(vectors: Float64Array[], n: number): DenseMatrix[] {
  const k = vectors.length, candidates: DenseMatrix[] = [];
  for (const v of vectors) {
    const m = unvec(v, n);
    candidates.push(m.hermitianPart(), m.sub(m.adjoint()).scale(0, -0.5));
  }
  const inner = (a: DenseMatrix, b: DenseMatrix) => { let s = 0; for (let q = 0; q < a.data.length; q++) s += a.data[q] * b.data[q]; return s; };
  const basis: DenseMatrix[] = [];
  let rest = candidates;
  while (basis.length < k && rest.length > 0) {
    let best = 0, bestNorm = -1;
    rest.forEach((c, q) => { const x = inner(c, c); if (x > bestNorm) { bestNorm = x; best = q; } });
    const b = rest[best].scale(1 / Math.sqrt(bestNorm));
    basis.push(b);
    rest = rest.filter((_, q) => q !== best).map((c) => c.add(b, -inner(b, c)));
  }
  return basis;
}

/** P₀(I/n) = V (W†V)⁻¹ W† vec(I/n), Hermitian part, unit trace. */
function projectMaximallyMixed(right: Float64Array[], left: Float64Array[], n: number): DenseMatrix {
  const k = right.length, wv = new DenseMatrix(k, k), rhs = new Float64Array(2 * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let sr = 0, si = 0; // w_a† v_b
      for (let q = 0; q < right[b].length; q += 2) {
        sr += left[a][q] * right[b][q] + left[a][q + 1] * right[b][q + 1];
        si += left[a][q] * right[b][q + 1] - left[a][q + 1] * right[b][q];
      }
      wv.set(a, b, sr, si);
    }
    for (let d = 0; d < n; d++) { // w_a† vec(I/n)
      const q = 2 * (d + n * d);
      rhs[2 * a] += left[a][q] / n;
      rhs[2 * a + 1] -= left[a][q + 1] / n;
    }
  }
  let c: Float64Array;
  try {
    c = denseLu(wv).solve(rhs);
  } catch {
    throw new LindbladError('not-converged', 'the stationary set: W†V is singular (the zero eigenvalue of L looks non-semisimple at this precision)', 'onDegenerate');
  }
  const x = new Float64Array(2 * n * n);
  for (let b = 0; b < k; b++) {
    const cr = c[2 * b], ci = c[2 * b + 1], v = right[b];
    for (let q = 0; q < x.length; q += 2) { x[q] += v[q] * cr - v[q + 1] * ci; x[q + 1] += v[q] * ci + v[q + 1] * cr; }
  }
  const h = unvec(x, n).hermitianPart(), tr = h.trace()[0];
  if (!(Math.abs(tr) > 1e-12)) throw new LindbladError('not-converged', `the stationary set: P₀(I/n) has trace ${tr}`, 'onDegenerate');
  return h.scale(1 / tr);
}
