/**
 * Exchange symmetry of two identical subsystems, used to halve a sector solve.
 *
 * Let π swap the levels of subsystems a and b (same spec) in the product basis and P|i⟩ = |π(i)⟩. If
 * P H P† = H and P maps every channel term o_t onto a channel term o_τ(t) (P o_t P† = o_τ(t) entry by entry)
 * of the same bath with θ_t = θ_τ(t), then the superoperator S(ρ) = PρP† commutes with L(θ):
 *     L(PρP†) = P L(ρ) P†.
 * On the real unknowns of a sector (sector-system.ts) S is a signed permutation, x_r ↦ σ_r x_τ(r):
 * ρ_ij ↦ ρ_π(i)π(j), and when π(i) > π(j) the stored unknown is ρ_π(j)π(i) = conj ρ_π(i)π(j), so an
 * imaginary part changes sign (σ = −1). S² = 1, so the sector splits into the eigenspaces S = ±1, and the
 * real sector matrix M(θ) is block diagonal there: M = M₊ ⊕ M₋. Hence
 *     ker M = ker M₊ ⊕ ker M₋,
 * and the stationary state is unique exactly when M₊ (with the trace border) has a one-dimensional kernel
 * AND M₋ is non-singular; both are checked at every θ (no verdict is carried over from another point,
 * since uniqueness can change with θ). The trace functional vanishes on the S = −1 part.
 *
 * Parametrisation: the orbits {r, τ(r)} of the real unknowns. For S = +1, x_rep = y_o, x_τ(rep) = σ y_o
 * (a fixed point with σ = −1 is forced to 0 and dropped); for S = −1, x_τ(rep) = −σ y_o (fixed points with
 * σ = +1 dropped). Because M maps each eigenspace into itself, (M E y)_r = σ_r (M E y)_rep on an orbit, so
 * keeping only the representative's equation (row rep) is equivalent to summing the orbit's rows with
 * signs σ (which would just double them) and the reduced square system has exactly the same solutions.
 * Tr ρ = Σ_o c_o y_o with c_o the number of populations in orbit o (1 or 2): the trace border's weights.
 * Representatives are the smallest index of each orbit, so the reduction is independent of point order.
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

/** True when θ pairs every term with its image (θ_t = θ_τ(t) exactly), so S commutes with L(θ). */
export function exchangeHolds(ex: Exchange, theta: ArrayLike<number>): boolean {
  for (let t = 0; t < ex.termImage.length; t++) if (theta[t] !== theta[ex.termImage[t]]) return false;
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

/**
 * The first transposition of two subsystems with identical specs under which the family is symmetric at
 * the coefficients θ₀ (the template's), or null. Checks P H P† = H and the channel pairing exactly.
 */
export function findExchange(model: LindbladModel, lv: FactoredLiouvillian, theta0: ArrayLike<number>): Exchange | null {
  const { specs, dims, names } = model.space;
  for (let a = 0; a < specs.length; a++) {
    for (let b = a + 1; b < specs.length; b++) {
      if (dims[a] !== dims[b] || JSON.stringify(specs[a]) !== JSON.stringify(specs[b])) continue;
      const perm = swapPermutation(dims, a, b);
      const image = termImages(model, lv, theta0, perm);
      if (image) return { names: [names[a], names[b]], perm, termImage: image };
    }
  }
  return null;
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

/** The ±1 eigenspace parametrisations of a sector's real unknowns (see the module comment). */
export interface ExchangeReduction {
  /** Number of real sector unknowns m. */
  readonly size: number;
  readonly plus: OrbitBasis;
  readonly minus: OrbitBasis;
}

/** x = E y: x_rep(o) = y_o, x_partner(o) = sign_o·y_o (partner −1 for a fixed point). */
export interface OrbitBasis {
  readonly size: number;
  readonly rep: Int32Array;
  readonly partner: Int32Array;
  readonly sign: Float64Array;
  /** Reduced indices of the orbits holding populations, and c_o (1 or 2) for each. */
  readonly diagonal: Int32Array;
  readonly traceWeights: Float64Array;
}

/** The orbit bases of a sector under the exchange, or null when π maps the sector outside itself. */
export function exchangeReduction(ex: Exchange, s: Sector, num: RealNumbering): ExchangeReduction | null {
  const m = num.size, tau = new Int32Array(m), sigma = new Float64Array(m);
  const isDiag = new Uint8Array(m);
  for (const d of num.diagonal) isDiag[d] = 1;
  for (let r = 0; r < m; r++) {
    const i = ex.perm[num.rowOf[r]], j = ex.perm[num.colOf[r]], im = num.isImag[r];
    const u = i <= j ? s.index(i, j) : s.index(j, i);
    if (u < 0) return null;
    tau[r] = num.realOf[u] + im;
    sigma[r] = i > j && im ? -1 : 1;
  }
  const basis = (parity: 1 | -1): OrbitBasis => {
    const rep: number[] = [], partner: number[] = [], sign: number[] = [], diagonal: number[] = [], weights: number[] = [];
    for (let r = 0; r < m; r++) {
      const q = tau[r];
      if (q < r) continue;
      if (q === r) {
        if (sigma[r] !== parity) continue; // forced to zero in this eigenspace
        partner.push(-1);
      } else partner.push(q);
      if (isDiag[r]) { diagonal.push(rep.length); weights.push(parity === 1 ? (q === r ? 1 : 2) : 0); }
      rep.push(r);
      sign.push(parity * sigma[r]);
    }
    return { size: rep.length, rep: Int32Array.from(rep), partner: Int32Array.from(partner), sign: Float64Array.from(sign), diagonal: Int32Array.from(diagonal), traceWeights: Float64Array.from(weights) };
  };
  const plus = basis(1), minus = basis(-1);
  return plus.size + minus.size === m && plus.size < m ? { size: m, plus, minus } : null;
}

/** The reduced matrix (rows at representatives, columns folded by orbit with their signs) of a real sector term. */
export function reducedTerm(term: CsrMatrix, b: OrbitBasis, size: number): CsrMatrix {
  const orbit = new Int32Array(size).fill(-1), sign = new Float64Array(size);
  for (let o = 0; o < b.size; o++) {
    orbit[b.rep[o]] = o; sign[b.rep[o]] = 1;
    if (b.partner[o] >= 0) { orbit[b.partner[o]] = o; sign[b.partner[o]] = b.sign[o]; }
  }
  const ri: number[] = [], ci: number[] = [], val: number[] = [];
  for (let o = 0; o < b.size; o++) {
    const r = b.rep[o];
    for (let p = term.rowPtr[r]; p < term.rowPtr[r + 1]; p++) {
      const c = term.colIdx[p];
      if (orbit[c] < 0) continue; // unknown forced to zero in this eigenspace
      ri.push(o); ci.push(orbit[c]); val.push(sign[c] * term.values[2 * p]);
    }
  }
  return CsrMatrix.fromTriplets(b.size, b.size, ri, ci, val, new Float64Array(val.length));
}

/** The sector's real unknowns x = E y from the reduced ones (written into `out` when given). */
export function expandOrbits(b: OrbitBasis, y: Float64Array, size: number, out?: Float64Array): Float64Array {
  const x = out ? out.fill(0) : new Float64Array(size);
  for (let o = 0; o < b.size; o++) {
    x[b.rep[o]] = y[o];
    if (b.partner[o] >= 0) x[b.partner[o]] = b.sign[o] * y[o];
  }
  return x;
}
