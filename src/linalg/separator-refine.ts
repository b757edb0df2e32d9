/**
 * Vertex-separator refinement (Fiduccia–Mattheyses 1982, in the vertex-separator form used by multilevel
 * nested dissection, Karypis & Kumar 1998) and the small shared pieces of graph-partition.ts: weighted
 * graphs, a seeded generator, an indexed gain heap. Written from the published descriptions.
 *
 * A separator is where[v] ∈ {0, 1} (the parts) or 2 (separator), with no edge between parts 0 and 1.
 * Moving a separator vertex v to part t frees v but pulls its neighbours in the other part into the
 * separator: gain_t(v) = w(v) − Σ w(u), u ∈ N(v) in part 1 − t. Two max-heaps (one per target part) hold
 * the gains of the separator vertices; each pass moves the best admissible vertex (each at most once per
 * pass; no move that breaks the balance), also through negative gains, and rolls back to the best state
 * seen: balanced first (heavier part ≤ f · both parts' weight), then the lightest separator, then the
 * more even split. Only separator vertices are ever candidates, so a pass costs O(n) for its set-up
 * plus the degrees of the vertices it touches. All on typed arrays; no physics lives here.
 */

/** Graph with vertex and edge weights (CSR; each edge stored in both directions, same weight). */
export interface WeightedGraph {
  readonly n: number;
  readonly ptr: Int32Array;
  readonly idx: Int32Array;
  /** Edge weights, aligned with idx. */
  readonly ewt: Int32Array;
  /** Vertex weights (positive). */
  readonly vwt: Int32Array;
}

/** Deterministic xorshift32 generator. */
export class Prng {
  private s: number;
  constructor(seed: number) { this.s = (seed >>> 0) || 0x9e3779b9; }
  /** Uniform integer in 0 … k − 1 (k ≥ 1). */
  below(k: number): number {
    let x = this.s;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    this.s = x >>> 0;
    return this.s % k;
  }
}

/** Indexed binary max-heap of vertices keyed by integer gains. */
export class GainHeap {
  private readonly heap: Int32Array;
  readonly key: Int32Array;
  private readonly pos: Int32Array;
  size = 0;
  constructor(n: number) {
    this.heap = new Int32Array(n); this.key = new Int32Array(n); this.pos = new Int32Array(n).fill(-1);
  }
  clear(): void { for (let i = 0; i < this.size; i++) this.pos[this.heap[i]] = -1; this.size = 0; }
  has(v: number): boolean { return this.pos[v] >= 0; }
  top(): number { return this.size > 0 ? this.heap[0] : -1; }
  push(v: number, k: number): void {
    this.key[v] = k; this.heap[this.size] = v; this.pos[v] = this.size; this.up(this.size++);
  }
  update(v: number, k: number): void {
    const old = this.key[v];
    this.key[v] = k;
    if (k > old) this.up(this.pos[v]); else if (k < old) this.down(this.pos[v]);
  }
  remove(v: number): void {
    const i = this.pos[v];
    this.pos[v] = -1;
    const last = this.heap[--this.size];
    if (i < this.size) { this.heap[i] = last; this.pos[last] = i; this.up(i); this.down(this.pos[last]); }
  }
  private up(i: number): void {
    const h = this.heap, key = this.key, pos = this.pos, v = h[i], k = key[v];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (key[h[p]] >= k) break;
      h[i] = h[p]; pos[h[i]] = i; i = p;
    }
    h[i] = v; pos[v] = i;
  }
  private down(i: number): void {
    const h = this.heap, key = this.key, pos = this.pos, n = this.size, v = h[i], k = key[v];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && key[h[c + 1]] > key[h[c]]) c++;
      if (key[h[c]] <= k) break;
      h[i] = h[c]; pos[h[i]] = i; i = c;
    }
    h[i] = v; pos[v] = i;
  }
}

/** By how much the heavier part exceeds the fraction f of both parts' weight (0 if balanced). */
export function imbalance(p0: number, p1: number, f: number): number {
  return Math.max(0, (p0 > p1 ? p0 : p1) - f * (p0 + p1));
}

/** Workspace of the vertex-FM refinement, sized for the finest graph and reused on every level. */
export class SeparatorRefiner {
  private readonly q0: GainHeap;
  private readonly q1: GainHeap;
  private readonly ed0: Int32Array; // weight of a separator vertex's neighbours in part 0
  private readonly ed1: Int32Array; // … in part 1
  private readonly stamp: Int32Array; // pass number in which a vertex left the separator
  private logV: Int32Array; // moves: vertex and its previous part, for the rollback
  private logW: Int8Array;
  private readonly sep: Int32Array; // the separator vertices (maintained across passes)
  private sepLen = 0;
  private readonly listed: Int32Array; // stamp: already put in sep during its rebuild
  private pass = 0;
  /** Part weights [part 0, part 1, separator] of the last refined state. */
  readonly pw = new Float64Array(3);

  constructor(n: number) {
    this.q0 = new GainHeap(n); this.q1 = new GainHeap(n);
    this.ed0 = new Int32Array(n); this.ed1 = new Int32Array(n); this.stamp = new Int32Array(n);
    this.logV = new Int32Array(Math.max(16, n)); this.logW = new Int8Array(Math.max(16, n));
    this.sep = new Int32Array(n); this.listed = new Int32Array(n);
  }

  /** Recomputes the part weights of `where`. */
  weigh(g: WeightedGraph, where: Int8Array): void {
    const pw = this.pw;
    pw[0] = pw[1] = pw[2] = 0;
    for (let v = 0; v < g.n; v++) pw[where[v]] += g.vwt[v];
  }

  /**
   * Up to `passes` FM passes on the separator `where` (0, 1 = parts, 2 = separator), keeping each part at
   * most the fraction f of the two parts' weight.
   */
  refine(g: WeightedGraph, where: Int8Array, f: number, passes: number): void {
    this.weigh(g, where);
    this.sepLen = 0;
    for (let v = 0; v < g.n; v++) if (where[v] === 2) this.sep[this.sepLen++] = v;
    for (let p = 0; p < passes; p++) if (!this.onePass(g, where, f)) break;
  }

  private record(at: number, v: number, w: number): void {
    if (at >= this.logV.length) {
      const v2 = new Int32Array(2 * at), w2 = new Int8Array(2 * at);
      v2.set(this.logV); w2.set(this.logW); this.logV = v2; this.logW = w2;
    }
    this.logV[at] = v; this.logW[at] = w;
  }

  /** One pass; true if it improved the state. */
  private onePass(g: WeightedGraph, where: Int8Array, f: number): boolean {
    const { n, ptr, idx, vwt } = g, { q0, q1, ed0, ed1, stamp, pw, sep } = this;
    const pass = ++this.pass;
    q0.clear(); q1.clear();
    for (let i = 0; i < this.sepLen; i++) {
      const v = sep[i];
      let a = 0, b = 0;
      for (let p = ptr[v]; p < ptr[v + 1]; p++) {
        const u = idx[p];
        if (where[u] === 0) a += vwt[u]; else if (where[u] === 1) b += vwt[u];
      }
      ed0[v] = a; ed1[v] = b;
      q0.push(v, vwt[v] - b); q1.push(v, vwt[v] - a);
    }
    const excess = (): number => imbalance(pw[0], pw[1], f);
    const startExcess = excess(), startSep = pw[2];
    let bestExcess = startExcess, bestSep = startSep, bestImb = Math.abs(pw[0] - pw[1]);
    let logLen = 0, bestLen = 0, idle = 0;
    const limit = Math.min(Math.max(20, n >> 5), 300);
    while (q0.size + q1.size > 0 && idle < limit) {
      const v0 = q0.top(), v1 = q1.top();
      const g0 = v0 >= 0 ? q0.key[v0] : -Infinity, g1 = v1 >= 0 ? q1.key[v1] : -Infinity;
      const balanced = imbalance(pw[0], pw[1], f) === 0;
      let to: number;
      if (!balanced) to = pw[0] < pw[1] ? 0 : 1; // rebalance first
      else if (g0 !== g1) to = g0 > g1 ? 0 : 1;
      else to = pw[0] <= pw[1] ? 0 : 1;
      const qt = to === 0 ? q0 : q1, qo = to === 0 ? q1 : q0;
      const v = qt.top();
      if (v < 0) break;
      qt.remove(v);
      const other = 1 - to, edTo = to === 0 ? ed0 : ed1, edOther = to === 0 ? ed1 : ed0;
      // Would unbalance (the pulled weight is edOther[v]): drop this target for v.
      if (balanced && imbalance(pw[to] + vwt[v], pw[other] - edOther[v], f) > 0) continue;
      if (qo.has(v)) qo.remove(v);
      this.record(logLen++, v, 2);
      where[v] = to; stamp[v] = pass;
      pw[2] -= vwt[v]; pw[to] += vwt[v];
      for (let p = ptr[v]; p < ptr[v + 1]; p++) {
        const u = idx[p], wu = where[u];
        if (wu === 2) {
          edTo[u] += vwt[v];
          if (qo.has(u)) qo.update(u, vwt[u] - edTo[u]);
        } else if (wu === other) {
          // u joins the separator.
          this.record(logLen++, u, other);
          where[u] = 2; pw[other] -= vwt[u]; pw[2] += vwt[u];
          let a = 0, b = 0;
          for (let r = ptr[u]; r < ptr[u + 1]; r++) {
            const x = idx[r], wx = where[x];
            if (wx === 0) a += vwt[x];
            else if (wx === 1) b += vwt[x];
            else if (wx === 2 && x !== u) {
              edOther[x] -= vwt[u];
              if (qt.has(x)) qt.update(x, vwt[x] - edOther[x]);
            }
          }
          ed0[u] = a; ed1[u] = b;
          if (stamp[u] !== pass) { q0.push(u, vwt[u] - b); q1.push(u, vwt[u] - a); }
        }
      }
      const ex = excess(), imb = Math.abs(pw[0] - pw[1]);
      if (ex < bestExcess || (ex === bestExcess && (pw[2] < bestSep || (pw[2] === bestSep && imb < bestImb)))) {
        bestExcess = ex; bestSep = pw[2]; bestImb = imb; bestLen = logLen; idle = 0;
      } else idle++;
    }
    const logV = this.logV, logW = this.logW, listed = this.listed;
    for (let t = logLen - 1; t >= bestLen; t--) {
      const v = logV[t], w = logW[t];
      pw[where[v]] -= vwt[v]; pw[w] += vwt[v]; where[v] = w;
    }
    // The separator now: the old one's remaining vertices and the logged ones that are in it.
    let len = 0;
    for (let i = 0; i < this.sepLen; i++) {
      const v = sep[i];
      if (where[v] === 2 && listed[v] !== pass) { listed[v] = pass; sep[len++] = v; }
    }
    for (let t = 0; t < logLen; t++) {
      const v = logV[t];
      if (where[v] === 2 && listed[v] !== pass) { listed[v] = pass; sep[len++] = v; }
    }
    this.sepLen = len;
    return bestExcess < startExcess || (bestExcess === startExcess && bestSep < startSep);
  }
}

/** True if separator a (weights pa) is better than b (weights pb): balanced first, then lighter, then more even. */
export function better(pa: Float64Array, pb: Float64Array, f: number): boolean {
  const ea = imbalance(pa[0], pa[1], f), eb = imbalance(pb[0], pb[1], f);
  if (ea !== eb) return ea < eb;
  if (pa[2] !== pb[2]) return pa[2] < pb[2];
  return Math.abs(pa[0] - pa[1]) < Math.abs(pb[0] - pb[1]);
}
