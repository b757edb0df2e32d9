/**
 * Krylov solvers for complex square systems A·x = b given as a CSR matrix or any operator with a
 * matvec: restarted GMRES(m) and BiCGSTAB, both with right preconditioning A·M⁻¹·y = b, x = M⁻¹·y
 * (so the residual they monitor is the true residual of A·x = b). Convergence means the relative
 * residual ‖b − A·x‖₂/‖b‖₂ ≤ tol, re-checked with an explicit residual before returning. On
 * breakdown or non-finite intermediate values they stop with converged = false and the last good
 * (finite) iterate; they never return NaN. No physics lives here.
 */
import { CsrMatrix } from './sparse.ts';
import { LinalgError } from './errors.ts';
import type { LinearSolver } from './solver.ts';
import { axpy, cdot, norm2 } from './vector.ts';
import { checkArgument } from './arguments.ts';

/** A square linear operator on interleaved complex vectors; matvec writes A·x into y and returns y. */
export interface LinearOperator {
  readonly n: number;
  matvec(x: Float64Array, y: Float64Array): Float64Array;
}

export interface KrylovOptions {
  /** Target relative residual ‖b − A·x‖/‖b‖ (default 1e-10). */
  tol?: number;
  /** Maximum number of iterations: Arnoldi steps for GMRES, BiCGSTAB steps (two matvecs each) (default 1000). */
  maxIter?: number;
  /** GMRES restart length m (default 30). */
  restart?: number;
  /** Right preconditioner: solve(v) applies M⁻¹ ≈ A⁻¹. */
  preconditioner?: LinearSolver;
  /** Initial guess (default 0; ignored if it has non-finite entries); not modified. */
  x0?: Float64Array;
}

export interface KrylovResult {
  x: Float64Array;
  converged: boolean;
  iterations: number;
  /** Relative residual ‖b − A·x‖/‖b‖ of the returned x (absolute ‖A·x‖ when b = 0). */
  residualNorm: number;
}

function asOperator(a: CsrMatrix | LinearOperator): LinearOperator {
  if (a instanceof CsrMatrix) {
    if (a.rows !== a.cols) throw new LinalgError(`Krylov solve with a non-square ${a.rows}×${a.cols} matrix`);
    return { n: a.rows, matvec: (x, y) => a.matvec(x, y) };
  }
  return a;
}

interface Setup {
  op: LinearOperator;
  n: number;
  tol: number;
  maxIter: number;
  pre: LinearSolver | undefined;
  x: Float64Array;
  bnorm: number;
}

function setup(a: CsrMatrix | LinearOperator, b: Float64Array, o: KrylovOptions): Setup {
  const op = asOperator(a), n = op.n;
  if (b.length !== 2 * n) throw new LinalgError(`Krylov solve: right-hand side length ${b.length / 2} ≠ ${n}`);
  if (o.x0 && o.x0.length !== 2 * n) throw new LinalgError(`Krylov solve: x0 length ${o.x0.length / 2} ≠ ${n}`);
  if (o.preconditioner && o.preconditioner.n !== n) throw new LinalgError(`Krylov solve: preconditioner size ${o.preconditioner.n} ≠ ${n}`);
  const x = o.x0 && isFiniteVec(o.x0) ? o.x0.slice() : new Float64Array(2 * n);
  const bnorm = norm2(b);
  if (!Number.isFinite(bnorm)) throw new LinalgError('Krylov solve: right-hand side has non-finite entries', 'non-finite');
  return { op, n, tol: o.tol ?? 1e-10, maxIter: Math.max(0, Math.floor(o.maxIter ?? 1000)), pre: o.preconditioner, x, bnorm };
}

function isFiniteVec(v: Float64Array): boolean {
  for (let k = 0; k < v.length; k++) if (!Number.isFinite(v[k])) return false;
  return true;
}

/** r ← b − A·x; returns ‖r‖₂. */
function residual(op: LinearOperator, b: Float64Array, x: Float64Array, r: Float64Array): number {
  op.matvec(x, r);
  for (let k = 0; k < r.length; k++) r[k] = b[k] - r[k];
  return norm2(r);
}

function finish(s: Setup, b: Float64Array, iterations: number): KrylovResult {
  const r = new Float64Array(2 * s.n);
  const rn = residual(s.op, b, s.x, r), rel = s.bnorm > 0 ? rn / s.bnorm : rn;
  return { x: s.x, converged: Number.isFinite(rel) && rel <= s.tol, iterations, residualNorm: Number.isFinite(rel) ? rel : Infinity };
}

/**
 * Restarted GMRES(m) with right preconditioning: each cycle minimises ‖b − A·(x₀ + M⁻¹·V_k·y)‖₂ over
 * the Krylov space V_k = span{r₀, A·M⁻¹·r₀, …} (Arnoldi with modified Gram–Schmidt and one
 * re-orthogonalisation when cancellation is detected; complex Givens rotations on the Hessenberg matrix).
 * The basis vectors and Hessenberg columns are allocated as the cycle grows, so a large restart length
 * (up to n: full GMRES) costs memory, 16·n bytes per Krylov vector, only for the steps actually taken.
 */
export function gmres(a: CsrMatrix | LinearOperator, b: Float64Array, opts: KrylovOptions = {}): KrylovResult {
  checkArgument(a, 'csr-or-operator', 'gmres', 'a');
  checkArgument(b, 'vector', 'gmres', 'b');
  checkArgument(opts, 'options', 'gmres', 'opts');
  const s = setup(a, b, opts);
  const { op, n, tol, pre, x } = s;
  if (s.bnorm === 0) { x.fill(0); return finish(s, b, 0); }
  const m = Math.max(1, Math.min(Math.floor(opts.restart ?? 30), Math.max(n, 1)));
  const len = 2 * n;
  /** Krylov basis v_0 … v_k and Hessenberg columns h_j (j + 2 complex entries each), kept across cycles. */
  const v: Float64Array[] = [], h: Float64Array[] = [];
  const basis = (j: number) => (v[j] ??= new Float64Array(len));
  const cs = new Float64Array(m), sn = new Float64Array(2 * m), g = new Float64Array(2 * (m + 1)), y = new Float64Array(2 * m);
  const r = new Float64Array(len), z = new Float64Array(len), w = new Float64Array(len);
  let iterations = 0;
  while (iterations < s.maxIter) {
    const beta = residual(op, b, x, r);
    if (!Number.isFinite(beta) || beta <= tol * s.bnorm) break;
    const v0 = basis(0);
    for (let k = 0; k < len; k++) v0[k] = r[k] / beta;
    g.fill(0);
    g[0] = beta;
    let k = 0, broke = false;
    for (let j = 0; j < m && iterations < s.maxIter; j++) {
      iterations++;
      const vj = v[j], hj = (h[j] ??= new Float64Array(2 * (j + 2)));
      hj.fill(0);
      if (pre) pre.solve(vj, z); else z.set(vj);
      op.matvec(z, w);
      const wn0 = norm2(w);
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i <= j; i++) {
          const [hr, hi] = cdot(v[i], w);
          hj[2 * i] += hr;
          hj[2 * i + 1] += hi;
          axpy(-hr, -hi, v[i], w);
        }
        if (norm2(w) > 0.7 * wn0) break; // no severe cancellation: one pass is enough
      }
      const hn = norm2(w);
      if (!Number.isFinite(hn) || !isFiniteVec(hj)) { broke = true; break; }
      hj[2 * (j + 1)] = hn;
      // Apply the previous rotations, then one that zeroes h[j+1, j].
      for (let i = 0; i < j; i++) rotate(hj, 2 * i, cs[i], sn[2 * i], sn[2 * i + 1]);
      givens(hj[2 * j], hj[2 * j + 1], hn, cs, sn, j);
      rotate(hj, 2 * j, cs[j], sn[2 * j], sn[2 * j + 1]);
      rotate(g, 2 * j, cs[j], sn[2 * j], sn[2 * j + 1]);
      k = j + 1;
      if (hn === 0) break; // happy breakdown: the Krylov space is invariant
      const vn = basis(j + 1);
      for (let q = 0; q < len; q++) vn[q] = w[q] / hn;
      if (Math.hypot(g[2 * j + 2], g[2 * j + 3]) <= tol * s.bnorm) break;
    }
    if (k === 0) break;
    // Back substitution R·y = g, then x ← x + M⁻¹·(V_k·y).
    for (let i = k - 1; i >= 0; i--) {
      let sr = g[2 * i], si = g[2 * i + 1];
      for (let c = i + 1; c < k; c++) {
        const hr = h[c][2 * i], hi = h[c][2 * i + 1];
        sr -= hr * y[2 * c] - hi * y[2 * c + 1];
        si -= hr * y[2 * c + 1] + hi * y[2 * c];
      }
      const dr = h[i][2 * i], di = h[i][2 * i + 1], den = dr * dr + di * di;
      y[2 * i] = (sr * dr + si * di) / den;
      y[2 * i + 1] = (si * dr - sr * di) / den;
    }
    w.fill(0);
    for (let i = 0; i < k; i++) axpy(y[2 * i], y[2 * i + 1], v[i], w);
    if (pre) pre.solve(w, z); else z.set(w);
    if (!isFiniteVec(z)) break;
    for (let q = 0; q < len; q++) x[q] += z[q];
    if (broke) break;
  }
  return finish(s, b, iterations);
}

/** Complex Givens rotation G = [[c, s], [−s̄, c]] (c real) with G·[a, b]ᵀ = [ν·a/|a|, 0]ᵀ, b real ≥ 0. */
function givens(ar: number, ai: number, b: number, cs: Float64Array, sn: Float64Array, j: number): void {
  const aa = Math.hypot(ar, ai), nu = Math.hypot(aa, b);
  if (nu === 0) { cs[j] = 1; sn[2 * j] = 0; sn[2 * j + 1] = 0; return; }
  if (aa === 0) { cs[j] = 0; sn[2 * j] = 1; sn[2 * j + 1] = 0; return; }
  cs[j] = aa / nu;
  sn[2 * j] = (ar / aa) * (b / nu);
  sn[2 * j + 1] = (ai / aa) * (b / nu);
}

/** (u, v) at offsets (at, at+2) ← (c·u + s·v, −s̄·u + c·v). */
function rotate(t: Float64Array, at: number, c: number, sr: number, si: number): void {
  const ur = t[at], ui = t[at + 1], vr = t[at + 2], vi = t[at + 3];
  t[at] = c * ur + sr * vr - si * vi;
  t[at + 1] = c * ui + sr * vi + si * vr;
  t[at + 2] = c * vr - (sr * ur + si * ui);
  t[at + 3] = c * vi - (sr * ui - si * ur);
}

/**
 * BiCGSTAB (van der Vorst) with right preconditioning: ρ = ⟨r̂, r⟩, p ← r + β(p − ω·v),
 * v = A·M⁻¹p, α = ρ/⟨r̂, v⟩, s = r − α·v, t = A·M⁻¹s, ω = ⟨t, s⟩/⟨t, t⟩, x += α·M⁻¹p + ω·M⁻¹s.
 * On a breakdown (ρ, ⟨r̂, v⟩ or ω ≈ 0), and whenever the recurrence claims convergence, it restarts
 * from the explicit residual b − A·x (every restart costs at least one iteration, so maxIter bounds it).
 */
export function bicgstab(a: CsrMatrix | LinearOperator, b: Float64Array, opts: KrylovOptions = {}): KrylovResult {
  checkArgument(a, 'csr-or-operator', 'bicgstab', 'a');
  checkArgument(b, 'vector', 'bicgstab', 'b');
  checkArgument(opts, 'options', 'bicgstab', 'opts');
  const s0 = setup(a, b, opts);
  const { op, n, tol, pre, x } = s0;
  if (s0.bnorm === 0) { x.fill(0); return finish(s0, b, 0); }
  const len = 2 * n, target = tol * s0.bnorm;
  const r = new Float64Array(len), rh = new Float64Array(len), p = new Float64Array(len), v = new Float64Array(len);
  const ph = new Float64Array(len), sv = new Float64Array(len), sh = new Float64Array(len), t = new Float64Array(len);
  const xt = new Float64Array(len);
  const apply = (src: Float64Array, dst: Float64Array) => (pre ? pre.solve(src, dst) : dst.set(src));
  /** x ← x + α·M⁻¹p (+ ω·M⁻¹s) if the result is finite; false otherwise (x is left as it was). */
  const update = (ar: number, ai: number, or: number, oi: number): boolean => {
    xt.set(x);
    axpy(ar, ai, ph, xt);
    if (or !== 0 || oi !== 0) axpy(or, oi, sh, xt);
    if (!isFiniteVec(xt)) return false;
    x.set(xt);
    return true;
  };
  let iterations = 0;
  restart: while (iterations < s0.maxIter) {
    let rn = residual(op, b, x, r);
    if (!Number.isFinite(rn) || rn <= target) break;
    rh.set(r);
    p.fill(0);
    v.fill(0);
    let rhoR = 1, rhoI = 0, alR = 1, alI = 0, omR = 1, omI = 0;
    const tiny = 1e-300;
    while (iterations < s0.maxIter) {
      iterations++;
      const [rr, ri] = cdot(rh, r);
      if (Math.hypot(rr, ri) <= 1e-30 * rn * norm2(rh) || !Number.isFinite(rr + ri)) continue restart;
      // β = (ρ/ρ_old)·(α/ω)
      const [q1r, q1i] = cdiv(rr, ri, rhoR, rhoI), [q2r, q2i] = cdiv(alR, alI, omR, omI);
      const br = q1r * q2r - q1i * q2i, bi = q1r * q2i + q1i * q2r;
      rhoR = rr; rhoI = ri;
      for (let k = 0; k < len; k += 2) {
        const ur = p[k] - (omR * v[k] - omI * v[k + 1]), ui = p[k + 1] - (omR * v[k + 1] + omI * v[k]);
        p[k] = r[k] + br * ur - bi * ui;
        p[k + 1] = r[k + 1] + br * ui + bi * ur;
      }
      apply(p, ph);
      op.matvec(ph, v);
      const [dr, di] = cdot(rh, v);
      if (Math.hypot(dr, di) <= tiny || !Number.isFinite(dr + di)) continue restart;
      [alR, alI] = cdiv(rr, ri, dr, di);
      sv.set(r);
      axpy(-alR, -alI, v, sv);
      if (!isFiniteVec(sv)) break restart;
      if (norm2(sv) <= target) { // half-step convergence: update, then confirm explicitly
        if (!update(alR, alI, 0, 0)) break restart;
        continue restart;
      }
      apply(sv, sh);
      op.matvec(sh, t);
      const [tsr, tsi] = cdot(t, sv), tt = norm2(t) ** 2;
      if (!(tt > tiny) || !Number.isFinite(tsr + tsi)) {
        if (!update(alR, alI, 0, 0)) break restart;
        continue restart;
      }
      omR = tsr / tt; omI = tsi / tt;
      if (!update(alR, alI, omR, omI)) break restart;
      r.set(sv);
      axpy(-omR, -omI, t, r);
      rn = norm2(r);
      if (rn <= target) continue restart; // confirm with the explicit residual
      if (Math.hypot(omR, omI) <= tiny) continue restart;
    }
  }
  return finish(s0, b, iterations);
}

/** (ar + i·ai)/(br + i·bi) by Smith's method. */
function cdiv(ar: number, ai: number, br: number, bi: number): [number, number] {
  if (Math.abs(br) >= Math.abs(bi)) {
    const q = bi / br, d = br + bi * q;
    return [(ar + ai * q) / d, (ai - ar * q) / d];
  }
  const q = br / bi, d = br * q + bi;
  return [(ar * q + ai) / d, (ai * q - ar) / d];
}
