/**
 * A factorised square linear system A x = b over the complex numbers. Vectors are interleaved
 * Float64Arrays (re, im) of length 2n. Implemented by the dense LU (`lu.ts`) and the sparse LU
 * (`sparse-lu.ts`); the physics layer only ever sees this interface.
 */
export interface LinearSolver {
  /** Dimension n of the system. */
  readonly n: number;
  /** Solves A x = b; writes into x when given (x may alias b), returns x. */
  solve(b: Float64Array, x?: Float64Array): Float64Array;
}
