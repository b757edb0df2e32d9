/**
 * Partial transpose and the entanglement measures built on it (negativity, logarithmic negativity).
 * Subsystems follow the Kronecker order of the basis: subsystem 0 is the most significant digit of the
 * row index (for two qubits, |00⟩, |01⟩, |10⟩, |11⟩ with qubit 0 first).
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { checkDims, checkSubsystems, hermitianInput, requireSquare } from './errors.ts';
import { sumAbsEigenvalues } from './spectral.ts';

/**
 * Partial transpose ρ^{T_S} over the subsystems S = `which` of a tensor-product space with subsystem
 * dimensions `dims` (product = size of ρ): ⟨i_S i_R|ρ^{T_S}|j_S j_R⟩ = ⟨j_S i_R|ρ|i_S j_R⟩. `which` may
 * be a single index or a list (empty = ρ itself, all = the full transpose). Works for any square matrix.
 * QuTiP: `partial_transpose(rho, mask)` with mask[k] = 1 for k in `which`.
 */
export function partialTranspose(rho: DenseMatrix, dims: readonly number[], which: number | readonly number[]): DenseMatrix {
  requireSquare(rho, 'partialTranspose', 'rho');
  return transposeSubsystems(rho, checkDims(dims, rho.rows, 'partialTranspose'),
    checkSubsystems(which, dims.length, 'partialTranspose'));
}

function transposeSubsystems(rho: DenseMatrix, dims: number[], which: number[]): DenseMatrix {
  const n = rho.rows;
  const strides = new Array<number>(dims.length);
  for (let k = dims.length - 1, s = 1; k >= 0; k--) {
    strides[k] = s;
    s *= dims[k];
  }
  // digits[k][i] = digit of subsystem which[k] in basis index i, times its stride.
  const digits = which.map((k) => {
    const d = new Int32Array(n);
    for (let i = 0; i < n; i++) d[i] = (Math.floor(i / strides[k]) % dims[k]) * strides[k];
    return d;
  });
  const out = new DenseMatrix(n, n);
  const src = rho.data, dst = out.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let ii = i, jj = j;
      for (const d of digits) {
        const delta = d[j] - d[i];
        ii += delta;
        jj -= delta;
      }
      const s = 2 * (i * n + j), t = 2 * (ii * n + jj);
      dst[t] = src[s];
      dst[t + 1] = src[s + 1];
    }
  }
  return out;
}

/** ‖ρ^{T_S}‖₁ for a Hermitian ρ (then ρ^{T_S} is Hermitian too and its trace norm is Σ|λ|). */
function partialTransposeTraceNorm(rho: DenseMatrix, dims: readonly number[], which: number | readonly number[], fn: string): number {
  const h = hermitianInput(rho, fn, 'rho');
  const d = checkDims(dims, h.rows, fn);
  return sumAbsEigenvalues(transposeSubsystems(h, d, checkSubsystems(which, d.length, fn)));
}

/**
 * Negativity N(ρ) = (‖ρ^{T_S}‖₁ − 1)/2 = Σ_{λ<0} |λ| over the eigenvalues of the partial transpose,
 * dimensionless: 0 for separable states, 1/2 for a two-qubit Bell state, (d − 1)/2 for a maximally
 * entangled d×d state. Assumes Tr ρ = 1. Which side is transposed does not matter for a bipartition
 * (ρ^{T_A} = (ρ^{T_B})ᵀ). QuTiP: `negativity(rho, subsys)`.
 */
export function negativity(rho: DenseMatrix, dims: readonly number[], which: number | readonly number[]): number {
  return (partialTransposeTraceNorm(rho, dims, which, 'negativity') - 1) / 2;
}

/**
 * Logarithmic negativity E_N(ρ) = log₂ ‖ρ^{T_S}‖₁ = log₂(2N + 1), in ebits: 0 for separable states, 1 for
 * a two-qubit Bell state. Assumes Tr ρ = 1. QuTiP: `negativity(rho, subsys, logarithmic=True)`.
 */
export function logNegativity(rho: DenseMatrix, dims: readonly number[], which: number | readonly number[]): number {
  return Math.log2(partialTransposeTraceNorm(rho, dims, which, 'logNegativity'));
}
