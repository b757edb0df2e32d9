/**
 * Supernodes of a sparse LU's L factor, found by the factorisation kernel (SupernodeTracker below) and
 * used by it and by the numeric refactorisation (sparse-lu-refactor.ts). No physics lives here.
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

/**
 * Runs in U's recorded column patterns: run[p] > 0 at the first entry of a maximal stretch
 * Ui[p], Ui[p] + 1, …, Ui[p] + run[p] − 1 of consecutive steps of one supernode (in the recorded
 * topological order), 0 at the stretch's other entries. A column update applies such a stretch at once.
 */
export function supernodeRuns(Up: Int32Array, Ui: Int32Array, starts: Int32Array, k0: number): Int32Array {
  if (starts.length === k0 + 1) return new Int32Array(Ui.length).fill(1); // every step a supernode of its own
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

/**
 * Supernodes found while a Gilbert–Peierls factorisation runs (sparse-lu-factor.ts; rows in original
 * numbering, values w numbers per entry). After each step `step` decides whether column k continues
 * column k − 1; a supernode s0 … s1 that stops growing is closed: its members' rows are put in the
 * canonical order (rows of steps m + 1 … s1, then R in the order of L(:, s1)), member m < s1 is pruned to
 * its first row (the row of step m + 1: everything else in L(:, m) is reachable through it, so the
 * depth-first search meets the members consecutively, in order), and when L(:, s1) is pruned later, its
 * reordering is repeated on R in every member. `last[s]` is then s1 for every member, and later columns
 * apply runs of members at once (sparse-kernels.ts `runUpdate`) with the same bits as column by column.
 */
export class SupernodeTracker {
  /** Last member of the closed supernode holding step s (−1: open, or a supernode of one step). */
  readonly last: Int32Array;
  /** First member of the closed supernode holding step s (valid where last[s] ≥ 0). */
  readonly head: Int32Array;
  /** Pivot row of each step so far. */
  readonly prow: Int32Array;
  private first = 0;
  private readonly mark: Int32Array;
  private readonly pos: Int32Array;
  private readonly vals: Float64Array;

  /** enabled = false: every step is a supernode of its own (nothing closed, ordinary pruning). */
  constructor(n: number, private readonly w: number, private readonly enabled = true) {
    this.last = new Int32Array(n).fill(-1);
    this.head = new Int32Array(n);
    this.prow = new Int32Array(n);
    this.mark = new Int32Array(n).fill(-1);
    this.pos = new Int32Array(n);
    this.vals = new Float64Array(w * n);
  }

  /** The partition of steps 0 … k0 − 1 once every supernode is closed: supernode t is steps starts[t] … starts[t+1] − 1. */
  starts(k0: number): Int32Array {
    const out: number[] = [];
    for (let s = 0; s < k0; s = this.last[s] >= s ? this.last[s] + 1 : s + 1) out.push(s);
    out.push(k0);
    return Int32Array.from(out);
  }

  /**
   * Step k is done (L(:, k) stored, pivot row `piv`): it joins the open supernode, or that one is closed.
   * Column k continues column k − 1 (L(:, k − 1) = {piv} ∪ L(:, k)) only if |L(:, k)| = |L(:, k − 1)| − 1.
   * When k − 1 is in U(:, k)'s pattern (`afterPrevious`), that is enough: the search reached every row of
   * L(:, k − 1), so L(:, k) ⊇ L(:, k − 1) \ {piv}, and the sizes leave room for nothing else. Otherwise
   * (possible for an unsymmetric pattern) the two row sets are compared.
   */
  step(k: number, piv: number, afterPrevious: boolean, Lp: Int32Array, Li: Int32Array, Lx: Float64Array, Lpruned: Int32Array): void {
    this.prow[k] = piv;
    if (!this.enabled) return;
    if (k > this.first && Lp[k + 1] - Lp[k] === Lp[k] - Lp[k - 1] - 1 && (afterPrevious || this.continues(k - 1, piv, Lp, Li))) return;
    this.close(k - 1, Lp, Li, Lx, Lpruned);
    this.first = k;
  }

  /** L(:, s) = {piv} ∪ L(:, s + 1) as sets, their sizes already equal up to piv (original rows). */
  private continues(s: number, piv: number, Lp: Int32Array, Li: Int32Array): boolean {
    const { mark } = this;
    for (let p = Lp[s + 1]; p < Lp[s + 2]; p++) mark[Li[p]] = s;
    mark[piv] = s;
    for (let p = Lp[s]; p < Lp[s + 1]; p++) if (mark[Li[p]] !== s) return false;
    return true;
  }

  /**
   * Symmetric pruning after step k (U(:, k) = Ui[u0 … u1), pivot row piv): when U(s, k) ≠ 0 and L(piv, s) ≠ 0,
   * every row of L(:, s) still non-pivotal is also reachable through k, so the depth-first search may skip
   * that part of L(:, s): its pivotal rows are moved to the front (values along) and Lpruned[s] marks their
   * end. The last member of a closed supernode has each swap repeated on R in the other members.
   */
  prune(u0: number, u1: number, Ui: Int32Array, piv: number, pinv: Int32Array, Lp: Int32Array, Li: Int32Array, Lx: Float64Array, Lpruned: Int32Array): void {
    for (let t = u0; t < u1; t++) {
      const s = Ui[t];
      if (Lpruned[s] >= 0) continue;
      const end = Lp[s + 1];
      let hit = false;
      for (let pp = Lp[s]; pp < end; pp++) if (Li[pp] === piv) { hit = true; break; }
      if (!hit) continue;
      const s0 = this.last[s] === s ? this.head[s] : s;
      let front = Lp[s];
      for (let pp = Lp[s]; pp < end; pp++) {
        if (pinv[Li[pp]] < 0) continue;
        if (pp !== front) for (let m = s0; m <= s; m++) swap(Li, Lx, this.w, pp + Lp[m] + (s - m) - Lp[s], front + Lp[m] + (s - m) - Lp[s]);
        front++;
      }
      Lpruned[s] = front;
    }
  }

  /** Closes the open supernode first … s1 (nothing to do for one step). */
  close(s1: number, Lp: Int32Array, Li: Int32Array, Lx: Float64Array, Lpruned: Int32Array): void {
    const s0 = this.first, { w, pos, vals, prow } = this;
    if (s1 <= s0 || !this.enabled) return;
    const rb = Lp[s1], re = Lp[s1 + 1];
    for (let m = s1 - 1; m >= s0; m--) {
      const b = Lp[m], e = Lp[m + 1];
      for (let p = b; p < e; p++) pos[Li[p]] = p - b;
      vals.set(Lx.subarray(w * b, w * e));
      let at = b;
      for (let t = m + 1; t <= s1; t++, at++) Li[at] = prow[t];
      for (let p = rb; p < re; p++, at++) Li[at] = Li[p];
      // The values follow their rows (inline loops: a call per entry is slow before V8 compiles this).
      if (w === 1) for (let p = b; p < e; p++) Lx[p] = vals[pos[Li[p]]];
      else for (let p = b; p < e; p++) { const f = 2 * pos[Li[p]]; Lx[2 * p] = vals[f]; Lx[2 * p + 1] = vals[f + 1]; }
      Lpruned[m] = b + 1;
    }
    this.last.fill(s1, s0, s1 + 1);
    this.head.fill(s0, s0, s1 + 1);
  }
}

/** Exchanges entries a and b of Li and Lx (w numbers per entry). */
function swap(Li: Int32Array, Lx: Float64Array, w: number, a: number, b: number): void {
  const r = Li[a];
  Li[a] = Li[b];
  Li[b] = r;
  for (let h = 0; h < w; h++) {
    const v = Lx[w * a + h];
    Lx[w * a + h] = Lx[w * b + h];
    Lx[w * b + h] = v;
  }
}
