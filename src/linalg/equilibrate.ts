/**
 * Equilibration by powers of two: row and column scale factors r_i = 2^{−e_i}, c_j = 2^{−f_j} such that
 * A' = R·A·C has max_i |A'_ij| ∈ [½, 1) in every non-zero column (column pass first) and then
 * max_j |A'_ij| ∈ [½, 1) in every non-zero row (row pass on the column-scaled matrix); zero rows and
 * columns keep the factor 1. Multiplying by a power of two is exact (barring under/overflow), so A' x' = R b
 * with x = C x' is exactly the same linear system as A x = b: only the norms that condition estimates and
 * singularity thresholds see change. For a matrix whose columns are dominated by their diagonal (a Markov
 * generator: |A_jj| = Σ_{i≠j} A_ij) the column pass alone turns it into P − I with P column-stochastic, so
 * rates spanning hundreds of decades no longer look like a near-singular matrix. Partial pivoting is
 * unaffected by the column pass (it compares entries within one column). No physics.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = 1;
/** True where the high word of a double is u32[1] (every platform JavaScript runs on, checked anyway). */
const LITTLE = u32[1] === 0x3ff00000;

/**
 * The power of two p with p·v ∈ [1, 2) for a finite v > 0 (1 for 0, ±∞ or NaN). v ∈ [2^1023, 2^1024)
 * gives p = 2^−1023 (subnormal but exact); a subnormal v gets p = 2^1022 (p·v < 1 then, but finite).
 * Read from the exponent bits: no Math.log2 per call.
 */
export function inversePowerOfTwo(v: number): number {
  if (!(v > 0) || v === Infinity) return 1;
  if (!LITTLE) return 2 ** Math.max(-1023, Math.min(1022, -Math.floor(Math.log2(v))));
  f64[0] = v;
  const e = (u32[1] >>> 20) & 0x7ff;
  if (e === 0) return 2 ** 1022; // subnormal v
  if (e >= 2046) return 2 ** -1023;
  u32[1] = (2046 - e) << 20;
  u32[0] = 0;
  return f64[0];
}

/**
 * Equilibrates a real row-major n×n matrix in place: fills `rowScale` and `colScale` (length n) and
 * replaces a by R·a·C. Rows listed with skipRow ≥ 0 are left out of both passes (their scale is 1 and
 * they do not influence the column factors): e.g. a pinned row that the caller overwrites afterwards.
 */
export function equilibrateDense(a: Float64Array, n: number, rowScale: Float64Array, colScale: Float64Array, skipRow = -1): void {
  for (let j = 0; j < n; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (i === skipRow) continue;
      const v = Math.abs(a[i * n + j]);
      if (v > m) m = v;
    }
    colScale[j] = 0.5 * inversePowerOfTwo(m);
  }
  for (let i = 0; i < n; i++) {
    if (i === skipRow) { rowScale[i] = 1; continue; }
    let m = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const v = Math.abs(a[row + j] * colScale[j]);
      if (v > m) m = v;
    }
    const r = 0.5 * inversePowerOfTwo(m);
    rowScale[i] = r;
    for (let j = 0; j < n; j++) a[row + j] = r * (a[row + j] * colScale[j]);
  }
}

/**
 * The same for a real square CSR matrix (values one per stored entry): scales written into rowScale and
 * colScale, `out` (may be `values`) receives R·A·C. `skipRow` as in equilibrateDense. With `rows` false
 * only the column pass runs (R = I): then threshold partial pivoting, which compares entries within a
 * column, chooses the same pivots as for A itself, so a recorded pivot sequence stays valid across the
 * same θ-family as before.
 */
export function equilibrateCsr(n: number, rowPtr: Int32Array, colIdx: Int32Array, values: Float64Array,
  rowScale: Float64Array, colScale: Float64Array, out: Float64Array = values, skipRow = -1, rows = true): void {
  colScale.fill(0, 0, n);
  for (let i = 0; i < n; i++) {
    if (i === skipRow) continue;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const v = Math.abs(values[p]), j = colIdx[p];
      if (v > colScale[j]) colScale[j] = v;
    }
  }
  for (let j = 0; j < n; j++) colScale[j] = 0.5 * inversePowerOfTwo(colScale[j]);
  for (let i = 0; i < n; i++) {
    if (i === skipRow) {
      rowScale[i] = 1;
      if (out !== values) for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) out[p] = values[p];
      continue;
    }
    let m = 0;
    if (rows) {
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
        const v = Math.abs(values[p] * colScale[colIdx[p]]);
        if (v > m) m = v;
      }
    }
    const r = rows ? 0.5 * inversePowerOfTwo(m) : 1;
    rowScale[i] = r;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) out[p] = r * (values[p] * colScale[colIdx[p]]);
  }
}

/**
 * The same for a complex CSR matrix (interleaved values), with |z| measured as max(|Re z|, |Im z|)
 * (within √2 of the modulus, which is all a power-of-two scaling needs).
 */
export function equilibrateCsrComplex(n: number, rowPtr: Int32Array, colIdx: Int32Array, values: Float64Array,
  rowScale: Float64Array, colScale: Float64Array, out: Float64Array = values): void {
  colScale.fill(0, 0, n);
  const mag = (p: number) => Math.max(Math.abs(values[2 * p]), Math.abs(values[2 * p + 1]));
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const v = mag(p), j = colIdx[p];
      if (v > colScale[j]) colScale[j] = v;
    }
  }
  for (let j = 0; j < n; j++) colScale[j] = 0.5 * inversePowerOfTwo(colScale[j]);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) m = Math.max(m, mag(p) * colScale[colIdx[p]]);
    const r = 0.5 * inversePowerOfTwo(m);
    rowScale[i] = r;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const f = r * colScale[colIdx[p]];
      out[2 * p] = f * values[2 * p];
      out[2 * p + 1] = f * values[2 * p + 1];
    }
  }
}
