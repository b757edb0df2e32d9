/**
 * Principal submatrices of a sparse matrix without sorting: A[S, S] for an index set S given as a map
 * `at` (old index → new index, or −1 for indices outside S), optionally keeping only the entries (r, c)
 * a predicate accepts. `at` must be increasing on S (new indices in the old order), so each row's column
 * order is preserved. Also the test of a splitting: whether A couples S to its complement. No physics.
 */
import { CsrMatrix } from './sparse.ts';
import { LinalgError } from './errors.ts';

/** The map old → new index of the set {k : member(k)} (increasing), and its size. */
export function indexMap(n: number, member: (k: number) => boolean): { at: Int32Array; size: number } {
  const at = new Int32Array(n);
  let size = 0;
  for (let k = 0; k < n; k++) at[k] = member(k) ? size++ : -1;
  return { at, size };
}

/**
 * B = A[S, S] with S = {k : at[k] ≥ 0}, B(at[r], at[c]) = A(r, c); entries for which keep(r, c) is false
 * (old indices) are left out. Stored zeros stay stored.
 */
export function principalSubmatrix(a: CsrMatrix, at: Int32Array, size: number, keep?: (r: number, c: number) => boolean): CsrMatrix {
  if (at.length !== a.rows || a.rows !== a.cols) throw new LinalgError(`principalSubmatrix: map of length ${at.length} for a ${a.rows}×${a.cols} matrix`);
  const rowPtr = new Int32Array(size + 1);
  let nnz = 0;
  for (let r = 0; r < a.rows; r++) {
    const i = at[r];
    if (i < 0) continue;
    for (let p = a.rowPtr[r]; p < a.rowPtr[r + 1]; p++) {
      const c = a.colIdx[p];
      if (at[c] >= 0 && (!keep || keep(r, c))) nnz++;
    }
    rowPtr[i + 1] = nnz;
  }
  const colIdx = new Int32Array(nnz), values = new Float64Array(2 * nnz);
  let q = 0, last = -1;
  for (let r = 0; r < a.rows; r++) {
    const i = at[r];
    if (i < 0) continue;
    if (i <= last) throw new LinalgError('principalSubmatrix: the index map is not increasing');
    last = i;
    for (let p = a.rowPtr[r]; p < a.rowPtr[r + 1]; p++) {
      const c = a.colIdx[p];
      if (at[c] < 0 || (keep && !keep(r, c))) continue;
      colIdx[q] = at[c];
      values[2 * q] = a.values[2 * p];
      values[2 * q + 1] = a.values[2 * p + 1];
      q++;
    }
  }
  return new CsrMatrix(size, size, rowPtr, colIdx, values);
}

/** The first stored non-zero entry (r, c) of A with part[r] ≠ part[c] (A couples the parts), or null. */
export function crossCoupling(a: CsrMatrix, part: ArrayLike<number>): [number, number] | null {
  for (let r = 0; r < a.rows; r++) {
    for (let p = a.rowPtr[r]; p < a.rowPtr[r + 1]; p++) {
      const c = a.colIdx[p];
      if (part[r] !== part[c] && (a.values[2 * p] !== 0 || a.values[2 * p + 1] !== 0)) return [r, c];
    }
  }
  return null;
}
