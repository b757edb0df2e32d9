/**
 * Structure of the non-zero pattern of a square sparse matrix A, read as a directed graph with an edge
 * j → i wherever A_ij ≠ 0 (so that x ↦ A·x moves weight from j to i):
 * - the set reachable from a seed set: the smallest coordinate subspace that contains the seeds and is
 *   invariant under A (exp(tA)·x stays in it for every x supported on the seeds);
 * - strongly connected components: a permutation making A block upper triangular, whose diagonal blocks
 *   carry all of A's eigenvalues;
 * - principal submatrices on an index set.
 * No physics lives here.
 */
import { CsrMatrix } from './sparse.ts';
import { LinalgError } from './errors.ts';
import { checkArgument } from './arguments.ts';

function square(a: CsrMatrix, fn: string): void {
  if (a.rows !== a.cols) throw new LinalgError(`${fn}: matrix must be square, got ${a.rows}×${a.cols}`);
}

/**
 * Indices reachable from `seeds` along edges j → i (A_ij ≠ 0), seeds included, in increasing order.
 * Exact zeros stored in A do not count as edges.
 */
export function reachableSet(a: CsrMatrix, seeds: ArrayLike<number>): Int32Array {
  checkArgument(a, 'csr', 'reachableSet', 'a');
  checkArgument(seeds, 'indices', 'reachableSet', 'seeds');
  square(a, 'reachableSet');
  const n = a.rows;
  const t = a.transpose(); // row j of Aᵀ lists the i with A_ij ≠ 0
  const seen = new Uint8Array(n);
  const stack: number[] = [];
  for (let k = 0; k < seeds.length; k++) {
    const s = seeds[k];
    if (!Number.isInteger(s) || s < 0 || s >= n) throw new LinalgError(`reachableSet: seed ${s} outside 0…${n - 1}`);
    if (!seen[s]) { seen[s] = 1; stack.push(s); }
  }
  while (stack.length > 0) {
    const j = stack.pop()!;
    for (let p = t.rowPtr[j]; p < t.rowPtr[j + 1]; p++) {
      const i = t.colIdx[p];
      if (!seen[i] && (t.values[2 * p] !== 0 || t.values[2 * p + 1] !== 0)) { seen[i] = 1; stack.push(i); }
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (seen[i]) out.push(i);
  return Int32Array.from(out);
}

/**
 * Strongly connected components of the pattern graph (Tarjan's algorithm, iterative). Every eigenvalue of
 * A is an eigenvalue of one of the principal submatrices A[c, c], and the union over components (with
 * multiplicity) is the whole spectrum. Components are returned with sorted indices.
 */
export function stronglyConnectedComponents(a: CsrMatrix): Int32Array[] {
  checkArgument(a, 'csr', 'stronglyConnectedComponents', 'a');
  square(a, 'stronglyConnectedComponents');
  const n = a.rows;
  const index = new Int32Array(n).fill(-1), low = new Int32Array(n), onStack = new Uint8Array(n);
  const stack: number[] = [], out: Int32Array[] = [];
  const callNode: number[] = [], callEdge: number[] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    callNode.push(root); callEdge.push(a.rowPtr[root]);
    index[root] = low[root] = counter++; stack.push(root); onStack[root] = 1;
    while (callNode.length > 0) {
      const v = callNode[callNode.length - 1];
      const p = callEdge[callEdge.length - 1];
      if (p < a.rowPtr[v + 1]) {
        callEdge[callEdge.length - 1] = p + 1;
        if (a.values[2 * p] === 0 && a.values[2 * p + 1] === 0) continue;
        const w = a.colIdx[p];
        if (index[w] < 0) {
          index[w] = low[w] = counter++; stack.push(w); onStack[w] = 1;
          callNode.push(w); callEdge.push(a.rowPtr[w]);
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      callNode.pop(); callEdge.pop();
      if (callNode.length > 0) { const u = callNode[callNode.length - 1]; low[u] = Math.min(low[u], low[v]); }
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do { w = stack.pop()!; onStack[w] = 0; comp.push(w); } while (w !== v);
        out.push(Int32Array.from(comp.sort((x, y) => x - y)));
      }
    }
  }
  return out;
}

/** The principal submatrix A[idx, idx] (idx sorted ascending, distinct) as CSR. */
export function principalSubmatrix(a: CsrMatrix, idx: ArrayLike<number>): CsrMatrix {
  checkArgument(a, 'csr', 'principalSubmatrix', 'a');
  checkArgument(idx, 'indices', 'principalSubmatrix', 'idx');
  square(a, 'principalSubmatrix');
  const pos = new Int32Array(a.rows).fill(-1);
  for (let k = 0; k < idx.length; k++) {
    if (k > 0 && !(idx[k] > idx[k - 1])) throw new LinalgError('principalSubmatrix: indices must be strictly increasing');
    pos[idx[k]] = k;
  }
  const m = idx.length, rowPtr = new Int32Array(m + 1);
  const cols: number[] = [], vals: number[] = [];
  for (let k = 0; k < m; k++) {
    const i = idx[k];
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const c = pos[a.colIdx[p]];
      if (c >= 0) { cols.push(c); vals.push(a.values[2 * p], a.values[2 * p + 1]); }
    }
    rowPtr[k + 1] = cols.length;
  }
  return new CsrMatrix(m, m, rowPtr, Int32Array.from(cols), Float64Array.from(vals));
}
