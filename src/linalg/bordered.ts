/**
 * The trace-constrained steady-state system. With t = vec(I) (so tᵀ vec ρ = Tr ρ) and a scale s ≈ ‖L‖,
 *
 *     B = [ L    s·t ]      B [vec ρ; λ] = [0; s]
 *         [ s·tᵀ  0  ]
 *
 * Because tᵀL = 0 (trace preservation), λ = 0 in exact arithmetic and B is non-singular exactly when the
 * stationary state is unique; a second trace-0 stationary element makes B singular. The scale s keeps the
 * border rows as large as L's, so the conditioning of B is that of L restricted to traceless matrices.
 */
import { CsrMatrix } from './sparse.ts';
import { checkArgument } from './arguments.ts';

/** Positions k + n·k of the diagonal of a column-stacked n×n matrix. */
export function diagonalPositions(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, k) => k + n * k);
}

export interface BorderedSystem {
  matrix: CsrMatrix;
  rhs: Float64Array;
  scale: number;
}

/**
 * Builds B and its right-hand side. `traceIndices` are the positions of the diagonal entries ρ_kk in the
 * unknown vector (k + n·k for a full column-stacked ρ; fewer or re-indexed ones within a symmetry sector).
 */
export function borderedSystem(l: CsrMatrix, traceIndices: ArrayLike<number>): BorderedSystem {
  checkArgument(l, 'csr', 'borderedSystem', 'l');
  checkArgument(traceIndices, 'indices', 'borderedSystem', 'traceIndices');
  const N = l.rows;
  const scale = l.normInf() > 0 ? l.normInf() : 1;
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let i = 0; i < N; i++) {
    for (let p = l.rowPtr[i]; p < l.rowPtr[i + 1]; p++) {
      ri.push(i); ci.push(l.colIdx[p]); re.push(l.values[2 * p]); im.push(l.values[2 * p + 1]);
    }
  }
  for (let k = 0; k < traceIndices.length; k++) {
    const d = traceIndices[k];
    ri.push(d, N); ci.push(N, d); re.push(scale, scale); im.push(0, 0);
  }
  const matrix = CsrMatrix.fromTriplets(N + 1, N + 1, ri, ci, re, im);
  const rhs = new Float64Array(2 * (N + 1));
  rhs[2 * N] = scale;
  return { matrix, rhs, scale };
}
