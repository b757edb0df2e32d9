/**
 * Superoperators in the column-stacking convention vec(AρB) = (Bᵀ ⊗ A) vec(ρ), with vec(ρ)[i + n·j] = ρ_ij.
 *
 * L = −i(I⊗H − Hᵀ⊗I) + Σ_k γ_k [ conj(o_k)⊗o_k − ½ I⊗(o_k†o_k) − ½ (o_k†o_k)ᵀ⊗I ],
 * assembled as I⊗A + conj(A)⊗I + Σ_k γ_k conj(o_k)⊗o_k with A = −iH − ½ Σ_k γ_k o_k†o_k.
 * Units: rates and energies in the model's units (ħ = 1), L in the same units.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import type { Channel, LindbladModel } from '../model/model.ts';
import { Operator } from '../model/operator.ts';
import { LindbladError, check, checkInstance, describe } from '../errors.ts';
import { checkModel } from '../model/check-model.ts';

/** Superoperator of −i[H, ·] + Σ γ D[o] for a Hamiltonian (or none) and a list of channels. */
export function superoperator(dim: number, hamiltonian: CsrMatrix | null, channels: ReadonlyArray<Pick<Channel, 'operator' | 'rate'>>): CsrMatrix {
  check(Number.isInteger(dim) && dim >= 1, 'dim', `expected a positive integer dimension, got ${describe(dim)}`);
  check(hamiltonian === null || hamiltonian instanceof CsrMatrix, 'hamiltonian', `expected a sparse matrix (CsrMatrix) or null, got ${describe(hamiltonian)}`);
  check(Array.isArray(channels) && channels.every((c) => typeof c === 'object' && c !== null && c.operator instanceof Operator && typeof c.rate === 'number'), 'channels', 'expected an array of { operator: Operator, rate: number }');
  const id = CsrMatrix.identity(dim);
  const active = channels.filter((c) => c.rate > 0 && c.operator.matrix.nnz > 0);
  const parts: CsrMatrix[] = [];
  let a = hamiltonian ? hamiltonian.scale(0, -1) : CsrMatrix.zeros(dim);
  for (const c of active) {
    const o = c.operator.matrix;
    a = a.add(o.adjoint().mul(o), -0.5 * c.rate);
    parts.push(o.conj().kron(o).scale(c.rate));
  }
  parts.push(id.kron(a), a.conj().kron(id));
  return CsrMatrix.sum(parts);
}

/** The full Liouvillian of a model (sparse, n² × n²). */
export function liouvillian(model: LindbladModel): CsrMatrix {
  checkModel(model);
  if (model.hasInfiniteRates()) {
    throw new LindbladError('unsupported', 'a channel has an infinite rate; only steady states support that limit (steadyState eliminates it)', 'channels');
  }
  return superoperator(model.space.dim, model.hamiltonian.matrix, model.channels);
}

/** The dissipative part L_i of one bath: Σ_{k ∈ bath} γ_k D[o_k] (no Hamiltonian). */
export function bathDissipator(model: LindbladModel, bath: string): CsrMatrix {
  checkModel(model);
  if (!model.baths.has(bath)) throw new LindbladError('unknown-name', `no bath named ${JSON.stringify(bath)} (the model's baths: ${[...model.baths.keys()].map((b) => JSON.stringify(b)).join(', ') || 'none'})`, 'bath');
  return superoperator(model.space.dim, null, model.channels.filter((c) => c.bath === bath));
}

/** Superoperator of a single standard dissipator γ D[o]. */
export function dissipator(o: Operator, rate = 1): CsrMatrix {
  checkInstance(o, Operator, 'operator', 'an Operator');
  check(typeof rate === 'number' && Number.isFinite(rate) && rate >= 0, 'rate', `expected a finite rate ≥ 0, got ${describe(rate)}`);
  return superoperator(o.space.dim, null, [{ operator: o, rate }]);
}

/** vec(ρ) (column stacking) of a dense matrix, as an interleaved complex vector. */
export function vectorize(rho: { rows: number; re(i: number, j: number): number; im(i: number, j: number): number }, out?: Float64Array): Float64Array {
  check(typeof rho === 'object' && rho !== null && typeof rho.re === 'function' && typeof rho.im === 'function' && Number.isInteger(rho.rows), 'rho', `expected a density matrix, got ${describe(rho)}`);
  const n = rho.rows;
  const v = out ?? new Float64Array(2 * n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      v[2 * (i + n * j)] = rho.re(i, j);
      v[2 * (i + n * j) + 1] = rho.im(i, j);
    }
  }
  return v;
}
