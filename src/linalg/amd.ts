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
 * Written from the published description; adjacency lists are plain growable arrays per node.
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
 */
export function amdFromAdjacency(n: number, ptr: Int32Array, adj: Int32Array,
  denseThreshold = Math.max(16, Math.floor(10 * Math.sqrt(n)))): Int32Array {
  const order = new Int32Array(n);
  let nOrdered = 0;
  const status = new Int8Array(n);
  const nv = new Int32Array(n).fill(1); // supervariable weights
  const deg = new Int32Array(n); // approximate external degree (variables)
  const esize = new Int32Array(n); // weighted |L_e| (elements)
  const chainNext = new Int32Array(n).fill(-1); // members of a supervariable, principal first
  const chainLast = new Int32Array(n);
  const elems: number[][] = new Array(n); // E_i (variables) — element lists
  const vars: number[][] = new Array(n); // A_i (variables) or L_e (elements)

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
    elems[i] = [];
    const list: number[] = [];
    if (status[i] !== DENSE) {
      for (let t = ptr[i]; t < ptr[i + 1]; t++) {
        const j = adj[t];
        if (j !== i && status[j] !== DENSE) list.push(j);
      }
    }
    vars[i] = list;
    deg[i] = list.length;
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
  /** Appends to lp the live variables of `list` not yet in L_p, marking them. */
  const gather = (list: readonly number[], lp: number[], step: number): void => {
    for (const i of list) {
      if (status[i] === VAR && lpMark[i] !== step) {
        lpMark[i] = step;
        lp.push(i);
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

    // 2. L_p = A_p ∪ ⋃ L_e (e ∈ E_p) minus p; the elements of E_p are absorbed.
    lpMark[p] = step;
    const lp: number[] = [];
    for (const e of elems[p]) {
      if (status[e] !== ELEMENT) continue;
      gather(vars[e], lp, step);
      status[e] = DEAD;
      vars[e] = [];
    }
    gather(vars[p], lp, step);
    status[p] = ELEMENT;
    elems[p] = [];
    for (const i of lp) remove(i);

    // 3. |L_e \ L_p| for every element e adjacent to some i ∈ L_p.
    for (const i of lp) {
      const wi = nv[i];
      for (const e of elems[i]) {
        if (status[e] !== ELEMENT) continue;
        if (wMark[e] !== step) {
          wMark[e] = step;
          wVal[e] = esize[e];
        }
        wVal[e] -= wi;
      }
    }

    // 4. Prune lists, absorb covered elements, external degrees, mass elimination, hashes.
    for (const i of lp) {
      const ei = elems[i];
      let d = 0, h = 0, m = 0;
      for (let t = 0; t < ei.length; t++) {
        const e = ei[t];
        if (status[e] !== ELEMENT) continue;
        const we = wVal[e];
        if (we === 0) { // aggressive absorption: L_e ⊆ L_p
          status[e] = DEAD;
          vars[e] = [];
          continue;
        }
        d += we;
        h += e;
        ei[m++] = e;
      }
      ei.length = m;
      const ai = vars[i];
      m = 0;
      for (let t = 0; t < ai.length; t++) {
        const j = ai[t];
        if (status[j] !== VAR || lpMark[j] === step) continue;
        d += nv[j];
        h += j;
        ai[m++] = j;
      }
      ai.length = m;
      if (ei.length === 0 && ai.length === 0) {
        // Mass elimination: i is adjacent to p only.
        status[i] = DEAD;
        nEliminated += nv[i];
        emit(i);
        continue;
      }
      ei.unshift(p);
      extDeg[i] = d;
      hashOf[i] = (h + p) % n;
    }

    // 5. Supervariable detection among the survivors of L_p.
    let k = 0;
    for (const i of lp) if (status[i] === VAR) lp[k++] = i;
    lp.length = k;
    for (const i of lp) {
      const hv = hashOf[i];
      hashNext[i] = hashHead[hv];
      hashHead[hv] = i;
    }
    for (const i0 of lp) {
      const hv = hashOf[i0];
      let i = hashHead[hv];
      if (i < 0) continue;
      hashHead[hv] = -1; // consume the bucket
      for (; i >= 0; i = hashNext[i]) {
        if (status[i] !== VAR) continue;
        if (hashNext[i] < 0) break; // nothing left in the bucket to compare i with: no marking needed
        const ei = elems[i], ai = vars[i];
        setStamp++;
        for (const e of ei) setMark[e] = setStamp;
        for (const j of ai) setMark[j] = setStamp;
        for (let j = hashNext[i]; j >= 0; j = hashNext[j]) {
          if (status[j] !== VAR) continue;
          const ej = elems[j], aj = vars[j];
          if (ej.length !== ei.length || aj.length !== ai.length) continue;
          let same = true;
          for (let t = 0; t < ej.length && same; t++) same = setMark[ej[t]] === setStamp;
          for (let t = 0; t < aj.length && same; t++) same = setMark[aj[t]] === setStamp;
          if (!same) continue;
          nv[i] += nv[j];
          nv[j] = 0;
          status[j] = MERGED;
          elems[j] = [];
          vars[j] = [];
          chainNext[chainLast[i]] = j;
          chainLast[i] = chainLast[j];
        }
      }
    }

    // 6. Finalize L_p and the approximate degrees; reinsert into the buckets.
    k = 0;
    let size = 0;
    for (const i of lp) {
      if (status[i] !== VAR) continue;
      lp[k++] = i;
      size += nv[i];
    }
    lp.length = k;
    vars[p] = lp;
    esize[p] = size;
    const nLeft = nActive - nEliminated;
    for (const i of lp) {
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
