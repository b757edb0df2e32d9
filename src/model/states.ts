/**
 * States on composite spaces: kets (interleaved complex vectors), density matrices (DenseMatrix), and the
 * partial trace over named subsystems. rho[i][j] = ⟨i|ρ|j⟩ with the space's product-basis order.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError, check, describe, isPlainObject } from '../errors.ts';
import { checkSpace, type Space } from './space.ts';

/** The product basis ket |n_1, n_2, …⟩ given the level of each named subsystem (missing names → 0). */
export function basisKet(sp: Space, levels: Readonly<Record<string, number>> = {}): Float64Array {
  check(isPlainObject(levels), 'levels', `expected { subsystem: level, … }, got ${describe(levels)}`);
  checkSpace(sp);
  const v = new Float64Array(2 * sp.dim);
  v[2 * sp.basisIndex(levels)] = 1;
  return v;
}

/** |ψ⟩⟨ψ| / ⟨ψ|ψ⟩ for an interleaved complex ket. */
export function ketToDensity(psi: Float64Array): DenseMatrix {
  check(psi instanceof Float64Array && psi.length % 2 === 0, 'state', `expected a ket as an interleaved complex Float64Array (re, im, …), got ${describe(psi)}`);
  const n = psi.length / 2;
  let norm = 0;
  for (let k = 0; k < psi.length; k++) norm += psi[k] * psi[k];
  check(norm > 0 && Number.isFinite(norm), 'state', 'expected a non-zero, finite ket');
  const rho = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const ar = psi[2 * i], ai = psi[2 * i + 1], br = psi[2 * j], bi = -psi[2 * j + 1];
      rho.set(i, j, (ar * br - ai * bi) / norm, (ar * bi + ai * br) / norm);
    }
  }
  return rho;
}

/** The maximally mixed state I/d. */
export function maximallyMixed(sp: Space): DenseMatrix {
  checkSpace(sp);
  return DenseMatrix.identity(sp.dim).scale(1 / sp.dim);
}

/**
 * Partial trace keeping the named subsystems (in the space's declaration order):
 * (Tr_rest ρ)_{ab} = Σ_r ρ_{(a,r),(b,r)}. Returns the reduced density matrix and its dimensions.
 */
export function partialTrace(sp: Space, rho: DenseMatrix, keep: ReadonlyArray<string>): DenseMatrix {
  checkSpace(sp);
  check(rho instanceof DenseMatrix, 'rho', `expected a density matrix (DenseMatrix), got ${describe(rho)}`);
  check(Array.isArray(keep) && keep.every((k) => typeof k === 'string'), 'keep', `expected an array of subsystem names, got ${describe(keep)}`);
  if (rho.rows !== sp.dim || rho.cols !== sp.dim) {
    throw new LindbladError('dimension-mismatch', `density matrix is ${rho.rows}×${rho.cols} but the space has dimension ${sp.dim}`, 'rho');
  }
  const keepIdx = keep.map((n) => sp.index(n));
  check(new Set(keepIdx).size === keepIdx.length, 'keep', 'a subsystem is named twice');
  const kept = sp.dims.map((_, k) => keepIdx.includes(k));
  const dKeep = sp.dims.reduce((a, d, k) => (kept[k] ? a * d : a), 1);
  const out = new DenseMatrix(dKeep, dKeep);
  // Map each full index to (kept index, traced index).
  const keptOf = new Int32Array(sp.dim), restOf = new Int32Array(sp.dim);
  for (let i = 0; i < sp.dim; i++) {
    const lv = sp.levelsOf(i);
    let a = 0, r = 0;
    for (let k = 0; k < lv.length; k++) {
      if (kept[k]) a = a * sp.dims[k] + lv[k];
      else r = r * sp.dims[k] + lv[k];
    }
    keptOf[i] = a;
    restOf[i] = r;
  }
  for (let i = 0; i < sp.dim; i++) {
    for (let j = 0; j < sp.dim; j++) {
      if (restOf[i] !== restOf[j]) continue;
      out.addAt(keptOf[i], keptOf[j], rho.re(i, j), rho.im(i, j));
    }
  }
  return out;
}
