/**
 * Input checks shared by the quantum-information measures. Every failure is a `MeasureError`, a
 * `LindbladError` (so the CLI prints it as one line) with code 'invalid-input' or 'dimension-mismatch'
 * and the offending argument as its `field`.
 */
import { LindbladError, describe, type LindbladErrorCode } from '../errors.ts';
import { DenseMatrix } from '../linalg/dense.ts';

export class MeasureError extends LindbladError {
  constructor(code: LindbladErrorCode, message: string, field?: string) {
    super(code, message, field);
    this.name = 'MeasureError';
  }
}

/**
 * Relative tolerance for "this is a density matrix" checks: max_ij |a_ij − a_ji*| and the most negative
 * eigenvalue may reach `INPUT_TOLERANCE · scale` (scale = max(1, largest entry) or max(1, Σ|λ|)) before
 * the input is rejected. Deviations below it are treated as round-off and removed (symmetrisation,
 * clipping of negative eigenvalues at 0).
 */
export const INPUT_TOLERANCE = 1e-6;

/** Throws unless `m` is a non-empty square matrix (a DenseMatrix) with finite entries. */
export function requireSquare(m: DenseMatrix, fn: string, field: string): void {
  if (!((m as unknown) instanceof DenseMatrix)) throw new MeasureError('invalid-input', `${fn}: expected a density matrix (DenseMatrix), got ${describe(m)}`, field);
  if (m.rows === 0 || m.cols === 0) {
    throw new MeasureError('invalid-input', `${fn}: expected a non-empty square matrix, got ${m.rows}×${m.cols}`, field);
  }
  if (m.rows !== m.cols) {
    const hint = m.cols === 1 ? ' (a ket: pass the density matrix |ψ⟩⟨ψ| instead)' : '';
    throw new MeasureError('invalid-input', `${fn}: expected a square matrix, got ${m.rows}×${m.cols}${hint}`, field);
  }
  if (!m.isFinite()) throw new MeasureError('invalid-input', `${fn}: matrix has NaN or infinite entries`, field);
}

/** Throws unless `a` and `b` are square matrices of the same size. */
export function requireSameSize(a: DenseMatrix, b: DenseMatrix, fn: string, fields: [string, string]): void {
  requireSquare(a, fn, fields[0]);
  requireSquare(b, fn, fields[1]);
  if (a.rows !== b.rows) {
    throw new MeasureError('dimension-mismatch',
      `${fn}: ${fields[0]} is ${a.rows}×${a.cols} but ${fields[1]} is ${b.rows}×${b.cols}`, fields[1]);
  }
}

/**
 * Checks that `m` is square and Hermitian up to INPUT_TOLERANCE (relative to its largest entry) and
 * returns its Hermitian part (m + m†)/2.
 */
export function hermitianInput(m: DenseMatrix, fn: string, field: string): DenseMatrix {
  requireSquare(m, fn, field);
  let scale = 1;
  for (let k = 0; k < m.data.length; k += 2) scale = Math.max(scale, Math.hypot(m.data[k], m.data[k + 1]));
  const err = m.hermiticityError();
  if (err > INPUT_TOLERANCE * scale) {
    throw new MeasureError('invalid-input',
      `${fn}: matrix is not Hermitian (max |a_ij − conj(a_ji)| = ${err.toPrecision(3)})`, field);
  }
  return m.hermitianPart();
}

/**
 * Checks a tensor-product structure: `dims` must be a non-empty list of positive integers whose product
 * is `n`. Returns a copy as a plain array.
 */
export function checkDims(dims: readonly number[], n: number, fn: string): number[] {
  if (!Array.isArray(dims) || dims.length === 0) {
    throw new MeasureError('invalid-input', `${fn}: dims must be a non-empty array of subsystem dimensions`, 'dims');
  }
  let prod = 1;
  for (let k = 0; k < dims.length; k++) {
    const d = dims[k];
    if (!Number.isInteger(d) || d < 1) {
      throw new MeasureError('invalid-input', `${fn}: dims[${k}] must be a positive integer, got ${String(d)}`, `dims[${k}]`);
    }
    prod *= d;
  }
  if (prod !== n) {
    throw new MeasureError('dimension-mismatch',
      `${fn}: dims [${dims.join(', ')}] have product ${prod}, but the matrix is ${n}×${n}`, 'dims');
  }
  return dims.slice();
}

/** Checks subsystem indices: integers in [0, count), no repeats. Accepts a single index. */
export function checkSubsystems(which: number | readonly number[], count: number, fn: string): number[] {
  const list = typeof which === 'number' ? [which] : which;
  if (!Array.isArray(list)) {
    throw new MeasureError('invalid-input', `${fn}: which must be a subsystem index or an array of them`, 'which');
  }
  const seen = new Set<number>();
  for (let k = 0; k < list.length; k++) {
    const s = list[k];
    if (!Number.isInteger(s) || s < 0 || s >= count) {
      throw new MeasureError('invalid-input',
        `${fn}: subsystem index ${String(s)} out of range 0…${count - 1}`, `which[${k}]`);
    }
    if (seen.has(s)) throw new MeasureError('invalid-input', `${fn}: subsystem ${s} listed twice`, `which[${k}]`);
    seen.add(s);
  }
  return [...list];
}
