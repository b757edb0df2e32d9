/**
 * The one operator interface every representation of a Liouvillian implements: v ↦ L·v on column-stacked
 * vectors vec ρ (vec(ρ)[i + n·j] = ρ_ij, length n², complex interleaved) and the exact ‖L‖_∞ =
 * max_row Σ_c |L_rc|. The assembled CsrMatrix of liouvillian.ts, the matrix-free operator of
 * matrix-free.ts and the small assembled family operator of assembled.ts all satisfy it. Units: rate units.
 */

/** v ↦ L·v and ‖L‖_∞ of a superoperator on vectors of length `rows` (= n²). */
export interface SuperoperatorAction {
  readonly rows: number;
  /**
   * y = L·x (x, y complex interleaved, length 2·rows); writes into y when given. `support` (optional): the
   * entry indices, ascending, outside which x is exactly zero — a representation may then visit only
   * those; the result is the same.
   */
  matvec(x: Float64Array, y?: Float64Array, support?: Int32Array): Float64Array;
  /** ‖L‖_∞ = max_r Σ_c |L_rc|, in rate units. */
  normInf(): number;
}

/** A member L(θ) = Σ_t θ_t L_t of a Liouvillian family, re-targetable to other coefficients θ without allocating. */
export interface LiouvillianFamilyOperator extends SuperoperatorAction {
  /** Re-targets the operator to L(θ); returns itself. */
  setCoefficients(theta: ArrayLike<number>): this;
}
