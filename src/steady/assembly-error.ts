/**
 * The error a one-pass assembly of M adds beyond the relative one the sector solve assumes (ETA·|M_ij|,
 * sector-solve.ts): entries whose compensated sum cancels by a factor beyond ~1e10–1e14 carry an absolute
 * error up to bound_ij (symmetry/sector-system.ts AssemblyErrors). To first order it moves the solution by
 * δx = −M'⁻¹ δM x (M' the factorised pinned or bordered system; the pinned equation is exact), estimated
 * like the solve's own errors (linalg/condition.ts): SAFETY · max over three sign vectors s of
 * |M'⁻¹(s∘v)| with v_i = Σ_j bound_ij |x_j|, by the solve's own factorisation.
 */
import { componentwiseEstimate } from '../linalg/condition.ts';
import type { PinnedFactorisation } from '../linalg/group-inverse.ts';
import type { AssemblyErrors } from '../symmetry/sector-system.ts';

/** Adds the estimate of |δx| from the assembly errors to `e` (x's per-unknown errors, same normalisation as x). */
export function addAssemblyErrors(errors: AssemblyErrors, x: ArrayLike<number>, e: Float64Array, f: PinnedFactorisation): void {
  const { rows, cols, bounds } = errors, m = f.size;
  if (rows.length === 0) return;
  const v = new Float64Array(m);
  for (let k = 0; k < rows.length; k++) if (rows[k] !== f.pin) v[rows[k]] += bounds[k] * Math.abs(x[cols[k]]);
  const extra = new Float64Array(m);
  componentwiseEstimate({ solve: (b, out) => f.solve(b, out, 0) }, m, v, extra, { b: new Float64Array(m), x: new Float64Array(m) });
  for (let k = 0; k < m; k++) e[k] += extra[k];
}
