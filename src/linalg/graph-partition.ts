/**
 * Vertex separators for nested dissection (nested-dissection.ts): a refined level-structure separator
 * (George 1973) and the multilevel scheme (Karypis & Kumar, SIAM J. Sci. Comput. 20, 359 (1998)), the
 * better of the two kept. Written from the published descriptions; no code copied.
 *
 * Level structure: breadth-first levels from a start vertex; the lightest level that leaves both sides
 * balanced is a separator. Starts follow the pseudo-peripheral search (each the farthest, least-degree
 * vertex from the previous one), every start giving a candidate; each is refined by vertex FM
 * (separator-refine.ts). On tensor-product graphs (hypercubes, our Liouvillians) and meshes a level is
 * often an excellent separator that coarsening would blur; it costs a few breadth-first searches.
 *
 * Multilevel (graphs of at least `multilevelFrom` vertices):
 *  1. Coarsening: heavy-edge matching in a seeded random order (low degree first) contracts matched pairs
 *     (vertex weights and parallel edge weights add up), until `coarsenTo` vertices or matching stalls;
 *     no coarse vertex may outweigh 1.5·W/coarsenTo, so the coarsest graph can still be balanced.
 *  2. Initial separator on the coarsest graph, best of `initialTrials`: a breadth-first region grown
 *     from a random seed to half the weight, improved as an edge bisection by two-way FM, whose cut
 *     vertices on the lighter side become the separator, then vertex FM.
 *  3. Uncoarsening: the separator is projected to each finer graph (a coarse separator vertex puts both
 *     constituents in the separator: still a separator) and refined there by vertex FM.
 *
 * All hot loops run on typed arrays; random choices come from a seeded generator, so the result depends
 * only on the graph and the seed. No physics lives here.
 */
import { better, GainHeap, imbalance, Prng, SeparatorRefiner, type WeightedGraph } from './separator-refine.ts';

export { Prng, type WeightedGraph } from './separator-refine.ts';

/** Parameters of `findSeparator` (nested-dissection.ts documents the defaults). */
export interface SeparatorParameters {
  /** Stop coarsening at this many vertices. */
  readonly coarsenTo: number;
  /** Initial separators tried on the coarsest graph. */
  readonly initialTrials: number;
  /** Graphs with fewer vertices only try the level-structure separator (unless it fails). */
  readonly multilevelFrom: number;
  /** Level-structure separators tried (successive starts of the pseudo-peripheral search). */
  readonly levelTrials: number;
  /** Maximum FM passes per level. */
  readonly passes: number;
  /** Each part may hold at most this fraction of the two parts' weight (separator excluded; e.g. 0.7). */
  readonly maxPartFraction: number;
}

/** Total vertex weight. */
function totalWeight(g: WeightedGraph): number {
  let w = 0;
  for (let v = 0; v < g.n; v++) w += g.vwt[v];
  return w;
}

/**
 * One level of coarsening: heavy-edge matching (visiting vertices by increasing degree, randomly among
 * equal degrees) and contraction. Returns the coarse graph and cmap (fine vertex ↦ coarse vertex).
 */
function coarsen(g: WeightedGraph, rand: Prng, maxVw: number): { coarse: WeightedGraph; cmap: Int32Array } {
  const { n, ptr, idx, ewt, vwt } = g;
  // Random permutation, then a stable counting sort by degree.
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) { const j = rand.below(i + 1), t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
  let maxDeg = 0;
  for (let v = 0; v < n; v++) if (ptr[v + 1] - ptr[v] > maxDeg) maxDeg = ptr[v + 1] - ptr[v];
  const bucket = new Int32Array(maxDeg + 2), visit = new Int32Array(n);
  for (let v = 0; v < n; v++) bucket[ptr[v + 1] - ptr[v] + 1]++;
  for (let d = 0; d <= maxDeg; d++) bucket[d + 1] += bucket[d];
  for (let i = 0; i < n; i++) { const v = perm[i]; visit[bucket[ptr[v + 1] - ptr[v]]++] = v; }

  const match = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = visit[i];
    if (match[v] >= 0) continue;
    let best = -1, bw = -1;
    for (let p = ptr[v]; p < ptr[v + 1]; p++) {
      const u = idx[p];
      if (match[u] < 0 && ewt[p] > bw && vwt[v] + vwt[u] <= maxVw) { best = u; bw = ewt[p]; }
    }
    if (best >= 0) { match[v] = best; match[best] = v; } else match[v] = v;
  }

  const cmap = new Int32Array(n).fill(-1), rep = new Int32Array(n);
  let nc = 0;
  for (let v = 0; v < n; v++) if (cmap[v] < 0) { cmap[v] = nc; cmap[match[v]] = nc; rep[nc++] = v; }
  const cptr = new Int32Array(nc + 1), cidx = new Int32Array(ptr[n]), cewt = new Int32Array(ptr[n]);
  const cvwt = new Int32Array(nc), slot = new Int32Array(nc).fill(-1);
  let top = 0;
  for (let c = 0; c < nc; c++) {
    const v = rep[c], u = match[v], start = top;
    cvwt[c] = u === v ? vwt[v] : vwt[v] + vwt[u];
    for (let w = v, round = 0; round < 2; round++, w = u) {
      if (round === 1 && u === v) break;
      for (let p = ptr[w]; p < ptr[w + 1]; p++) {
        const cu = cmap[idx[p]];
        if (cu === c) continue;
        const k = slot[cu];
        if (k < 0) { slot[cu] = top; cidx[top] = cu; cewt[top++] = ewt[p]; } else cewt[k] += ewt[p];
      }
    }
    for (let t = start; t < top; t++) slot[cidx[t]] = -1;
    cptr[c + 1] = top;
  }
  return { coarse: { n: nc, ptr: cptr, idx: cidx.slice(0, top), ewt: cewt.slice(0, top), vwt: cvwt }, cmap };
}

/**
 * Two-way edge-cut FM on where ∈ {0, 1} (all vertices are candidates: used on the small coarsest graph
 * only): moves of largest gain (cut weight saved), each vertex once per pass, no part above maxPart;
 * each pass is rolled back to its smallest balanced cut.
 */
function edgeRefine(g: WeightedGraph, where: Int8Array, maxPart: number, passes: number): void {
  const { n, ptr, idx, ewt, vwt } = g;
  const heaps = [new GainHeap(n), new GainHeap(n)], gain = new Int32Array(n), log = new Int32Array(n);
  const pw = [0, 0];
  for (let v = 0; v < n; v++) pw[where[v]] += vwt[v];
  for (let pass = 0; pass < passes; pass++) {
    for (let v = 0; v < n; v++) {
      let gv = 0;
      for (let p = ptr[v]; p < ptr[v + 1]; p++) gv += where[idx[p]] === where[v] ? -ewt[p] : ewt[p];
      gain[v] = gv;
      heaps[where[v]].push(v, gv);
    }
    const excess = (): number => Math.max(0, pw[0] - maxPart, pw[1] - maxPart);
    let cur = 0, best = 0, bestExcess = excess(), bestLen = 0, len = 0, idle = 0;
    while (idle < Math.max(25, n >> 4)) {
      const a = heaps[0].top(), b = heaps[1].top();
      if (a < 0 && b < 0) break;
      let from: number;
      if (pw[0] > maxPart || pw[1] > maxPart) from = pw[0] > pw[1] ? 0 : 1;
      else if (a < 0) from = 1; else if (b < 0) from = 0;
      else from = heaps[0].key[a] > heaps[1].key[b] || (heaps[0].key[a] === heaps[1].key[b] && pw[0] >= pw[1]) ? 0 : 1;
      const v = heaps[from].top();
      if (v < 0) break;
      heaps[from].remove(v);
      const to = 1 - from;
      if (pw[0] <= maxPart && pw[1] <= maxPart && pw[to] + vwt[v] > maxPart) continue;
      cur -= gain[v]; where[v] = to; pw[from] -= vwt[v]; pw[to] += vwt[v]; log[len++] = v;
      for (let p = ptr[v]; p < ptr[v + 1]; p++) {
        const u = idx[p], d = where[u] === to ? -2 * ewt[p] : 2 * ewt[p];
        gain[u] += d;
        if (heaps[where[u]].has(u)) heaps[where[u]].update(u, gain[u]);
      }
      const ex = excess();
      if (ex < bestExcess || (ex === bestExcess && cur < best)) { bestExcess = ex; best = cur; bestLen = len; idle = 0; } else idle++;
    }
    for (let t = len - 1; t >= bestLen; t--) { const v = log[t], w = where[v]; where[v] = 1 - w; pw[w] -= vwt[v]; pw[1 - w] += vwt[v]; }
    heaps[0].clear(); heaps[1].clear();
    if (bestLen === 0) break; // no improvement
  }
}

/**
 * Separator of the coarsest graph, best of several trials: a breadth-first region grown from a random
 * seed to half the weight, improved as an edge bisection (edgeRefine); then every vertex on the cut
 * joins the separator, and vertex FM shrinks it.
 */
function initialSeparator(g: WeightedGraph, rand: Prng, refiner: SeparatorRefiner, f: number,
  trials: number, passes: number): Int8Array {
  const n = g.n, { ptr, idx, vwt } = g, total = totalWeight(g);
  const best = new Int8Array(n), where = new Int8Array(n), queue = new Int32Array(n), seen = new Uint8Array(n);
  const bisectMax = Math.max(Math.floor(0.55 * total), Math.ceil(total / 2));
  let bestExcess = Infinity, bestSep = Infinity, bestImb = Infinity;
  for (let trial = 0; trial < trials; trial++) {
    where.fill(1); seen.fill(0);
    let w0 = 0, head = 0, tail = 0;
    while (w0 < total / 2) {
      if (head === tail) { // (re)seed: a random vertex not yet in the region
        let s = rand.below(n);
        while (seen[s]) s = s + 1 === n ? 0 : s + 1;
        seen[s] = 1; queue[tail++] = s;
      }
      const v = queue[head++];
      where[v] = 0; w0 += vwt[v];
      for (let p = ptr[v]; p < ptr[v + 1]; p++) if (!seen[idx[p]]) { seen[idx[p]] = 1; queue[tail++] = idx[p]; }
    }
    edgeRefine(g, where, bisectMax, Math.min(passes, 4));
    // The cut's vertices on the side where they weigh less become the separator.
    let b0 = 0, b1 = 0;
    for (let v = 0; v < n; v++) {
      for (let p = ptr[v]; p < ptr[v + 1]; p++) {
        if (where[idx[p]] !== where[v]) { if (where[v] === 0) b0 += vwt[v]; else b1 += vwt[v]; break; }
      }
    }
    const side = b0 <= b1 ? 0 : 1;
    for (let v = 0; v < n; v++) {
      if (where[v] !== side) continue;
      for (let p = ptr[v]; p < ptr[v + 1]; p++) if (where[idx[p]] === 1 - side) { where[v] = 2; break; }
    }
    refiner.refine(g, where, f, passes);
    const pw = refiner.pw, ex = imbalance(pw[0], pw[1], f), imb = Math.abs(pw[0] - pw[1]);
    if (ex < bestExcess || (ex === bestExcess && (pw[2] < bestSep || (pw[2] === bestSep && imb < bestImb)))) {
      bestExcess = ex; bestSep = pw[2]; bestImb = imb; best.set(where);
    }
  }
  return best;
}

/**
 * Breadth-first level structure from `start`: level[v] (−1 if unreached); `queue` receives the reached
 * vertices in BFS order. Returns the number of levels, or 0 if some vertex was not reached.
 */
function levels(g: WeightedGraph, start: number, level: Int32Array, queue: Int32Array): number {
  const { ptr, idx } = g;
  level.fill(-1);
  level[start] = 0; queue[0] = start;
  let tail = 1;
  for (let h = 0; h < tail; h++) {
    const v = queue[h];
    for (let p = ptr[v]; p < ptr[v + 1]; p++) if (level[idx[p]] < 0) { level[idx[p]] = level[v] + 1; queue[tail++] = idx[p]; }
  }
  return tail === g.n ? level[queue[tail - 1]] + 1 : 0;
}

/**
 * George's level-structure separators, refined, from `trials` start vertices: the first is the farthest
 * vertex (of least degree) from a random vertex, each next one the farthest from the previous start —
 * the pseudo-peripheral search, whose every step also yields a candidate. For each, the BFS level of
 * least weight that leaves both sides balanced is the separator (levels before it: part 0, after it:
 * part 1), and vertex FM improves it; the best is returned (its weights in refiner.pw). Structured graphs
 * (hypercubes, tensor products) often have such a level as an excellent separator that coarsening
 * blurs. Returns null if the graph is disconnected or has fewer than three levels.
 */
function levelSeparator(g: WeightedGraph, rand: Prng, refiner: SeparatorRefiner, f: number, passes: number, trials: number): Int8Array | null {
  const n = g.n, { ptr, vwt } = g;
  const level = new Int32Array(n), queue = new Int32Array(n), lw = new Float64Array(n);
  let depth = levels(g, rand.below(n), level, queue);
  if (depth === 0) return null; // disconnected
  let total = 0;
  for (let v = 0; v < n; v++) total += vwt[v];
  let best: Int8Array | null = null;
  const bestW = new Float64Array(3);
  for (let t = 0; t < trials; t++) {
    let far = -1; // least-degree vertex of the last level
    for (let h = n - 1; h >= 0 && level[queue[h]] === depth - 1; h--) {
      const v = queue[h];
      if (far < 0 || ptr[v + 1] - ptr[v] < ptr[far + 1] - ptr[far]) far = v;
    }
    depth = levels(g, far, level, queue);
    if (depth < 3) break;
    lw.fill(0, 0, depth);
    for (let v = 0; v < n; v++) lw[level[v]] += vwt[v];
    let cut = -1, cutKey = Infinity, below = lw[0];
    for (let L = 1; L < depth - 1; L++) {
      const key = imbalance(below, total - below - lw[L], f) * total + lw[L]; // balanced first, then the lightest
      if (key < cutKey) { cutKey = key; cut = L; }
      below += lw[L];
    }
    const where = new Int8Array(n);
    for (let v = 0; v < n; v++) where[v] = level[v] < cut ? 0 : level[v] === cut ? 2 : 1;
    refiner.refine(g, where, f, passes);
    if (best === null || better(refiner.pw, bestW, f)) { best = where; bestW.set(refiner.pw); }
  }
  refiner.pw.set(bestW);
  return best;
}

/**
 * Vertex separator of a weighted graph: part[v] is 0 or 1 (the two parts) or 2 (separator); no edge
 * joins part 0 and part 1. The better of the refined level-structure separators and (for graphs of at
 * least multilevelFrom vertices, or when no level structure applies) the multilevel separator. The
 * heavier part holds at most maxPartFraction of both parts' weight whenever the refinement reaches that:
 * check the result, a graph may have no balanced separator (a part may even be empty).
 */
export function findSeparator(g: WeightedGraph, rand: Prng, params: SeparatorParameters): Int8Array {
  const f = params.maxPartFraction, refiner = new SeparatorRefiner(g.n);
  const alt = levelSeparator(g, rand, refiner, f, params.passes, params.levelTrials), altW = refiner.pw.slice();
  if (alt !== null && g.n < params.multilevelFrom) return alt;
  const total = totalWeight(g);
  const graphs: WeightedGraph[] = [g], maps: Int32Array[] = [];
  const maxVw = Math.max(1, Math.floor(1.5 * total / params.coarsenTo));
  for (let cur = g; cur.n > params.coarsenTo;) {
    const { coarse, cmap } = coarsen(cur, rand, maxVw);
    if (coarse.n > 0.95 * cur.n) break; // matching stalls
    graphs.push(coarse); maps.push(cmap); cur = coarse;
  }
  const coarsest = graphs[graphs.length - 1];
  const trials = coarsest.n > 20 * params.coarsenTo ? Math.min(2, params.initialTrials) : params.initialTrials;
  let where = initialSeparator(coarsest, rand, refiner, params.maxPartFraction, Math.max(1, trials), params.passes);
  for (let level = graphs.length - 2; level >= 0; level--) {
    const fine = graphs[level], cmap = maps[level], w = new Int8Array(fine.n);
    for (let v = 0; v < fine.n; v++) w[v] = where[cmap[v]];
    where = w;
    refiner.refine(fine, where, params.maxPartFraction, params.passes);
  }
  return alt !== null && better(altW, refiner.pw, f) ? alt : where;
}
