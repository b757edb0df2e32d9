/**
 * Block structure of Hermitian matrices: the connected components of the graph with an edge i–j wherever
 * ρ_ij ≠ 0. Steady states of models with a weak symmetry are block diagonal, and the eigenvalues of ρ are
 * those of its blocks, which is far cheaper to compute.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { eigvalsh } from '../linalg/eigh.ts';

/** Index sets of the connected components of the non-zero pattern of a square matrix. */
export function nonzeroBlocks(m: DenseMatrix, threshold = 0): number[][] {
  const n = m.rows;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const d = m.data;
  // threshold = 0 (the default): any non-zero entry links i and j, tested without square roots.
  const linked = threshold === 0
    ? (p: number, q: number) => d[p] !== 0 || d[p + 1] !== 0 || d[q] !== 0 || d[q + 1] !== 0
    : (p: number, q: number) => Math.hypot(d[p], d[p + 1]) > threshold || Math.hypot(d[q], d[q + 1]) > threshold;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (linked(2 * (i * n + j), 2 * (j * n + i))) {
        const a = find(i), b = find(j);
        if (a !== b) parent[a] = b;
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(i);
  }
  return [...groups.values()];
}

/** The principal submatrix on the given indices. */
export function submatrix(m: DenseMatrix, idx: ReadonlyArray<number>): DenseMatrix {
  const out = new DenseMatrix(idx.length, idx.length);
  idx.forEach((i, a) => idx.forEach((j, b) => out.set(a, b, m.re(i, j), m.im(i, j))));
  return out;
}

/** Smallest eigenvalue of a Hermitian matrix, computed block by block. */
export function minEigenvalueBlockwise(rho: DenseMatrix): number {
  let best = Infinity;
  for (const block of nonzeroBlocks(rho)) {
    const vals = block.length === 1 ? Float64Array.of(rho.re(block[0], block[0])) : eigvalsh(submatrix(rho, block));
    best = Math.min(best, vals[0]);
  }
  return best;
}
