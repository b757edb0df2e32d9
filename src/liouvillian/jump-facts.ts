/**
 * θ-independent data of a jump operator o, kept per operator between Liouvillians: oᵀ (column access),
 * k = o†o, the rounding errors of k (kLow) and the per-state row data of ‖L‖_∞ bounds. A model's
 * operators are immutable in the engine, and every FactoredLiouvillian.fromModel of the same model (a
 * second steadyState, a spectrum or heat currents after the solve, a loop of one-off solves) rebuilt all of
 * it: two transposes, a sparse product and its triplet sort per channel and call (≈ 15 % of a compiled
 * steady state of a 40-level local model). Kept in a WeakMap keyed by the matrix object, with a copy of its
 * arrays: an entry is used only while the matrix still holds exactly those numbers (a caller that wrote
 * into an operator's arrays gets fresh data, never stale), O(nnz) to check.
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import { splitDiagonal } from '../linalg/sparse.ts';
import { DoubleDouble, lowPart } from '../linalg/double-double.ts';

/** Per-state data of a jump operator o: its diagonal entries, their moduli, and the absolute row sums. */
export interface JumpRowData {
  readonly d: Float64Array;
  readonly mag: Float64Array;
  readonly full: Float64Array;
  /** Whether o has any non-zero diagonal entry. */
  readonly diagonal: boolean;
}

/**
 * What is kept of one jump operator (the derived data built on first use). A FactoredLiouvillian takes it
 * once per operator (jumpFacts, which checks the arrays) and reads it through the *From functions below,
 * which do not check again: one O(nnz) check per operator and Liouvillian instead of one per lookup.
 */
export interface JumpFacts {
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: Float64Array;
  oT?: CsrMatrix;
  k?: CsrMatrix;
  kLow?: Float64Array;
  rows?: JumpRowData;
}

const FACTS = new WeakMap<CsrMatrix, JumpFacts>();

/** The facts of o, fresh when o is new or its arrays changed since they were recorded. */
export function jumpFacts(o: CsrMatrix): JumpFacts {
  const f = FACTS.get(o);
  if (f && holds(f, o)) return f;
  const fresh: JumpFacts = { rowPtr: o.rowPtr.slice(), colIdx: o.colIdx.slice(0, o.nnz), values: o.values.slice(0, 2 * o.nnz) };
  FACTS.set(o, fresh);
  return fresh;
}

/** True when o holds exactly the recorded pattern and values. */
function holds(f: JumpFacts, o: CsrMatrix): boolean {
  if (f.rowPtr.length !== o.rowPtr.length || f.colIdx.length !== o.nnz) return false;
  const rp = o.rowPtr, ci = o.colIdx, v = o.values;
  for (let i = 0; i < rp.length; i++) if (rp[i] !== f.rowPtr[i]) return false;
  for (let p = 0; p < f.colIdx.length; p++) if (ci[p] !== f.colIdx[p]) return false;
  for (let p = 0; p < f.values.length; p++) if (v[p] !== f.values[p]) return false;
  return true;
}

/** oᵀ (rows of oᵀ are the columns of o) from o's facts `f` (jumpFacts(o)). Shared: read only. */
export function jumpTransposeFrom(f: JumpFacts, o: CsrMatrix): CsrMatrix {
  return (f.oT ??= o.transpose());
}

/** k = o†o from o's facts `f` (jumpFacts(o)). Shared: read only. */
export function jumpProductFrom(f: JumpFacts, o: CsrMatrix): CsrMatrix {
  return (f.k ??= o.adjoint().mul(o));
}

/**
 * The rounding errors of k = o†o (`k` as jumpProductFrom gave it; values aligned with k's entries, interleaved
 * re, im): k_il + kLow_il = Σ_q conj(o_qi) o_ql to about twice the working precision (double-double dot
 * products, linalg/double-double.ts), from o's facts `f`. Kept only for the k kept with o. Shared: read only.
 */
export function jumpProductLowFrom(f: JumpFacts, o: CsrMatrix, k: CsrMatrix): Float64Array {
  if (f.kLow && f.k === k) return f.kLow;
  const oT = (f.oT ??= o.transpose()), rp = oT.rowPtr, ci = oT.colIdx, v = oT.values;
  const low = new Float64Array(2 * k.nnz), re = new DoubleDouble(), im = new DoubleDouble();
  for (let i = 0; i < k.rows; i++) {
    for (let p = k.rowPtr[i]; p < k.rowPtr[i + 1]; p++) {
      const l = k.colIdx[p];
      re.reset(); im.reset();
      // rows i and l of oᵀ are columns i and l of o: merge them on q
      let x = rp[i], y = rp[l];
      while (x < rp[i + 1] && y < rp[l + 1]) {
        if (ci[x] < ci[y]) { x++; continue; }
        if (ci[x] > ci[y]) { y++; continue; }
        const ar = v[2 * x], ai = v[2 * x + 1], br = v[2 * y], bi = v[2 * y + 1]; // conj(a)·b
        re.addProduct(ar, br); re.addProduct(ai, bi);
        im.addProduct(ar, bi); im.addProduct(-ai, br);
        x++; y++;
      }
      low[2 * p] = lowPart(re.hi, re.lo, k.values[2 * p]);
      low[2 * p + 1] = lowPart(im.hi, im.lo, k.values[2 * p + 1]);
    }
  }
  if (f.k === k) f.kLow = low;
  return low;
}

/** Row data of o for ‖L‖_∞ bounds (n = its dimension), from o's facts `f` (jumpFacts(o)). Shared: read only. */
export function jumpRowDataFrom(f: JumpFacts, o: CsrMatrix, n: number): JumpRowData {
  if (f.rows) return f.rows;
  const { d, off } = splitDiagonal(o, n), mag = new Float64Array(n), full = new Float64Array(n);
  let diagonal = false;
  for (let i = 0; i < n; i++) {
    mag[i] = Math.hypot(d[2 * i], d[2 * i + 1]);
    full[i] = off[i] + mag[i];
    if (mag[i] > 0) diagonal = true;
  }
  return (f.rows = { d, mag, full, diagonal });
}

/**
 * The jumps (indices into `rowPtrs`, ascending) with a stored entry in row i of their matrix, at
 * idx[ptr[i] … ptr[i + 1]) for the n rows; O(n·K). A row then visits only the jumps acting on it: a local
 * model's jumps of one entry each touch one row apiece, where visiting all K for each of n² rows of L made
 * a residual or an assembly O(n²·K). Pass the rowPtr of o for rows, of oᵀ for columns.
 */
export function jumpIndexByRow(n: number, rowPtrs: ReadonlyArray<Int32Array>): { ptr: Int32Array; idx: Int32Array } {
  const ptr = new Int32Array(n + 1);
  for (const rp of rowPtrs) for (let i = 0; i < n; i++) if (rp[i + 1] > rp[i]) ptr[i + 1]++;
  for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
  const idx = new Int32Array(ptr[n]), next = ptr.slice(0, n);
  rowPtrs.forEach((rp, c) => { for (let i = 0; i < n; i++) if (rp[i + 1] > rp[i]) idx[next[i]++] = c; });
  return { ptr, idx };
}
