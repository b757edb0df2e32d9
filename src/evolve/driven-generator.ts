/**
 * The time-dependent Liouvillian of a DrivenModel, column-stacked (liouvillian.ts convention):
 *   L(t) = L_0 + Σ_j c_j(t)·(−i[O_j, ·]) + Σ_k γ_k(t)·D[o_k],
 * with L_0 the constant part. All parts are stored on one union sparsity pattern (which includes the
 * diagonal), restricted to an invariant block of unknowns (the block reachable along the union pattern,
 * exact for every t), so that L(t) is refilled in O(nnz·parts) without allocation: at(t).
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { principalSubmatrix, reachableSet } from '../linalg/pattern.ts';
import { LindbladError, check } from '../errors.ts';
import type { DrivenModel } from '../model/driven.ts';
import type { TimeFunction } from '../model/coefficient.ts';
import { liouvillian, superoperator, dissipator } from '../liouvillian/liouvillian.ts';

/**
 * L_0, the drives' and rate drives' superoperators on the full n² space, and their union pattern (values 1,
 * so that nothing cancels, plus the diagonal): built once per model (periodic-outside.ts builds a generator
 * per block of the same model).
 */
const fullParts = new WeakMap<DrivenModel, { l0: CsrMatrix; partsFull: CsrMatrix[]; union: CsrMatrix }>();

function fullSpaceParts(model: DrivenModel): { l0: CsrMatrix; partsFull: CsrMatrix[]; union: CsrMatrix } {
  const kept = fullParts.get(model);
  if (kept) return kept;
  const n = model.space.dim;
  const l0 = liouvillian(model.base);
  const partsFull: CsrMatrix[] = [
    ...model.drives.map((d) => superoperator(n, d.operator.matrix, [])),
    ...model.rateDrives.map((r) => dissipator(model.base.channels[r.channel].operator)),
  ];
  for (const p of [l0, ...partsFull]) check(p.isFinite() && Number.isFinite(p.normInf()), 'model', "the Liouvillian overflows double precision; rescale the model's units");
  const ri: number[] = [], ci: number[] = [];
  for (const p of [l0, ...partsFull, CsrMatrix.identity(n * n)]) {
    for (let i = 0; i < p.rows; i++) for (let q = p.rowPtr[i]; q < p.rowPtr[i + 1]; q++) { ri.push(i); ci.push(p.colIdx[q]); }
  }
  const union = CsrMatrix.fromTriplets(n * n, n * n, ri, ci, new Float64Array(ri.length).fill(1), new Float64Array(ri.length));
  const out = { l0, partsFull, union };
  fullParts.set(model, out);
  return out;
}

export class DrivenGenerator {
  /** Block size m and the full indices (into vec ρ, length n²) of the block's unknowns. */
  readonly m: number;
  readonly block: Int32Array;
  /** L(t) on the block; its values are overwritten by at(t). */
  readonly current: CsrMatrix;
  /** Positions of the diagonal entries in current.values (pairs). */
  readonly diagonal: Int32Array;
  private readonly base: Float64Array;
  private readonly parts: Float64Array[];
  private readonly coefficients: TimeFunction[];
  private readonly fields: string[];
  private readonly isRate: boolean[];
  private lastT = NaN;
  private readonly model: DrivenModel;
  /** ‖o_k†o_k‖_∞ per channel (stiffnessScales; computed on first use). */
  private jumpNorms: number[] | null = null;

  /**
   * `seeds`: full indices whose reachable block is taken; `within` (sorted full indices, optional): the
   * reachability is followed only inside this set (a block of the remainder once an invariant block is
   * split off: its dynamics is autonomous, the couplings into the removed block being zero).
   */
  constructor(model: DrivenModel, seeds: ArrayLike<number>, within?: Int32Array) {
    const n = model.space.dim;
    this.model = model;
    const { l0, partsFull, union } = fullSpaceParts(model);
    this.coefficients = model.coefficients().map((c) => c.f);
    this.fields = model.coefficients().map((c) => c.field);
    this.isRate = model.coefficients().map((c) => c.rate);
    if (within) {
      const local = new Int32Array(n * n).fill(-1);
      within.forEach((v, k) => { local[v] = k; });
      const inner = reachableSet(principalSubmatrix(union, within), Array.from(seeds, (v) => {
        if (local[v] < 0) throw new LindbladError('invalid-input', `seed ${v} outside the given unknowns`, 'seeds');
        return local[v];
      }));
      this.block = inner.map((k) => within[k]);
    } else this.block = reachableSet(union, seeds);
    this.m = this.block.length;
    const pattern = principalSubmatrix(union, this.block);
    this.current = new CsrMatrix(this.m, this.m, pattern.rowPtr, pattern.colIdx, new Float64Array(2 * pattern.nnz));
    const scatter = (full: CsrMatrix): Float64Array => {
      const sub = principalSubmatrix(full, this.block), out = new Float64Array(2 * pattern.nnz);
      for (let i = 0; i < this.m; i++) {
        let q = pattern.rowPtr[i];
        for (let p = sub.rowPtr[i]; p < sub.rowPtr[i + 1]; p++) {
          while (pattern.colIdx[q] !== sub.colIdx[p]) q++; // both rows sorted; sub's pattern ⊆ union's
          out[2 * q] = sub.values[2 * p];
          out[2 * q + 1] = sub.values[2 * p + 1];
        }
      }
      return out;
    };
    this.base = scatter(l0);
    this.parts = partsFull.map(scatter);
    this.diagonal = new Int32Array(this.m);
    for (let i = 0; i < this.m; i++) {
      for (let q = pattern.rowPtr[i]; q < pattern.rowPtr[i + 1]; q++) if (pattern.colIdx[q] === i) this.diagonal[i] = q;
    }
  }

  /** The coefficients' values at t (checked: finite; rates ≥ 0). */
  values(t: number): Float64Array {
    const c = new Float64Array(this.coefficients.length);
    for (let j = 0; j < c.length; j++) {
      const v = this.coefficients[j].value(t);
      if (!Number.isFinite(v)) throw new LindbladError('invalid-input', `evaluates to ${v} at t = ${t}`, this.fields[j]);
      if (this.isRate[j] && v < 0) throw new LindbladError('invalid-input', `a rate must be ≥ 0, but it is ${v} at t = ${t}`, this.fields[j]);
      c[j] = v;
    }
    return c;
  }

  /** Fills `current` with L(t) and returns it. */
  at(t: number): CsrMatrix {
    if (t === this.lastT) return this.current;
    const c = this.values(t), v = this.current.values;
    v.set(this.base);
    for (let j = 0; j < c.length; j++) {
      const cj = c[j], p = this.parts[j];
      if (cj !== 0) for (let q = 0; q < v.length; q++) v[q] += cj * p[q];
    }
    this.lastT = t;
    return this.current;
  }

  /** dy = L(t)·y for `cols` stacked block vectors (each of length 2m). */
  apply(t: number, y: Float64Array, dy: Float64Array, cols = 1): void {
    const a = this.at(t), len = 2 * this.m;
    if (cols === 1) { a.matvec(y, dy); return; }
    for (let c = 0; c < cols; c++) a.matvec(y.subarray(c * len, (c + 1) * len), dy.subarray(c * len, (c + 1) * len));
  }

  /** I − s·L(t) on the block (a fresh matrix; for the implicit stages). */
  shifted(t: number, s: number): CsrMatrix {
    const a = this.at(t), v = new Float64Array(a.values.length);
    for (let q = 0; q < v.length; q++) v[q] = -s * a.values[q];
    for (let i = 0; i < this.m; i++) v[2 * this.diagonal[i]] += 1;
    return new CsrMatrix(this.m, this.m, a.rowPtr, a.colIdx, v);
  }

  /**
   * Scales of L(t) for the choice of integrator (driven-evolve.ts): `decay` = Σ_k γ_k(t)·‖o_k†o_k‖_∞, a bound
   * on the fastest decay rate (the negative real parts), and `frequency` = 2‖H(t)‖_∞ (H0 and the drives at
   * t, by the triangle inequality), a bound on the oscillation frequencies of −i[H, ·]. Units: 1/time.
   */
  stiffnessScales(t: number): { decay: number; frequency: number } {
    const model = this.model, channels = model.base.channels;
    const norms = (this.jumpNorms ??= channels.map((c) => c.operator.dag().times(c.operator).matrix.normInf()));
    let decay = 0;
    channels.forEach((_, k) => { decay += model.rateOf(k, t) * norms[k]; });
    let h = model.base.hamiltonian.matrix.normInf();
    for (const d of model.drives) h += Math.abs(d.coefficient.value(t)) * d.operator.matrix.normInf();
    return { decay, frequency: 2 * h };
  }

  /** The fields of the coefficients, for the step-cap scan. */
  coefficientList(): Array<{ f: TimeFunction; field: string }> {
    return this.coefficients.map((f, j) => ({ f, field: this.fields[j] }));
  }
}
