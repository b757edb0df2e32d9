/**
 * Nested-dissection fill-reducing ordering (George, SIAM J. Numer. Anal. 10, 345 (1973)) with refined
 * level-structure and multilevel separators (Karypis & Kumar, SIAM J. Sci. Comput. 20, 359 (1998));
 * written from the published descriptions, no code copied. No physics lives here.
 *
 * A vertex separator S splits a graph into parts A and B with no edge between them. Ordering A first,
 * then B, then S confines the fill of eliminating A to A ∪ S (and likewise for B): the factor has a
 * dense S block, but no A–B block. A and B are dissected the same way, recursively. On meshes and on
 * tensor-product patterns (Liouvillians of several subsystems) this gives much less fill and work than
 * minimum degree, whose greedy local choices cannot see the global structure.
 *
 * Steps:
 *  1. Nodes of very high degree (more than `denseThreshold` neighbours) are ordered last, as AMD does.
 *  2. Compression: vertices with identical closed neighbourhoods (N(v) ∪ {v}) are merged into one
 *     vertex of that many units' weight — a factor-2 smaller graph on several of our patterns, and
 *     separators then never split such a group.
 *  3. Dissection (an explicit work stack, no recursion): a set of at most `leafSize` original vertices
 *     is a leaf; a disconnected set is split into its connected components (no separator needed);
 *     otherwise graph-partition.ts finds a balanced vertex separator of its induced subgraph (the
 *     better of refined level-structure separators and, for sets of ≥ `multilevelFrom` vertices, the
 *     multilevel one), S takes the set's last positions, and A, B become new work items. A separator that leaves a part empty (no balanced separator exists, e.g. a
 *     near-clique) makes the set a leaf.
 *  4. Leaves are ordered by approximate minimum degree (amd.ts) on their induced subgraph in the
 *     original vertices.
 *
 * Deterministic: every random choice comes from one seeded generator, consumed in a fixed order, so the
 * same graph and options always give the same permutation.
 */
import type { Adjacency } from './ordering.ts';
import { amdFromAdjacency } from './amd.ts';
import { LinalgError } from './errors.ts';
import { findSeparator, Prng, type SeparatorParameters, type WeightedGraph } from './graph-partition.ts';

/** Options of `nestedDissection` and `vertexSeparator`. */
export interface NestedDissectionOptions {
  /** Sets of at most this many vertices are ordered by minimum degree (default 120). */
  leafSize?: number;
  /** Initial separators tried on each coarsest graph of the multilevel scheme; the best is kept (default 2). */
  initialTrials?: number;
  /** Maximum FM refinement passes per level (default 8). */
  refinementPasses?: number;
  /** Coarsening of the multilevel scheme stops at this many vertices (default 100). */
  coarsenTo?: number;
  /**
   * Sets of fewer (compressed) vertices are bisected by the refined level-structure separator alone;
   * larger ones also by the multilevel scheme, keeping the better separator (default 1000; Infinity:
   * never — faster, and as good on our tensor-product patterns, worse on unstructured meshes).
   */
  multilevelFrom?: number;
  /** Level-structure separators tried per bisection, from successive start vertices (default 2). */
  levelTrials?: number;
  /**
   * Balance: the heavier part of a bisection holds at most this fraction of both parts' weight (the
   * separator not counted), 0.5 … 1 (default 0.75, i.e. parts up to 3 : 1).
   */
  maxPartFraction?: number;
  /** Nodes with more neighbours than this are ordered last (default max(16, 10·√n), AMD's). */
  denseThreshold?: number;
  /** Merge vertices with identical closed neighbourhoods before dissecting (default true). */
  compress?: boolean;
  /** Seed of the pseudo-random generator (default 1); the result depends on it. */
  seed?: number;
}

const positiveInt = (x: number | undefined, dflt: number, name: string, min = 1): number => {
  if (x === undefined) return dflt;
  if (x === Infinity && name === 'multilevelFrom') return x; // level-structure separators only
  if (!Number.isInteger(x) || x < min) throw new LinalgError(`nestedDissection: ${name} must be an integer ≥ ${min}, got ${x}`);
  return x;
};

/** Checked options with defaults. */
function settings(options: NestedDissectionOptions, n: number): SeparatorParameters & { leafSize: number; dense: number; compress: boolean; seed: number } {
  const f = options.maxPartFraction ?? 0.75;
  if (!(f >= 0.5 && f <= 1)) throw new LinalgError(`nestedDissection: maxPartFraction must lie in [0.5, 1], got ${f}`);
  const dense = options.denseThreshold ?? Math.max(16, Math.floor(10 * Math.sqrt(n)));
  if (!(dense >= 0)) throw new LinalgError(`nestedDissection: denseThreshold must be ≥ 0, got ${dense}`);
  return {
    leafSize: positiveInt(options.leafSize, 120, 'leafSize'),
    initialTrials: positiveInt(options.initialTrials, 2, 'initialTrials'),
    passes: positiveInt(options.refinementPasses, 8, 'refinementPasses', 0),
    coarsenTo: positiveInt(options.coarsenTo, 100, 'coarsenTo', 2),
    levelTrials: positiveInt(options.levelTrials, 2, 'levelTrials'),
    multilevelFrom: positiveInt(options.multilevelFrom, 1000, 'multilevelFrom', 0),
    maxPartFraction: f,
    dense,
    compress: options.compress ?? true,
    seed: options.seed ?? 1,
  };
}

/** Throws unless g is a structurally valid adjacency (pointers monotone, indices in range). */
function checkAdjacency(g: Adjacency): void {
  const { n, ptr, idx } = g;
  if (!Number.isInteger(n) || n < 0 || !(ptr instanceof Int32Array) || !(idx instanceof Int32Array) || ptr.length !== n + 1 || ptr[0] !== 0 || ptr[n] > idx.length) {
    throw new LinalgError('nestedDissection: malformed adjacency (need n ≥ 0, Int32Array ptr of length n + 1 from 0, idx)');
  }
  for (let i = 0; i < n; i++) {
    if (ptr[i + 1] < ptr[i]) throw new LinalgError(`nestedDissection: ptr decreases at ${i}`);
    for (let t = ptr[i]; t < ptr[i + 1]; t++) {
      if (!(idx[t] >= 0 && idx[t] < n)) throw new LinalgError(`nestedDissection: neighbour ${idx[t]} of ${i} out of range`);
    }
  }
}

/**
 * Groups the vertices with keep[v] by identical closed neighbourhoods among kept vertices. Returns group[v]
 * (−1 for vertices not kept) and the number of groups; groups are numbered by their smallest vertex.
 */
function closedNeighbourhoodGroups(g: Adjacency, keep: Uint8Array, compress: boolean): { group: Int32Array; count: number } {
  const { n, ptr, idx } = g, group = new Int32Array(n).fill(-1);
  let count = 0;
  if (!compress) {
    for (let v = 0; v < n; v++) if (keep[v]) group[v] = count++;
    return { group, count };
  }
  const hash = new Int32Array(n), deg = new Int32Array(n), list: number[] = [];
  for (let v = 0; v < n; v++) {
    if (!keep[v]) continue;
    let h = v, d = 1;
    for (let t = ptr[v]; t < ptr[v + 1]; t++) { const u = idx[t]; if (keep[u] && u !== v) { h = (h + u) | 0; d++; } }
    hash[v] = h; deg[v] = d; list.push(v);
  }
  const sorted = Int32Array.from(list).sort((a, b) => deg[a] - deg[b] || hash[a] - hash[b] || a - b);
  const mark = new Int32Array(n).fill(-1), rep = new Int32Array(n).fill(-1);
  for (let s = 0; s < sorted.length;) {
    let e = s + 1;
    while (e < sorted.length && deg[sorted[e]] === deg[sorted[s]] && hash[sorted[e]] === hash[sorted[s]]) e++;
    for (let i = s; i < e; i++) {
      const v = sorted[i];
      if (rep[v] >= 0) continue;
      rep[v] = v;
      if (e - i === 1) break;
      mark[v] = v;
      for (let t = ptr[v]; t < ptr[v + 1]; t++) mark[idx[t]] = v;
      for (let j = i + 1; j < e; j++) {
        const u = sorted[j];
        if (rep[u] >= 0 || mark[u] !== v) continue;
        let same = true;
        for (let t = ptr[u]; t < ptr[u + 1] && same; t++) if (keep[idx[t]] && mark[idx[t]] !== v) same = false;
        if (same) rep[u] = v;
      }
    }
    s = e;
  }
  for (let v = 0; v < n; v++) if (keep[v] && rep[v] === v) group[v] = count++;
  for (let v = 0; v < n; v++) if (keep[v] && rep[v] !== v) group[v] = group[rep[v]];
  return { group, count };
}

/** The quotient graph of the groups: unit edge weights, vertex weight = group size; members listed by group. */
function quotientGraph(g: Adjacency, group: Int32Array, count: number): { q: WeightedGraph; memPtr: Int32Array; mem: Int32Array } {
  const { n, ptr, idx } = g;
  const memPtr = new Int32Array(count + 1), mem = new Int32Array(n), vwt = new Int32Array(count);
  for (let v = 0; v < n; v++) if (group[v] >= 0) memPtr[group[v] + 1]++;
  for (let c = 0; c < count; c++) { vwt[c] = memPtr[c + 1]; memPtr[c + 1] += memPtr[c]; }
  const fill = memPtr.slice(0, count);
  for (let v = 0; v < n; v++) if (group[v] >= 0) mem[fill[group[v]]++] = v;
  const qptr = new Int32Array(count + 1), qidx = new Int32Array(ptr[n]), mark = new Int32Array(count).fill(-1);
  let top = 0;
  for (let c = 0; c < count; c++) {
    mark[c] = c;
    for (let k = memPtr[c]; k < memPtr[c + 1]; k++) {
      const v = mem[k];
      for (let t = ptr[v]; t < ptr[v + 1]; t++) {
        const d = group[idx[t]];
        if (d >= 0 && mark[d] !== c) { mark[d] = c; qidx[top++] = d; }
      }
    }
    qptr[c + 1] = top;
  }
  const q = { n: count, ptr: qptr, idx: qidx.slice(0, top), ewt: new Int32Array(top).fill(1), vwt };
  return { q, memPtr, mem: mem.subarray(0, memPtr[count]) };
}

/** The dissection's state: quotient graph, group members, output and the global → local maps. */
class Dissection {
  private readonly local: Int32Array; // quotient vertex ↦ index in the current set (−1 outside)
  private readonly origLocal: Int32Array; // original vertex ↦ index in the current leaf (−1 outside)
  private readonly rand: Prng;
  private readonly stackVerts: Int32Array[] = [];
  private readonly stackAt: number[] = [];
  private readonly ones: Int32Array; // unit edge weights, shared by all induced subgraphs

  constructor(private readonly g: Adjacency, private readonly q: WeightedGraph, private readonly memPtr: Int32Array,
    private readonly mem: Int32Array, private readonly out: Int32Array, private readonly s: ReturnType<typeof settings>) {
    this.local = new Int32Array(q.n).fill(-1);
    this.origLocal = new Int32Array(g.n).fill(-1);
    this.rand = new Prng(s.seed);
    this.ones = new Int32Array(q.ptr[q.n]).fill(1);
  }

  /** Orders all quotient vertices into out[0 …). */
  run(): void {
    const all = new Int32Array(this.q.n);
    for (let c = 0; c < all.length; c++) all[c] = c;
    this.stackVerts.push(all); this.stackAt.push(0);
    while (this.stackVerts.length > 0) this.step(this.stackVerts.pop()!, this.stackAt.pop()!);
  }

  private weight(verts: Int32Array): number {
    let w = 0;
    for (let i = 0; i < verts.length; i++) w += this.q.vwt[verts[i]];
    return w;
  }

  /** Orders the set `verts` (quotient vertices) into out[at …), or pushes its parts as work items. */
  private step(verts: Int32Array, at: number): void {
    const m = verts.length, W = this.weight(verts);
    if (W <= this.s.leafSize || m <= 2) { this.leaf(verts, at); return; }
    const local = this.local;
    for (let k = 0; k < m; k++) local[verts[k]] = k;
    const sub = this.induced(verts);
    for (let k = 0; k < m; k++) local[verts[k]] = -1;
    // Connected components by breadth-first search on the subgraph (queue = order of discovery).
    const { ptr, idx } = sub, comp = new Int32Array(m).fill(-1), queue = new Int32Array(m);
    let nComp = 0, tail = 0;
    for (let s = 0; s < m; s++) {
      if (comp[s] >= 0) continue;
      comp[s] = nComp; queue[tail++] = s;
      for (let h = tail - 1; h < tail; h++) {
        const v = queue[h];
        for (let t = ptr[v]; t < ptr[v + 1]; t++) if (comp[idx[t]] < 0) { comp[idx[t]] = nComp; queue[tail++] = idx[t]; }
      }
      nComp++;
    }
    if (nComp > 1) {
      // Components are contiguous in `queue`; each becomes a work item at consecutive positions.
      let pos = at;
      for (let s = 0; s < m;) {
        let e = s + 1;
        while (e < m && comp[queue[e]] === comp[queue[s]]) e++;
        const part = new Int32Array(e - s);
        for (let i = s; i < e; i++) part[i - s] = verts[queue[i]];
        this.stackVerts.push(part); this.stackAt.push(pos);
        pos += this.weight(part);
        s = e;
      }
      return;
    }
    const part = findSeparator(sub, this.rand, this.s);
    let mA = 0, mB = 0, wA = 0, wB = 0;
    for (let k = 0; k < m; k++) {
      if (part[k] === 0) { mA++; wA += sub.vwt[k]; } else if (part[k] === 1) { mB++; wB += sub.vwt[k]; }
    }
    if (mA === 0 || mB === 0) { this.leaf(verts, at); return; }
    const a = new Int32Array(mA), b = new Int32Array(mB);
    let ia = 0, ib = 0, pos = at + wA + wB;
    for (let k = 0; k < m; k++) {
      const c = verts[k];
      if (part[k] === 0) a[ia++] = c;
      else if (part[k] === 1) b[ib++] = c;
      else for (let t = this.memPtr[c]; t < this.memPtr[c + 1]; t++) this.out[pos++] = this.mem[t];
    }
    this.stackVerts.push(b); this.stackAt.push(at + wA);
    this.stackVerts.push(a); this.stackAt.push(at);
  }

  /** Induced weighted subgraph of `verts` (local numbering already in this.local). */
  private induced(verts: Int32Array): WeightedGraph {
    const { ptr, idx, vwt } = this.q, local = this.local, m = verts.length;
    const sptr = new Int32Array(m + 1), svwt = new Int32Array(m);
    let bound = 0;
    for (let k = 0; k < m; k++) bound += ptr[verts[k] + 1] - ptr[verts[k]];
    const sidx = new Int32Array(bound);
    let top = 0;
    for (let k = 0; k < m; k++) {
      const v = verts[k];
      for (let t = ptr[v]; t < ptr[v + 1]; t++) { const j = local[idx[t]]; if (j >= 0) sidx[top++] = j; }
      sptr[k + 1] = top; svwt[k] = vwt[v];
    }
    return { n: m, ptr: sptr, idx: sidx.subarray(0, top), ewt: this.ones.subarray(0, top), vwt: svwt };
  }


  /** Minimum-degree order of the original vertices of `verts`, written to out[at …). */
  private leaf(verts: Int32Array, at: number): void {
    const { memPtr, mem, out } = this, { ptr, idx } = this.g, ol = this.origLocal;
    let m = 0;
    for (let i = 0; i < verts.length; i++) for (let t = memPtr[verts[i]]; t < memPtr[verts[i] + 1]; t++) ol[mem[t]] = m++;
    const orig = new Int32Array(m);
    for (let i = 0; i < verts.length; i++) for (let t = memPtr[verts[i]]; t < memPtr[verts[i] + 1]; t++) orig[ol[mem[t]]] = mem[t];
    if (m <= 2) { out.set(orig, at); for (let k = 0; k < m; k++) ol[orig[k]] = -1; return; }
    const lptr = new Int32Array(m + 1);
    for (let k = 0; k < m; k++) {
      let d = 0;
      for (let t = ptr[orig[k]]; t < ptr[orig[k] + 1]; t++) { const j = ol[idx[t]]; if (j >= 0 && j !== k) d++; }
      lptr[k + 1] = lptr[k] + d;
    }
    const lidx = new Int32Array(lptr[m]);
    for (let k = 0, top = 0; k < m; k++) {
      for (let t = ptr[orig[k]]; t < ptr[orig[k] + 1]; t++) { const j = ol[idx[t]]; if (j >= 0 && j !== k) lidx[top++] = j; }
    }
    const p = amdFromAdjacency(m, lptr, lidx);
    for (let k = 0; k < m; k++) out[at + k] = orig[p[k]];
    for (let k = 0; k < m; k++) ol[orig[k]] = -1;
  }
}

/**
 * Nested-dissection permutation of a symmetric adjacency structure (no self loops needed; each edge
 * stored in both directions): new index k ↦ old index q[k], as `amdFromAdjacency`. The same graph and
 * options always give the same permutation. A LinalgError for a malformed structure or bad options.
 */
export function nestedDissection(g: Adjacency, options: NestedDissectionOptions = {}): Int32Array {
  checkAdjacency(g);
  const n = g.n, s = settings(options, n), out = new Int32Array(n);
  const keep = new Uint8Array(n);
  let nKeep = 0;
  for (let v = 0; v < n; v++) if (g.ptr[v + 1] - g.ptr[v] <= s.dense) { keep[v] = 1; nKeep++; }
  const { group, count } = closedNeighbourhoodGroups(g, keep, s.compress);
  const { q, memPtr, mem } = quotientGraph(g, group, count);
  new Dissection(g, q, memPtr, mem, out, s).run();
  // Dense nodes last, by increasing degree (ties by index).
  const dense: number[] = [];
  for (let v = 0; v < n; v++) if (!keep[v]) dense.push(v);
  dense.sort((a, b) => (g.ptr[a + 1] - g.ptr[a]) - (g.ptr[b + 1] - g.ptr[b]) || a - b);
  out.set(dense, nKeep);
  return out;
}

/**
 * The multilevel vertex separator that nested dissection would use on the whole graph, with unit weights
 * (no compression, no dense-node removal): part[v] = 0 or 1 for the two parts, 2 for the separator; no
 * edge joins part 0 and part 1.
 */
export function vertexSeparator(g: Adjacency, options: NestedDissectionOptions = {}): { part: Int8Array } {
  checkAdjacency(g);
  const s = settings(options, g.n);
  if (g.n === 0) return { part: new Int8Array(0) };
  const { ptr, idx, n } = g;
  const clean: number[] = [], cptr = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    for (let t = ptr[v]; t < ptr[v + 1]; t++) if (idx[t] !== v) clean.push(idx[t]);
    cptr[v + 1] = clean.length;
  }
  const w: WeightedGraph = { n, ptr: cptr, idx: Int32Array.from(clean), ewt: new Int32Array(clean.length).fill(1), vwt: new Int32Array(n).fill(1) };
  return { part: findSeparator(w, new Prng(s.seed), s) };
}
