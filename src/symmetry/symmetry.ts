/**
 * Symmetry sectors of a Liouvillian: the connected components of its coupling graph on the n² unknowns
 * vec(ρ)[i + n·j] = ρ_ij, with an edge wherever L has a (structurally) non-zero entry. L is block diagonal
 * over the components, so L vec ρ = 0 splits into independent problems, and the steady state lives in the
 * component(s) that hold the diagonal entries ρ_kk (the trace functional vanishes on all others).
 *
 * The components are found without forming L. With A = −iH − ½Σγ o†o (the pattern union of H and every
 * o†o), the entries of I⊗A and conj(A)⊗I join (i,j) to (k,j) and to (i,l) for A_ik, A_jl ≠ 0, so they alone
 * give the product components C_a × C_b of A's graph components ("classes"). A jump o then joins class
 * (C(i), C(j)) to (C(k), C(l)) whenever o_ik ≠ 0 and o_jl ≠ 0, which only needs the pairs of components o
 * links. A union–find over the m² classes (m = number of components of A's graph) finishes the job in
 * O(nnz + m² + Σ_o |links of o|²). Entries that cancel exactly still count as edges, so sectors can only
 * come out coarser than the numerical pattern, never wrong. For the cavity model at cutoff N the classes
 * are pairs of excitation numbers and the diagonal sector has 16N + 4 unknowns (68 of 400 at N = 4).
 *
 * If the diagonal entries fall into two or more components, each carries its own stationary state (its
 * trace functional is a non-zero left null vector of its block), so the steady state is not unique.
 */
import { unionFind } from '../linalg/graph.ts';
import type { FactoredLiouvillian } from '../liouvillian/factored.ts';

export interface SectorAnalysis {
  readonly n: number;
  /** Number m of components of A's graph, the component of each basis state and its position in it. */
  readonly classes: number;
  readonly stateComponent: Int32Array;
  readonly statePosition: Int32Array;
  readonly componentStates: readonly Int32Array[];
  /** Root (component label) of each class a·m + b. */
  readonly classRoot: Int32Array;
  /** The distinct roots that hold diagonal entries ρ_kk, in order of first appearance. */
  readonly diagonalRoots: readonly number[];
  /** Number of components of the coupling graph on the n² unknowns. */
  readonly componentCount: number;
  /** Per channel term: the distinct component pairs (C(i), C(k)) with o_ik ≠ 0, as a·m + b. */
  readonly links: readonly Int32Array[];
}

/** Components of the coupling graph of Σ_t L_t over all terms (coefficients do not matter). */
export function analyseSectors(lv: FactoredLiouvillian): SectorAnalysis {
  const n = lv.n;
  const states = unionFind(n);
  for (const term of lv.terms) {
    const a = term.kind === 'hamiltonian' ? term.h : term.k;
    for (let i = 0; i < n; i++) for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) states.union(i, a.colIdx[p]);
  }
  const stateComponent = new Int32Array(n), statePosition = new Int32Array(n), label = new Int32Array(n).fill(-1);
  const members: number[][] = [];
  for (let i = 0; i < n; i++) {
    const r = states.find(i);
    if (label[r] < 0) { label[r] = members.length; members.push([]); }
    stateComponent[i] = label[r];
    statePosition[i] = members[label[r]].length;
    members[label[r]].push(i);
  }
  const m = members.length;
  const cls = unionFind(m * m);
  const links: Int32Array[] = [];
  for (const term of lv.terms) {
    if (term.kind !== 'channel') continue;
    const o = term.o, seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      for (let p = o.rowPtr[i]; p < o.rowPtr[i + 1]; p++) seen.add(stateComponent[i] * m + stateComponent[o.colIdx[p]]);
    }
    const pairs = Int32Array.from(seen);
    links.push(pairs);
    for (const x of pairs) {
      const a = Math.floor(x / m), b = x % m;
      for (const y of pairs) cls.union(a * m + Math.floor(y / m), b * m + (y % m));
    }
  }
  const classRoot = new Int32Array(m * m);
  const roots = new Set<number>();
  for (let c = 0; c < m * m; c++) { classRoot[c] = cls.find(c); roots.add(classRoot[c]); }
  const diagonalRoots: number[] = [];
  for (let a = 0; a < m; a++) {
    const r = classRoot[a * m + a];
    if (!diagonalRoots.includes(r)) diagonalRoots.push(r);
  }
  return {
    n, classes: m, stateComponent, statePosition, componentStates: members.map((s) => Int32Array.from(s)),
    classRoot, diagonalRoots, componentCount: roots.size, links,
  };
}

/**
 * How a sector built elsewhere (e.g. charge-sectors.ts, from a U(1) charge) lays out its unknowns: ρ_ij at
 * local index u has rowOf[u] = i, colOf[u] = j, and index(i, j) inverts that (−1 outside the sector).
 */
export interface SectorLayout {
  readonly n: number;
  readonly rowOf: Int32Array;
  readonly colOf: Int32Array;
  index(i: number, j: number): number;
}

/**
 * One component (or a union of components) of the coupling graph: its unknowns (i, j), numbered
 * class by class, and the inverse map (i, j) ↦ local index in O(1). Built from a full analysis and the
 * roots to keep, or from a layout computed elsewhere (charge-sectors.ts).
 */
export class Sector {
  readonly n: number;
  /** Row and column index of each unknown ρ_ij of the sector. */
  readonly rowOf: Int32Array;
  readonly colOf: Int32Array;
  private readonly locate: (i: number, j: number) => number;

  constructor(source: SectorAnalysis | SectorLayout, roots: ReadonlyArray<number> = []) {
    if ('index' in source) {
      this.n = source.n;
      this.rowOf = source.rowOf;
      this.colOf = source.colOf;
      this.locate = (i, j) => source.index(i, j);
      return;
    }
    const analysis = source;
    const { n, classes: m, classRoot, componentStates, stateComponent, statePosition } = analysis;
    this.n = n;
    const classOffset = new Int32Array(m * m).fill(-1);
    const keep = new Set(roots);
    let size = 0;
    for (let c = 0; c < m * m; c++) {
      if (!keep.has(classRoot[c])) continue;
      classOffset[c] = size;
      size += componentStates[Math.floor(c / m)].length * componentStates[c % m].length;
    }
    this.rowOf = new Int32Array(size);
    this.colOf = new Int32Array(size);
    for (let c = 0; c < m * m; c++) {
      const off = classOffset[c];
      if (off < 0) continue;
      const as = componentStates[Math.floor(c / m)], bs = componentStates[c % m];
      for (let x = 0; x < as.length; x++) {
        for (let y = 0; y < bs.length; y++) {
          this.rowOf[off + x * bs.length + y] = as[x];
          this.colOf[off + x * bs.length + y] = bs[y];
        }
      }
    }
    this.locate = (i, j) => {
      const c = stateComponent[i] * m + stateComponent[j], off = classOffset[c];
      if (off < 0) return -1;
      return off + statePosition[i] * componentStates[stateComponent[j]].length + statePosition[j];
    };
  }

  /** Number of unknowns. */
  get size(): number {
    return this.rowOf.length;
  }

  /** Local index of ρ_ij, or −1 if (i, j) is outside the sector. */
  index(i: number, j: number): number {
    return this.locate(i, j);
  }

  /** Local indices of the diagonal unknowns ρ_kk in the sector. */
  diagonalIndices(): Int32Array {
    const out: number[] = [];
    for (let u = 0; u < this.size; u++) if (this.rowOf[u] === this.colOf[u]) out.push(u);
    return Int32Array.from(out);
  }

  /** Human-readable summary, e.g. "diagonal block: 68 of 400 unknowns". */
  describe(what = 'diagonal block'): string {
    return `${what}: ${this.size} of ${this.n * this.n} unknowns`;
  }
}

/** The sector holding all diagonal entries when they share one component; null when they do not. */
export function diagonalSector(analysis: SectorAnalysis): Sector | null {
  return analysis.diagonalRoots.length === 1 ? new Sector(analysis, analysis.diagonalRoots) : null;
}

/** Every unknown of ρ (all components): the unreduced system, as a sector. */
export function fullSector(analysis: SectorAnalysis): Sector {
  return new Sector(analysis, Array.from(new Set(analysis.classRoot)));
}

/** Every component that holds no diagonal entry, one Sector each, skipping one of each conjugate pair (j,i)↔(i,j). */
export function offDiagonalSectors(analysis: SectorAnalysis): Sector[] {
  const { classes: m, classRoot, diagonalRoots } = analysis;
  const done = new Set<number>(diagonalRoots);
  const out: Sector[] = [];
  for (let c = 0; c < m * m; c++) {
    const r = classRoot[c];
    if (done.has(r)) continue;
    done.add(r);
    done.add(classRoot[(c % m) * m + Math.floor(c / m)]); // the conjugate component has the same spectrum, conjugated
    out.push(new Sector(analysis, [r]));
  }
  return out;
}
