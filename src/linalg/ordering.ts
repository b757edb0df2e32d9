/**
 * Fill-reducing orderings for sparse factorizations. All orderings are permutations p with
 * new index k ↦ old index p[k], computed on the symmetric pattern of A + Aᵀ (diagonal ignored).
 * No physics lives here.
 */
import { amdFromAdjacency } from './amd.ts';
import { LinalgError } from './errors.ts';
import type { CsrMatrix } from './sparse.ts';
import { checkArgument } from './arguments.ts';

/** Symmetric adjacency structure (CSR-like): neighbours of i are idx[ptr[i] .. ptr[i+1]). */
export interface Adjacency {
  readonly n: number;
  readonly ptr: Int32Array;
  readonly idx: Int32Array;
}

/**
 * Pattern of A + Aᵀ without the diagonal: j ∈ adj(i) ⇔ i ≠ j and (a_ij ≠ 0 or a_ji ≠ 0).
 * Neighbour lists are sorted increasingly. O(nnz(A)) time.
 */
export function symmetricAdjacency(a: CsrMatrix): Adjacency {
  if (a.rows !== a.cols) throw new LinalgError(`ordering needs a square matrix, got ${a.rows}×${a.cols}`);
  return patternAdjacency(a.rows, a.rowPtr, a.colIdx);
}

/** symmetricAdjacency of the n×n CSR pattern (rp, ci), values not needed. */
export function patternAdjacency(n: number, rp: Int32Array, ci: Int32Array): Adjacency {
  // Count both directions of every off-diagonal entry, then remove duplicates per row. Each pass is a
  // function of its own, with no code after its loops: V8 compiles it as such after its first calls, not
  // on-stack inside one function whose later code (without type feedback yet) discarded it at each call's end.
  const cnt = bothDirectionCounts(n, rp, ci);
  const raw = bothDirections(n, rp, ci, cnt);
  const ptr = new Int32Array(n + 1), idx = new Int32Array(cnt[n]);
  const nz = distinctSorted(n, cnt, raw, ptr, idx);
  return { n, ptr, idx: idx.slice(0, nz) };
}

/** Row pointers (prefix sums) of the entries of A and Aᵀ off the diagonal, duplicates included. */
function bothDirectionCounts(n: number, rp: Int32Array, ci: Int32Array): Int32Array {
  const cnt = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let t = rp[i]; t < rp[i + 1]; t++) {
      const j = ci[t];
      if (j !== i) { cnt[i + 1]++; cnt[j + 1]++; }
    }
  }
  for (let i = 0; i < n; i++) cnt[i + 1] += cnt[i];
  return cnt;
}

/** The columns of those entries, row by row (rows at cnt). */
function bothDirections(n: number, rp: Int32Array, ci: Int32Array, cnt: Int32Array): Int32Array {
  const pos = cnt.slice(0, n), raw = new Int32Array(cnt[n]);
  for (let i = 0; i < n; i++) {
    for (let t = rp[i]; t < rp[i + 1]; t++) {
      const j = ci[t];
      if (j !== i) { raw[pos[i]++] = j; raw[pos[j]++] = i; }
    }
  }
  return raw;
}

/** Each row's distinct columns, sorted, into idx (row pointers into ptr); returns their number. */
function distinctSorted(n: number, cnt: Int32Array, raw: Int32Array, ptr: Int32Array, idx: Int32Array): number {
  const mark = new Int32Array(n).fill(-1);
  let nz = 0;
  for (let i = 0; i < n; i++) {
    const start = nz;
    for (let t = cnt[i]; t < cnt[i + 1]; t++) {
      const j = raw[t];
      if (mark[j] !== i) { mark[j] = i; idx[nz++] = j; }
    }
    idx.subarray(start, nz).sort();
    ptr[i + 1] = nz;
  }
  return nz;
}

/** Options for `amdOrdering`. */
export interface AmdOptions {
  /** Nodes of A + Aᵀ with more neighbours than this are ordered last (default max(16, 10·√n)). */
  denseThreshold?: number;
}

/**
 * Approximate minimum degree ordering of the pattern of A + Aᵀ (quotient graph with element
 * absorption, aggressive absorption, mass elimination and supervariables; see `amd.ts`).
 * Eliminating in the order p[0], p[1], … keeps the fill of a Cholesky/LU factor of A(p, p) low.
 */
export function amdOrdering(a: CsrMatrix, options: AmdOptions = {}): Int32Array {
  checkArgument(a, 'csr', 'amdOrdering', 'a');
  checkArgument(options, 'options', 'amdOrdering', 'options');
  const g = symmetricAdjacency(a);
  return amdFromAdjacency(g.n, g.ptr, g.idx, options.denseThreshold);
}

/**
 * Reverse Cuthill–McKee ordering of A + Aᵀ: breadth-first search from a pseudo-peripheral node of
 * each connected component (found by repeated BFS to the farthest, least-connected node), visiting
 * neighbours by increasing degree; the resulting order is reversed. Produces a small bandwidth/profile.
 */
export function reverseCuthillMcKee(a: CsrMatrix): Int32Array {
  checkArgument(a, 'csr', 'reverseCuthillMcKee', 'a');
  return rcmFromAdjacency(symmetricAdjacency(a));
}

/** reverseCuthillMcKee of a symmetric adjacency structure. */
export function rcmFromAdjacency(g: Adjacency): Int32Array {
  const { n, ptr, idx } = g;
  const degree = (i: number): number => ptr[i + 1] - ptr[i];
  const visited = new Uint8Array(n);
  const level = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const order = new Int32Array(n);
  let count = 0;

  /** BFS from s over unvisited nodes; returns [last level's min-degree node, depth]. */
  const probe = (s: number): [number, number] => {
    const touched: number[] = [s];
    level[s] = 0;
    let qh = 0, qt = 0;
    queue[qt++] = s;
    let far = s;
    while (qh < qt) {
      const i = queue[qh++];
      if (level[i] > level[far] || (level[i] === level[far] && degree(i) < degree(far))) far = i;
      for (let t = ptr[i]; t < ptr[i + 1]; t++) {
        const j = idx[t];
        if (!visited[j] && level[j] < 0) { level[j] = level[i] + 1; queue[qt++] = j; touched.push(j); }
      }
    }
    const depth = level[far];
    for (const i of touched) level[i] = -1;
    return [far, depth];
  };

  for (let s0 = 0; s0 < n; s0++) {
    if (visited[s0]) continue;
    // Pseudo-peripheral start node.
    let s = s0;
    let [far, depth] = probe(s);
    for (let iter = 0; iter < 8; iter++) {
      const [far2, depth2] = probe(far);
      if (depth2 <= depth) break;
      s = far;
      far = far2;
      depth = depth2;
    }
    // Cuthill–McKee BFS from s.
    const begin = count;
    order[count++] = s;
    visited[s] = 1;
    for (let h = begin; h < count; h++) {
      const i = order[h];
      const start = count;
      for (let t = ptr[i]; t < ptr[i + 1]; t++) {
        const j = idx[t];
        if (!visited[j]) { visited[j] = 1; order[count++] = j; }
      }
      order.subarray(start, count).sort((x, y) => degree(x) - degree(y) || x - y);
    }
  }
  order.reverse();
  return order;
}

/** The identity permutation 0, 1, …, n−1. */
export function naturalOrdering(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}

/** True if p is a permutation of 0 … n−1. */
export function isPermutation(p: ArrayLike<number>, n: number): boolean {
  if (!(Array.isArray(p) || ArrayBuffer.isView(p)) || !Number.isInteger(n) || n < 0 || p.length !== n) return false;
  const seen = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = p[k];
    if (!Number.isInteger(i) || i < 0 || i >= n || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
}

/** Inverse permutation: pinv[p[k]] = k. A LinalgError unless p is a permutation of 0…n−1. */
export function invertPermutation(p: Int32Array): Int32Array {
  checkArgument(p, 'int32', 'invertPermutation', 'p');
  const n = p.length, pinv = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    const i = p[k];
    if (!(i >= 0 && i < n) || pinv[i] !== -1) throw new LinalgError(`not a permutation of 0…${n - 1}: entry ${k} is ${i}${i >= 0 && i < n ? ', repeated' : ''}`);
    pinv[i] = k;
  }
  return pinv;
}
