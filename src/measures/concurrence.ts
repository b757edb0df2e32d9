/**
 * Wootters concurrence of two-qubit states, computed robustly (PHYSICS.md §6), and the closed form for
 * X-states used as an independent cross-check. Basis order |00⟩, |01⟩, |10⟩, |11⟩ (qubit 1 first).
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { INPUT_TOLERANCE, MeasureError, hermitianInput, requireSquare } from './errors.ts';
import { spectralFunction, stateSpectrum, symmetricEigenvalues } from './spectral.ts';

/** σ_y ⊗ σ_y in the |00⟩, |01⟩, |10⟩, |11⟩ basis (real: σ_y⊗σ_y = −|00⟩⟨11| + |01⟩⟨10| + h.c.). */
const SIGMA_Y_SIGMA_Y = DenseMatrix.fromRows([
  [0, 0, 0, -1],
  [0, 0, 1, 0],
  [0, 1, 0, 0],
  [-1, 0, 0, 0],
]);

function requireTwoQubit(rho: DenseMatrix, fn: string): void {
  requireSquare(rho, fn, 'rho');
  if (rho.rows !== 4) {
    throw new MeasureError('dimension-mismatch',
      `${fn}: expected a 4×4 two-qubit density matrix (basis |00⟩,|01⟩,|10⟩,|11⟩), got ${rho.rows}×${rho.cols}`, 'rho');
  }
}

/**
 * The Wootters λ_i, decreasing: the square roots of the eigenvalues of the Hermitian √ρ ρ̃ √ρ (clipped at
 * 0), ρ̃ = (σ_y⊗σ_y) ρ* (σ_y⊗σ_y). They are the eigenvalues of R = √(√ρ ρ̃ √ρ), and the square roots of
 * the eigenvalues of the non-Hermitian ρρ̃. ρ is symmetrised and its negative eigenvalues clipped first.
 */
export function woottersLambdas(rho: DenseMatrix): [number, number, number, number] {
  requireTwoQubit(rho, 'concurrence');
  const spec = stateSpectrum(rho, 'concurrence');
  const rhoClipped = spectralFunction(spec, (l) => l);
  const sqrtRho = spectralFunction(spec, Math.sqrt);
  const rhoTilde = SIGMA_Y_SIGMA_Y.mul(rhoClipped.conj()).mul(SIGMA_Y_SIGMA_Y);
  const mu = symmetricEigenvalues(sqrtRho.mul(rhoTilde).mul(sqrtRho));
  const lambdas = Array.from(mu, (m) => Math.sqrt(Math.max(0, m))).sort((a, b) => b - a);
  return [lambdas[0], lambdas[1], lambdas[2], lambdas[3]];
}

/**
 * Wootters concurrence C(ρ) = max(0, λ1 − λ2 − λ3 − λ4) of a 4×4 two-qubit density matrix, dimensionless,
 * in [0, 1]: 1 for Bell states, 0 for separable states, 2|ad − bc| for the pure state
 * a|00⟩ + b|01⟩ + c|10⟩ + d|11⟩, max(0, (3p − 1)/2) for the Werner state p|ψ⁻⟩⟨ψ⁻| + (1 − p)I/4.
 * λ_i are the decreasing eigenvalues of R = √(√ρ ρ̃ √ρ), ρ̃ = (σ_y⊗σ_y) ρ* (σ_y⊗σ_y), found from the
 * Hermitian √ρ ρ̃ √ρ (not from the non-Hermitian ρρ̃); ρ is first symmetrised and its round-off negative
 * eigenvalues clipped. Assumes Tr ρ = 1. A structural X-state (all entries off the X pattern exactly 0)
 * takes the exact X-state closed form instead, validated by that form's own checks (finite, Hermitian, and
 * positive semidefinite through the exact eigenvalues of its two 2×2 blocks, with the general path's
 * tolerance). Otherwise, for rank-deficient ρ the square roots of round-off-sized
 * eigenvalues of √ρ ρ̃ √ρ enter, so expect absolute errors of a few 1e-8 (at most ~1e-7), e.g. 3e-9
 * instead of 0 for a pure product state; full-rank ρ are accurate to ~1e-14. QuTiP: `concurrence(rho)`.
 */
export function concurrence(rho: DenseMatrix): number {
  requireSquare(rho, 'concurrence', 'rho');
  if (isStructuralXState(rho)) return xStateConcurrence(rho, 'concurrence');
  const [l1, l2, l3, l4] = woottersLambdas(rho);
  return Math.max(0, l1 - l2 - l3 - l4);
}

/**
 * True when every entry outside the X pattern (diagonal and anti-diagonal) is exactly zero. For such ρ the
 * Wootters formula reduces exactly to the X-state closed form, which `concurrence` then uses: it avoids
 * the √(round-off) amplification of the eigenvalue route for nearly rank-deficient states.
 */
function isStructuralXState(rho: DenseMatrix): boolean {
  if (rho.rows !== 4 || rho.cols !== 4) return false;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) if (i !== j && i + j !== 3 && (rho.re(i, j) !== 0 || rho.im(i, j) !== 0)) return false;
  }
  return true;
}

/**
 * Concurrence from the closed form for X-states (only ρ11, ρ22, ρ33, ρ44, ρ14, ρ23 and their conjugates
 * non-zero; 1-based indices in the |00⟩, |01⟩, |10⟩, |11⟩ basis):
 * C = 2·max(0, |ρ23| − √(ρ11 ρ44), |ρ14| − √(ρ22 ρ33)), dimensionless. An independent cross-check of
 * the eigenvalue route (`woottersLambdas`); `concurrence` itself uses it for structural X-states. Throws a
 * MeasureError if ρ is not Hermitian, not an X-state (an entry outside the X pattern above
 * INPUT_TOLERANCE relative to the largest entry) or not positive semidefinite (a 2×2 block
 * [[ρ11, ρ14], [ρ41, ρ44]] or [[ρ22, ρ23], [ρ32, ρ33]] with an eigenvalue below −INPUT_TOLERANCE·max(1, Σ|λ|)).
 * Negative round-off populations are clipped at 0. Assumes Tr ρ = 1.
 */
export function concurrenceXState(rho: DenseMatrix): number {
  return xStateConcurrence(rho, 'concurrenceXState');
}

/** concurrenceXState, with errors naming the function `fn` the caller called (no closures: runs per sweep point). */
function xStateConcurrence(rho: DenseMatrix, fn: string): number {
  requireTwoQubit(rho, fn);
  const h = hermitianInput(rho, fn, 'rho'), d = h.data;
  let scale = 1, off = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const a = entryAbs(d, i, j);
      scale = Math.max(scale, a);
      if (i !== j && i + j !== 3) off = Math.max(off, a);
    }
  }
  if (off > INPUT_TOLERANCE * scale) {
    throw new MeasureError('invalid-input',
      `${fn}: not an X-state (an entry outside the diagonal and anti-diagonal has modulus ${off.toPrecision(3)})`, 'rho');
  }
  // Eigenvalues of the blocks [[a, z], [z*, d]]: (a + d)/2 ± √(((a − d)/2)² + |z|²).
  let minEig = Infinity, absSum = 0;
  for (let k = 0; k < X_BLOCKS.length; k++) {
    const i = X_BLOCKS[k][0], j = X_BLOCKS[k][1];
    const ri = d[10 * i], rj = d[10 * j];
    const mean = (ri + rj) / 2, r = Math.hypot((ri - rj) / 2, entryAbs(d, i, j));
    minEig = Math.min(minEig, mean - r, mean + r);
    absSum = absSum + Math.abs(mean - r) + Math.abs(mean + r);
  }
  if (minEig < -INPUT_TOLERANCE * Math.max(1, absSum)) {
    throw new MeasureError('invalid-input',
      `${fn}: matrix is not positive semidefinite (smallest eigenvalue ${minEig.toPrecision(3)})`, 'rho');
  }
  // Populations clipped at 0 against round-off.
  const p0 = Math.max(0, d[0]), p1 = Math.max(0, d[10]), p2 = Math.max(0, d[20]), p3 = Math.max(0, d[30]);
  return 2 * Math.max(0,
    entryAbs(d, 1, 2) - Math.sqrt(p0 * p3),
    entryAbs(d, 0, 3) - Math.sqrt(p1 * p2));
}

/** |ρ_ij| of a row-major interleaved 4×4 matrix. */
function entryAbs(d: Float64Array, i: number, j: number): number {
  return Math.hypot(d[2 * (4 * i + j)], d[2 * (4 * i + j) + 1]);
}

/** The two 2×2 blocks of an X-state: {|00⟩, |11⟩} and {|01⟩, |10⟩}. */
const X_BLOCKS: ReadonlyArray<readonly [number, number]> = [[0, 3], [1, 2]];
