/**
 * The compressed-column form of a CSR sparsity pattern, with each entry's CSR position: the column access
 * of the sparse LU kernels (sparse-lu-factor.ts, sparse-lu-refactor.ts). No physics lives here.
 */

/** Compressed-column form of a CSR pattern: column j has rows rowIdx[colPtr[j] .. colPtr[j+1]) (ascending), at CSR positions src[…]. */
export interface CscPattern {
  readonly colPtr: Int32Array;
  readonly rowIdx: Int32Array;
  readonly src: Int32Array;
}

/** The CscPattern of an n×n CSR pattern (the same entry order as CsrMatrix.transpose). */
export function cscPattern(rowPtr: Int32Array, colIdx: Int32Array, n: number): CscPattern {
  const nnz = rowPtr[n], colPtr = columnPointers(colIdx, nnz, n), rowIdx = new Int32Array(nnz), src = new Int32Array(nnz);
  transposeInto(rowPtr, colIdx, n, colPtr, rowIdx, src);
  return { colPtr, rowIdx, src };
}

// The passes of cscPattern are functions of their own, with no code after their loops (compiled as such
// after a few calls, not on-stack and discarded at each call's end).

/** Column pointers of the pattern's nnz column indices. */
function columnPointers(colIdx: Int32Array, nnz: number, n: number): Int32Array {
  const colPtr = new Int32Array(n + 1);
  for (let p = 0; p < nnz; p++) colPtr[colIdx[p] + 1]++;
  for (let j = 0; j < n; j++) colPtr[j + 1] += colPtr[j];
  return colPtr;
}

/** Rows and CSR positions of each column, in ascending row order. */
function transposeInto(rowPtr: Int32Array, colIdx: Int32Array, n: number, colPtr: Int32Array, rowIdx: Int32Array, src: Int32Array): void {
  const next = colPtr.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const t = next[colIdx[p]]++;
      rowIdx[t] = i;
      src[t] = p;
    }
  }
}
