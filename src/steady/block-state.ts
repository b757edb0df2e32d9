/**
 * A steady state that is block diagonal: ρ = ⊕_b ρ_b over blocks of basis states, zero between blocks.
 * A sector solution has this form: its unknowns ρ_ij join states i and j, and the blocks are the connected
 * components of those joins (for the cavity model: the states of one excitation number, four per block),
 * so ρ takes Σ_b k_b² numbers instead of n². Every read-only use of ρ — entries, populations, partial
 * traces, expectation values Tr(ρ O), the smallest eigenvalue (the smallest over the blocks) — works on
 * the blocks; `toDense()` builds the n×n matrix (what SteadyStateResult.rho returns, on first read).
 * ρ is Hermitian by construction; units: dimensionless.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError } from '../errors.ts';
import type { CsrMatrix } from '../linalg/sparse.ts';
import { minEigenvalueBlockwise } from '../linalg/blocks.ts';
import { unionFind } from '../linalg/graph.ts';
import type { RealNumbering } from '../symmetry/sector-system.ts';

/** One diagonal block: its basis states (ascending) and its entries, k×k row-major, complex interleaved. */
export interface HermitianBlock {
  readonly states: Int32Array;
  readonly data: Float64Array;
}

/**
 * Where the real unknowns of a sector go in the blocks (computed once per sector): the blocks are the
 * components of the states joined by the sector's coherences.
 */
export class BlockLayout {
  readonly n: number;
  /** Block and position of each state. */
  readonly blockOf: Int32Array;
  readonly positionOf: Int32Array;
  /** The states of block b, ascending, are states[start[b] … start[b+1]). */
  private readonly states: Int32Array;
  private readonly start: Int32Array;
  /** Start of each block's entries in one flat interleaved array (2·Σ k_b² doubles). */
  readonly offset: Float64Array;
  /** Per real unknown r: the flat index of its entry (i, j), i ≤ j, in the block data (−1 for none). */
  private readonly slot: Int32Array;
  private readonly num: RealNumbering;
  private lists: readonly Int32Array[] | null = null;

  /** Typed arrays only (one union–find pass over the coherences, one counting pass): O(n + size). */
  constructor(n: number, num: RealNumbering) {
    this.n = n;
    this.num = num;
    const { find, union } = unionFind(n), { rowOf, colOf, isImag } = num;
    for (let r = 0; r < num.size; r++) if (!isImag[r] && rowOf[r] !== colOf[r]) union(rowOf[r], colOf[r]);
    // Blocks numbered by their smallest state; positions ascending within a block.
    const label = new Int32Array(n).fill(-1), blockOf = new Int32Array(n), positionOf = new Int32Array(n), count = new Int32Array(n + 1);
    let blocks = 0;
    for (let i = 0; i < n; i++) {
      const r = find(i);
      if (label[r] < 0) label[r] = blocks++;
      const b = label[r];
      blockOf[i] = b;
      positionOf[i] = count[b + 1]++;
    }
    const start = new Int32Array(blocks + 1), offset = new Float64Array(blocks + 1);
    for (let b = 0; b < blocks; b++) {
      const k = count[b + 1];
      start[b + 1] = start[b] + k;
      offset[b + 1] = offset[b] + 2 * k * k;
    }
    const states = new Int32Array(n);
    for (let i = 0; i < n; i++) states[start[blockOf[i]] + positionOf[i]] = i;
    this.blockOf = blockOf;
    this.positionOf = positionOf;
    this.states = states;
    this.start = start;
    this.offset = offset;
    const slot = new Int32Array(num.size).fill(-1);
    for (let r = 0; r < num.size; r++) if (!isImag[r]) slot[r] = this.flat(rowOf[r], colOf[r]);
    this.slot = slot;
  }

  /** Number of blocks. */
  get blockCount(): number {
    return this.start.length - 1;
  }

  /** The states of each block, ascending (views of one array; built on first use). */
  get blockStates(): readonly Int32Array[] {
    if (!this.lists) {
      const out: Int32Array[] = [];
      for (let b = 0; b < this.blockCount; b++) out.push(this.states.subarray(this.start[b], this.start[b + 1]));
      this.lists = out;
    }
    return this.lists;
  }

  /** Number of states in block b. */
  blockSize(b: number): number {
    return this.start[b + 1] - this.start[b];
  }

  /** Flat index of entry (i, j) when i and j share a block, else −1. */
  flat(i: number, j: number): number {
    const b = this.blockOf[i];
    if (b !== this.blockOf[j]) return -1;
    const k = this.start[b + 1] - this.start[b];
    return this.offset[b] + 2 * (this.positionOf[i] * k + this.positionOf[j]);
  }

  /** The state ρ = f·x (x the real unknowns, f = 1/Tr x): exactly Hermitian. */
  state(x: ArrayLike<number>, f: number): BlockDiagonalState {
    const data = new Float64Array(this.offset[this.offset.length - 1]), num = this.num;
    for (let r = 0; r < num.size; r++) {
      const p = this.slot[r];
      if (p < 0) continue;
      const i = num.rowOf[r], j = num.colOf[r];
      if (i === j) { data[p] = f * x[r]; continue; }
      const re = f * x[r], im = f * x[r + 1], q = this.flat(j, i);
      data[p] = re; data[p + 1] = im;
      data[q] = re; data[q + 1] = -im;
    }
    return new BlockDiagonalState(this, data);
  }
}

/** Layouts by numbering: a sweep's points share their sector's numbering, so its layout is built once. */
const layouts = new WeakMap<RealNumbering, BlockLayout>();

/** The BlockLayout of numbering `num` over n states, built on first use and then shared (it is immutable). */
export function blockLayoutOf(n: number, num: RealNumbering): BlockLayout {
  let layout = layouts.get(num);
  if (layout === undefined || layout.n !== n) layouts.set(num, (layout = new BlockLayout(n, num)));
  return layout;
}

/** ρ block diagonal over a BlockLayout (module comment). Reads like a DenseMatrix (rows, re, im, trace). */
export class BlockDiagonalState {
  readonly rows: number;
  readonly cols: number;
  private readonly layout: BlockLayout;
  private readonly data: Float64Array;

  /** Made by BlockLayout.state (a steady-state solve); checked, since the class is public. */
  constructor(layout: BlockLayout, data: Float64Array) {
    if (!(layout instanceof BlockLayout) || !(data instanceof Float64Array) || data.length !== layout.offset[layout.offset.length - 1]) {
      throw new LindbladError('invalid-input', 'expected a BlockLayout and its block entries (a BlockDiagonalState comes from steadyState, not from user code)', 'state');
    }
    this.layout = layout;
    this.data = data;
    this.rows = this.cols = layout.n;
  }

  /** The blocks, each with its states and entries (views of the state's storage: do not modify). */
  get blocks(): HermitianBlock[] {
    const l = this.layout;
    return l.blockStates.map((states, b) => ({ states, data: this.data.subarray(l.offset[b], l.offset[b + 1]) }));
  }

  /** Index of Re ⟨i|ρ|j⟩ in `entries` (Im at the next one), −1 between blocks (ρ_ij = 0). */
  slot(i: number, j: number): number {
    return this.layout.flat(i, j);
  }

  /** The blocks' entries, interleaved complex, addressed by slot() (a view: do not modify). */
  get entries(): Float64Array {
    return this.data;
  }

  /** Re ⟨i|ρ|j⟩ (0 between blocks). */
  re(i: number, j: number): number {
    const p = this.layout.flat(i, j);
    return p < 0 ? 0 : this.data[p];
  }

  /** Im ⟨i|ρ|j⟩ (0 between blocks). */
  im(i: number, j: number): number {
    const p = this.layout.flat(i, j);
    return p < 0 ? 0 : this.data[p + 1];
  }

  /** The populations ⟨i|ρ|i⟩. */
  populations(): Float64Array {
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = this.data[this.layout.flat(i, i)];
    return out;
  }

  /** Tr ρ as [re, im]. */
  trace(): [number, number] {
    let re = 0, im = 0;
    for (let i = 0; i < this.rows; i++) { const p = this.layout.flat(i, i); re += this.data[p]; im += this.data[p + 1]; }
    return [re, im];
  }

  /** ‖ρ‖_F = ‖vec ρ‖₂. */
  normFrobenius(): number {
    let s = 0;
    for (let p = 0; p < this.data.length; p++) s += this.data[p] * this.data[p];
    return Math.sqrt(s);
  }

  /** Tr(ρ O) = Σ_ij ρ_ij O_ji for a sparse n×n operator O, as [re, im]: O(nnz of O). */
  expectation(o: CsrMatrix): [number, number] {
    let re = 0, im = 0;
    const { rowPtr, colIdx, values } = o;
    for (let j = 0; j < o.rows; j++) {
      for (let p = rowPtr[j]; p < rowPtr[j + 1]; p++) {
        const q = this.layout.flat(colIdx[p], j); // ρ_ij with i = colIdx[p]
        if (q < 0) continue;
        const a = this.data[q], b = this.data[q + 1], c = values[2 * p], d = values[2 * p + 1];
        re += a * c - b * d;
        im += a * d + b * c;
      }
    }
    return [re, im];
  }

  /** Smallest eigenvalue of ρ: the smallest over its blocks (each by minEigenvalueBlockwise, linalg/blocks.ts). */
  minEigenvalue(): number {
    let best = Infinity;
    const l = this.layout;
    for (let b = 0; b < l.blockCount; b++) {
      const k = l.blockSize(b), o = l.offset[b];
      const low = k === 1 ? this.data[o] : minEigenvalueBlockwise(blockCopy(this.data, o, k));
      if (low < best) best = low;
    }
    return best;
  }

  /** The n×n matrix ρ. */
  toDense(): DenseMatrix {
    const n = this.rows, out = new DenseMatrix(n, n), d = out.data, l = this.layout;
    const lists = l.blockStates;
    for (let b = 0; b < lists.length; b++) {
      const s = lists[b], k = s.length, o = l.offset[b];
      for (let x = 0; x < k; x++) for (let y = 0; y < k; y++) {
        const p = 2 * (s[x] * n + s[y]), q = o + 2 * (x * k + y);
        d[p] = this.data[q];
        d[p + 1] = this.data[q + 1];
      }
    }
    return out;
  }
}

/** Reused k×k matrices (k ≤ 32) for BlockState.minEigenvalue: a sweep point's blocks are read, not kept. */
const blockScratch: DenseMatrix[] = [];

/** The k×k block at data[o …] as a DenseMatrix: a reused one for k ≤ 32 (overwritten by the next call), else a copy. */
function blockCopy(data: Float64Array, o: number, k: number): DenseMatrix {
  if (k > 32) return new DenseMatrix(k, k, data.slice(o, o + 2 * k * k));
  const m = (blockScratch[k] ??= new DenseMatrix(k, k)), t = m.data;
  for (let p = 0; p < 2 * k * k; p++) t[p] = data[o + p];
  return m;
}

