/**
 * When does a unique stationary state inside the diagonal sector mean a unique stationary state overall?
 *
 * A stationary element X living only in the coherence sectors (the σx-dephased qubit, with ρ = (I + σx)/2
 * and (I − σx)/2 both stationary, is an example) is invisible to a diagonal-sector solve. It cannot exist
 * if the sectors come from a U(1) charge: a real q on basis states such that every component of the
 * coupling graph has a single value of q_i − q_j and the value 0 is exactly the diagonal sector. Then,
 * if ker L restricted to the charge-0 sector is one-dimensional, so is ker L. Sketch: positive and
 * negative parts of a Hermitian fixed point are fixed points, so all stationary states are supported in
 * R = supp ρ_ss (the θ-average of a stationary state is stationary, charge-0, hence ∝ ρ_ss); on R the
 * dynamics is a Lindbladian with a faithful stationary state, whose conserved quantities form the
 * commutant algebra of {H, o_k, o_k†} (Frigerio 1978), graded by the charge with a one-dimensional
 * charge-0 part; a charge-c element J would make J†J ∝ I, i.e. J ∝ a unitary shifting the finitely many
 * charges by c ≠ 0, which is impossible. (A Z₂ grading, as in the σx example, has no such obstruction.)
 *
 * The charge-0 sector is the diagonal sector plus, possibly, further components with q_i = q_j (in the
 * Bell basis of the diamond model, the S–A coherence); those are returned as `neutralRoots` and must be
 * checked to be non-singular separately (they are small).
 *
 * The charge is searched on the "levels" (A-graph components glued by the diagonal sector): every jump o
 * must shift it by a constant δ_o, q(a) − q(b) = δ_o for each linked pair; q(level) is a linear form in
 * the unknown δ's along a spanning forest, cycles give linear constraints, a generic δ in their null
 * space is drawn (the draw with the fewest coinciding levels of four), and the result is verified directly
 * (constraints to 1e-9 of the charge scale; levels closer than 1e-6 of it count as equal).
 */
import type { SectorAnalysis } from './symmetry.ts';

/** A certified U(1) charge: q per basis state, the shift δ of each channel term, other charge-0 components. */
export interface U1Charge {
  readonly charge: Float64Array;
  readonly shifts: Float64Array;
  /** Components besides the diagonal one with q_i = q_j, one of each conjugate pair. */
  readonly neutralRoots: readonly number[];
}

/** A small deterministic generator of numbers in [0, 1) (the charge draws of findU1Charge and charge-sectors.ts). */
export function pseudoRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    return ((s >>> 0) / 4294967296);
  };
}

/** Null-space basis of the rows K (each of length c), by Gauss–Jordan elimination with partial pivoting. */
export function nullSpace(rows: Float64Array[], c: number): Float64Array[] {
  const m = rows.map((r) => r.slice());
  const pivotCol: number[] = [];
  let r = 0;
  const scale = Math.max(1, ...m.map((row) => Math.max(0, ...Array.from(row, Math.abs))));
  for (let col = 0; col < c && r < m.length; col++) {
    let best = r;
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i][col]) > Math.abs(m[best][col])) best = i;
    if (Math.abs(m[best][col]) <= 1e-9 * scale) continue;
    [m[r], m[best]] = [m[best], m[r]];
    const p = m[r][col];
    for (let k = 0; k < c; k++) m[r][k] /= p;
    for (let i = 0; i < m.length; i++) {
      if (i === r || m[i][col] === 0) continue;
      const f = m[i][col];
      for (let k = 0; k < c; k++) m[i][k] -= f * m[r][k];
    }
    pivotCol.push(col);
    r++;
  }
  const basis: Float64Array[] = [];
  for (let free = 0; free < c; free++) {
    if (pivotCol.includes(free)) continue;
    const v = new Float64Array(c);
    v[free] = 1;
    pivotCol.forEach((pc, row) => { v[pc] = -m[row][free]; });
    basis.push(v);
  }
  return basis;
}

/**
 * A U(1) charge certifying the diagonal sector (see the module comment), or null when none exists or it
 * cannot be verified. Requires the diagonal entries to lie in a single component.
 */
export function findU1Charge(a: SectorAnalysis): U1Charge | null {
  // A constant q always satisfies the constraints, so a charge exists whenever the diagonal is one
  // component; it is useful when it separates levels (few neutral components to check).
  if (a.diagonalRoots.length !== 1) return null;
  const m = a.classes, d = a.diagonalRoots[0];
  // Levels: components of A's graph glued (transitively) by the diagonal sector; q is constant on each.
  const glue = Int32Array.from({ length: m }, (_, x) => x);
  const root = (x: number): number => { while (glue[x] !== x) x = glue[x] = glue[glue[x]]; return x; };
  for (let x = 0; x < m; x++) for (let y = 0; y < m; y++) if (a.classRoot[x * m + y] === d) glue[root(x)] = root(y);
  const level = new Int32Array(m).fill(-1), label = new Int32Array(m).fill(-1);
  let levels = 0;
  for (let x = 0; x < m; x++) {
    const r = root(x);
    if (label[r] < 0) label[r] = levels++;
    level[x] = label[r];
  }
  // Spanning forest over levels; edge a → b of term t means q(a) = q(b) + δ_t.
  const c = a.links.length;
  const adj: Array<Array<[number, number, number]>> = Array.from({ length: levels }, () => []);
  a.links.forEach((pairs, t) => {
    for (const x of pairs) {
      const la = level[Math.floor(x / m)], lb = level[x % m];
      adj[la].push([lb, t, -1]); // q(lb) = q(la) − δ_t
      adj[lb].push([la, t, 1]); // q(la) = q(lb) + δ_t
    }
  });
  const form: Float64Array[] = new Array(levels), piece = new Int32Array(levels).fill(-1);
  const constraints: Float64Array[] = [];
  let pieces = 0;
  for (let s = 0; s < levels; s++) {
    if (piece[s] >= 0) continue;
    piece[s] = pieces;
    form[s] = new Float64Array(c);
    const queue = [s];
    for (let h = 0; h < queue.length; h++) {
      const u = queue[h];
      for (const [v, t, sign] of adj[u]) {
        const f = form[u].slice();
        f[t] += sign;
        if (piece[v] < 0) { piece[v] = pieces; form[v] = f; queue.push(v); continue; }
        const diff = f.map((x, k) => x - form[v][k]);
        if (diff.some((x) => x !== 0)) constraints.push(diff);
      }
    }
    pieces++;
  }
  const basis = nullSpace(constraints, c);
  let best: { q: Float64Array; shifts: Float64Array; scale: number; ties: number } | null = null;
  for (let attempt = 0; attempt < 4; attempt++) {
    const rand = pseudoRandom(0x5eed + attempt);
    const shifts = new Float64Array(c);
    for (const b of basis) { const w = 1 + rand(); for (let k = 0; k < c; k++) shifts[k] += w * b[k]; }
    const q = new Float64Array(levels);
    let span = 0;
    for (let l = 0; l < levels; l++) {
      for (let k = 0; k < c; k++) q[l] += form[l][k] * shifts[k];
      span = Math.max(span, Math.abs(q[l]));
    }
    for (let l = 0; l < levels; l++) q[l] += piece[l] * (2 * span + 1);
    const scale = Math.max(1, span);
    const ok = a.links.every((pairs, t) => Array.from(pairs).every((x) =>
      Math.abs(q[level[Math.floor(x / m)]] - q[level[x % m]] - shifts[t]) <= 1e-9 * scale));
    if (!ok) continue;
    const sorted = Float64Array.from(q).sort();
    let ties = 0;
    for (let l = 1; l < levels; l++) if (sorted[l] - sorted[l - 1] < 1e-6 * scale) ties++;
    if (!best || ties < best.ties) best = { q, shifts, scale, ties };
  }
  if (!best) return null;
  const { q, shifts, scale } = best;
  const charge = new Float64Array(a.n);
  for (let i = 0; i < a.n; i++) charge[i] = q[level[a.stateComponent[i]]];
  const neutralRoots: number[] = [];
  const seen = new Set<number>([d]);
  for (let x = 0; x < m; x++) for (let y = 0; y < m; y++) {
    const r = a.classRoot[x * m + y];
    if (seen.has(r) || Math.abs(q[level[x]] - q[level[y]]) >= 1e-6 * scale) continue;
    seen.add(r);
    seen.add(a.classRoot[y * m + x]);
    neutralRoots.push(r);
  }
  return { charge, shifts, neutralRoots };
}
