/**
 * Arnoldi iteration for a few eigenvalues of largest modulus of a linear operator x ↦ M·x given only by
 * its action (typically a shift-invert M = (A − σI)⁻¹ applied through a sparse LU, whose largest |θ| are
 * the eigenvalues λ = σ + 1/θ of A nearest σ).
 *
 * M·V_m = V_m·H_m + h_{m+1,m} v_{m+1} e_mᵀ with V orthonormal (modified Gram–Schmidt, applied twice) and
 * H_m upper Hessenberg. Ritz values θ are the eigenvalues of H_m (eig.ts); the residual of a Ritz pair
 * (θ, V_m y), ‖y‖ = 1, is exactly |h_{m+1,m}|·|y_m|, with y from inverse iteration on H_m − θI. The basis is
 * extended (no restarts) until the wanted Ritz pairs have residual ≤ tol·|θ| or the dimension limit is
 * reached. No physics lives here.
 */
import { DenseMatrix } from './dense.ts';
import { denseLu } from './lu.ts';
import { eigvals } from './eig.ts';
import { LinalgError } from './errors.ts';
import { norm2 } from './vector.ts';
import { checkArgument } from './arguments.ts';

export interface ArnoldiOptions {
  /** Number of wanted eigenvalues (those of largest modulus). */
  count: number;
  /** Largest Krylov dimension (default min(n, 200)). */
  maxDim?: number;
  /** Relative residual tolerance ‖M x − θ x‖ ≤ tol·|θ| (default 1e-10). */
  tol?: number;
}

export interface ArnoldiResult {
  /** The wanted Ritz values, largest modulus first. */
  re: Float64Array;
  im: Float64Array;
  /** Residual norms ‖M x − θ x‖ of the corresponding unit Ritz vectors. */
  residuals: Float64Array;
  /** True when every returned pair met the tolerance. */
  converged: boolean;
  /** Krylov dimension used. */
  dim: number;
}

/** Deterministic start vector (fixed seed), so results are reproducible. */
function startVector(n: number): Float64Array {
  const v = new Float64Array(2 * n);
  let s = 0x2545f491;
  for (let k = 0; k < v.length; k++) {
    s = (Math.imul(s ^ (s >>> 13), 0x5bd1e995) + 0x6d2b79f5) | 0;
    v[k] = ((s >>> 0) / 4294967296) - 0.5;
  }
  return v;
}

/**
 * The `count` eigenvalues of largest modulus of the n×n operator `apply` (apply(x) returns M·x as a new
 * interleaved complex vector). Throws LinalgError for invalid options or a non-finite product.
 */
export function arnoldiLargest(apply: (x: Float64Array) => Float64Array, n: number, options: ArnoldiOptions): ArnoldiResult {
  checkArgument(apply, 'function', 'arnoldiLargest', 'apply');
  checkArgument(n, 'count', 'arnoldiLargest', 'n');
  checkArgument(options, 'options', 'arnoldiLargest', 'options');
  const count = options.count, tol = options.tol ?? 1e-10;
  const maxDim = Math.min(n, options.maxDim ?? 200);
  if (!(Number.isInteger(count) && count >= 1 && count <= n)) throw new LinalgError(`arnoldi: count must be an integer in [1, ${n}], got ${count}`);
  if (!(tol > 0)) throw new LinalgError(`arnoldi: tol must be positive, got ${tol}`);
  const checkpoints = new Set<number>();
  for (let m = Math.min(maxDim, Math.max(2 * count + 10, 30)); m < maxDim; m *= 2) checkpoints.add(m);
  checkpoints.add(maxDim);

  const basis: Float64Array[] = [];
  const hcols: Float64Array[] = []; // column j of H: entries 0…j+1, interleaved
  let v = startVector(n);
  const nv = norm2(v);
  for (let k = 0; k < v.length; k++) v[k] /= nv;
  basis.push(v);
  let last: ArnoldiResult | null = null;
  for (let j = 0; j < maxDim; j++) {
    const w = apply(basis[j]);
    if (w.length !== 2 * n) throw new LinalgError(`arnoldi: operator returned length ${w.length / 2}, expected ${n}`);
    const h = new Float64Array(2 * (j + 2));
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i <= j; i++) {
        const b = basis[i];
        let sr = 0, si = 0; // ⟨b, w⟩
        for (let k = 0; k < w.length; k += 2) { sr += b[k] * w[k] + b[k + 1] * w[k + 1]; si += b[k] * w[k + 1] - b[k + 1] * w[k]; }
        h[2 * i] += sr; h[2 * i + 1] += si;
        for (let k = 0; k < w.length; k += 2) { w[k] -= sr * b[k] - si * b[k + 1]; w[k + 1] -= sr * b[k + 1] + si * b[k]; }
      }
    }
    const beta = norm2(w);
    if (!Number.isFinite(beta)) throw new LinalgError('arnoldi: non-finite operator product', 'non-finite');
    h[2 * (j + 1)] = beta;
    hcols.push(h);
    let scale = 0;
    for (const c of hcols) for (let k = 0; k < c.length; k += 2) scale = Math.max(scale, Math.hypot(c[k], c[k + 1]));
    const breakdown = beta <= 1e-14 * scale;
    if (breakdown || checkpoints.has(j + 1)) {
      last = ritz(hcols, j + 1, Math.min(count, j + 1), breakdown ? 0 : beta, tol);
      if (last.converged || breakdown) return last;
    }
    for (let k = 0; k < w.length; k++) w[k] /= beta;
    basis.push(w);
  }
  return last!;
}

/** Ritz values of the leading m×m block of H with residual estimates |β|·|y_m|. */
function ritz(hcols: Float64Array[], m: number, count: number, beta: number, tol: number): ArnoldiResult {
  const hm = new DenseMatrix(m, m);
  for (let j = 0; j < m; j++) for (let i = 0; i <= Math.min(j + 1, m - 1); i++) hm.set(i, j, hcols[j][2 * i], hcols[j][2 * i + 1]);
  const ev = eigvals(hm);
  const order = Array.from({ length: m }, (_, k) => k).sort((a, b) => Math.hypot(ev.re[b], ev.im[b]) - Math.hypot(ev.re[a], ev.im[a]));
  const re = new Float64Array(count), im = new Float64Array(count), residuals = new Float64Array(count);
  let converged = true;
  let hnorm = 0;
  for (let k = 0; k < hm.data.length; k += 2) hnorm = Math.max(hnorm, Math.hypot(hm.data[k], hm.data[k + 1]));
  for (let c = 0; c < count; c++) {
    const k = order[c];
    re[c] = ev.re[k]; im[c] = ev.im[k];
    residuals[c] = beta === 0 ? 0 : beta * lastComponent(hm, ev.re[k], ev.im[k], hnorm);
    if (!(residuals[c] <= tol * Math.hypot(re[c], im[c]))) converged = false;
  }
  return { re, im, residuals, converged, dim: m };
}

/** |y_m| of the unit eigenvector y of H for the eigenvalue θ, by two steps of inverse iteration. */
function lastComponent(h: DenseMatrix, tr: number, ti: number, hnorm: number): number {
  const m = h.rows, shifted = h.clone();
  const delta = Math.max(hnorm, 1e-300) * 1e-13;
  for (let i = 0; i < m; i++) shifted.addAt(i, i, -tr - delta, -ti);
  let y: Float64Array = new Float64Array(2 * m).fill(1);
  try {
    const lu = denseLu(shifted);
    for (let it = 0; it < 2; it++) {
      y = lu.solve(y);
      const s = norm2(y);
      if (!(s > 0 && Number.isFinite(s))) return 1;
      for (let k = 0; k < y.length; k++) y[k] /= s;
    }
  } catch {
    return 1; // cannot tell: report the pessimistic bound |y_m| ≤ 1
  }
  return Math.hypot(y[2 * (m - 1)], y[2 * (m - 1) + 1]);
}
