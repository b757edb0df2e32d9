/**
 * Singular value decomposition of a complex matrix, A = U Σ V†, by one-sided Jacobi (Hestenes): columns
 * of G = A·V are orthogonalised pairwise by plane rotations accumulated in V until every pair satisfies
 * |g_p†g_q| ≤ tol·‖g_p‖‖g_q‖ (tol = m·2⁻⁵³); then σ_j = ‖g_j‖ and u_j = g_j/σ_j. For a pair with
 * g_p†g_q = |γ|e^{iφ} the rotation is real in (g_p, e^{−iφ}g_q):
 *     ζ = (‖g_q‖² − ‖g_p‖²)/(2|γ|),  t = sign(ζ)/(|ζ| + √(1 + ζ²)),  c = 1/√(1 + t²),  s = c·t,
 *     g_p ← c·g_p − s·e^{−iφ}·g_q,   g_q ← s·e^{iφ}·g_p + c·g_q.
 * Columns whose norm falls below n·ε·max_j‖a_j‖ are left alone (rounding noise; rotating them against
 * large ones can cycle). Each rotation is backward stable, so the computed σ_j are those of A + δA with
 * ‖δA‖ ≲ p(n)·ε‖A‖: a singular value is resolved down to about n·ε‖A‖ (not √ε‖A‖ as from the eigenvalues of A†A), which is
 * what telling a slow mode (σ ~ 1e-6‖A‖) from a null vector (σ ~ ε‖A‖) needs. Cost O(n³) per sweep,
 * typically 6–10 sweeps: for small and moderate matrices (a few hundred columns). No physics.
 */
import { DenseMatrix } from './dense.ts';
import { LinalgError } from './errors.ts';

export interface Svd {
  /** Singular values, descending. */
  readonly values: Float64Array;
  /** Right singular vectors as the columns of V (n×n), in the order of `values`. */
  readonly v: DenseMatrix;
  /** Left singular vectors u_j = A v_j / σ_j (m×n; a column with σ_j = 0 is zero). */
  readonly u: DenseMatrix;
}

const MAX_SWEEPS = 80;

/** SVD of an m×n complex matrix with m ≥ n (for m < n decompose the adjoint). */
export function svd(a: DenseMatrix): Svd {
  const m = a.rows, n = a.cols;
  if (m < n) throw new LinalgError(`svd: needs rows ≥ columns, got ${m}×${n} (decompose the adjoint)`);
  if (!a.isFinite()) throw new LinalgError('svd: matrix has non-finite entries', 'non-finite');
  // Column-major working copies: gr[j][i], gi[j][i] (and the same for V).
  const gr = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => a.data[2 * (i * n + j)]));
  const gi = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => a.data[2 * (i * n + j) + 1]));
  const vr = Array.from({ length: n }, (_, j) => { const c = new Float64Array(n); c[j] = 1; return c; });
  const vi = Array.from({ length: n }, () => new Float64Array(n));
  const norm2 = new Float64Array(n);
  for (let j = 0; j < n; j++) norm2[j] = sumSquares(gr[j], gi[j]);
  const tol = Math.max(m, 1) * 2 ** -53;
  // Columns below ε·max‖a_j‖ are rounding noise: they are not rotated (their σ is resolved to that
  // absolute level only, which is all a backward-stable method can promise), else such pairs can cycle.
  let top = 0;
  for (let j = 0; j < n; j++) top = Math.max(top, norm2[j]);
  const negligible = top * (n * 2 ** -52) ** 2;
  let sweep = 0;
  for (; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const alpha = norm2[p], beta = norm2[q];
        if (alpha <= negligible || beta <= negligible) continue;
        const xr = gr[p], xi = gi[p], yr = gr[q], yi = gi[q];
        let cr = 0, ci = 0; // g_p† g_q
        for (let i = 0; i < m; i++) {
          cr += xr[i] * yr[i] + xi[i] * yi[i];
          ci += xr[i] * yi[i] - xi[i] * yr[i];
        }
        const g = Math.hypot(cr, ci);
        if (!(g > tol * Math.sqrt(alpha) * Math.sqrt(beta))) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * g);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        const er = cr / g, ei = ci / g; // e^{iφ}
        rotate(xr, xi, yr, yi, m, c, s, er, ei);
        rotate(vr[p], vi[p], vr[q], vi[q], n, c, s, er, ei);
        norm2[p] = sumSquares(xr, xi);
        norm2[q] = sumSquares(yr, yi);
      }
    }
    if (!rotated) break;
  }
  if (sweep === MAX_SWEEPS) throw new LinalgError(`svd: one-sided Jacobi did not converge in ${MAX_SWEEPS} sweeps`, 'not-converged');
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norm2[y] - norm2[x]);
  const values = Float64Array.from(order, (j) => Math.sqrt(norm2[j]));
  const v = new DenseMatrix(n, n), u = new DenseMatrix(m, n);
  order.forEach((j, k) => {
    for (let i = 0; i < n; i++) v.set(i, k, vr[j][i], vi[j][i]);
    const sigma = values[k];
    if (sigma > 0) for (let i = 0; i < m; i++) u.set(i, k, gr[j][i] / sigma, gi[j][i] / sigma);
  });
  return { values, v, u };
}

function sumSquares(re: Float64Array, im: Float64Array): number {
  let s = 0;
  for (let i = 0; i < re.length; i++) s += re[i] * re[i] + im[i] * im[i];
  return s;
}

/** (x, y) ← (c·x − s·e^{−iφ}·y, s·e^{iφ}·x + c·y) on columns of length len. */
function rotate(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, len: number, c: number, s: number, er: number, ei: number): void {
  for (let i = 0; i < len; i++) {
    const ar = xr[i], ai = xi[i], br = yr[i], bi = yi[i];
    // e^{−iφ}·y = (er·br + ei·bi) + i(er·bi − ei·br);  e^{iφ}·x = (er·ar − ei·ai) + i(er·ai + ei·ar)
    xr[i] = c * ar - s * (er * br + ei * bi);
    xi[i] = c * ai - s * (er * bi - ei * br);
    yr[i] = s * (er * ar - ei * ai) + c * br;
    yi[i] = s * (er * ai + ei * ar) + c * bi;
  }
}
