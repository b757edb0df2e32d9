/**
 * One-dimensional maximisation and root finding used to extract the paper's headline numbers: a coarse
 * scan followed by golden-section refinement (maximum), and bisection (crossing). Physics-free.
 */

export interface Maximum {
  x: number;
  value: number;
  evaluations: number;
}

/**
 * Maximum of f on [lo, hi]: scan `coarse` equally spaced points, then golden-section search on the
 * bracket around the best one until the bracket is narrower than `tol`.
 */
export function maximize(f: (x: number) => number, lo: number, hi: number, coarse = 12, tol = 1e-4): Maximum {
  let evaluations = 0;
  const F = (x: number) => { evaluations++; return f(x); };
  const xs = Array.from({ length: coarse }, (_, k) => lo + ((hi - lo) * k) / (coarse - 1));
  const ys = xs.map(F);
  let k = 0;
  for (let i = 1; i < coarse; i++) if (ys[i] > ys[k]) k = i;
  let a = xs[Math.max(0, k - 1)], b = xs[Math.min(coarse - 1, k + 1)];
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a), d = a + r * (b - a);
  let fc = F(c), fd = F(d);
  while (b - a > tol) {
    if (fc >= fd) { b = d; d = c; fd = fc; c = b - r * (b - a); fc = F(c); }
    else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = F(d); }
  }
  const candidates: Array<[number, number]> = [[c, fc], [d, fd], [xs[k], ys[k]]];
  const [x, value] = candidates.reduce((m, p) => (p[1] > m[1] ? p : m));
  return { x, value, evaluations };
}

/** A root of g on [lo, hi] by bisection (g(lo) and g(hi) of opposite sign), to `tol` in x; null if no sign change. */
export function bisect(g: (x: number) => number, lo: number, hi: number, tol = 1e-4): number | null {
  let glo = g(lo);
  const ghi = g(hi);
  if (glo === 0) return lo;
  if (Math.sign(glo) === Math.sign(ghi)) return null;
  while (hi - lo > tol) {
    const mid = (lo + hi) / 2, gm = g(mid);
    if (Math.sign(gm) === Math.sign(glo)) { lo = mid; glo = gm; } else hi = mid;
  }
  return (lo + hi) / 2;
}
