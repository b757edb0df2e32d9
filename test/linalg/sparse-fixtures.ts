/**
 * Deterministic random sparse complex matrices for the sparse-solver tests and benchmarks:
 * random sparse matrices, 2-D grid Laplacians and Lindblad-superoperator-patterned matrices.
 */
import { CsrMatrix } from '../../src/linalg/sparse.ts';

export { rng } from '../systems/random.ts';
import { rng } from '../systems/random.ts';

/**
 * Random n×m complex matrix with about `perCol` entries per column (uniform in [−1, 1]²), in random
 * rows, or — with `band` given — in rows j − band … j + band (a "local" operator).
 */
export function randomSparse(n: number, perCol: number, rand: () => number, m: number = n, band?: number): CsrMatrix {
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let j = 0; j < m; j++) {
    for (let t = 0; t < perCol; t++) {
      if (band === undefined) ri.push(Math.floor(rand() * n));
      else ri.push(Math.min(n - 1, Math.max(0, j + Math.floor(rand() * (2 * band + 1)) - band)));
      ci.push(j);
      re.push(2 * rand() - 1);
      im.push(2 * rand() - 1);
    }
  }
  return CsrMatrix.fromTriplets(n, m, ri, ci, re, im);
}

/** Adds `shift` to every diagonal entry: A + shift·I. */
export function shiftDiagonal(a: CsrMatrix, re: number, im = 0): CsrMatrix {
  return a.add(CsrMatrix.identity(a.rows).scale(re, im));
}

/** Row permutation P·A with (P·A)(k, :) = A(perm[k], :). */
export function permuteRows(a: CsrMatrix, perm: ArrayLike<number>): CsrMatrix {
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let k = 0; k < a.rows; k++) {
    const i = perm[k];
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      ri.push(k); ci.push(a.colIdx[p]); re.push(a.values[2 * p]); im.push(a.values[2 * p + 1]);
    }
  }
  return CsrMatrix.fromTriplets(a.rows, a.cols, ri, ci, re, im);
}

/** Random permutation of 0 … n−1 (Fisher–Yates). */
export function randomPermutation(n: number, rand: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = p[i]; p[i] = p[j]; p[j] = t;
  }
  return p;
}

/** 5-point Laplacian of an m×m grid (size m²), optionally with a complex diagonal shift. */
export function gridLaplacian(m: number, shiftRe = 0, shiftIm = 0): CsrMatrix {
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let x = 0; x < m; x++) {
    for (let y = 0; y < m; y++) {
      const i = x * m + y;
      ri.push(i); ci.push(i); re.push(4 + shiftRe); im.push(shiftIm);
      const nb: Array<[number, number]> = [[x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]];
      for (const [u, v] of nb) {
        if (u < 0 || u >= m || v < 0 || v >= m) continue;
        ri.push(i); ci.push(u * m + v); re.push(-1); im.push(0);
      }
    }
  }
  return CsrMatrix.fromTriplets(m * m, m * m, ri, ci, re, im);
}

/**
 * A matrix with the sparsity pattern of a Lindblad superoperator (column-stacking vec):
 *   𝓛 = −i(I⊗H − Hᵀ⊗I) + Σ_k (conj(L_k)⊗L_k − ½ I⊗L_k†L_k − ½ (L_k†L_k)ᵀ⊗I),
 * with H = (B + B†)/2 for a random sparse B and random sparse L_k (≈ `perCol` entries per column).
 * The result (size n²) is singular (trace preservation); `shift` adds shift·I to make it regular.
 * With `band`, H and the L_k are local (entries within `band` of the diagonal), as for physical
 * models with local couplings; without it their patterns are random graphs (expanders), whose
 * superoperators have near-dense LU factors under any ordering.
 */
export function lindbladLike(n: number, seed: number, nJumps = 3, perCol = 3, shift = 0, band?: number): CsrMatrix {
  const rand = rng(seed);
  const b = randomSparse(n, perCol, rand, n, band);
  const h = b.add(b.adjoint()).scale(0.5);
  const id = CsrMatrix.identity(n);
  const terms: CsrMatrix[] = [id.kron(h).add(h.transpose().kron(id), -1, 0).scale(0, -1)];
  for (let k = 0; k < nJumps; k++) {
    const l = randomSparse(n, perCol, rand, n, band).scale(0.5);
    const ll = l.adjoint().mul(l);
    terms.push(l.conj().kron(l));
    terms.push(id.kron(ll).scale(-0.5));
    terms.push(ll.transpose().kron(id).scale(-0.5));
  }
  if (shift !== 0) terms.push(CsrMatrix.identity(n * n).scale(shift));
  return CsrMatrix.sum(terms);
}
