/**
 * Communicating classes of the directed graph of a square sparse pattern: an edge j → i for every stored
 * off-diagonal entry (i, j) (column j "flows into" row i, as in a column-oriented generator dy/dt = A y).
 * Strongly connected components by Tarjan's algorithm (iterative, no recursion); a class is closed when no
 * edge leaves it. O(n + nnz). No physics.
 */

export interface CommunicatingClasses {
  /** Number of strongly connected components. */
  readonly count: number;
  /** Component of each vertex. */
  readonly component: Int32Array;
  /** closed[c] = 1 when no edge leaves component c. */
  readonly closed: Uint8Array;
  /** Number of closed components. */
  readonly closedCount: number;
}

/**
 * Classes of the graph with edges j → i for the entries (i, j), i ≠ j, of the pattern given by rows
 * (rowPtr/colIdx, n×n) — only positions p with keep(p) true when `keep` is given.
 */
export function communicatingClasses(n: number, rowPtr: ArrayLike<number>, colIdx: ArrayLike<number>, keep?: (p: number) => boolean): CommunicatingClasses {
  // Tarjan on the reversed graph (i → j for entry (i, j)): the same components.
  const index = new Int32Array(n).fill(-1), low = new Int32Array(n), onStack = new Uint8Array(n);
  const component = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n), callV = new Int32Array(n), callP = new Int32Array(n);
  let sp = 0, next = 0, count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    let depth = 0;
    callV[0] = root; callP[0] = rowPtr[root];
    index[root] = low[root] = next++; stack[sp++] = root; onStack[root] = 1;
    while (depth >= 0) {
      const v = callV[depth];
      let p = callP[depth];
      let descended = false;
      for (; p < rowPtr[v + 1]; p++) {
        const w = colIdx[p];
        if (w === v || (keep && !keep(p))) continue;
        if (index[w] < 0) {
          callP[depth] = p + 1;
          index[w] = low[w] = next++; stack[sp++] = w; onStack[w] = 1;
          depth++;
          callV[depth] = w; callP[depth] = rowPtr[w];
          descended = true;
          break;
        }
        if (onStack[w] && index[w] < low[v]) low[v] = index[w];
      }
      if (descended) continue;
      if (low[v] === index[v]) {
        let w: number;
        do { w = stack[--sp]; onStack[w] = 0; component[w] = count; } while (w !== v);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const u = callV[depth];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }
  // A component c is open when an edge j → i leaves it: entry (i, j) with j in c, i outside.
  const closed = new Uint8Array(count).fill(1);
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const j = colIdx[p];
      if (j === i || (keep && !keep(p))) continue;
      if (component[i] !== component[j]) closed[component[j]] = 0;
    }
  }
  let closedCount = 0;
  for (let c = 0; c < count; c++) closedCount += closed[c];
  return { count, component, closed, closedCount };
}

/** Disjoint sets over 0…size−1 (union–find with path halving): find(x) gives x's representative. */
export function unionFind(size: number): { find: (x: number) => number; union: (a: number, b: number) => void } {
  const parent = new Int32Array(size);
  for (let i = 0; i < size; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; }
    return x;
  };
  return { find, union: (a, b) => { const ra = find(a), rb = find(b); if (ra !== rb) parent[ra] = rb; } };
}
