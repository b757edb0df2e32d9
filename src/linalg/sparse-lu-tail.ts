/**
 * The dense tail of a sparse LU (RealLuRefactor): once the remaining Schur complement S of the last
 * n − k0 steps is (nearly) dense, it is factored as a dense matrix with the blocked kernel of lu-kernels.ts
 * (classical partial pivoting, rank-4 register-blocked updates) instead of column by column with sparse
 * index lists. No physics lives here.
 *
 * Singularity test, the sparse kernel's rule carried over: pivot c of the block is numerically zero when
 * |u_cc| ≤ tol·s_c, s_c the largest magnitude in column k0 + c of A and of U (U12 above the block, the
 * block's own U above the diagonal) and among the pivot candidates (with partial pivoting: |u_cc| itself).
 */
import { LinalgError } from './errors.ts';
import { DenseLuReal } from './lu.ts';

export class DenseTail {
  /** Size of the block, n − k0. */
  readonly size: number;
  /** S, row-major size × size: row i ↔ position k0 + i, column c ↔ step k0 + c. */
  private readonly block: Float64Array;
  /** Squared column scales of A and U12 per block column. */
  private readonly scale2: Float64Array;
  private readonly lu: DenseLuReal;
  minPivot = 0;
  maxPivot = 0;

  constructor(private readonly k0: number, n: number) {
    const m = n - k0;
    this.size = m;
    try {
      this.block = new Float64Array(m * m);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      throw new LinalgError(`sparseLu: out of memory for the dense block of ${m}² entries (${e.message})`, 'too-large');
    }
    this.scale2 = new Float64Array(m);
    this.lu = DenseLuReal.workspace(m);
  }

  /** Moves x[k0 … n) (zeroing it) into block column c, whose A/U12 squared scale is `scale2`. */
  takeColumn(c: number, x: Float64Array, scale2: number): void {
    const m = this.size, s = this.block, k0 = this.k0;
    for (let i = 0, at = c; i < m; i++, at += m) {
      s[at] = x[k0 + i];
      x[k0 + i] = 0;
    }
    this.scale2[c] = scale2;
  }

  /** LU of the block; null, or why it is numerically singular. */
  factor(singularTolerance: number): string | null {
    const m = this.size, tol2 = singularTolerance * singularTolerance;
    try {
      this.lu.refactor(this.block);
    } catch (e) {
      if (e instanceof LinalgError) return `dense block of the last ${m} steps: ${e.message}`;
      throw e;
    }
    const f = this.lu.lu;
    let lo = Infinity, hi = 0;
    for (let c = 0; c < m; c++) {
      const piv = f[c * m + c], p2 = piv * piv;
      let s2 = Math.max(this.scale2[c], p2);
      for (let i = 0, at = c; i < c; i++, at += m) { const u2 = f[at] * f[at]; if (u2 > s2) s2 = u2; }
      if (!(p2 > tol2 * s2) || !Number.isFinite(p2)) {
        return `dense block, elimination step ${this.k0 + c}: pivot |u| = ${Math.abs(piv).toExponential(3)}, column scale ${Math.sqrt(s2).toExponential(3)}`;
      }
      const a = Math.abs(piv);
      if (a < lo) lo = a;
      if (a > hi) hi = a;
    }
    this.minPivot = m === 0 ? 0 : lo;
    this.maxPivot = hi;
    return null;
  }

  /** In place: y[k0 … n) ← S⁻¹·y[k0 … n) (row positions in, column steps out). */
  solve(y: Float64Array): void {
    const v = y.subarray(this.k0, this.k0 + this.size);
    this.lu.solve(v, v);
  }
}

/**
 * Where the dense tail should start, from the predicted Cholesky column counts c_k of the ordering
 * (estimateFill): the k0 minimising the modelled cost R·Σ_{k<k0} (c_k − 1)² + (n − k0)³/3, R the
 * measured cost of one sparse multiply–add relative to one of the dense kernel. A tail of fewer than
 * MIN_TAIL steps is not worth it (returns n: fully sparse).
 */
export function chooseDenseFrom(colCount: Int32Array): number {
  return denseTail(colCount).denseFrom;
}

/**
 * chooseDenseFrom's k0 and the modelled cost of the factorisation with it, in dense multiply–adds
 * (R·Σ_{k<k0} (c_k − 1)² + (n − k0)³/3): what an ordering costs to factorise, for comparing orderings.
 */
export function denseTail(colCount: Int32Array): { denseFrom: number; cost: number } {
  const n = colCount.length;
  let sparse = 0;
  for (let k = 0; k < n; k++) sparse += (colCount[k] - 1) ** 2;
  const allSparse = SPARSE_COST * sparse;
  let best = n, bestCost = allSparse;
  for (let k0 = n - 1; k0 >= 0; k0--) {
    sparse -= (colCount[k0] - 1) ** 2;
    const m = n - k0, cost = SPARSE_COST * sparse + (m * m * m) / 3;
    if (cost < bestCost) { bestCost = cost; best = k0; }
  }
  return n - best < MIN_TAIL ? { denseFrom: n, cost: allSparse } : { denseFrom: best, cost: bestCost };
}

/** Relative cost of a sparse (column-by-column) multiply–add against a dense-kernel one. */
const SPARSE_COST = 8;
/** Smallest dense tail used. */
const MIN_TAIL = 32;
