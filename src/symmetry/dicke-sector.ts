/**
 * The zero-charge sector of the emitters-in-cavity model's reduced state (model/dicke-basis.ts): the
 * entries ρ̄_j(i, k) with i, k in the same block j and equal excitation numbers e = m + N/2 + n. Every term
 * of the reduced Liouvillian (liouvillian/dicke-cavity.ts) shifts e of both sides alike (H: by 0; σ⁻_i, J⁻,
 * a: by −1; σ⁺_i, J⁺, a†: by +1; σᶻ_i: by 0), so e − e′ is conserved and the sector is invariant; it holds
 * every population, so the steady state lives in it. A sector unknown is (group, row, column) with a group
 * = (block, e) of s states: s² unknowns per group, ≈ (N/2)²(cutoff+1)² in all.
 *
 * Also: the real system per term on the sector (symmetry/sector-system.ts) and the reduced state type.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { check, checkInstance, describe } from '../errors.ts';
import { emittersSolveBytes, zeroChargeSize, type DickeBasis } from '../model/dicke-basis.ts';
import { checkMemory } from '../io/memory-budget.ts';
import { DickeCavityLiouvillian } from '../liouvillian/dicke-cavity.ts';
import { complexTermMatrix, realNumbering, realTermMatrix, type RealNumbering } from './sector-system.ts';

/** The zero-charge sector: unknown u ↔ (rowOf[u], colOf[u]), index(i, k) = u or −1. */
export class DickeSector {
  readonly basis: DickeBasis;
  readonly size: number;
  readonly rowOf: Int32Array;
  readonly colOf: Int32Array;
  /** Per state: its group and position in it; per group: first unknown, number of states s, first state. */
  private readonly groupOf: Int32Array;
  private readonly posOf: Int32Array;
  readonly groupOffset: Int32Array;
  readonly groupSize: Int32Array;
  readonly groupStates: readonly Int32Array[];

  constructor(basis: DickeBasis) {
    // before any allocation: a sector the machine cannot hold is refused, not an out-of-memory crash
    const n = basis.emitters, c = basis.cutoff;
    checkMemory(emittersSolveBytes(n, c), `a steady state of ${n} emitters at cutoff ${c} (${zeroChargeSize(n, c)} sector unknowns)`, 'cutoff');
    this.basis = basis;
    const dim = basis.dim;
    this.groupOf = new Int32Array(dim);
    this.posOf = new Int32Array(dim);
    const states: Int32Array[] = [];
    for (let b = 0; b < basis.blocks; b++) {
      const byE = new Map<number, number[]>();
      for (let g = basis.offset[b]; g < basis.offset[b + 1]; g++) {
        const e = basis.excitation(g);
        let list = byE.get(e);
        if (!list) byE.set(e, (list = []));
        list.push(g);
      }
      for (const e of [...byE.keys()].sort((x, y) => x - y)) states.push(Int32Array.from(byE.get(e)!));
    }
    this.groupStates = states;
    this.groupOffset = new Int32Array(states.length + 1);
    this.groupSize = Int32Array.from(states, (s) => s.length);
    states.forEach((s, gi) => {
      this.groupOffset[gi + 1] = this.groupOffset[gi] + s.length * s.length;
      s.forEach((g, p) => { this.groupOf[g] = gi; this.posOf[g] = p; });
    });
    this.size = this.groupOffset[states.length];
    this.rowOf = new Int32Array(this.size);
    this.colOf = new Int32Array(this.size);
    states.forEach((s, gi) => {
      let u = this.groupOffset[gi];
      for (const i of s) for (const k of s) { this.rowOf[u] = i; this.colOf[u] = k; u++; }
    });
  }

  /** The unknown of ρ̄(i, k), or −1 outside the sector. */
  index(i: number, k: number): number {
    const gi = this.groupOf[i];
    if (gi !== this.groupOf[k]) return -1;
    return this.groupOffset[gi] + this.posOf[i] * this.groupSize[gi] + this.posOf[k];
  }

  /** Unknowns of the populations ρ̄(i, i), in the order of the states. */
  populations(): Int32Array {
    return Int32Array.from({ length: this.basis.dim }, (_, g) => this.index(g, g));
  }
}

/** The sector's system, per term of the reduced Liouvillian (unit coefficients). */
export interface DickeSystem {
  readonly sector: DickeSector;
  readonly liouvillian: DickeCavityLiouvillian;
  /** Real parametrisation (populations, Re and Im of coherences i < k) and its term matrices. */
  readonly numbering: RealNumbering;
  readonly realTerms: readonly CsrMatrix[];
}

/**
 * Builds the zero-charge sector and its real term matrices for `basis`; terms t with keep[t] false (e.g. a
 * zero rate in a one-off solve) get an empty matrix.
 */
export function dickeSystem(basis: DickeBasis, keep?: ArrayLike<boolean>): DickeSystem {
  const sector = new DickeSector(basis), liouvillian = new DickeCavityLiouvillian(basis);
  const numbering = realNumbering(sector);
  const realTerms = Array.from({ length: liouvillian.terms }, (_, t) => (!keep || keep[t]
    ? realTermMatrix(liouvillian, t, sector, numbering) : CsrMatrix.zeros(numbering.size)));
  return { sector, liouvillian, numbering, realTerms };
}

/** Complex term matrices on the sector's complex unknowns (evolution, spectrum). */
export function dickeComplexTerms(sys: Pick<DickeSystem, 'sector' | 'liouvillian'>): CsrMatrix[] {
  return Array.from({ length: sys.liouvillian.terms }, (_, t) => complexTermMatrix(sys.liouvillian, t, sys.sector));
}

/**
 * A permutation-invariant state of N emitters and the cavity in the zero-charge sector: the entries of
 * ρ̄_j = d_j ρ_j (Tr ρ = Σ_j Tr ρ̄_j), complex interleaved, one per sector unknown.
 */
export class DickeCavityState {
  readonly sector: DickeSector;
  readonly values: Float64Array;

  constructor(sector: DickeSector, values: Float64Array) {
    checkInstance(sector, DickeSector, 'sector', 'the DickeSector of the model (state.sector)');
    // a short values array read undefined entries: every moment NaN
    check(values instanceof Float64Array && values.length === 2 * sector.size, 'values', `expected a Float64Array of ${2 * sector.size} entries (interleaved complex, one per sector unknown), got ${describe(values)}`);
    this.sector = sector;
    this.values = values;
  }

  get basis(): DickeBasis {
    return this.sector.basis;
  }

  /** ρ̄(i, k) as [re, im] ([0, 0] outside the sector). */
  entry(i: number, k: number): [number, number] {
    const u = this.sector.index(i, k);
    return u < 0 ? [0, 0] : [this.values[2 * u], this.values[2 * u + 1]];
  }

  /** ρ̄(g, g): the probability of |j, m⟩|n⟩ summed over the d_j copies of block j. */
  population(g: number): number {
    return this.values[2 * this.sector.index(g, g)];
  }

  /** Population of the top Fock level |cutoff⟩ (0 without a cavity, cutoff 0): the truncation indicator. */
  topFockPopulation(): number {
    const B = this.basis;
    return B.cutoff > 0 ? this.diagonalExpectation((g) => (B.photonsOf[g] === B.cutoff ? 1 : 0)) : 0;
  }

  /** Σ_g f(g)·ρ̄(g, g): the expectation value of an operator diagonal in the reduced basis. */
  diagonalExpectation(f: (g: number) => number): number {
    let s = 0;
    for (let g = 0; g < this.basis.dim; g++) s += f(g) * this.population(g);
    return s;
  }
}

/** Throws 'invalid-input' on `field` unless `x` is the reduced state of an emitters-in-cavity model. */
export function checkDickeState(x: unknown, field = 'state'): asserts x is DickeCavityState {
  checkInstance(x, DickeCavityState, field, 'the reduced state of the emitters-in-cavity model (DickeCavityState)');
  // NaN entries gave NaN moments (and "the cavity is empty" for g²), a state of trace 2 doubled moments silently
  const v = (x as DickeCavityState).values;
  for (let q = 0; q < v.length; q++) if (!Number.isFinite(v[q])) check(false, field, `has a NaN or infinite entry (value ${q})`);
  const trace = (x as DickeCavityState).diagonalExpectation(() => 1);
  check(Math.abs(trace - 1) <= STATE_TRACE_TOLERANCE, field, `expected a state of trace 1, got ${trace}`);
}

/** |Tr ρ − 1| allowed in a state handed to the measures (evolve's own start check is 1e-9; outputs drift by the integrator's tolerance). */
export const STATE_TRACE_TOLERANCE = 1e-6;
