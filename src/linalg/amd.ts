/**
 * Approximate minimum degree (AMD) ordering on a quotient graph — the core of `amdOrdering`.
 *
 * Algorithm (Amestoy, Davis & Duff 1996; George & Liu's quotient graph). The graph G of a symmetric
 * pattern is eliminated one (super)variable at a time. Eliminating a pivot p does not form the fill
 * clique explicitly: p becomes an *element* whose variable list is
 *
 *     L_p = (A_p ∪ ⋃_{e ∈ E_p} L_e) \ {p},
 *
 * where A_p are p's variable neighbours and E_p its adjacent elements; the elements of E_p are
 * *absorbed* into p. Instead of exact external degrees, each variable i ∈ L_p gets the upper bound
 *
 *     d̄_i = min( n_left − |i|,  d̄_i^old + |L_p \ i|,  |A_i \ i| + |L_p \ i| + Σ_{e ∈ E_i, e ≠ p} |L_e \ L_p| ),
 *
 * all sizes weighted by supervariable size |·|. The quantities |L_e \ L_p| are obtained for every element
 * e touching L_p in one pass. Further refinements: *aggressive absorption* (an element with
 * L_e ⊆ L_p is absorbed into p), *mass elimination* (a variable whose only neighbour is p is eliminated
 * together with p), and *supervariable detection* (variables of L_p with identical element/variable
 * lists, found by hashing, are merged into one supervariable). Nodes of very high initial degree
 * ("dense rows") are removed up front and ordered last.
 *
 * Written from the published description. All lists live in one Int32Array pool (no per-node arrays):
 * each variable's element list E_i and each node's variable list (A_i, or L_e for an element) is a
 * (start, length, capacity) slice; a new element's L_p is appended at the pool's end, an E_i that is full
 * moves there with twice the room (E_i is stored newest last); a full pool is compacted (live lists only).
 */

const VAR = 0; // principal variable, not yet eliminated
const MERGED = 1; // non-principal variable (merged into a supervariable)
const ELEMENT = 2; // eliminated pivot, acting as an element
const DEAD = 3; // absorbed element or mass-eliminated variable
const DENSE = 4; // postponed dense node

/**
 * Approximate-minimum-degree permutation of a symmetric adjacency structure (no self loops, each edge
 * stored in both directions). Returns p with new index k ↦ old index p[k].
 *
 * @param denseThreshold nodes of degree above this are ordered last (default max(16, 10·√n)).
 * @param poolSize initial size of the list pool (default 2·nnz + 4n; at least nnz): the result does not
 *   depend on it — a small pool only makes the compactions more frequent (tests use that).
 */
export function amdFromAdjacency(n: number, ptr: Int32Array, adj: Int32Array,
  denseThreshold = Math.max(16, Math.floor(10 * Math.sqrt(n))), poolSize = 2 * ptr[n] + 4 * n): Int32Array {
  const order = new Int32Array(n);
  let nOrdered = 0;
  const status = new Int8Array(n);
  const nv = new Int32Array(n).fill(1); // supervariable weights
  const deg = new Int32Array(n); // approximate external degree (variables)
  const esize = new Int32Array(n); // weighted |L_e| (elements)
  const chainNext = new Int32Array(n).fill(-1); // members of a supervariable, principal first
  const chainLast = new Int32Array(n);
  // The pool: E_i = pool[eStart[i] … + eLen[i]) (newest last), A_i or L_e = pool[vStart[i] … + vLen[i]).
  let pool = new Int32Array(Math.max(16, ptr[n], poolSize)), top = 0;
  const eStart = new Int32Array(n), eLen = new Int32Array(n), eCap = new Int32Array(n);
  const vStart = new Int32Array(n), vLen = new Int32Array(n);
  /**
   * Room for `more` entries at the pool's end: when full, the live lists are copied to the front of a
   * pool twice their size (absorbed elements' and replaced lists are garbage), so the pool stays
   * O(size of the quotient graph), not O(Σ_p |L_p|). Moves every list: call only between list loops.
   */
  const reserve = (more: number): void => {
    if (top + more <= pool.length) return;
    let live = 0;
    for (let i = 0; i < n; i++) live += eLen[i] + vLen[i];
    const fresh = new Int32Array(Math.max(2 * (live + more), 16));
    let at = 0;
    for (let i = 0; i < n; i++) {
      fresh.set(pool.subarray(vStart[i], vStart[i] + vLen[i]), at);
      vStart[i] = at;
      at += vLen[i];
      fresh.set(pool.subarray(eStart[i], eStart[i] + eLen[i]), at);
      eStart[i] = at;
      eCap[i] = eLen[i];
      at += eLen[i];
    }
    pool = fresh;
    top = at;
  };

  let nDense = 0;
  const denseNodes: number[] = [];
  for (let i = 0; i < n; i++) {
    chainLast[i] = i;
    if (ptr[i + 1] - ptr[i] > denseThreshold) {
      status[i] = DENSE;
      denseNodes.push(i);
      nDense++;
    }
  }
  for (let i = 0; i < n; i++) {
    vStart[i] = top;
    if (status[i] !== DENSE) {
      for (let t = ptr[i]; t < ptr[i + 1]; t++) {
        const j = adj[t];
        if (j !== i && status[j] !== DENSE) pool[top++] = j;
      }
    }
    vLen[i] = top - vStart[i];
    deg[i] = vLen[i];
  }

  // Degree buckets: doubly linked lists.
  const head = new Int32Array(n + 1).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  const insert = (i: number, d: number): void => {
    const h = head[d];
    next[i] = h;
    prev[i] = -1;
    if (h >= 0) prev[h] = i;
    head[d] = i;
  };
  const remove = (i: number): void => {
    if (prev[i] >= 0) next[prev[i]] = next[i];
    else head[deg[i]] = next[i];
    if (next[i] >= 0) prev[next[i]] = prev[i];
  };
  for (let i = 0; i < n; i++) if (status[i] === VAR) insert(i, deg[i]);

  const lpMark = new Int32Array(n).fill(-1); // lpMark[i] === step ⇔ i ∈ L_p
  const lp = new Int32Array(n); // L_p of the current step: lp[0 … lpLen)
  let lpLen = 0;
  /** Appends to L_p the live variables of node x's variable list not yet in it, marking them. */
  const gather = (x: number, step: number): void => {
    for (let t = vStart[x], end = t + vLen[x]; t < end; t++) {
      const i = pool[t];
      if (status[i] === VAR && lpMark[i] !== step) {
        lpMark[i] = step;
        lp[lpLen++] = i;
      }
    }
  };
  const wMark = new Int32Array(n).fill(-1);
  const wVal = new Int32Array(n); // |L_e \ L_p| for elements touched this step
  const extDeg = new Int32Array(n); // external degree of i ∈ L_p, excluding L_p itself
  const setMark = new Int32Array(n).fill(-1);
  let setStamp = 0;
  const hashHead = new Int32Array(n).fill(-1);
  const hashNext = new Int32Array(n).fill(-1);
  const hashOf = new Int32Array(n);

  const emit = (i: number): void => {
    for (let m = i; m >= 0; m = chainNext[m]) order[nOrdered++] = m;
  };

  let nEliminated = 0; // weighted count of eliminated variables
  const nActive = n - nDense;
  let minDeg = 0;
  let step = 0;
  while (nEliminated < nActive) {
    // 1. Pivot of minimum approximate degree.
    while (minDeg < n && head[minDeg] < 0) minDeg++;
    const p = head[minDeg];
    remove(p);
    emit(p);
    nEliminated += nv[p];
    step++;

    // 2. L_p = A_p ∪ ⋃ L_e (e ∈ E_p, newest first) minus p; the elements of E_p are absorbed.
    lpMark[p] = step;
    lpLen = 0;
    for (let t = eStart[p] + eLen[p] - 1; t >= eStart[p]; t--) {
      const e = pool[t];
      if (status[e] !== ELEMENT) continue;
      gather(e, step);
      status[e] = DEAD;
      vLen[e] = 0;
    }
    gather(p, step);
    status[p] = ELEMENT;
    eLen[p] = 0;
    for (let k = 0; k < lpLen; k++) remove(lp[k]);

    // 3. |L_e \ L_p| for every element e adjacent to some i ∈ L_p.
    for (let k = 0; k < lpLen; k++) {
      const i = lp[k], wi = nv[i];
      for (let t = eStart[i], end = t + eLen[i]; t < end; t++) {
        const e = pool[t];
        if (status[e] !== ELEMENT) continue;
        if (wMark[e] !== step) {
          wMark[e] = step;
          wVal[e] = esize[e];
        }
        wVal[e] -= wi;
      }
    }

    // 4. Prune lists, absorb covered elements, external degrees, mass elimination, hashes.
    for (let k = 0; k < lpLen; k++) {
      const i = lp[k];
      let d = 0, h = 0, m = eStart[i];
      for (let t = eStart[i], end = t + eLen[i]; t < end; t++) {
        const e = pool[t];
        if (status[e] !== ELEMENT) continue;
        const we = wVal[e];
        if (we === 0) { // aggressive absorption: L_e ⊆ L_p
          status[e] = DEAD;
          vLen[e] = 0;
          continue;
        }
        d += we;
        h += e;
        pool[m++] = e;
      }
      eLen[i] = m - eStart[i];
      m = vStart[i];
      for (let t = vStart[i], end = t + vLen[i]; t < end; t++) {
        const j = pool[t];
        if (status[j] !== VAR || lpMark[j] === step) continue;
        d += nv[j];
        h += j;
        pool[m++] = j;
      }
      vLen[i] = m - vStart[i];
      if (eLen[i] === 0 && vLen[i] === 0) {
        // Mass elimination: i is adjacent to p only.
        status[i] = DEAD;
        nEliminated += nv[i];
        emit(i);
        continue;
      }
      if (eLen[i] === eCap[i]) { // E_i full: move it to the pool's end with twice the room
        const cap = Math.max(4, 2 * eCap[i]);
        reserve(cap);
        pool.copyWithin(top, eStart[i], eStart[i] + eLen[i]);
        eStart[i] = top;
        eCap[i] = cap;
        top += cap;
      }
      pool[eStart[i] + eLen[i]++] = p;
      extDeg[i] = d;
      hashOf[i] = (h + p) % n;
    }

    // 5. Supervariable detection among the survivors of L_p.
    let k = 0;
    for (let t = 0; t < lpLen; t++) if (status[lp[t]] === VAR) lp[k++] = lp[t];
    lpLen = k;
    for (let t = 0; t < lpLen; t++) {
      const i = lp[t], hv = hashOf[i];
      hashNext[i] = hashHead[hv];
      hashHead[hv] = i;
    }
    for (let t = 0; t < lpLen; t++) {
      const hv = hashOf[lp[t]];
      let i = hashHead[hv];
      if (i < 0) continue;
      hashHead[hv] = -1; // consume the bucket
      for (; i >= 0; i = hashNext[i]) {
        if (status[i] !== VAR) continue;
        if (hashNext[i] < 0) break; // nothing left in the bucket to compare i with: no marking needed
        setStamp++;
        for (let u = eStart[i], end = u + eLen[i]; u < end; u++) setMark[pool[u]] = setStamp;
        for (let u = vStart[i], end = u + vLen[i]; u < end; u++) setMark[pool[u]] = setStamp;
        for (let j = hashNext[i]; j >= 0; j = hashNext[j]) {
          if (status[j] !== VAR) continue;
          if (eLen[j] !== eLen[i] || vLen[j] !== vLen[i]) continue;
          let same = true;
          for (let u = eStart[j], end = u + eLen[j]; u < end && same; u++) same = setMark[pool[u]] === setStamp;
          for (let u = vStart[j], end = u + vLen[j]; u < end && same; u++) same = setMark[pool[u]] === setStamp;
          if (!same) continue;
          nv[i] += nv[j];
          nv[j] = 0;
          status[j] = MERGED;
          eLen[j] = 0;
          vLen[j] = 0;
          chainNext[chainLast[i]] = j;
          chainLast[i] = chainLast[j];
        }
      }
    }

    // 6. Finalize L_p (stored as p's variable list) and the approximate degrees; reinsert into the buckets.
    k = 0;
    let size = 0;
    for (let t = 0; t < lpLen; t++) {
      const i = lp[t];
      if (status[i] !== VAR) continue;
      lp[k++] = i;
      size += nv[i];
    }
    lpLen = k;
    reserve(lpLen);
    pool.set(lp.subarray(0, lpLen), top);
    vStart[p] = top;
    vLen[p] = lpLen;
    top += lpLen;
    esize[p] = size;
    const nLeft = nActive - nEliminated;
    for (let t = 0; t < lpLen; t++) {
      const i = lp[t];
      const outside = size - nv[i]; // |L_p \ i|
      let d = Math.min(nLeft - nv[i], deg[i] + outside, extDeg[i] + outside);
      if (d < 0) d = 0;
      deg[i] = d;
      insert(i, d);
      if (d < minDeg) minDeg = d;
    }
  }
  for (const i of denseNodes) order[nOrdered++] = i;
  if (nOrdered !== n) throw new Error(`amd: internal error, ordered ${nOrdered} of ${n} nodes`);
  return order;
}
