/**
 * Multilevel graph bisection and vertex separators — the partitioning step of nested dissection
 * (nested-dissection.ts). Written from the published multilevel scheme (Karypis & Kumar, SIAM J. Sci.
 * Comput. 20, 359 (1998)): the graph is coarsened by heavy-edge matching (matched pairs merge into one
 * vertex; vertex and edge weights add up) until it is small, bisected there by greedy graph growing from
 * several seeds, and the bisection is carried back level by level, each time improved by boundary
 * Fiduccia–Mattheyses passes (moves by largest cut gain, the best prefix of each pass kept, balance kept).
 * The edge cut of the finest level becomes a vertex separator: a minimum vertex cover of the bipartite
 * graph of cut edges (König: a maximum matching, then the alternating reach of the unmatched side), and
 * the separator is improved by vertex-separator FM passes on every level on the way back (refineSeparator).
 * Deterministic: the random
 * choices come from a fixed-seed xorshift generator. Typed arrays throughout. No physics lives here.
 */

/** An undirected graph in CSR form (each edge stored in both directions, no self loops) with integer weights. */
export interface WeightedGraph {
  readonly n: number;
  readonly ptr: Int32Array;
  readonly idx: Int32Array;
  /** Edge weights, aligned with idx. */
  readonly ew: Int32Array;
  /** Vertex weights. */
  readonly vw: Int32Array;
}

/** Coarsening stops when a level shrinks the graph by less than this factor. */
const COARSEN_RATIO = 0.92;
/** Greedy-growing trials of the initial bisection; FM passes per level. */
const GROW_TRIALS = 6, FM_PASSES = 4;

/** xorshift32 with a fixed non-zero seed: the same graph always gives the same partition. */
export function generator(seed: number): () => number {
  let s = (seed >>> 0) || 0x9e3779b9;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

function shuffled(n: number, next: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) { const j = next() % (i + 1), t = p[i]; p[i] = p[j]; p[j] = t; }
  return p;
}

/** One level of heavy-edge matching: the coarse graph and the fine → coarse vertex map. */
function coarsen(g: WeightedGraph, next: () => number, maxWeight: number): { coarse: WeightedGraph; cmap: Int32Array } {
  const { n, ptr, idx, ew, vw } = g, match = new Int32Array(n).fill(-1), cmap = new Int32Array(n), rep = new Int32Array(n);
  const order = shuffled(n, next);
  let nc = 0;
  for (let k = 0; k < n; k++) {
    const u = order[k];
    if (match[u] >= 0) continue;
    let best = -1, bestW = -1;
    for (let p = ptr[u]; p < ptr[u + 1]; p++) {
      const v = idx[p];
      if (match[v] < 0 && ew[p] > bestW && vw[u] + vw[v] <= maxWeight) { bestW = ew[p]; best = v; }
    }
    match[u] = best < 0 ? u : best;
    if (best >= 0) match[best] = u;
    cmap[u] = nc;
    if (best >= 0) cmap[best] = nc;
    rep[nc++] = u;
  }
  const cptr = new Int32Array(nc + 1), cidx = new Int32Array(ptr[n]), cew = new Int32Array(ptr[n]), cvw = new Int32Array(nc);
  const at = new Int32Array(nc).fill(-1);
  let nz = 0;
  for (let c = 0; c < nc; c++) {
    const start = nz, u = rep[c];
    for (let w = u, round = 0; round < 2; round++, w = match[u]) {
      if (round === 1 && w === u) break;
      cvw[c] += vw[w];
      for (let p = ptr[w]; p < ptr[w + 1]; p++) {
        const cv = cmap[idx[p]];
        if (cv === c) continue;
        if (at[cv] >= start) cew[at[cv]] += ew[p];
        else { at[cv] = nz; cidx[nz] = cv; cew[nz++] = ew[p]; }
      }
    }
    cptr[c + 1] = nz;
  }
  return { coarse: { n: nc, ptr: cptr, idx: cidx.slice(0, nz), ew: cew.slice(0, nz), vw: cvw }, cmap };
}

/** A binary max-heap of vertices keyed by key[v]; pos[v] is v's slot or −1 (shared by the two sides' heaps). */
class GainHeap {
  private readonly heap: Int32Array;
  size = 0;
  constructor(n: number, private readonly key: Int32Array, private readonly pos: Int32Array) { this.heap = new Int32Array(n); }
  top(): number { return this.size > 0 ? this.heap[0] : -1; }
  push(v: number): void { this.heap[this.size] = v; this.pos[v] = this.size++; this.up(this.pos[v]); }
  update(v: number): void { this.up(this.pos[v]); this.down(this.pos[v]); }
  remove(v: number): void {
    const i = this.pos[v], last = this.heap[--this.size];
    this.pos[v] = -1;
    if (i === this.size) return;
    this.heap[i] = last; this.pos[last] = i;
    this.up(i); this.down(this.pos[last]);
  }
  clear(): void { for (let i = 0; i < this.size; i++) this.pos[this.heap[i]] = -1; this.size = 0; }
  private up(i: number): void {
    const h = this.heap, k = this.key, v = h[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[h[p]] >= k[v]) break;
      h[i] = h[p]; this.pos[h[i]] = i; i = p;
    }
    h[i] = v; this.pos[v] = i;
  }
  private down(i: number): void {
    const h = this.heap, k = this.key, v = h[i], size = this.size;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && k[h[c + 1]] > k[h[c]]) c++;
      if (k[h[c]] <= k[v]) break;
      h[i] = h[c]; this.pos[h[i]] = i; i = c;
    }
    h[i] = v; this.pos[v] = i;
  }
}

/** Part weights and the edge cut of a bisection. */
function measure(g: WeightedGraph, where: Uint8Array, pw: Float64Array): number {
  pw[0] = 0; pw[1] = 0;
  let cut = 0;
  for (let u = 0; u < g.n; u++) {
    pw[where[u]] += g.vw[u];
    for (let p = g.ptr[u]; p < g.ptr[u + 1]; p++) if (where[g.idx[p]] !== where[u]) cut += g.ew[p];
  }
  return cut / 2;
}

/**
 * Fiduccia–Mattheyses passes on the bisection `where` (parts ≤ maxPart in weight): each pass moves
 * unlocked vertices by largest gain (external − internal edge weight), from the heavier side when out of
 * balance, and keeps the best balanced prefix of its moves. Returns the cut.
 */
function refine(g: WeightedGraph, where: Uint8Array, maxPart: number, passes: number): number {
  const { n, ptr, idx, ew, vw } = g, pw = new Float64Array(2);
  let cut = measure(g, where, pw);
  const gain = new Int32Array(n), pos = new Int32Array(n).fill(-1), locked = new Uint8Array(n), moved = new Int32Array(n);
  const heaps = [new GainHeap(n, gain, pos), new GainHeap(n, gain, pos)];
  const excess = () => Math.max(0, pw[0] - maxPart) + Math.max(0, pw[1] - maxPart);
  for (let pass = 0; pass < passes; pass++) {
    for (let u = 0; u < n; u++) {
      let ext = 0, int = 0;
      for (let p = ptr[u]; p < ptr[u + 1]; p++) { if (where[idx[p]] !== where[u]) ext += ew[p]; else int += ew[p]; }
      gain[u] = ext - int;
      if (ext > 0) heaps[where[u]].push(u);
    }
    const startCut = cut, startExcess = excess();
    let bestCut = cut, bestExcess = startExcess, bestMoves = 0, moves = 0;
    const stall = Math.max(30, n >> 5);
    while (moves - bestMoves < stall) {
      let from: number;
      if (pw[0] > maxPart) from = 0;
      else if (pw[1] > maxPart) from = 1;
      else {
        const t0 = heaps[0].top(), t1 = heaps[1].top();
        if (t0 < 0 && t1 < 0) break;
        from = t1 < 0 || (t0 >= 0 && gain[t0] >= gain[t1]) ? 0 : 1;
      }
      const u = heaps[from].top();
      if (u < 0) break;
      heaps[from].remove(u);
      const to = 1 - from;
      if (pw[to] + vw[u] > maxPart && pw[from] <= maxPart) { locked[u] = 1; moved[moves++] = -1 - u; continue; } // would unbalance: skip it this pass
      cut -= gain[u];
      where[u] = to; pw[from] -= vw[u]; pw[to] += vw[u];
      gain[u] = -gain[u];
      locked[u] = 1;
      moved[moves++] = u;
      for (let p = ptr[u]; p < ptr[u + 1]; p++) {
        const v = idx[p];
        if (locked[v]) continue;
        gain[v] += where[v] === to ? -2 * ew[p] : 2 * ew[p];
        if (pos[v] >= 0) heaps[where[v]].update(v);
        else heaps[where[v]].push(v);
      }
      const ex = excess();
      if (ex < bestExcess || (ex === bestExcess && cut < bestCut)) { bestCut = cut; bestExcess = ex; bestMoves = moves; }
    }
    heaps[0].clear(); heaps[1].clear();
    for (let k = moves - 1; k >= bestMoves; k--) { // undo the moves after the best prefix
      const u = moved[k];
      if (u < 0) continue;
      const back = 1 - where[u];
      pw[where[u]] -= vw[u]; pw[back] += vw[u]; where[u] = back;
    }
    for (let k = 0; k < moves; k++) locked[moved[k] < 0 ? -1 - moved[k] : moved[k]] = 0;
    cut = bestCut;
    if (!(bestCut < startCut || bestExcess < startExcess)) break;
  }
  return cut;
}

/** Initial bisection of a small graph: greedy growing of part 0 from GROW_TRIALS random seeds, each refined; the best kept. */
function initialBisection(g: WeightedGraph, next: () => number, maxPart: number): Uint8Array {
  const { n, ptr, idx, vw } = g;
  let total = 0;
  for (let u = 0; u < n; u++) total += vw[u];
  let best: Uint8Array | null = null, bestCut = Infinity, bestExcess = Infinity;
  const queue = new Int32Array(n), pw = new Float64Array(2);
  for (let trial = 0; trial < GROW_TRIALS; trial++) {
    const where = new Uint8Array(n).fill(1);
    let grown = 0, head = 0, tail = 0;
    while (grown < total / 2) {
      if (head === tail) { // a new seed (first trial's, or the next component's)
        let s = next() % n, guard = 0;
        while (where[s] === 0 && guard++ < n) s = (s + 1) % n;
        if (where[s] === 0) break;
        where[s] = 0; grown += vw[s]; queue[tail++] = s;
        continue;
      }
      const u = queue[head++];
      for (let p = ptr[u]; p < ptr[u + 1] && grown < total / 2; p++) {
        const v = idx[p];
        if (where[v] === 1) { where[v] = 0; grown += vw[v]; queue[tail++] = v; }
      }
    }
    const cut = refine(g, where, maxPart, FM_PASSES);
    measure(g, where, pw);
    const ex = Math.max(0, pw[0] - maxPart) + Math.max(0, pw[1] - maxPart);
    if (ex < bestExcess || (ex === bestExcess && cut < bestCut)) { best = where; bestCut = cut; bestExcess = ex; }
  }
  return best!;
}

/** How vertexSeparator partitions: the heavier part holds at most `balance` of the two parts' weight; coarsening stops at `coarsest` vertices. */
export interface SeparatorShape { balance: number; coarsest: number }

/**
 * A vertex separator of g by the multilevel scheme: part[v] = 0, 1 or 2 (separator), no edge between
 * parts 0 and 1. The coarsest graph is bisected (edges), its cut covered (separatorFromBisection), and the
 * separator is carried back level by level (a coarse separator vertex puts both its fine vertices in it),
 * each level improved by refineSeparator.
 */
export function vertexSeparator(g: WeightedGraph, next: () => number, shape: SeparatorShape): Uint8Array {
  const { balance, coarsest } = shape;
  let total = 0;
  for (let u = 0; u < g.n; u++) total += g.vw[u];
  const levels: Array<{ fine: WeightedGraph; cmap: Int32Array }> = [];
  let cur = g;
  while (cur.n > coarsest) {
    const { coarse, cmap } = coarsen(cur, next, Math.max(1, Math.ceil((1.5 * total) / coarsest)));
    if (coarse.n > COARSEN_RATIO * cur.n) break;
    levels.push({ fine: cur, cmap });
    cur = coarse;
  }
  const maxPart = balance * total;
  let part = separatorFromBisection(cur, initialBisection(cur, next, maxPart));
  refineSeparator(cur, part, balance, FM_PASSES);
  for (let l = levels.length - 1; l >= 0; l--) {
    const { fine, cmap } = levels[l], w = new Uint8Array(fine.n);
    for (let u = 0; u < fine.n; u++) w[u] = part[cmap[u]];
    refineSeparator(fine, w, balance, FM_PASSES);
    part = w;
  }
  return part;
}

/**
 * Fiduccia–Mattheyses passes on a vertex separator (parts 0, 1; separator 2): a separator vertex v moved
 * into part a pulls its neighbours in part 1 − a into the separator, which changes the separator weight by
 * −(vw[v] − Σ of those neighbours' weights) — its gain towards a. Each pass moves unlocked separator
 * vertices by largest gain (into the lighter part when the parts are out of balance) and keeps the best
 * balanced prefix of its moves. Returns the separator weight.
 */
export function refineSeparator(g: WeightedGraph, part: Uint8Array, balance: number, passes: number): number {
  const { n, ptr, idx, vw } = g, pw = new Float64Array(3);
  for (let u = 0; u < n; u++) pw[part[u]] += vw[u];
  const gains = [new Int32Array(n), new Int32Array(n)], pos = [new Int32Array(n).fill(-1), new Int32Array(n).fill(-1)];
  const heaps = [new GainHeap(n, gains[0], pos[0]), new GainHeap(n, gains[1], pos[1])];
  const locked = new Uint8Array(n), logV = new Int32Array(4 * n + 4), logP = new Uint8Array(4 * n + 4);
  // out of balance by how much the heavier part exceeds `balance` of the two parts together
  const imbalance = (p0: number, p1: number) => Math.max(0, Math.max(p0, p1) - balance * (p0 + p1));
  const excess = () => imbalance(pw[0], pw[1]);
  const gainOf = (v: number, a: number): number => {
    let x = vw[v];
    for (let p = ptr[v]; p < ptr[v + 1]; p++) { const u = idx[p]; if (part[u] === 1 - a) x -= vw[u]; }
    return x;
  };
  for (let pass = 0; pass < passes; pass++) {
    for (let v = 0; v < n; v++) {
      if (part[v] !== 2) continue;
      gains[0][v] = gainOf(v, 0); gains[1][v] = gainOf(v, 1);
      heaps[0].push(v); heaps[1].push(v);
    }
    const startSep = pw[2], startExcess = excess();
    let best = pw[2], bestExcess = startExcess, bestLog = 0, logLen = 0, moves = 0, bestMoves = 0;
    const stall = Math.max(30, n >> 5);
    while (moves - bestMoves < stall && logLen + 2 * n < logV.length) {
      const t0 = heaps[0].top(), t1 = heaps[1].top();
      if (t0 < 0 && t1 < 0) break;
      const now = excess();
      let a = now > 0 ? (pw[0] < pw[1] ? 0 : 1) : t1 < 0 || (t0 >= 0 && gains[0][t0] >= gains[1][t1]) ? 0 : 1; // out of balance: into the lighter part
      if (heaps[a].top() < 0) a = 1 - a;
      const v = heaps[a].top();
      heaps[0].remove(v); heaps[1].remove(v);
      locked[v] = 1;
      moves++;
      const pulled = vw[v] - gains[a][v], after = a === 0 ? imbalance(pw[0] + vw[v], pw[1] - pulled) : imbalance(pw[0] - pulled, pw[1] + vw[v]);
      if (after > 0 && after >= now) continue; // would unbalance: leave it in the separator this pass
      logV[logLen] = v; logP[logLen++] = 2;
      part[v] = a; pw[a] += vw[v]; pw[2] -= vw[v];
      for (let p = ptr[v]; p < ptr[v + 1]; p++) {
        const u = idx[p];
        if (part[u] === 2) { // v no longer in the separator: moving u to 1 − a would now pull v in
          if (pos[1 - a][u] >= 0) { gains[1 - a][u] -= vw[v]; heaps[1 - a].update(u); }
        } else if (part[u] === 1 - a) { // u joins the separator
          logV[logLen] = u; logP[logLen++] = 1 - a;
          part[u] = 2; pw[1 - a] -= vw[u]; pw[2] += vw[u];
          for (let q = ptr[u]; q < ptr[u + 1]; q++) { // separator neighbours w of u: u left part 1 − a
            const w = idx[q];
            if (part[w] === 2 && pos[a][w] >= 0) { gains[a][w] += vw[u]; heaps[a].update(w); }
          }
          if (!locked[u]) {
            gains[0][u] = gainOf(u, 0); gains[1][u] = gainOf(u, 1);
            heaps[0].push(u); heaps[1].push(u);
          }
        }
      }
      const ex = excess();
      if (ex < bestExcess || (ex === bestExcess && pw[2] < best)) { best = pw[2]; bestExcess = ex; bestLog = logLen; bestMoves = moves; }
    }
    heaps[0].clear(); heaps[1].clear();
    for (let k = logLen - 1; k >= bestLog; k--) { // undo after the best prefix
      const v = logV[k], was = logP[k];
      pw[part[v]] -= vw[v]; pw[was] += vw[v]; part[v] = was;
    }
    locked.fill(0);
    if (!(best < startSep || bestExcess < startExcess)) break;
  }
  return pw[2];
}

/**
 * A vertex separator from the bisection `where` of a unit-weight graph: part[v] = 0, 1, or 2 (separator),
 * with no edge between parts 0 and 1: a minimum vertex cover of the cut edges (König).
 */
export function separatorFromBisection(g: WeightedGraph, where: Uint8Array): Uint8Array {
  const { n, ptr, idx } = g, part = Uint8Array.from(where);
  // the bipartite graph of cut edges: boundary vertices of side 0 (left) matched into side 1 (right)
  const mate = new Int32Array(n).fill(-1), left: number[] = [];
  for (let u = 0; u < n; u++) {
    if (where[u] !== 0) continue;
    for (let p = ptr[u]; p < ptr[u + 1]; p++) if (where[idx[p]] === 1) { left.push(u); break; }
  }
  const seen = new Int32Array(n).fill(-1), stackU = new Int32Array(n), stackP = new Int32Array(n);
  for (let r = 0; r < left.length; r++) { // augmenting paths, depth-first with an explicit stack (Kuhn)
    const root = left[r];
    let depth = 0;
    stackU[0] = root; stackP[0] = ptr[root]; seen[root] = r;
    while (depth >= 0) {
      const u = stackU[depth];
      let advanced = false;
      while (stackP[depth] < ptr[u + 1]) {
        const v = idx[stackP[depth]++];
        if (where[v] !== 1 || seen[v] === r) continue;
        seen[v] = r;
        if (mate[v] < 0) { // augment along the stack
          for (let d = depth, w = v; d >= 0; d--) { const x = stackU[d], prev = mate[x]; mate[x] = w; mate[w] = x; w = prev; }
          depth = -1; advanced = true; break;
        }
        const x = mate[v];
        if (seen[x] === r) continue;
        seen[x] = r;
        stackU[++depth] = x; stackP[depth] = ptr[x];
        advanced = true; break;
      }
      if (!advanced) depth--;
    }
  }
  // König: Z = reach of the unmatched left vertices by alternating paths; cover = (left \ Z) ∪ (right ∩ Z)
  const inZ = new Uint8Array(n), queue = new Int32Array(n);
  let head = 0, tail = 0;
  for (const u of left) if (mate[u] < 0) { inZ[u] = 1; queue[tail++] = u; }
  while (head < tail) {
    const u = queue[head++];
    for (let p = ptr[u]; p < ptr[u + 1]; p++) {
      const v = idx[p];
      if (where[v] !== 1 || inZ[v]) continue;
      inZ[v] = 1;
      const x = mate[v];
      if (x >= 0 && !inZ[x]) { inZ[x] = 1; queue[tail++] = x; }
    }
  }
  for (const u of left) if (!inZ[u]) part[u] = 2;
  for (let v = 0; v < n; v++) if (where[v] === 1 && inZ[v]) part[v] = 2;
  return part;
}
