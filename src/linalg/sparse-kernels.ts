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

/**
 * A run of consecutive members first … last = first + len − 1 of one supernode of L (supernodes.ts: rows in
 * canonical order, member m's first last − m rows being those of steps m + 1 … last) applied to x, exactly as
 * the column-by-column loop
 *
 *     for s = first … last:  if x(row of s) ≠ 0:  x_r −= L(r, s)·x(row of s)  for r ∈ L(:, s)
 *
 * would (same operations, same order for every entry, hence the same bits): first the dense unit lower
 * triangle of the run, then the rows below it, each read and written once per group of up to four members.
 * x is indexed like L's rows: by step (firstRow = first) or by original row (firstRow = the pivot row of
 * step first; the row of step m + 1 is then Li[Lp[m]]). Returns the multiply–adds done.
 */
export function runUpdate(x: Float64Array, Lp: Int32Array, Li: Int32Array, Lx: Float64Array, first: number, len: number, firstRow: number): number {
  const last = first + len - 1;
  let zero = false;
  for (let m = first, row = firstRow; m < last; m++) {
    const u = x[row], o = Lp[m];
    if (u === 0) zero = true;
    else for (let j = 0, e = last - m; j < e; j++) x[Li[o + j]] -= Lx[o + j] * u;
    row = Li[o];
  }
  let work = 0;
  if (zero || x[Li[Lp[last - 1]]] === 0) {
    // A zero member is skipped by the column loop: member by member, as it does.
    for (let m = first, row = firstRow; m <= last; m++) {
      const u = x[row];
      if (u !== 0) { scatterAxpy(x, Li, Lx, Lp[m] + (last - m), Lp[m + 1], u); work += Lp[m + 1] - Lp[m]; }
      if (m < last) row = Li[Lp[m]];
    }
    return work;
  }
  let m = first, row = firstRow;
  for (; m + 3 <= last; m += 4) {
    const r1 = Li[Lp[m]], r2 = Li[Lp[m + 1]], r3 = Li[Lp[m + 2]];
    belowFour(x, Lp, Li, Lx, m, last, x[row], x[r1], x[r2], x[r3]);
    if (m + 3 < last) row = Li[Lp[m + 3]];
  }
  if (m + 1 <= last) {
    belowTwo(x, Lp, Li, Lx, m, last, x[row], x[Li[Lp[m]]]);
    if (m + 1 < last) row = Li[Lp[m + 1]];
    m += 2;
  }
  if (m <= last) scatterAxpy(x, Li, Lx, Lp[m] + (last - m), Lp[m + 1], x[row]);
  return Lp[last + 1] - Lp[first];
}

/** Members m … m + 3 (values u0 … u3) of a run ending at `last` on the rows below it, in member order. */
function belowFour(x: Float64Array, Lp: Int32Array, Li: Int32Array, Lx: Float64Array, m: number, last: number, u0: number, u1: number, u2: number, u3: number): void {
  const b = Lp[last], cnt = Lp[last + 1] - b;
  const o0 = Lp[m] + (last - m), o1 = Lp[m + 1] + (last - m - 1), o2 = Lp[m + 2] + (last - m - 2), o3 = Lp[m + 3] + (last - m - 3);
  for (let i = 0; i < cnt; i++) {
    const r = Li[b + i];
    x[r] = x[r] - Lx[o0 + i] * u0 - Lx[o1 + i] * u1 - Lx[o2 + i] * u2 - Lx[o3 + i] * u3;
  }
}

/** Members m, m + 1 (values u0, u1) of a run ending at `last` on the rows below it, in member order. */
function belowTwo(x: Float64Array, Lp: Int32Array, Li: Int32Array, Lx: Float64Array, m: number, last: number, u0: number, u1: number): void {
  const b = Lp[last], cnt = Lp[last + 1] - b;
  const o0 = Lp[m] + (last - m), o1 = Lp[m + 1] + (last - m - 1);
  for (let i = 0; i < cnt; i++) {
    const r = Li[b + i];
    x[r] = x[r] - Lx[o0 + i] * u0 - Lx[o1 + i] * u1;
  }
}
