/**
 * The error a one-pass assembly of M adds beyond the relative one the sector solve assumes (ETA·|M_ij|,
 * sector-solve.ts): entries whose compensated sum cancels by a factor beyond ~1e10–1e14 carry an absolute
 * error up to bound_ij (symmetry/sector-system.ts AssemblyErrors). To first order it moves the solution by
 * δx = −M'⁻¹ δM x (M' the factorised pinned or bordered system; the pinned equation is exact), estimated
 * like the solve's own errors (linalg/condition.ts componentwiseEstimate: |M'⁻¹|·v exactly for small
 * systems, else SAFETY · max over sign vectors s of |M'⁻¹(s∘v)|) with v_i = Σ_j bound_ij |x_j|, by the solve's own factorisation. First order holds while
 * M'⁻¹δM is small; that is checked with v_i = Σ_j bound_ij ‖x‖_∞ (a perturbation of every unknown's size):
 * when it moves x by half its size or more, the computed x may be anything (zero where the true one is
 * not — ρ = |0⟩⟨0| for an identity-proportional channel at rate 1e90 — so the first-order term vanishes),
 * and that larger estimate is the one added.
 */
import { componentwiseEstimate } from '../linalg/condition.ts';
import { LinalgError } from '../linalg/errors.ts';
import type { PinnedFactorisation } from '../linalg/group-inverse.ts';
import type { AssemblyErrors } from '../symmetry/sector-system.ts';

/** Adds the estimate of |δx| from the assembly errors to `e` (x's per-unknown errors, same normalisation as x). */
export function addAssemblyErrors(errors: AssemblyErrors, x: ArrayLike<number>, e: Float64Array, f: PinnedFactorisation): void {
  const { rows, cols, bounds } = errors, m = f.size;
  if (rows.length === 0) return;
  let top = 0;
  for (let k = 0; k < m; k++) top = Math.max(top, Math.abs(x[k]));
  const estimate = (weight: (col: number) => number): Float64Array => {
    const v = new Float64Array(m), out = new Float64Array(m);
    for (let k = 0; k < rows.length; k++) if (rows[k] !== f.pin) v[rows[k]] += bounds[k] * weight(cols[k]);
    // solved for v/‖v‖∞ and scaled back, so that bounds near the overflow threshold (rates ~1e300) do
    // not overflow inside the solve; a product beyond it is +∞: nothing vouched for, not an error
    let scale = 0;
    for (let k = 0; k < m; k++) if (!(Math.abs(v[k]) <= scale)) scale = Math.abs(v[k]);
    if (scale === 0) return out;
    if (!Number.isFinite(scale)) return out.fill(Infinity);
    for (let k = 0; k < m; k++) v[k] /= scale;
    try {
      componentwiseEstimate({ solve: (b, y) => f.solve(b, y, 0) }, m, v, out, { b: new Float64Array(m), x: new Float64Array(m) });
    } catch (e) {
      if (!(e instanceof LinalgError && e.kind === 'non-finite')) throw e;
      return out.fill(Infinity);
    }
    for (let k = 0; k < m; k++) out[k] *= scale;
    return out;
  };
  const wide = estimate(() => top);
  let largest = 0;
  for (let k = 0; k < m; k++) if (!(wide[k] <= largest)) largest = wide[k]; // NaN: the wide estimate
  const extra = largest < 0.5 * top ? estimate((col) => Math.abs(x[col])) : wide;
  for (let k = 0; k < m; k++) e[k] += extra[k];
}
