/**
 * Products of n×n complex matrices stored column-major and interleaved (entry (i, j) at 2(i + n·j), the
 * layout of vec ρ), for matrix-form superoperator actions: C ← C + α·A·X, C ← C + α·X·B†, C ← A†·X, with
 * A and B dense (column-major Float64Array) or sparse (CsrMatrix). Every kernel runs over whole columns
 * (axpy or dot of contiguous columns), so its inner loop is unit-stride. Cost: n³ complex multiply-adds
 * for a dense factor, n·nnz for a sparse one. No physics lives here.
 */
import type { CsrMatrix } from './sparse.ts';

/** A square factor in one of the two storage forms. */
export type ColMajorFactor =
  | { readonly kind: 'dense'; readonly n: number; readonly data: Float64Array }
  | { readonly kind: 'sparse'; readonly n: number; readonly csr: CsrMatrix };

/** Density (nnz / n²) above which a factor is stored dense: a dense column axpy beats indexed access there. */
export const DENSE_FACTOR_DENSITY = 0.25;

/** The factor of a CSR matrix: dense column-major when its density exceeds DENSE_FACTOR_DENSITY, else the CSR itself. */
export function colMajorFactor(a: CsrMatrix): ColMajorFactor {
  const n = a.rows, sparse: ColMajorFactor = { kind: 'sparse', n, csr: a };
  return a.nnz <= DENSE_FACTOR_DENSITY * n * n ? sparse : { kind: 'dense', n, data: denseData(sparse) };
}

/** The dense column-major entries of a factor (a copy for a sparse one, the factor's own array for a dense one). */
export function denseData(f: ColMajorFactor): Float64Array {
  if (f.kind === 'dense') return f.data;
  const n = f.n, out = new Float64Array(2 * n * n), { rowPtr, colIdx, values } = f.csr;
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) { out[2 * (i + n * colIdx[p])] += values[2 * p]; out[2 * (i + n * colIdx[p]) + 1] += values[2 * p + 1]; }
  }
  return out;
}

/** Complex multiply-adds of one product with this factor (n³ dense, n·nnz sparse): the cost model's unit. */
export function factorCost(f: ColMajorFactor): number {
  return f.kind === 'dense' ? f.n ** 3 : f.n * f.csr.nnz;
}

/** C ← C + α·A·X (α complex). */
export function mulAdd(a: ColMajorFactor, x: Float64Array, c: Float64Array, ar = 1, ai = 0): void {
  const n = a.n;
  if (a.kind === 'dense') {
    const d = a.data;
    for (let j = 0; j < n; j++) {
      const cj = 2 * n * j;
      for (let k = 0; k < n; k++) {
        const xr0 = x[cj + 2 * k], xi0 = x[cj + 2 * k + 1];
        if (xr0 === 0 && xi0 === 0) continue;
        const xr = ar * xr0 - ai * xi0, xi = ar * xi0 + ai * xr0, ak = 2 * n * k;
        for (let i = 0; i < 2 * n; i += 2) {
          const mr = d[ak + i], mi = d[ak + i + 1];
          c[cj + i] += mr * xr - mi * xi;
          c[cj + i + 1] += mr * xi + mi * xr;
        }
      }
    }
    return;
  }
  const { rowPtr, colIdx, values } = a.csr;
  for (let j = 0; j < n; j++) {
    const cj = 2 * n * j;
    for (let i = 0; i < n; i++) {
      let sr = 0, si = 0;
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
        const w = cj + 2 * colIdx[p], mr = values[2 * p], mi = values[2 * p + 1], xr = x[w], xi = x[w + 1];
        sr += mr * xr - mi * xi;
        si += mr * xi + mi * xr;
      }
      c[cj + 2 * i] += ar * sr - ai * si;
      c[cj + 2 * i + 1] += ar * si + ai * sr;
    }
  }
}

/** C ← C + α·X·B† (α complex): column j of C gains Σ_k conj(B_jk)·α·X[:, k]. */
export function mulAdjointAdd(x: Float64Array, b: ColMajorFactor, c: Float64Array, ar = 1, ai = 0): void {
  const n = b.n;
  const axpyColumn = (k: number, j: number, br: number, bi: number) => { // C[:, j] += (α·conj(b))·X[:, k]
    const fr = ar * br + ai * bi, fi = ai * br - ar * bi, xk = 2 * n * k, cj = 2 * n * j;
    for (let i = 0; i < 2 * n; i += 2) {
      const xr = x[xk + i], xi = x[xk + i + 1];
      c[cj + i] += fr * xr - fi * xi;
      c[cj + i + 1] += fr * xi + fi * xr;
    }
  };
  if (b.kind === 'dense') {
    const d = b.data;
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) {
        const w = 2 * (j + n * k), br = d[w], bi = d[w + 1];
        if (br !== 0 || bi !== 0) axpyColumn(k, j, br, bi);
      }
    }
    return;
  }
  const { rowPtr, colIdx, values } = b.csr;
  for (let j = 0; j < n; j++) {
    for (let p = rowPtr[j]; p < rowPtr[j + 1]; p++) axpyColumn(colIdx[p], j, values[2 * p], values[2 * p + 1]);
  }
}

/** C ← A†·X for a dense A (C overwritten): C_ij = Σ_k conj(A_ki) X_kj, a dot of two contiguous columns. */
export function adjointMul(a: Float64Array, n: number, x: Float64Array, c: Float64Array): void {
  for (let j = 0; j < n; j++) {
    const xj = 2 * n * j;
    for (let i = 0; i < n; i++) {
      const ai = 2 * n * i;
      let sr = 0, si = 0;
      for (let k = 0; k < 2 * n; k += 2) {
        const mr = a[ai + k], mi = a[ai + k + 1], xr = x[xj + k], xi = x[xj + k + 1];
        sr += mr * xr + mi * xi;
        si += mr * xi - mi * xr;
      }
      c[xj + 2 * i] = sr;
      c[xj + 2 * i + 1] = si;
    }
  }
}

/** The column-major interleaved copy of a row-major interleaved n×n array. */
export function toColMajor(rowMajor: Float64Array, n: number): Float64Array {
  const out = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[2 * (i + n * j)] = rowMajor[2 * (i * n + j)];
      out[2 * (i + n * j) + 1] = rowMajor[2 * (i * n + j) + 1];
    }
  }
  return out;
}
