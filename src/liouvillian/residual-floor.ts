/**
 * How large the rounding noise of L(θ)·vec ρ, evaluated term by term (matrix-free, assembled or by rows),
 * can be: ‖fl(L x) − L x‖₂ ≤ F·‖x‖₂ with
 *     F = (K + T + 2)·u·S,   S = 2|θ_H|‖H‖_∞ + 2 Σ_c |θ_c| ‖o_c‖₁‖o_c‖_∞,
 * u = 2⁻⁵³, K = 2n + Σ_c min(nnz o_c, n)² products per entry, T terms (A = −iθ_H H − ½Σ_c θ_c o_c†o_c is
 * itself a sum of T of them). S bounds the 2-norm of the entrywise magnitudes of every summand of L x
 * (‖|M|‖₂ ≤ √(‖M‖₁‖M‖_∞), ‖|o†o|‖ ≤ ‖o‖₁‖o‖_∞). Where terms cancel — a channel proportional to the
 * identity at a large rate — S exceeds ‖L‖ by the cancellation, and a residual at this floor says nothing
 * about ρ. A scalar bound, not the entrywise magnitudes G(|ρ|) of solve-error.ts magnitudeOfAction: that is
 * dense in n² and a sector certificate must stay proportional to the sector. Units: rate units.
 */
import type { FactoredLiouvillian } from './factored.ts';

const U = 2 ** -53;

/** F of the module comment for L(θ) of `lv`. */
export function residualFloorFactor(lv: FactoredLiouvillian, theta: ArrayLike<number>): number {
  const n = lv.n;
  let s = 0, k = 2 * n;
  lv.terms.forEach((term, t) => {
    const c = Math.abs(theta[t]);
    if (c === 0) return;
    if (term.kind === 'hamiltonian') { s += 2 * c * term.h.normInf(); return; }
    s += 2 * c * term.o.normInf() * lv.jumpTranspose(t).normInf();
    const m = Math.min(term.o.nnz, n);
    k += m * m;
  });
  return (k + lv.terms.length + 2) * U * s;
}
