/**
 * The inner loop of the sparse LU's column updates and triangular solves, as a small function of its own:
 * x[idx[p]] −= val[p]·a for p ∈ [start, end). Same operations, same order as the loop written inline
 * (the indices of one column are distinct, so the unrolled form reads and writes each x entry once, in
 * turn), hence bit-identical results. Kept small so that V8 optimises it after a few calls, long before
 * the large factorisation functions that call it are themselves optimised — in a fresh process the bulk
 * of the multiply–adds then runs in optimised code from the first factorisation on. No physics.
 */
export function scatterAxpy(x: Float64Array, idx: Int32Array, val: Float64Array, start: number, end: number, a: number): void {
  let p = start;
  for (const last = end - 3; p < last; p += 4) {
    const i0 = idx[p], i1 = idx[p + 1], i2 = idx[p + 2], i3 = idx[p + 3];
    x[i0] -= val[p] * a;
    x[i1] -= val[p + 1] * a;
    x[i2] -= val[p + 2] * a;
    x[i3] -= val[p + 3] * a;
  }
  for (; p < end; p++) x[idx[p]] -= val[p] * a;
}
