/**
 * Symbolic analysis of a symmetric pattern under a permutation: elimination tree and the column
 * counts of the Cholesky factor. For an LU with (mostly) diagonal pivots these predict the fill of L
 * and U, so they are used for capacity estimates and to judge orderings. No physics lives here.
 */
import type { Adjacency } from './ordering.ts';
import { invertPermutation } from './ordering.ts';

/** Elimination tree and Cholesky column counts of B = P(A + Aᵀ)Pᵀ. */
export interface SymbolicCholesky {
  /** parent[k] of column k in the elimination tree of B (−1 for roots), new indices. */
  readonly parent: Int32Array;
  /** Number of nonzeros in column k of the Cholesky factor L of B, diagonal included. */
  readonly colCount: Int32Array;
  /** nnz(L) = Σ colCount, diagonal included. */
  readonly nnzL: number;
  /**
   * False when the count stopped early at `limit` (symbolicCholesky): nnzL (> limit) is then a lower
   * bound and colCount incomplete.
   */
  readonly complete: boolean;
}

/**
 * Elimination tree (Liu's algorithm with path compression) and column counts via row subtrees:
 * the pattern of row k of L is the union of the tree paths from each i ∈ adj_B(k), i < k, up to k,
 * so walking those paths (stopping at nodes already marked for row k) visits each entry L_kj once.
 * Cost O(nnz(L)) — proportional to the fill itself.
 *
 * @param g symmetric adjacency (no diagonal) in old indices; @param perm new k ↦ old perm[k].
 * @param limit stop counting as soon as nnzL exceeds it (`complete` false): judging an ordering against a
 *   bound then costs O(limit), not O(nnz(L)).
 */
export function symbolicCholesky(g: Adjacency, perm: Int32Array, limit = Infinity): SymbolicCholesky {
  const pinv = invertPermutation(perm);
  const parent = eliminationTree(g, perm, pinv);
  const colCount = new Int32Array(g.n).fill(1);
  const nnzL = countColumns(g, perm, pinv, parent, colCount, limit);
  return { parent, colCount, nnzL, complete: nnzL <= limit };
}

// The two passes are functions of their own, with no code after their loops: V8 compiles them as such after
// their first calls, instead of on-stack inside one function whose code after the loops (without type
// feedback yet) discarded that compiled code at each call's end in the first calls of a process.

/** parent[k] in the elimination tree of P(A + Aᵀ)Pᵀ (−1 for roots): Liu's algorithm with path compression. */
function eliminationTree(g: Adjacency, perm: Int32Array, pinv: Int32Array): Int32Array {
  const n = g.n, ptr = g.ptr, idx = g.idx;
  const parent = new Int32Array(n).fill(-1);
  const ancestor = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    const old = perm[k];
    for (let t = ptr[old]; t < ptr[old + 1]; t++) {
      let i = pinv[idx[t]];
      if (i >= k) continue;
      // Climb from i to the root of its current subtree, compressing the path towards k.
      while (i !== -1 && i !== k) {
        const up = ancestor[i];
        ancestor[i] = k;
        if (up === -1) { parent[i] = k; break; }
        i = up;
      }
    }
  }
  return parent;
}

/** Adds the row-subtree counts to colCount (all 1 on entry) and returns nnz(L), stopping once it exceeds `limit`. */
function countColumns(g: Adjacency, perm: Int32Array, pinv: Int32Array, parent: Int32Array, colCount: Int32Array, limit: number): number {
  const n = g.n, ptr = g.ptr, idx = g.idx;
  const mark = new Int32Array(n).fill(-1);
  let nnzL = n;
  for (let k = 0; k < n && nnzL <= limit; k++) {
    mark[k] = k;
    const old = perm[k];
    for (let t = ptr[old]; t < ptr[old + 1]; t++) {
      let i = pinv[idx[t]];
      if (i >= k) continue;
      while (mark[i] !== k) {
        mark[i] = k;
        colCount[i]++;
        nnzL++;
        i = parent[i];
      }
    }
  }
  return nnzL;
}
