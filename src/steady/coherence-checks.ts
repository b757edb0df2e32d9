/**
 * Non-singularity checks of coherence sectors (components of the coupling graph that hold no population):
 * a stationary element living there would make the stationary state non-unique (charge.ts). Each block
 * L_S(θ) = Σ_t θ_t L_{S,t} is equilibrated by powers of two (linalg/equilibrate.ts — the same system, so
 * the test is scale-aware: rates spanning many decades do not make it look singular) and counted as
 * singular when min |λ| ≤ tol·‖L_S‖_∞ (inverse iteration on its LU); a 1×1 block is its own eigenvalue.
 */
import { PatternSum } from '../linalg/pattern-sum.ts';
import { denseLu } from '../linalg/lu.ts';
import { sparseLu } from '../linalg/sparse-lu.ts';
import { attempt } from '../linalg/errors.ts';
import { equilibrateCsrComplex } from '../linalg/equilibrate.ts';
import { smallestEigenvalueEstimate } from '../linalg/inverse-iteration.ts';
import type { FactoredLiouvillian } from '../liouvillian/factored.ts';
import type { Sector } from '../symmetry/symmetry.ts';
import { complexTermMatrix } from '../symmetry/sector-system.ts';

export class CoherenceChecks {
  readonly sectors: readonly Sector[];
  private readonly lv: FactoredLiouvillian;
  private sums: Array<{ sum: PatternSum; values: Float64Array; coefficients: Float64Array }> | null = null;

  constructor(lv: FactoredLiouvillian, sectors: readonly Sector[]) {
    this.lv = lv;
    this.sectors = sectors;
  }

  /** The first sector whose equilibrated block of L(θ) is singular (min |λ| ≤ tol·‖L_S‖_∞), if any. */
  firstSingular(theta: ArrayLike<number>, tol: number): { smallest: number; scale: number; size: number } | null {
    const lv = this.lv;
    this.sums ??= this.sectors.map((s) => {
      const sum = new PatternSum(lv.terms.map((_, t) => complexTermMatrix(lv, t, s)), s.size, s.size);
      return { sum, values: new Float64Array(2 * sum.pattern.nnz), coefficients: new Float64Array(lv.terms.length) };
    });
    for (let k = 0; k < this.sectors.length; k++) {
      const s = this.sectors[k], { sum, values, coefficients } = this.sums[k];
      let smallest = 0, scale: number;
      if (s.size === 1) { // a 1×1 block: its entry Σ_t θ_t z_t is its eigenvalue (no matrix built)
        let re = 0, im = 0;
        for (let t = 0; t < coefficients.length; t++) {
          const c = +theta[t], a = sum.termValues(t);
          if (c !== 0 && a.length > 0) { re += c * a[0]; im += c * a[1]; }
        }
        smallest = Math.hypot(re, im);
        scale = smallest || 1;
      } else {
        for (let t = 0; t < coefficients.length; t++) coefficients[t] = theta[t];
        sum.values(coefficients, undefined, values);
        const rows = new Float64Array(s.size), cols = new Float64Array(s.size), pat = sum.pattern;
        equilibrateCsrComplex(s.size, pat.rowPtr, pat.colIdx, values, rows, cols);
        const m = sum.matrix(values);
        scale = m.normInf() || 1;
        smallest = attempt(() => smallestEigenvalueEstimate(s.size <= 256 ? denseLu(m.toDense()) : sparseLu(m), s.size)) ?? 0;
      }
      if (!(smallest > tol * scale)) return { smallest, scale, size: s.size };
    }
    return null;
  }
}
