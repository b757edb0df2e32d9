/**
 * Exchange symmetry of identical subsystems, used to shrink a sector solve: k disjoint swaps of identical
 * subsystems (e.g. e1↔e2 and e3↔e4 of five identical emitters) cut it to about 1/2^k of its unknowns.
 *
 * Let π swap the levels of subsystems a and b (same spec) in the product basis and P|i⟩ = |π(i)⟩. If
 * P H P† = H and P maps every channel term o_t onto a channel term o_τ(t) (P o_t P† = o_τ(t) entry by entry)
 * of the same bath with θ_t = θ_τ(t), then the superoperator S(ρ) = PρP† commutes with L(θ):
 *     L(PρP†) = P L(ρ) P†.
 * On the real unknowns of a sector (sector-system.ts) S is a signed permutation, x_r ↦ σ_r x_τ(r):
 * ρ_ij ↦ ρ_π(i)π(j), and when π(i) > π(j) the stored unknown is ρ_π(j)π(i) = conj ρ_π(i)π(j), so an
 * imaginary part changes sign (σ = −1). S² = 1. Swaps of disjoint pairs commute, so k of them generate a
 * group G = {S_g : g ∈ {0,1}^k} of 2^k commuting involutions, and the sector splits into its joint
 * eigenspaces, one per sign pattern χ (χ(g) = ±1, the parity of the swaps in g that χ flips): the real
 * sector matrix M(θ) is block diagonal there, M = ⊕_χ M_χ. Hence
 *     ker M = ⊕_χ ker M_χ,
 * and the stationary state is unique exactly when M_+ (χ ≡ +1, with the trace border) has a one-dimensional
 * kernel AND every other M_χ is non-singular; all are checked at every θ (no verdict is carried over from
 * another point, since uniqueness can change with θ). The trace functional vanishes outside χ ≡ +1.
 *
 * Parametrisation: the orbits {τ_g(r)} of the real unknowns. In eigenspace χ, x_τ_g(rep) = χ(g)·s_g·y_o
 * with s_g the sign S_g carries from rep to τ_g(rep); an orbit on which two group elements reach the same
 * unknown with different values is forced to 0 in that eigenspace and dropped (each orbit of size |G|/|stab|
 * lives in exactly that many eigenspaces, so the sizes add up to the sector's). Because M maps each
 * eigenspace into itself, (M E y) is determined on an orbit by its representative's entry, so keeping only
 * the representative's equation (row rep) gives a square system with exactly the same solutions.
 * Tr ρ = Σ_o c_o y_o with c_o the number of populations in orbit o: the trace border's weights.
 * Representatives are the smallest index of each orbit, so the reduction is independent of point order.
 * With one swap this is the split into its symmetric and antisymmetric halves.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import type { LindbladModel } from '../model/model.ts';
import type { FactoredLiouvillian } from '../liouvillian/factored.ts';
import type { Sector } from './symmetry.ts';
import type { RealNumbering } from './sector-system.ts';

export interface Exchange {
  /** Names of the swapped subsystems. */
  readonly names: readonly [string, string];
  /** Basis permutation π (an involution). */
  readonly perm: Int32Array;
  /** Term image τ(t): P L_t(ρ) P† = L_τ(t)(PρP†); S commutes with L(θ) when θ_t = θ_τ(t) for all t. */
  readonly termImage: Int32Array;
}

/** True when θ pairs every term with its image under each swap (θ_t = θ_τ(t) exactly), so every S commutes with L(θ). */
export function exchangesHold(exs: readonly Exchange[], theta: ArrayLike<number>): boolean {
  for (const ex of exs) for (let t = 0; t < ex.termImage.length; t++) if (theta[t] !== theta[ex.termImage[t]]) return false;
  return true;
}

/** The basis permutation swapping the levels of subsystems a and b (row-major product basis). */
function swapPermutation(dims: readonly number[], a: number, b: number): Int32Array {
  const n = dims.reduce((x, y) => x * y, 1), perm = new Int32Array(n), lv = new Array<number>(dims.length);
  for (let i = 0; i < n; i++) {
    let r = i;
    for (let k = dims.length - 1; k >= 0; k--) { lv[k] = r % dims[k]; r = Math.floor(r / dims[k]); }
    const t = lv[a]; lv[a] = lv[b]; lv[b] = t;
    let j = 0;
    for (let k = 0; k < dims.length; k++) j = j * dims[k] + lv[k];
    perm[i] = j;
  }
  return perm;
}

/** True if (P a P†)_π(i)π(j) = a_ij equals b entry by entry (exact, same number of entries). */
function permutedEquals(a: CsrMatrix, b: CsrMatrix, perm: Int32Array): boolean {
  if (a.nnz !== b.nnz) return false;
  const n = a.rows, entries = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) entries.set(perm[i] * n + perm[a.colIdx[p]], p);
  }
  for (let i = 0; i < n; i++) {
    for (let p = b.rowPtr[i]; p < b.rowPtr[i + 1]; p++) {
      const q = entries.get(i * n + b.colIdx[p]);
      if (q === undefined || a.values[2 * q] !== b.values[2 * p] || a.values[2 * q + 1] !== b.values[2 * p + 1]) return false;
    }
  }
  return true;
}

/** At most this many swaps (2^k eigenspaces; the reduction's set-up grows as 2^k per unknown). */
const MAX_SWAPS = 4;

/**
 * Disjoint transpositions of subsystems with identical specs under which the family is symmetric at the
 * coefficients θ₀ (the template's), taken greedily in subsystem order (e1↔e2, then e3↔e4, …); empty when
 * there is none. Checks P H P† = H and the channel pairing exactly.
 */
export function findExchanges(model: LindbladModel, lv: FactoredLiouvillian, theta0: ArrayLike<number>): Exchange[] {
  const { specs, dims, names } = model.space, used = new Set<number>(), found: Exchange[] = [];
  for (let a = 0; a < specs.length && found.length < MAX_SWAPS; a++) {
    for (let b = a + 1; b < specs.length && !used.has(a); b++) {
      if (used.has(b) || dims[a] !== dims[b] || JSON.stringify(specs[a]) !== JSON.stringify(specs[b])) continue;
      const perm = swapPermutation(dims, a, b);
      const image = termImages(model, lv, theta0, perm);
      if (image) { found.push({ names: [names[a], names[b]], perm, termImage: image }); used.add(a); used.add(b); }
    }
  }
  return found;
}

function termImages(model: LindbladModel, lv: FactoredLiouvillian, theta0: ArrayLike<number>, perm: Int32Array): Int32Array | null {
  if (!permutedEquals(model.hamiltonian.matrix, model.hamiltonian.matrix, perm)) return null;
  const terms = lv.terms, image = new Int32Array(terms.length).fill(-1);
  for (let t = 0; t < terms.length; t++) {
    const term = terms[t];
    if (term.kind === 'hamiltonian') { image[t] = t; continue; }
    const bath = model.channels[term.channel].bath;
    for (let u = 0; u < terms.length && image[t] < 0; u++) {
      const v = terms[u];
      if (v.kind === 'channel' && model.channels[v.channel].bath === bath && theta0[u] === theta0[t] && permutedEquals(term.o, v.o, perm)) image[t] = u;
    }
    if (image[t] < 0) return null;
  }
  return image;
}

/** The joint eigenspaces of the swaps on a sector's real unknowns (see the module comment). */
export interface ExchangeReduction {
  /** Number of real sector unknowns m. */
  readonly size: number;
  /** The swaps used: those of the candidates that map the sector into itself. */
  readonly swaps: readonly Exchange[];
  /** The symmetric eigenspace (every swap +1), which holds the trace. */
  readonly plus: OrbitBasis;
  /** The other non-empty eigenspaces (with one swap: the antisymmetric one). */
  readonly others: readonly OrbitBasis[];
}

/**
 * x = E y: orbit o has the unknowns member[ptr[o] … ptr[o+1]), the first its representative rep[o]
 * (coefficient 1), x_member = coef·y_o.
 */
export interface OrbitBasis {
  readonly size: number;
  readonly rep: Int32Array;
  readonly ptr: Int32Array;
  readonly member: Int32Array;
  readonly coef: Float64Array;
  /** Reduced indices of the orbits holding populations, and c_o (populations in the orbit; 0 outside χ ≡ +1) for each. */
  readonly diagonal: Int32Array;
  readonly traceWeights: Float64Array;
}

/**
 * The orbit bases of a sector under those of the swaps `candidates` (disjoint, so commuting) that map it
 * into itself, or null when none does or nothing is gained (one eigenspace holds every unknown).
 */
export function exchangeReduction(candidates: readonly Exchange[], s: Sector, num: RealNumbering): ExchangeReduction | null {
  const m = num.size, tau: Int32Array[] = [], sigma: Int8Array[] = [], swaps: Exchange[] = [];
  const isDiag = new Uint8Array(m);
  for (const d of num.diagonal) isDiag[d] = 1;
  for (const ex of candidates) { // the swaps that map the sector into itself
    const t = new Int32Array(m), sg = new Int8Array(m);
    let inside = true;
    for (let r = 0; r < m; r++) {
      const i = ex.perm[num.rowOf[r]], j = ex.perm[num.colOf[r]], im = num.isImag[r];
      const u = i <= j ? s.index(i, j) : s.index(j, i);
      if (u < 0) { inside = false; break; }
      t[r] = num.realOf[u] + im;
      sg[r] = i > j && im ? -1 : 1;
    }
    if (inside) { tau.push(t); sigma.push(sg); swaps.push(ex); }
  }
  const k = swaps.length;
  if (k === 0) return null;
  const G = 1 << k, at = new Int32Array(G), sign = new Int8Array(G), seen = new Uint8Array(m);
  const bases = Array.from({ length: G }, () => ({ rep: [] as number[], ptr: [0], member: [] as number[], coef: [] as number[], diagonal: [] as number[], weights: [] as number[] }));
  const value = new Map<number, number>();
  for (let r = 0; r < m; r++) {
    if (seen[r]) continue;
    // τ_g(r) and s_g for every g (bit e: swap e applied), built from g without its highest bit
    at[0] = r; sign[0] = 1;
    for (let g = 1; g < G; g++) {
      const e = 31 - Math.clz32(g), h = g ^ (1 << e), q = at[h];
      at[g] = tau[e][q]; sign[g] = (sigma[e][q] * sign[h]) as 1 | -1;
    }
    for (let g = 0; g < G; g++) seen[at[g]] = 1;
    for (let chi = 0; chi < G; chi++) {
      value.clear();
      let consistent = true;
      const order: number[] = [];
      for (let g = 0; g < G && consistent; g++) {
        const v = (popcount(chi & g) & 1 ? -1 : 1) * sign[g], prev = value.get(at[g]);
        if (prev === undefined) { value.set(at[g], v); order.push(at[g]); } else if (prev !== v) consistent = false;
      }
      if (!consistent) continue; // forced to zero in this eigenspace
      const b = bases[chi];
      let pops = 0;
      for (const q of order) { b.member.push(q); b.coef.push(value.get(q)!); if (isDiag[q]) pops++; }
      if (isDiag[r]) { b.diagonal.push(b.rep.length); b.weights.push(chi === 0 ? pops : 0); }
      b.rep.push(r);
      b.ptr.push(b.member.length);
    }
  }
  const made = bases.map((b): OrbitBasis => ({
    size: b.rep.length, rep: Int32Array.from(b.rep), ptr: Int32Array.from(b.ptr), member: Int32Array.from(b.member), coef: Float64Array.from(b.coef),
    diagonal: Int32Array.from(b.diagonal), traceWeights: Float64Array.from(b.weights),
  }));
  const plus = made[0], others = made.slice(1).filter((b) => b.size > 0);
  return plus.size + others.reduce((a, b) => a + b.size, 0) === m && plus.size < m ? { size: m, swaps, plus, others } : null;
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

/** The reduced matrix (rows at representatives, columns folded by orbit with their coefficients) of a real sector term. */
export function reducedTerm(term: CsrMatrix, b: OrbitBasis, size: number): CsrMatrix {
  const orbit = new Int32Array(size).fill(-1), coef = new Float64Array(size);
  for (let o = 0; o < b.size; o++) {
    for (let p = b.ptr[o]; p < b.ptr[o + 1]; p++) { orbit[b.member[p]] = o; coef[b.member[p]] = b.coef[p]; }
  }
  const ri: number[] = [], ci: number[] = [], val: number[] = [];
  for (let o = 0; o < b.size; o++) {
    const r = b.rep[o];
    for (let p = term.rowPtr[r]; p < term.rowPtr[r + 1]; p++) {
      const c = term.colIdx[p];
      if (orbit[c] < 0) continue; // unknown forced to zero in this eigenspace
      ri.push(o); ci.push(orbit[c]); val.push(coef[c] * term.values[2 * p]);
    }
  }
  return CsrMatrix.fromTriplets(b.size, b.size, ri, ci, val, new Float64Array(val.length));
}

/** The sector's real unknowns x = E y from the reduced ones (written into `out` when given). */
export function expandOrbits(b: OrbitBasis, y: Float64Array, size: number, out?: Float64Array): Float64Array {
  const x = out ? out.fill(0) : new Float64Array(size);
  for (let o = 0; o < b.size; o++) for (let p = b.ptr[o]; p < b.ptr[o + 1]; p++) x[b.member[p]] = b.coef[p] * y[o];
  return x;
}
