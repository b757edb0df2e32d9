/**
 * Smallest eigenvalue of a small Hermitian matrix by the cyclic Jacobi method, without allocation
 * (for the many tiny diagonal blocks of block-diagonal density matrices). No physics lives here.
 *
 * Each rotation annihilates one off-diagonal entry a_pq = r·e^{iφ} (r = |a_pq|) with G = D·R,
 * D = diag(1, e^{−iφ}) on (p, q) (making the entry real) and the real rotation R = [[c, s], [−s, c]],
 *
 *     ζ = (a_qq − a_pp)/(2r),  t = sign(ζ)/(|ζ| + √(1 + ζ²)),  c = 1/√(1 + t²),  s = t·c,
 *     a_pp ← a_pp − t·r,  a_qq ← a_qq + t·r,  a_pq ← 0,
 *     a_jp ← c·a_jp − s·e^{−iφ}·a_jq,  a_jq ← s·a_jp + c·e^{−iφ}·a_jq  (j ≠ p, q; rows p, q by symmetry).
 *
 * Sweeps over all pairs repeat until Σ_{p<q} |a_pq|² ≤ ε²·‖A‖_F² (quadratic convergence), so every
 * eigenvalue is accurate to O(ε‖A‖) like any backward-stable method. The block is first scaled by an
 * exact power of two so that its largest entry is of order 1 (no underflow of the squares).
 */
import { LinalgError } from './errors.ts';
import { checkArgument } from './arguments.ts';

const EPS = 2 ** -52;
const MAX_SWEEPS = 60;

/**
 * Smallest eigenvalue of the Hermitian part (A + A†)/2 of the principal submatrix A = M[idx, idx] of the
 * row-major interleaved n×n matrix `data`. `work` needs length ≥ 2·idx.length². Entries must be finite.
 */
export function hermitianMinEigenvalue(data: Float64Array, n: number, idx: ArrayLike<number>, work: Float64Array): number {
  checkArgument(data, 'vector', 'hermitianMinEigenvalue', 'data');
  checkArgument(n, 'count', 'hermitianMinEigenvalue', 'n');
  checkArgument(idx, 'indices', 'hermitianMinEigenvalue', 'idx');
  checkArgument(work, 'vector', 'hermitianMinEigenvalue', 'work');
  const k = idx.length, w = work;
  if (k === 0) return Infinity;
  let m = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const p = 2 * (idx[a] * n + idx[b]), q = 2 * (idx[b] * n + idx[a]);
      const re = 0.5 * data[p] + 0.5 * data[q], im = a === b ? 0 : 0.5 * data[p + 1] - 0.5 * data[q + 1];
      w[2 * (a * k + b)] = re;
      w[2 * (a * k + b) + 1] = im;
      m = Math.max(m, Math.abs(re), Math.abs(im));
    }
  }
  if (!Number.isFinite(m)) throw new LinalgError('hermitianMinEigenvalue: matrix has non-finite entries', 'non-finite');
  if (m === 0) return 0;
  // Exact power-of-two scaling 2^−e, applied in two factors so that neither overflows.
  const e = Math.floor(Math.log2(m)), f1 = 2 ** -Math.trunc(e / 2), f2 = 2 ** -(e - Math.trunc(e / 2));
  let fro = 0;
  for (let t = 0; t < 2 * k * k; t++) {
    w[t] = w[t] * f1 * f2;
    fro += w[t] * w[t];
  }
  for (let sweep = 0; ; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += w[2 * (p * k + q)] ** 2 + w[2 * (p * k + q) + 1] ** 2;
    if (off <= EPS * EPS * fro) break;
    if (sweep === MAX_SWEEPS) throw new LinalgError(`hermitianMinEigenvalue: Jacobi did not converge in ${MAX_SWEEPS} sweeps`, 'not-converged');
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) rotate(w, k, p, q);
  }
  let min = Infinity;
  for (let a = 0; a < k; a++) min = Math.min(min, w[2 * (a * k + a)]);
  return min * 2 ** Math.trunc(e / 2) * 2 ** (e - Math.trunc(e / 2));
}

/** One Jacobi rotation annihilating w_pq (see the module comment). */
function rotate(w: Float64Array, k: number, p: number, q: number): void {
  const pq = 2 * (p * k + q), apr = w[pq], api = w[pq + 1];
  const r = Math.sqrt(apr * apr + api * api);
  if (r === 0) return;
  const cr = apr / r, ci = api / r; // e^{iφ}
  const app = w[2 * (p * k + p)], aqq = w[2 * (q * k + q)];
  const zeta = (aqq - app) / (2 * r);
  const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
  const c = 1 / Math.sqrt(1 + t * t), s = t * c;
  w[2 * (p * k + p)] = app - t * r;
  w[2 * (q * k + q)] = aqq + t * r;
  w[pq] = w[pq + 1] = 0;
  const qp = 2 * (q * k + p);
  w[qp] = w[qp + 1] = 0;
  for (let j = 0; j < k; j++) {
    if (j === p || j === q) continue;
    const jp = 2 * (j * k + p), jq = 2 * (j * k + q);
    const xr = w[jp], xi = w[jp + 1];
    const yr = w[jq] * cr + w[jq + 1] * ci, yi = w[jq + 1] * cr - w[jq] * ci; // e^{−iφ}·a_jq
    const npr = c * xr - s * yr, npi = c * xi - s * yi, nqr = s * xr + c * yr, nqi = s * xi + c * yi;
    w[jp] = npr; w[jp + 1] = npi;
    w[jq] = nqr; w[jq + 1] = nqi;
    const pj = 2 * (p * k + j), qj = 2 * (q * k + j);
    w[pj] = npr; w[pj + 1] = -npi;
    w[qj] = nqr; w[qj + 1] = -nqi;
  }
}
