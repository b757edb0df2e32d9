/**
 * Sector-first symmetry analysis: a U(1) charge and the charge-0 sectors found from the operators'
 * sparsity alone — O(nnz of the operators + K + Σ_o Σ_v |links of o from charge v|²), K the number of
 * charge-0 classes below — without any object over the n² unknowns of ρ.
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

/**
 * The charge-0 sectors of `lv` from its operators' sparsity (module comment), or null when no verified
 * charge separates the states.
 */
export function chargeSectors(lv: FactoredLiouvillian): ChargeSectors | null {
  const n = lv.n;
  // A-components of the states.
  const states = unionFind(n);
  for (const term of lv.terms) {
    const a = term.kind === 'hamiltonian' ? term.h : term.k;
    for (let i = 0; i < n; i++) for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) states.union(i, a.colIdx[p]);
  }
  const comp = new Int32Array(n), pos = new Int32Array(n), label = new Int32Array(n).fill(-1), sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = states.find(i);
    if (label[r] < 0) { label[r] = sizes.length; sizes.push(0); }
    comp[i] = label[r];
    pos[i] = sizes[label[r]]++;
  }
  const m = sizes.length;
  // Links of each channel term between components: a·m + b for o_ik ≠ 0 with a = C(i), b = C(k).
  const channels = lv.terms.filter((t) => t.kind === 'channel');
  const c = channels.length;
  const links: Float64Array[] = channels.map((t) => {
    const o = t.o, seen = new Set<number>();
    for (let i = 0; i < n; i++) for (let p = o.rowPtr[i]; p < o.rowPtr[i + 1]; p++) seen.add(comp[i] * m + comp[o.colIdx[p]]);
    return Float64Array.from(seen);
  });
  const found = drawCharge(m, links);
  if (!found) return null;
  const { q, shifts, scale } = found;
  // Groups of equal charge, in increasing charge.
  // Increasing charge, or decreasing when that puts basis state 0 nearer the start (the numbering then
  // follows the basis order on ladders, as the full analysis's does; the orientation of q is arbitrary).
  const ascending = q[comp[0]] <= q[comp[n - 1]];
  const order = Int32Array.from({ length: m }, (_, a) => a).sort((x, y) => (ascending ? q[x] - q[y] : q[y] - q[x]));
  const groupOf = new Int32Array(m), inGroup = new Int32Array(m), groupStart: number[] = [0];
  let first = q[order[0]];
  for (let k = 0; k < m; k++) {
    const a = order[k];
    if (k > 0 && Math.abs(q[a] - q[order[k - 1]]) > GROUP * scale) { groupStart.push(k); first = q[a]; }
    if (Math.abs(q[a] - first) > 0.5 * GROUP * scale) return null;
    groupOf[a] = groupStart.length - 1;
    inGroup[a] = k - groupStart[groupStart.length - 1];
  }
  const groups = groupStart.length;
  if (groups === 1) return null;
  groupStart.push(m);
  // Charge-0 classes (a, b), same group: id base[g] + inGroup[a]·c_g + inGroup[b].
  const base = new Float64Array(groups + 1);
  for (let g = 0; g < groups; g++) base[g + 1] = base[g] + (groupStart[g + 1] - groupStart[g]) ** 2;
  const classes = base[groups];
  if (classes > 2 ** 28) return null;
  const width = (a: number) => groupStart[groupOf[a] + 1] - groupStart[groupOf[a]];
  const classId = (a: number, b: number) => base[groupOf[a]] + inGroup[a] * width(a) + inGroup[b];
  const cls = unionFind(classes);
  for (const pairs of links) {
    // Links bucketed by the source's group: only pairs from one group join charge-0 classes.
    const buckets = new Map<number, number[]>();
    for (const x of pairs) {
      const a = Math.floor(x / m), g = groupOf[a];
      let list = buckets.get(g);
      if (!list) buckets.set(g, (list = []));
      list.push(x);
    }
    for (const list of buckets.values()) {
      for (const x of list) {
        const a = Math.floor(x / m), a2 = x % m;
        for (const y of list) {
          const b = Math.floor(y / m), b2 = y % m;
          if (groupOf[a2] !== groupOf[b2]) return null; // cannot happen for a verified charge
          cls.union(classId(a, b), classId(a2, b2));
        }
      }
    }
  }
  const root = new Int32Array(classes);
  for (let k = 0; k < classes; k++) root[k] = cls.find(k);
  const diagonalRoots: number[] = [];
  for (let a = 0; a < m; a++) {
    const r = root[classId(a, a)];
    if (!diagonalRoots.includes(r)) diagonalRoots.push(r);
  }
  const neutralRoots: number[] = [], seen = new Set<number>(diagonalRoots);
  const members = new Map<number, number[]>(); // root → its classes, in class order
  for (let g = 0; g < groups; g++) {
    for (let x = groupStart[g]; x < groupStart[g + 1]; x++) {
      for (let y = groupStart[g]; y < groupStart[g + 1]; y++) {
        const a = order[x], b = order[y], k = classId(a, b), r = root[k];
        let list = members.get(r);
        if (!list) members.set(r, (list = []));
        list.push(a * m + b);
        if (seen.has(r)) continue;
        seen.add(r);
        seen.add(root[classId(b, a)]); // the conjugate component: same spectrum, conjugated
        neutralRoots.push(r);
      }
    }
  }
  const componentStates: number[][] = Array.from({ length: m }, () => []);
  for (let i = 0; i < n; i++) componentStates[comp[i]].push(i);
  // Per state, for index(i, j): its group, the id of class (C(i), first of its group), its place in the group, its component's size.
  const stateGroup = new Int32Array(n), classRow = new Float64Array(n), place = new Int32Array(n), compSize = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = comp[i];
    stateGroup[i] = groupOf[a]; classRow[i] = classId(a, order[groupStart[groupOf[a]]]); place[i] = inGroup[a]; compSize[i] = sizes[a];
  }
  const offset = new Int32Array(classes).fill(-1);
  const sectorOf = (r: number): Sector => {
    const list = members.get(r)!;
    let size = 0;
    for (const x of list) size += sizes[Math.floor(x / m)] * sizes[x % m];
    const rowOf = new Int32Array(size), colOf = new Int32Array(size);
    let off = 0;
    for (const x of list) {
      const a = Math.floor(x / m), b = x % m, as = componentStates[a], bs = componentStates[b];
      offset[classId(a, b)] = off;
      for (let u = 0; u < as.length; u++) for (let v = 0; v < bs.length; v++) { rowOf[off] = as[u]; colOf[off] = bs[v]; off++; }
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

/**
 * A charge on the m A-components with q(a) − q(b) = δ_t for every link a·m + b of channel term t: the
 * generic draw (of four) with the fewest coinciding values, verified; null when none verifies.
 */
function drawCharge(m: number, links: readonly Float64Array[]): { q: Float64Array; shifts: Float64Array; scale: number } | null {
  const c = links.length;
  const adj: number[][] = Array.from({ length: m }, () => []); // flattened (neighbour, term, sign) triples
  links.forEach((pairs, t) => {
    for (const x of pairs) {
      const a = Math.floor(x / m), b = x % m;
      adj[a].push(b, t, -1); // q(b) = q(a) − δ_t
      adj[b].push(a, t, 1); // q(a) = q(b) + δ_t
    }
  });
  // form (m × c, flat): q(a) as a linear form in the shifts along a spanning forest; each cycle's
  // difference is a constraint, kept reduced (echelon rows, at most c) so that none is stored twice.
  const form = new Float64Array(m * c), piece = new Int32Array(m).fill(-1), queue = new Int32Array(m);
  const echelon: Float64Array[] = [], lead: number[] = [], diff = new Float64Array(c);
  let pieces = 0;
  for (let s = 0; s < m; s++) {
    if (piece[s] >= 0) continue;
    piece[s] = pieces;
    let tail = 0;
    queue[tail++] = s;
    for (let h = 0; h < tail; h++) {
      const u = queue[h], e = adj[u];
      for (let k = 0; k < e.length; k += 3) {
        const v = e[k], t = e[k + 1], sign = e[k + 2];
        if (piece[v] < 0) {
          for (let j = 0; j < c; j++) form[v * c + j] = form[u * c + j];
          form[v * c + t] += sign;
          piece[v] = pieces; queue[tail++] = v;
          continue;
        }
        for (let j = 0; j < c; j++) diff[j] = form[u * c + j] - form[v * c + j];
        diff[t] += sign;
        reduce(diff, echelon, lead);
      }
    }
    pieces++;
  }
  const basis = nullSpace(echelon, c);
  let best: { q: Float64Array; shifts: Float64Array; scale: number; ties: number } | null = null;
  for (let attempt = 0; attempt < 4; attempt++) {
    const rand = pseudoRandom(0x5eed + attempt);
    const shifts = new Float64Array(c);
    for (const b of basis) { const w = 1 + rand(); for (let k = 0; k < c; k++) shifts[k] += w * b[k]; }
    const q = new Float64Array(m);
    let span = 0;
    for (let l = 0; l < m; l++) {
      for (let k = 0; k < c; k++) q[l] += form[l * c + k] * shifts[k];
      span = Math.max(span, Math.abs(q[l]));
    }
    for (let l = 0; l < m; l++) q[l] += piece[l] * (2 * span + 1);
    const scale = Math.max(1, span);
    const ok = links.every((pairs, t) => pairs.every((x) => Math.abs(q[Math.floor(x / m)] - q[x % m] - shifts[t]) <= VERIFY * scale));
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
