/**
 * Block structure of Hermitian matrices: the connected components of the graph with an edge i–j wherever
 * ρ_ij ≠ 0. Steady states of models with a weak symmetry are block diagonal, and the eigenvalues of ρ are
 * those of its blocks, which is far cheaper to compute.
 */
import { DenseMatrix } from './dense.ts';
import { eigvalsh } from './eigh.ts';
import { hermitianMinEigenvalue } from './eig-small.ts';

/**
 * Index sets of the connected components of the non-zero pattern of a square matrix. With `support`
 * (positions i < j outside which m is known to vanish, both (i, j) and (j, i)), only those pairs are
 * examined — the same components, found in O(|support|) instead of O(n²).
 */
export function nonzeroBlocks(m: DenseMatrix, threshold = 0, support?: { rows: Int32Array; cols: Int32Array }): number[][] {
  const n = m.rows;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  if (support) {
    for (let k = 0; k < support.rows.length; k++) link(m, parent, support.rows[k], support.cols[k], threshold);
  } else {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) link(m, parent, i, j, threshold);
  }
  // Groups in order of their smallest index, members ascending.
  const groupOf = new Int32Array(n).fill(-1), groups: number[][] = [];
  for (let i = 0; i < n; i++) {
    let r = i;
    while (parent[r] !== r) r = parent[r];
    if (groupOf[r] < 0) { groupOf[r] = groups.length; groups.push([]); }
    groups[groupOf[r]].push(i);
  }
  return groups;
}

/** Joins the components of i and j (union–find with path halving) when m_ij or m_ji is non-zero (above threshold). */
function link(m: DenseMatrix, parent: Int32Array, i: number, j: number, threshold: number): void {
  const d = m.data, n = m.cols, p = 2 * (i * n + j), q = 2 * (j * n + i);
  // threshold = 0 (the default): any non-zero entry links i and j, tested without square roots.
  const linked = threshold === 0
    ? d[p] !== 0 || d[p + 1] !== 0 || d[q] !== 0 || d[q + 1] !== 0
    : Math.hypot(d[p], d[p + 1]) > threshold || Math.hypot(d[q], d[q + 1]) > threshold;
  if (!linked) return;
  let a = i, b = j;
  while (parent[a] !== a) { parent[a] = parent[parent[a]]; a = parent[a]; }
  while (parent[b] !== b) { parent[b] = parent[parent[b]]; b = parent[b]; }
  if (a !== b) parent[a] = b;
}

/** The principal submatrix on the given indices. */
export function submatrix(m: DenseMatrix, idx: ReadonlyArray<number>): DenseMatrix {
  const k = idx.length, n = m.cols, out = new DenseMatrix(k, k), o = out.data, d = m.data;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const p = 2 * (idx[a] * n + idx[b]), q = 2 * (a * k + b);
      o[q] = d[p];
      o[q + 1] = d[p + 1];
    }
  }
  return out;
}

/** Blocks up to this size take the allocation-free Jacobi kernel (eig-small.ts), larger ones eigvalsh. */
const JACOBI_LIMIT = 8;
const jacobiWork = new Float64Array(2 * JACOBI_LIMIT * JACOBI_LIMIT);

/**
 * Smallest eigenvalue of a Hermitian matrix, computed block by block (support: see nonzeroBlocks):
 * 1×1 blocks exactly, small blocks by Jacobi rotations, larger ones by eigvalsh. Both eigensolvers are
 * backward stable, so the result is accurate to O(ε·‖block‖).
 */
export function minEigenvalueBlockwise(rho: DenseMatrix, support?: { rows: Int32Array; cols: Int32Array }): number {
  let best = Infinity;
  if (support && support.rows.length === 0) { // diagonal ρ: its eigenvalues are the diagonal entries
    for (let i = 0; i < rho.rows; i++) best = Math.min(best, rho.re(i, i));
    return best;
  }
  const blocks = nonzeroBlocks(rho, 0, support), d = rho.data, n = rho.cols;
  // 1×1 blocks first (exact), then the larger ones from the smallest diagonal entry up: a block whose
  // Hermitian part minus (best + margin)·I has a Cholesky factor cannot hold a smaller eigenvalue, so its
  // eigensolve is skipped (the minimum, and so the result, is the same as with every block solved).
  const rest: number[] = [], lowest: number[] = [];
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    if (block.length === 1) { best = Math.min(best, d[2 * (block[0] * n + block[0])]); continue; }
    let low = Infinity;
    for (let a = 0; a < block.length; a++) low = Math.min(low, d[2 * (block[a] * n + block[a])]);
    rest.push(b);
    lowest.push(low);
  }
  const order = Array.from(rest.keys());
  if (order.length > 1) order.sort((x, y) => lowest[x] - lowest[y] || x - y);
  for (let r = 0; r < order.length; r++) {
    const block = blocks[rest[order[r]]], k = block.length;
    if (k <= JACOBI_LIMIT && best < Infinity && choleskyAbove(d, n, block, best, jacobiWork)) continue;
    const low = k <= JACOBI_LIMIT ? hermitianMinEigenvalue(d, n, block, jacobiWork) : eigvalsh(submatrix(rho, block))[0];
    best = Math.min(best, low);
  }
  return best;
}

/**
 * True when the Hermitian part B of the principal submatrix M[idx, idx] satisfies λ_min(B) > t by a margin
 * that covers the eigensolver's error: a Cholesky factor of B − (t + μ)·I exists with μ = 2⁻³⁶·k·max|b_ij|
 * (Jacobi and eigvalsh are accurate to O(ε‖B‖); a Cholesky factorisation that completes in floating point
 * proves B − (t + μ)I + E positive definite with ‖E‖ = O(kε‖B‖) ≪ μ). False when it breaks down or an
 * entry is not finite (then the eigensolver decides, as without this test). `work`: ≥ 2k² entries.
 */
function choleskyAbove(data: Float64Array, n: number, idx: ArrayLike<number>, t: number, work: Float64Array): boolean {
  const k = idx.length, w = work;
  let m = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      const p = 2 * (idx[a] * n + idx[b]), q = 2 * (idx[b] * n + idx[a]);
      const re = 0.5 * data[p] + 0.5 * data[q], im = a === b ? 0 : 0.5 * data[p + 1] - 0.5 * data[q + 1];
      if (!Number.isFinite(re) || !Number.isFinite(im)) return false;
      w[2 * (a * k + b)] = re;
      w[2 * (a * k + b) + 1] = im;
      m = Math.max(m, Math.abs(re), Math.abs(im));
    }
  }
  const shift = t + 2 ** -36 * k * m;
  if (!Number.isFinite(shift)) return false;
  // In place: the lower triangle of w becomes L with L·L† = B − shift·I.
  for (let j = 0; j < k; j++) {
    let djj = w[2 * (j * k + j)] - shift;
    for (let p = 0; p < j; p++) { const lr = w[2 * (j * k + p)], li = w[2 * (j * k + p) + 1]; djj -= lr * lr + li * li; }
    if (!(djj > 0)) return false;
    const ljj = Math.sqrt(djj);
    w[2 * (j * k + j)] = ljj;
    w[2 * (j * k + j) + 1] = 0;
    for (let i = j + 1; i < k; i++) {
      let sr = w[2 * (i * k + j)], si = w[2 * (i * k + j) + 1];
      for (let p = 0; p < j; p++) { // − L_ip · conj(L_jp)
        const ar = w[2 * (i * k + p)], ai = w[2 * (i * k + p) + 1], br = w[2 * (j * k + p)], bi = w[2 * (j * k + p) + 1];
        sr -= ar * br + ai * bi;
        si -= ai * br - ar * bi;
      }
      w[2 * (i * k + j)] = sr / ljj;
      w[2 * (i * k + j) + 1] = si / ljj;
    }
  }
  return true;
}

/**
 * Index sets of the connected components of the (symmetrised) pattern of a square CSR matrix: A is block
 * diagonal over them after a permutation. Groups in order of their smallest index, members ascending.
 */
export function csrComponents(rows: number, rowPtr: Int32Array, colIdx: Int32Array): number[][] {
  const parent = new Int32Array(rows);
  for (let i = 0; i < rows; i++) parent[i] = i;
  const find = (x: number): number => { while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; } return x; };
  for (let i = 0; i < rows; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const a = find(i), b = find(colIdx[p]);
      if (a !== b) parent[a] = b;
    }
  }
  const groupOf = new Int32Array(rows).fill(-1), groups: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const r = find(i);
    if (groupOf[r] < 0) { groupOf[r] = groups.length; groups.push([]); }
    groups[groupOf[r]].push(i);
  }
  return groups;
}
