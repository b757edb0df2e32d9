/**
 * Sector-first symmetry analysis: a U(1) charge and the charge-0 sectors found from the operators'
 * sparsity alone — O(nnz of the operators (each channel's links sorted once) + K + Σ_o Σ_v |links of o
 * from charge v|²), K the number of charge-0 classes below — in typed arrays, without per-entry objects
 * and without any object over the n² unknowns of ρ. When A connects every state (one A-component, e.g. a
 * chain with hopping) no charge can separate them and the answer is null at once.
 *
 * A real charge q on basis states that is (i) constant on every component of A's graph (A = the pattern
 * union of H and every o†o; "A-components") and (ii) shifted by a constant by each jump, q_i − q_k = δ_o
 * wherever o_ik ≠ 0, makes L map {ρ_ij : q_i − q_j = c} to itself for every c, in both directions: the
 * entries of L join (i, j) to (k, j) and (i, l) through A_ik, A_jl (same charge) and to (k, l) through
 * o_ki·conj(o_lj) (both charges shifted by δ_o). So the steady state lives in the charge-0 subspace
 * S0 = ⊕_v (states of charge v)², and (charge.ts) it is unique when ker L restricted to S0 is
 * one-dimensional. S0 is a union of classes C_a × C_b (A-components a, b of equal charge; each class is
 * connected by the A-entries alone, symmetry.ts), joined by a jump o from (a, b) to (a', b') when o links
 * a → a' and b → b'. The components of that graph are components of L's coupling graph: the one(s) holding
 * the populations and the other charge-0 ("neutral") ones, which the caller checks to be non-singular.
 *
 * The charge is found as in charge.ts (a linear form in the unknown shifts along a spanning forest of the
 * A-components, cycles as linear constraints, the draw of four generic shifts with the fewest coinciding
 * values, verified to 1e-9 of its scale). Values are grouped: a new group starts where consecutive sorted
 * values differ by more than τ = 1e-6 of the scale, and a group spreading over more than τ/2 is refused, so
 * two states share a group exactly when their charges differ by less than τ. With the constraints verified
 * to 1e-9, L then joins no unknown of S0 to one outside it (the sector's residual is the full residual).
 * Null — the caller falls back to the full analysis (symmetry.ts, charge.ts) — when no charge separates the
 * states (one group), a group is too wide, or the verification fails.
 */
import { unionFind } from '../linalg/graph.ts';
import { PatternCache } from '../linalg/pattern-cache.ts';
import type { CsrMatrix } from '../linalg/sparse.ts';
import type { FactoredLiouvillian } from '../liouvillian/factored.ts';
import { Sector } from './symmetry.ts';
import { nullSpace, pseudoRandom } from './charge.ts';

/** The charge-0 sectors of a Liouvillian family (module comment). */
export interface ChargeSectors {
  readonly n: number;
  /** The charge of each basis state. */
  readonly charge: Float64Array;
  /** The shift δ_o of each channel term (in the order of the family's channel terms). */
  readonly shifts: Float64Array;
  /** Number of distinct charge values (groups of states). */
  readonly groups: number;
  /** Number of unknowns in the charge-0 subspace S0. */
  readonly zeroChargeSize: number;
  /** Number of components of S0 holding populations (> 1: the steady state is not unique). */
  readonly diagonalComponents: number;
  /** The component holding every population, numbered by charge (banded for ladders); null when there are several. */
  readonly diagonal: Sector | null;
  /** The other components of S0, one of each conjugate pair: a stationary element there would break uniqueness. */
  readonly neutral: readonly Sector[];
}

/** Relative tolerances: constraint verification, and the grouping threshold τ (module comment). */
const VERIFY = 1e-9, GROUP = 1e-6;

/** Links of one channel term between A-components: o_ik ≠ 0 with from = C(i), to = C(k), each pair once, sorted. */
interface Links { readonly from: Int32Array; readonly to: Int32Array }

/**
 * The charge-0 sectors of `lv` from its operators' sparsity (module comment), or null when no verified
 * charge separates the states (always when A connects every state: one component, one charge).
 */
export function chargeSectors(lv: FactoredLiouvillian): ChargeSectors | null {
  const key = termPatterns(lv), facts = SECTOR_FACTS.entry(key.n, key.rowPtr, key.colIdx);
  if (facts.sectors === undefined) facts.sectors = analyse(lv);
  return facts.sectors;
}

/**
 * The answers of recent analyses, keyed by the terms' patterns (termPatterns): the analysis reads the
 * operators' sparsity only (and draws with fixed seeds), so a model solved again — or a loop of one-off
 * solves over a parameter — gets the same (immutable) sectors without redoing it. At most 8 families,
 * 32 MB of pattern copies, per thread (linalg/pattern-cache.ts compares every entry, not a hash).
 */
const SECTOR_FACTS = new PatternCache<{ sectors?: ChargeSectors | null }>(8, 32 * 2 ** 20, () => ({}));

/**
 * Everything chargeSectors reads, as one pattern: a row per term holding its kind (column 0: H, 1: a
 * channel), then per term the n rows of its A-part (H, or o†o) and, for a channel, the n rows of o.
 */
function termPatterns(lv: FactoredLiouvillian): { n: number; rowPtr: Int32Array; colIdx: Int32Array } {
  const n = lv.n, parts: CsrMatrix[] = [];
  for (const t of lv.terms) if (t.kind === 'hamiltonian') parts.push(t.h); else parts.push(t.k, t.o);
  const rows = lv.terms.length + parts.length * n;
  let nnz = lv.terms.length;
  for (const m of parts) nnz += m.rowPtr[n];
  const rowPtr = new Int32Array(rows + 1), colIdx = new Int32Array(nnz);
  let r = 0, p = 0;
  for (const t of lv.terms) { colIdx[p++] = t.kind === 'hamiltonian' ? 0 : 1; rowPtr[++r] = p; }
  for (const m of parts) {
    for (let i = 0; i < n; i++) {
      for (let q = m.rowPtr[i]; q < m.rowPtr[i + 1]; q++) colIdx[p++] = m.colIdx[q];
      rowPtr[++r] = p;
    }
  }
  return { n: rows, rowPtr, colIdx };
}

/** chargeSectors without the store of recent answers. */
function analyse(lv: FactoredLiouvillian): ChargeSectors | null {
  const n = lv.n;
  // A-components of the states (union-find with path halving, inline: one pass over the A patterns).
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  for (const term of lv.terms) {
    const a = term.kind === 'hamiltonian' ? term.h : term.k, rp = a.rowPtr, ci = a.colIdx;
    for (let i = 0; i < n; i++) {
      for (let p = rp[i]; p < rp[i + 1]; p++) {
        let x = i, y = ci[p];
        while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; }
        while (parent[y] !== y) { parent[y] = parent[parent[y]]; y = parent[y]; }
        if (x !== y) parent[x] = y;
      }
    }
  }
  const comp = new Int32Array(n), pos = new Int32Array(n), label = new Int32Array(n).fill(-1);
  let m = 0;
  for (let i = 0; i < n; i++) {
    let r = i;
    while (parent[r] !== r) r = parent[r];
    if (label[r] < 0) label[r] = m++;
    comp[i] = label[r];
  }
  if (m === 1) return null;
  // Sizes, and the states of each component in increasing order: compStates[compStart[a] …).
  const sizes = new Int32Array(m), compStart = new Int32Array(m + 1), compStates = new Int32Array(n);
  for (let i = 0; i < n; i++) pos[i] = sizes[comp[i]]++;
  for (let a = 0; a < m; a++) compStart[a + 1] = compStart[a] + sizes[a];
  for (let i = 0; i < n; i++) compStates[compStart[comp[i]] + pos[i]] = i;
  const links: Links[] = [];
  for (const t of lv.terms) if (t.kind === 'channel') links.push(channelLinks(t.o, comp, m));
  const found = drawCharge(m, links);
  if (!found) return null;
  const { q, shifts, scale } = found;
  // Groups of equal charge, in increasing charge, or decreasing when that puts basis state 0 nearer the
  // start (the numbering then follows the basis order on ladders, as the full analysis's does; the
  // orientation of q is arbitrary).
  const ascending = q[comp[0]] <= q[comp[n - 1]];
  const order = Int32Array.from({ length: m }, (_, a) => a).sort((x, y) => (ascending ? q[x] - q[y] : q[y] - q[x]));
  const groupOf = new Int32Array(m), inGroup = new Int32Array(m), starts: number[] = [0];
  let first = q[order[0]];
  for (let k = 0; k < m; k++) {
    const a = order[k];
    if (k > 0 && Math.abs(q[a] - q[order[k - 1]]) > GROUP * scale) { starts.push(k); first = q[a]; }
    if (Math.abs(q[a] - first) > 0.5 * GROUP * scale) return null;
    groupOf[a] = starts.length - 1;
    inGroup[a] = k - starts[starts.length - 1];
  }
  const groups = starts.length;
  if (groups === 1) return null;
  starts.push(m);
  const groupStart = Int32Array.from(starts);
  // Charge-0 classes (a, b), same group: id base[g] + inGroup[a]·c_g + inGroup[b].
  const base = new Float64Array(groups + 1);
  for (let g = 0; g < groups; g++) base[g + 1] = base[g] + (groupStart[g + 1] - groupStart[g]) ** 2;
  const classes = base[groups];
  if (classes > 2 ** 28) return null;
  const classId = (a: number, b: number) => { const g = groupOf[a]; return base[g] + inGroup[a] * (groupStart[g + 1] - groupStart[g]) + inGroup[b]; };
  const cls = unionFind(classes);
  // A jump o joins (a, b) to (a', b') for links a → a', b → b' from one group (only those give charge-0
  // classes): the links bucketed by their source's group.
  const byGroup = new Int32Array(groups + 1);
  for (const { from, to } of links) {
    const len = from.length, bucket = new Int32Array(len);
    byGroup.fill(0);
    for (let x = 0; x < len; x++) byGroup[groupOf[from[x]] + 1]++;
    for (let g = 0; g < groups; g++) byGroup[g + 1] += byGroup[g];
    for (let x = 0; x < len; x++) bucket[byGroup[groupOf[from[x]]]++] = x;
    for (let lo = 0, g = 0; g < groups; g++) {
      const hi = byGroup[g];
      for (let u = lo; u < hi; u++) {
        const x = bucket[u], a = from[x], a2 = to[x];
        for (let v = lo; v < hi; v++) {
          const y = bucket[v], b = from[y], b2 = to[y];
          if (groupOf[a2] !== groupOf[b2]) return null; // cannot happen for a verified charge
          cls.union(classId(a, b), classId(a2, b2));
        }
      }
      lo = hi;
    }
  }
  const root = new Int32Array(classes);
  for (let k = 0; k < classes; k++) root[k] = cls.find(k);
  // Components of S0 (roots): those holding populations, then one of each conjugate pair of the others.
  const kind = new Uint8Array(classes); // at a root: 1 diagonal, 2 neutral, 3 seen (conjugate of a neutral one)
  const diagonalRoots: number[] = [], neutralRoots: number[] = [];
  for (let a = 0; a < m; a++) {
    const r = root[classId(a, a)];
    if (kind[r] === 0) { kind[r] = 1; diagonalRoots.push(r); }
  }
  for (let g = 0; g < groups; g++) {
    for (let x = groupStart[g]; x < groupStart[g + 1]; x++) {
      for (let y = groupStart[g]; y < groupStart[g + 1]; y++) {
        const r = root[classId(order[x], order[y])];
        if (kind[r] !== 0) continue;
        kind[r] = 2;
        const c = root[classId(order[y], order[x])]; // the conjugate component: same spectrum, conjugated
        if (kind[c] === 0) kind[c] = 3;
        neutralRoots.push(r);
      }
    }
  }
  // Per state, for index(i, j): its group, the id of class (C(i), first of its group), its place in the group, its component's size.
  const stateGroup = new Int32Array(n), classRow = new Float64Array(n), place = new Int32Array(n), compSize = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = comp[i];
    stateGroup[i] = groupOf[a]; classRow[i] = classId(a, order[groupStart[groupOf[a]]]); place[i] = inGroup[a]; compSize[i] = sizes[a];
  }
  const offset = new Int32Array(classes).fill(-1);
  const sectorOf = (r: number): Sector => {
    // The classes of root r in class order (group by group, rows and columns by charge), then their unknowns.
    let size = 0;
    for (let g = 0; g < groups; g++) for (let x = groupStart[g]; x < groupStart[g + 1]; x++) for (let y = groupStart[g]; y < groupStart[g + 1]; y++) {
      const a = order[x], b = order[y], k = classId(a, b);
      if (root[k] !== r) continue;
      offset[k] = size;
      size += sizes[a] * sizes[b];
    }
    const rowOf = new Int32Array(size), colOf = new Int32Array(size);
    for (let g = 0; g < groups; g++) for (let x = groupStart[g]; x < groupStart[g + 1]; x++) for (let y = groupStart[g]; y < groupStart[g + 1]; y++) {
      const a = order[x], b = order[y], k = classId(a, b);
      if (root[k] !== r) continue;
      let off = offset[k];
      for (let u = compStart[a]; u < compStart[a + 1]; u++) for (let v = compStart[b]; v < compStart[b + 1]; v++) { rowOf[off] = compStates[u]; colOf[off] = compStates[v]; off++; }
    }
    return new Sector({
      n, rowOf, colOf,
      index: (i, j) => {
        if (stateGroup[i] !== stateGroup[j]) return -1;
        const k = classRow[i] + place[j];
        return root[k] === r ? offset[k] + pos[i] * compSize[j] + pos[j] : -1;
      },
    });
  };
  let zeroChargeSize = 0;
  for (let g = 0; g < groups; g++) {
    let s = 0;
    for (let x = groupStart[g]; x < groupStart[g + 1]; x++) s += sizes[order[x]];
    zeroChargeSize += s * s;
  }
  const charge = new Float64Array(n);
  for (let i = 0; i < n; i++) charge[i] = q[comp[i]];
  return {
    n, charge, shifts, groups, zeroChargeSize, diagonalComponents: diagonalRoots.length,
    diagonal: diagonalRoots.length === 1 ? sectorOf(diagonalRoots[0]) : null,
    neutral: neutralRoots.map(sectorOf),
  };
}

/** The links of operator o between components (Links): keys C(i)·m + C(k), sorted, each once. */
function channelLinks(o: { rows: number; rowPtr: Int32Array; colIdx: Int32Array }, comp: Int32Array, m: number): Links {
  const keys = new Float64Array(o.rowPtr[o.rows]);
  for (let i = 0, t = 0; i < o.rows; i++) for (let p = o.rowPtr[i]; p < o.rowPtr[i + 1]; p++) keys[t++] = comp[i] * m + comp[o.colIdx[p]];
  keys.sort();
  let len = 0;
  for (let t = 0; t < keys.length; t++) if (t === 0 || keys[t] !== keys[t - 1]) keys[len++] = keys[t];
  const from = new Int32Array(len), to = new Int32Array(len);
  for (let t = 0; t < len; t++) { from[t] = Math.floor(keys[t] / m); to[t] = keys[t] - from[t] * m; }
  return { from, to };
}

/**
 * A charge on the m A-components with q(a) − q(b) = δ_t for every link a → b of channel term t: the
 * generic draw (of four) with the fewest coinciding values, verified; null when none verifies. A term
 * with a link inside one component has δ_t = 0 (it is not drawn: the constraint rows e_t it would add
 * leave the same null space on the other terms).
 */
function drawCharge(m: number, links: readonly Links[]): { q: Float64Array; shifts: Float64Array; scale: number } | null {
  const c = links.length, col = new Int32Array(c); // column of term t among the drawn shifts, −1: δ_t = 0
  let f = 0;
  for (let t = 0; t < c; t++) {
    const { from, to } = links[t];
    let self = false;
    for (let x = 0; x < from.length && !self; x++) self = from[x] === to[x];
    col[t] = self ? -1 : f++;
  }
  // Adjacency of the components in CSR form: neighbour, column (−1: δ = 0) and sign of each link end.
  const ptr = new Int32Array(m + 1);
  for (const { from, to } of links) for (let x = 0; x < from.length; x++) if (from[x] !== to[x]) { ptr[from[x] + 1]++; ptr[to[x] + 1]++; }
  for (let a = 0; a < m; a++) ptr[a + 1] += ptr[a];
  const fill = ptr.slice(0, m), nb = new Int32Array(ptr[m]), nc = new Int32Array(ptr[m]), ns = new Int8Array(ptr[m]);
  links.forEach(({ from, to }, t) => {
    for (let x = 0; x < from.length; x++) {
      const a = from[x], b = to[x];
      if (a === b) continue;
      let e = fill[a]++;
      nb[e] = b; nc[e] = col[t]; ns[e] = -1; // q(b) = q(a) − δ_t
      e = fill[b]++;
      nb[e] = a; nc[e] = col[t]; ns[e] = 1; // q(a) = q(b) + δ_t
    }
  });
  // form (m × f, flat): q(a) as a linear form in the drawn shifts along a spanning forest; each cycle's
  // difference is a constraint, kept reduced (echelon rows, at most f) so that none is stored twice.
  const form = new Float64Array(m * f), piece = new Int32Array(m).fill(-1), queue = new Int32Array(m);
  const echelon: Float64Array[] = [], lead: number[] = [], diff = new Float64Array(f);
  let pieces = 0;
  for (let s = 0; s < m; s++) {
    if (piece[s] >= 0) continue;
    piece[s] = pieces;
    let tail = 0;
    queue[tail++] = s;
    for (let h = 0; h < tail; h++) {
      const u = queue[h];
      for (let e = ptr[u]; e < ptr[u + 1]; e++) {
        const v = nb[e], j = nc[e];
        if (piece[v] < 0) {
          for (let k = 0; k < f; k++) form[v * f + k] = form[u * f + k];
          if (j >= 0) form[v * f + j] += ns[e];
          piece[v] = pieces; queue[tail++] = v;
          continue;
        }
        for (let k = 0; k < f; k++) diff[k] = form[u * f + k] - form[v * f + k];
        if (j >= 0) diff[j] += ns[e];
        reduce(diff, echelon, lead);
      }
    }
    pieces++;
  }
  const basis = nullSpace(echelon, f);
  let best: { q: Float64Array; shifts: Float64Array; scale: number; ties: number } | null = null;
  for (let attempt = 0; attempt < 4; attempt++) {
    const rand = pseudoRandom(0x5eed + attempt);
    const drawn = new Float64Array(f);
    for (const b of basis) { const w = 1 + rand(); for (let k = 0; k < f; k++) drawn[k] += w * b[k]; }
    const shifts = Float64Array.from(col, (j) => (j < 0 ? 0 : drawn[j]));
    const q = new Float64Array(m);
    let span = 0;
    for (let l = 0; l < m; l++) {
      for (let k = 0; k < f; k++) q[l] += form[l * f + k] * drawn[k];
      span = Math.max(span, Math.abs(q[l]));
    }
    for (let l = 0; l < m; l++) q[l] += piece[l] * (2 * span + 1);
    const scale = Math.max(1, span);
    let ok = true;
    for (let t = 0; t < c && ok; t++) {
      const { from, to } = links[t];
      for (let x = 0; x < from.length && ok; x++) ok = Math.abs(q[from[x]] - q[to[x]] - shifts[t]) <= VERIFY * scale;
    }
    if (!ok) continue;
    const sorted = Float64Array.from(q).sort();
    let ties = 0;
    for (let l = 1; l < m; l++) if (sorted[l] - sorted[l - 1] < GROUP * scale) ties++;
    if (!best || ties < best.ties) best = { q, shifts, scale, ties };
  }
  return best;
}

/**
 * Reduces `row` against the echelon rows (row r has its leading entry 1 at column lead[r]) and appends
 * what is left, normalised, when it is not zero (entries below 1e-9 of the row's scale count as zero).
 */
function reduce(row: Float64Array, echelon: Float64Array[], lead: number[]): void {
  let scale = 0;
  for (let j = 0; j < row.length; j++) scale = Math.max(scale, Math.abs(row[j]));
  if (scale === 0) return;
  for (let r = 0; r < echelon.length; r++) {
    const f = row[lead[r]];
    if (f === 0) continue;
    const e = echelon[r];
    for (let j = 0; j < row.length; j++) row[j] -= f * e[j];
  }
  let p = -1;
  for (let j = 0; j < row.length; j++) if (Math.abs(row[j]) > 1e-9 * scale && (p < 0 || Math.abs(row[j]) > Math.abs(row[p]))) p = j;
  if (p < 0) return;
  const e = Float64Array.from(row, (x) => x / row[p]);
  e[p] = 1;
  // Keep the echelon reduced: eliminate column p from the earlier rows.
  for (let r = 0; r < echelon.length; r++) {
    const f = echelon[r][p];
    if (f !== 0) for (let j = 0; j < row.length; j++) echelon[r][j] -= f * e[j];
  }
  echelon.push(e);
  lead.push(p);
}
