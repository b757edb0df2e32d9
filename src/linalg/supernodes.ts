/**
 * Supernodes of a sparse LU's L factor (pivot-step numbering), for the supernodal numeric
 * refactorisation of sparse-lu-refactor.ts. No physics lives here.
 *
 * Steps s0 … s1 form a supernode (exact, not relaxed: no explicit zeros are added) when every column continues the one before:
 *
 *     L(:, s) = {s + 1} ∪ L(:, s + 1)   for s0 ≤ s < s1,
 *
 * so all of them share the rows R = L(:, s1) below the block, and L(s0 … s1, s0 … s1) is a dense unit
 * lower triangle. With the rows of every member stored in one canonical order — first the block's own rows
 * s + 1 … s1 ascending, then R in the order of L(:, s1) — row i of R sits at position Lp[s] + (s1 − s) + i of
 * every member s, and an update by several consecutive members reads each x entry of R once
 * (sparse-kernels.ts `runUpdate`) instead of once per member: the same operations in the same order, so the
 * same bits. The order of rows inside one column is otherwise free: each L entry is computed and used on
 * its own.
 */

/** The supernode partition of steps 0 … k0 − 1: supernode t is the steps start[t] … start[t+1] − 1. */
export function findSupernodes(Lp: Int32Array, Li: Int32Array, k0: number): Int32Array {
  const starts: number[] = [];
  const mark = new Int32Array(Math.max(k0, maxIndex(Li) + 1)).fill(-1);
  for (let s = 0; s < k0; s++) {
    if (s === 0 || !continues(Lp, Li, s - 1, mark)) starts.push(s);
  }
  starts.push(k0);
  return Int32Array.from(starts);
}

/** Whether column s + 1 continues column s: L(:, s) = {s + 1} ∪ L(:, s + 1) (mark: scratch, −1 or stale). */
function continues(Lp: Int32Array, Li: Int32Array, s: number, mark: Int32Array): boolean {
  const b = Lp[s], e = Lp[s + 1], nb = Lp[s + 1], ne = Lp[s + 2];
  if (e - b !== ne - nb + 1) return false;
  for (let p = nb; p < ne; p++) mark[Li[p]] = s;
  mark[s + 1] = s;
  for (let p = b; p < e; p++) if (mark[Li[p]] !== s) return false;
  return true;
}

function maxIndex(a: Int32Array): number {
  let m = -1;
  for (let p = 0; p < a.length; p++) if (a[p] > m) m = a[p];
  return m;
}

/**
 * L's row indices in the canonical order of every supernode (module comment), and the map from new to old
 * positions: a value array in the old order is reordered by `permuteValues`.
 */
export function canonicalRows(Lp: Int32Array, Li: Int32Array, starts: Int32Array): { Li: Int32Array; from: Int32Array } {
  const out = Int32Array.from(Li), from = new Int32Array(Li.length);
  for (let p = 0; p < from.length; p++) from[p] = p;
  const pos = new Int32Array(Math.max(maxIndex(Li) + 1, 1));
  for (let t = 0; t + 1 < starts.length; t++) {
    const s0 = starts[t], s1 = starts[t + 1] - 1;
    if (s1 === s0) continue;
    const rb = Lp[s1], re = Lp[s1 + 1];
    for (let s = s0; s < s1; s++) {
      const b = Lp[s];
      for (let p = b; p < Lp[s + 1]; p++) pos[Li[p]] = p;
      let at = b;
      for (let r = s + 1; r <= s1; r++, at++) { out[at] = r; from[at] = pos[r]; }
      for (let p = rb; p < re; p++, at++) { out[at] = Li[p]; from[at] = pos[Li[p]]; }
    }
  }
  return { Li: out, from };
}

/** values reordered to the canonical positions: out[p] = values[from[p]]. */
export function permuteValues(values: Float64Array, from: Int32Array): Float64Array {
  const out = new Float64Array(from.length);
  for (let p = 0; p < from.length; p++) out[p] = values[from[p]];
  return out;
}

/**
 * Runs in U's recorded column patterns: run[p] > 0 at the first entry of a maximal stretch
 * Ui[p], Ui[p] + 1, …, Ui[p] + run[p] − 1 of consecutive steps of one supernode (in the recorded
 * topological order), 0 at the stretch's other entries. A column update applies such a stretch at once.
 */
export function supernodeRuns(Up: Int32Array, Ui: Int32Array, starts: Int32Array, k0: number): Int32Array {
  const node = new Int32Array(k0);
  for (let t = 0; t + 1 < starts.length; t++) node.fill(t, starts[t], starts[t + 1]);
  const run = new Int32Array(Ui.length);
  for (let k = 0; k + 1 < Up.length; k++) {
    const e = Up[k + 1];
    let p = Up[k];
    while (p < e) {
      const s = Ui[p];
      let len = 1;
      while (p + len < e && Ui[p + len] === s + len && s + len < k0 && node[s + len] === node[s]) len++;
      run[p] = len;
      p += len;
    }
  }
  return run;
}
