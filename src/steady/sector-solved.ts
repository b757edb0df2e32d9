/**
 * A solved symmetry sector (SectorSolved: certificate, ρ in block form and as an n×n matrix, built on first
 * access) and the steps between the sector solver's real unknowns and ρ: normalisation (1/Tr), writing the
 * Hermitian ρ, and the real unknowns from a complex solution.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError } from '../errors.ts';
import type { Sector } from '../symmetry/symmetry.ts';
import type { RealNumbering } from '../symmetry/sector-system.ts';
import type { Certificate } from './certificate.ts';
import { blockLayoutOf, type BlockDiagonalState } from './block-state.ts';
import type { PinnedFactorisation } from '../linalg/group-inverse.ts';

/**
 * A solved sector: the certificate, ρ in block form (block-state.ts) and ρ as an n×n matrix, both built on
 * first access unless the certificate already needed the blocks (a sweep that only needs the certificate
 * or a few entries never assembles the n×n matrix). Exactly what writeRho writes.
 */
export class SectorSolved {
  readonly kind = 'solved';
  private dense: DenseMatrix | null = null;
  private blocks: BlockDiagonalState | null;
  /**
   * A copy of the unknowns as a plain array (on the JS heap: a small typed array per point is an off-heap
   * backing store that the GC tracks, which cost the 121×121 diamond grid ~1.6× in time); null with blocks.
   */
  private readonly x: number[] | null;
  /**
   * `factorisation`: the sector LU the solve ended with (sector-solve.ts), for further solves with the same
   * M(θ) — the Drazin inverse of thermo/counting.ts; null for GTH, the exchange-reduced system and iterative
   * solves. Valid while the plan makes no other solve (`valid()`). ρ as an n×n matrix is written from the
   * copy of x on first read (fillRho: the same entries the certificate measured, bit for bit), so a sweep
   * that never reads ρ allocates none.
   */
  constructor(private readonly n: number, private readonly num: RealNumbering, x: Float64Array,
    private readonly factor: number, readonly certificate: Certificate, readonly factorisation: PinnedFactorisation | null,
    state: BlockDiagonalState | null = null) {
    this.blocks = state;
    if (state) { this.x = null; return; }
    const copy = new Array<number>(x.length); // x is the solver's buffer, overwritten by its next solve
    for (let k = 0; k < x.length; k++) copy[k] = x[k];
    this.x = copy;
  }

  /** ρ_ss (n×n, exactly Hermitian, unit trace); built once, then the same object. */
  get rho(): DenseMatrix {
    if (!this.dense) {
      if (this.blocks) this.dense = this.blocks.toDense();
      else {
        this.dense = new DenseMatrix(this.n, this.n);
        fillRho(this.num, this.x!, this.factor, this.dense);
      }
    }
    return this.dense;
  }

  /** ρ_ss block diagonal over the components of its sector's coherences (block-state.ts); built once. */
  get state(): BlockDiagonalState {
    return (this.blocks ??= blockLayoutOf(this.n, this.num).state(this.x!, this.factor));
  }

  /** Visits every population (i, ⟨i|ρ|i⟩) present, from the unknowns or the blocks, building neither form. */
  eachPopulation(visit: (i: number, population: number) => void): void {
    if (this.blocks) { for (let i = 0; i < this.n; i++) visit(i, this.blocks.re(i, i)); return; }
    const x = this.x!, num = this.num;
    for (let k = 0; k < num.diagonal.length; k++) { const r = num.diagonal[k]; visit(num.rowOf[r], x[r] * this.factor); }
  }

  /**
   * The plain result object of steadyState: `certificate`; `rho` as an own enumerable getter (so
   * `{...result}` and JSON still see ρ) and `state` as a non-enumerable one, both evaluated only when read.
   */
  toResult(): { rho: DenseMatrix; certificate: Certificate; state: BlockDiagonalState } {
    const out = { certificate: this.certificate } as { rho: DenseMatrix; certificate: Certificate; state: BlockDiagonalState };
    Object.defineProperty(out, 'rho', { get: () => this.rho, enumerable: true, configurable: true });
    Object.defineProperty(out, 'state', { get: () => this.state, enumerable: false, configurable: true });
    return out;
  }
}

/** 1/Tr x for the real unknowns x; throws when x is not finite or its trace vanishes. */
export function normalisation(num: RealNumbering, x: Float64Array): number {
  let tr = 0;
  for (let k = 0; k < num.diagonal.length; k++) tr += x[num.diagonal[k]];
  let finite = true;
  for (let r = 0; r < x.length; r++) if (!Number.isFinite(x[r])) finite = false;
  if (!Number.isFinite(tr) || Math.abs(tr) < 1e-300 || !finite) {
    throw new LindbladError('not-converged', `steady-state solve produced an unusable matrix (trace ${tr})`, 'rho');
  }
  return 1 / tr;
}

/**
 * Writes ρ = x / Tr x (exactly Hermitian, unit trace) at the sector's positions of `rho` (the others are
 * left as they are) and returns the normalisation factor 1/Tr x.
 */
export function writeRho(num: RealNumbering, x: Float64Array, rho: DenseMatrix): number {
  const f = normalisation(num, x);
  fillRho(num, x, f, rho);
  return f;
}

function fillRho(num: RealNumbering, x: ArrayLike<number>, f: number, rho: DenseMatrix): void {
  for (let r = 0; r < num.size; r++) {
    const i = num.rowOf[r], j = num.colOf[r];
    if (i === j) rho.set(i, i, f * x[r]);
    else if (!num.isImag[r]) {
      rho.set(i, j, f * x[r], f * x[r + 1]);
      rho.set(j, i, f * x[r], -f * x[r + 1]);
    }
  }
}

/**
 * Real unknowns from a complex sector solution (Hermitian part: ρ_jk ← (ρ_jk + conj ρ_kj)/2), and the raw
 * max |ρ_jk − conj ρ_kj| relative to the trace.
 */
export function complexToReal(s: Sector, num: RealNumbering, z: Float64Array): { x: Float64Array; hermiticityError: number } {
  const x = new Float64Array(num.size);
  let err = 0, tr = 0;
  for (let r = 0; r < num.size; r++) {
    const i = num.rowOf[r], j = num.colOf[r], u = s.index(i, j), v = s.index(j, i);
    x[r] = num.isImag[r] ? 0.5 * (z[2 * u + 1] - z[2 * v + 1]) : 0.5 * (z[2 * u] + z[2 * v]);
    err = Math.max(err, Math.hypot(z[2 * u] - z[2 * v], z[2 * u + 1] + z[2 * v + 1]));
    if (i === j) tr += z[2 * u];
  }
  return { x, hermiticityError: err / Math.abs(tr) };
}
