/**
 * Block structure of Hermitian matrices: the connected components of the graph with an edge i–j wherever
 * ρ_ij ≠ 0. Steady states of models with a weak symmetry are block diagonal, and the eigenvalues of ρ are
 * those of its blocks, which is far cheaper to compute.
 */
import { DenseMatrix } from './dense.ts';
import { eigvalsh } from './eigh.ts';
import { hermitianMinEigenvalue } from './eig-small.ts';
import { checkArgument } from './arguments.ts';

/**
 * Index sets of the connected components of the non-zero pattern of a square matrix. With `support`
 * (positions i < j outside which m is known to vanish, both (i, j) and (j, i)), only those pairs are
 * examined — the same components, found in O(|support|) instead of O(n²).
 */
export function nonzeroBlocks(m: DenseMatrix, threshold = 0, support?: { rows: Int32Array; cols: Int32Array }): number[][] {
  checkArgument(m, 'dense', 'nonzeroBlocks', 'm');
  checkArgument(threshold, 'number', 'nonzeroBlocks', 'threshold');
  checkArgument(support, 'options', 'nonzeroBlocks', 'support');
  const count = components(m, threshold, support), { start, members } = scratch, groups: number[][] = [];
  for (let b = 0; b < count; b++) groups.push(Array.from(members.subarray(start[b], start[b + 1])));
  return groups;
}

/**
 * Reusable buffers of `components` (grown on demand, never shrunk): the union–find forest, each index's
 * group, the groups as ranges start[g] … start[g + 1] of `members`, and minEigenvalueBlockwise's lists.
 * Module-level because the per-point certificate of a sweep calls this for every block of every ρ;
 * nothing here calls back into this module, so one set per thread is enough.
 */
const scratch = {
  parent: new Int32Array(0), groupOf: new Int32Array(0), start: new Int32Array(1), members: new Int32Array(0),
  rest: new Int32Array(0), order: new Int32Array(0), lowest: new Float64Array(0),
};

/**
 * The connected components of m's pattern (see nonzeroBlocks) into `scratch`: groups in order of their
 * smallest index, members ascending, group g = members[start[g] … start[g + 1]). Returns their number.
 */
function components(m: DenseMatrix, threshold: number, support?: { rows: Int32Array; cols: Int32Array }): number {
  const n = m.rows;
  if (scratch.parent.length < n) {
    scratch.parent = new Int32Array(n); scratch.groupOf = new Int32Array(n); scratch.start = new Int32Array(n + 1); scratch.members = new Int32Array(n);
    scratch.rest = new Int32Array(n); scratch.order = new Int32Array(n); scratch.lowest = new Float64Array(n);
  }
  const { parent, groupOf, start, members } = scratch;
  for (let i = 0; i < n; i++) { parent[i] = i; groupOf[i] = -1; }
  if (support) {
    for (let k = 0; k < support.rows.length; k++) link(m, parent, support.rows[k], support.cols[k], threshold);
  } else {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) link(m, parent, i, j, threshold);
  }
  // Group ids in order of the smallest index; `members` holds each index's group id until the counting sort.
  let count = 0;
  for (let i = 0; i < n; i++) {
    let r = i;
    while (parent[r] !== r) r = parent[r];
    if (groupOf[r] < 0) groupOf[r] = count++;
    members[i] = groupOf[r];
  }
  start.fill(0, 0, count + 1);
  for (let i = 0; i < n; i++) start[members[i] + 1]++;
  for (let g = 0; g < count; g++) start[g + 1] += start[g];
  // Stable placement (ascending i within each group); parent is free now and holds the fill positions.
  for (let g = 0; g < count; g++) parent[g] = start[g];
  for (let i = 0; i < n; i++) groupOf[i] = members[i];
  for (let i = 0; i < n; i++) members[parent[groupOf[i]]++] = i;
  return count;
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
  checkArgument(rho, 'dense', 'minEigenvalueBlockwise', 'rho');
  checkArgument(support, 'options', 'minEigenvalueBlockwise', 'support');
  let best = Infinity;
  if (support && support.rows.length === 0) { // diagonal ρ: its eigenvalues are the diagonal entries
    for (let i = 0; i < rho.rows; i++) best = Math.min(best, rho.re(i, i));
    return best;
  }
  const count = components(rho, 0, support), d = rho.data, n = rho.cols;
  const { start, members, rest, order, lowest } = scratch;
  // 1×1 blocks first (exact), then the larger ones from the smallest diagonal entry up: a block whose
  // Hermitian part minus (best + margin)·I has a Cholesky factor cannot hold a smaller eigenvalue, so its
  // eigensolve is skipped (the minimum, and so the result, is the same as with every block solved).
  let nr = 0;
  for (let b = 0; b < count; b++) {
    const a0 = start[b], a1 = start[b + 1];
    if (a1 - a0 === 1) { best = Math.min(best, d[2 * (members[a0] * n + members[a0])]); continue; }
    let low = Infinity;
    for (let a = a0; a < a1; a++) low = Math.min(low, d[2 * (members[a] * n + members[a])]);
    rest[nr] = b;
    lowest[nr] = low;
    nr++;
  }
  // Blocks by (lowest diagonal entry, position): insertion sort (few blocks; the order is total).
  for (let r = 0; r < nr; r++) {
    let t = r;
    while (t > 0 && ((lowest[order[t - 1]] - lowest[r]) || (order[t - 1] - r)) > 0) { order[t] = order[t - 1]; t--; }
    order[t] = r;
  }
  for (let r = 0; r < nr; r++) {
    const b = rest[order[r]], a0 = start[b], k = start[b + 1] - a0;
    if (k > JACOBI_LIMIT) {
      // one block of every index (members ascending): ρ itself, no copy
      best = Math.min(best, eigvalsh(k === n ? rho : submatrix(rho, Array.from(members.subarray(a0, a0 + k))))[0]);
      continue;
    }
    const block = blockIndices[k];
    for (let a = 0; a < k; a++) block[a] = members[a0 + a];
    if (best < Infinity && choleskyAbove(d, n, block, best, jacobiWork)) continue;
    best = Math.min(best, hermitianMinEigenvalue(d, n, block, jacobiWork));
  }
  return best;
}

/** An index array of each length 0 … JACOBI_LIMIT, refilled per block by minEigenvalueBlockwise. */
const blockIndices = Array.from({ length: JACOBI_LIMIT + 1 }, (_, k) => new Int32Array(k));

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
