/**
 * A small dense complex linear algebra for the hostile suite's independent checks, written without any
 * engine code: n×n matrices as separate real and imaginary row-major arrays, products, adjoints, Kronecker
 * embedding, Frobenius norms, the Lindbladian applied directly (no vectorisation), and the smallest
 * eigenvalue of a Hermitian matrix by cyclic Jacobi rotations on its real 2n×2n form [[A, −B], [B, A]]
 * (every eigenvalue of A + iB appears twice there).
 */

export class CMat {
  readonly re: Float64Array;
  readonly im: Float64Array;
  constructor(readonly n: number, re?: Float64Array, im?: Float64Array) {
    this.re = re ?? new Float64Array(n * n);
    this.im = im ?? new Float64Array(n * n);
  }

  static identity(n: number): CMat {
    const m = new CMat(n);
    for (let i = 0; i < n; i++) m.re[i * n + i] = 1;
    return m;
  }

  static fromRows(rows: ReadonlyArray<ReadonlyArray<readonly [number, number] | number>>): CMat {
    const n = rows.length, m = new CMat(n);
    rows.forEach((row, i) => row.forEach((z, j) => {
      if (typeof z === 'number') m.re[i * n + j] = z;
      else { m.re[i * n + j] = z[0]; m.im[i * n + j] = z[1]; }
    }));
    return m;
  }

  set(i: number, j: number, re: number, im = 0): void { this.re[i * this.n + j] = re; this.im[i * this.n + j] = im; }

  add(o: CMat, s = 1): CMat {
    const r = new CMat(this.n);
    for (let k = 0; k < this.re.length; k++) { r.re[k] = this.re[k] + s * o.re[k]; r.im[k] = this.im[k] + s * o.im[k]; }
    return r;
  }

  scale(a: number, b = 0): CMat {
    const r = new CMat(this.n);
    for (let k = 0; k < this.re.length; k++) { r.re[k] = a * this.re[k] - b * this.im[k]; r.im[k] = a * this.im[k] + b * this.re[k]; }
    return r;
  }

  mul(o: CMat): CMat {
    const n = this.n, r = new CMat(n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const ar = this.re[i * n + k], ai = this.im[i * n + k];
        if (ar === 0 && ai === 0) continue;
        for (let j = 0; j < n; j++) {
          const br = o.re[k * n + j], bi = o.im[k * n + j];
          r.re[i * n + j] += ar * br - ai * bi;
          r.im[i * n + j] += ar * bi + ai * br;
        }
      }
    }
    return r;
  }

  dag(): CMat {
    const n = this.n, r = new CMat(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { r.re[j * n + i] = this.re[i * n + j]; r.im[j * n + i] = -this.im[i * n + j]; }
    return r;
  }

  /** ‖A‖_F, scaled so that huge or tiny entries neither overflow nor underflow. */
  frob(): number {
    let big = 0;
    for (let k = 0; k < this.re.length; k++) big = Math.max(big, Math.abs(this.re[k]), Math.abs(this.im[k]));
    if (big === 0 || !Number.isFinite(big)) return big;
    let s = 0;
    for (let k = 0; k < this.re.length; k++) { const a = this.re[k] / big, b = this.im[k] / big; s += a * a + b * b; }
    return big * Math.sqrt(s);
  }

  maxAbs(): number {
    let big = 0;
    for (let k = 0; k < this.re.length; k++) big = Math.max(big, Math.hypot(this.re[k], this.im[k]));
    return big;
  }

  trace(): [number, number] {
    let a = 0, b = 0;
    for (let i = 0; i < this.n; i++) { a += this.re[i * this.n + i]; b += this.im[i * this.n + i]; }
    return [a, b];
  }

  isFinite(): boolean {
    for (let k = 0; k < this.re.length; k++) if (!Number.isFinite(this.re[k]) || !Number.isFinite(this.im[k])) return false;
    return true;
  }
}

/** I_before ⊗ local ⊗ I_after (dims of the subsystems, k the one `local` acts on). */
export function embed(dims: readonly number[], k: number, local: CMat): CMat {
  const n = dims.reduce((a, b) => a * b, 1), d = dims[k];
  const after = dims.slice(k + 1).reduce((a, b) => a * b, 1);
  const out = new CMat(n);
  for (let i = 0; i < n; i++) {
    const li = Math.floor(i / after) % d;
    for (let lj = 0; lj < d; lj++) {
      const re = local.re[li * d + lj], im = local.im[li * d + lj];
      if (re === 0 && im === 0) continue;
      const j = i + (lj - li) * after;
      out.re[i * n + j] = re;
      out.im[i * n + j] = im;
    }
  }
  return out;
}

/** L(ρ) = −i[H, ρ] + Σ γ_k (o ρ o† − ½{o†o, ρ}) for finite rates. */
export function lindbladian(h: CMat, channels: ReadonlyArray<{ o: CMat; rate: number }>, rho: CMat): CMat {
  const comm = h.mul(rho).add(rho.mul(h), -1);
  let out = comm.scale(0, -1);
  for (const { o, rate } of channels) {
    if (rate === 0) continue;
    out = out.add(dissipator(o, rho), rate);
  }
  return out;
}

/** D[o](ρ) = o ρ o† − ½{o†o, ρ}. */
export function dissipator(o: CMat, rho: CMat): CMat {
  const od = o.dag(), ood = od.mul(o);
  return o.mul(rho).mul(od).add(ood.mul(rho).add(rho.mul(ood)), -0.5);
}

/** Smallest eigenvalue of the Hermitian part of A (cyclic Jacobi on the real 2n×2n symmetric form). */
export function minEigenvalueHermitian(a: CMat): number {
  const n = a.n, m = 2 * n, s = new Float64Array(m * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const re = 0.5 * (a.re[i * n + j] + a.re[j * n + i]), im = 0.5 * (a.im[i * n + j] - a.im[j * n + i]);
      s[i * m + j] = re; s[(i + n) * m + j + n] = re;
      s[i * m + j + n] = -im; s[(i + n) * m + j] = im;
    }
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let p = 0; p < m; p++) for (let q = 0; q < m; q++) (p === q ? (diag += s[p * m + q] ** 2) : (off += s[p * m + q] ** 2));
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = s[p * m + q];
        if (apq === 0) continue;
        const theta = (s[q * m + q] - s[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), sn = t * c;
        for (let k = 0; k < m; k++) { // columns p, q
          const kp = s[k * m + p], kq = s[k * m + q];
          s[k * m + p] = c * kp - sn * kq; s[k * m + q] = sn * kp + c * kq;
        }
        for (let k = 0; k < m; k++) { // rows p, q
          const pk = s[p * m + k], qk = s[q * m + k];
          s[p * m + k] = c * pk - sn * qk; s[q * m + k] = sn * pk + c * qk;
        }
      }
    }
  }
  let min = Infinity;
  for (let p = 0; p < m; p++) min = Math.min(min, s[p * m + p]);
  return min;
}
