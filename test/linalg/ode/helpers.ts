/** Test helpers for the ODE integrators: seeded random numbers and problems with known exact solutions. */
import { DenseMatrix } from '../../../src/linalg/dense.ts';
import { denseLu } from '../../../src/linalg/lu.ts';

/** Small seeded PRNG (mulberry32) returning numbers in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** n×n complex matrix with entries uniform in [−scale, scale] + i[−scale, scale]. */
export function randomMatrix(n: number, rand: () => number, scale = 1): DenseMatrix {
  const m = new DenseMatrix(n, n);
  for (let k = 0; k < m.data.length; k++) m.data[k] = scale * (2 * rand() - 1);
  return m;
}

/**
 * A diagonalisable matrix with known spectrum: A = V·D·V⁻¹ with V = I + 0.3·(random) (well conditioned)
 * and D = diag(λ). `exact(t)` = V·diag(e^{λt})·V⁻¹ computed from the eigen-decomposition.
 */
export function diagonalisable(lambdas: ReadonlyArray<[number, number]>, rand: () => number) {
  const n = lambdas.length;
  const v = DenseMatrix.identity(n).add(randomMatrix(n, rand, 0.3));
  const vInv = denseLu(v).solveMatrix(DenseMatrix.identity(n));
  const a = v.mul(DenseMatrix.diagonal(lambdas)).mul(vInv);
  const exact = (t: number): DenseMatrix => {
    const e = lambdas.map(([re, im]): [number, number] => {
      const m = Math.exp(re * t);
      return [m * Math.cos(im * t), m * Math.sin(im * t)];
    });
    return v.mul(DenseMatrix.diagonal(e)).mul(vInv);
  };
  return { a, exact };
}

/** max_k |x_k − y_k| over interleaved components. */
export function maxDiff(x: Float64Array, y: Float64Array): number {
  if (x.length !== y.length) throw new Error(`length mismatch ${x.length} vs ${y.length}`);
  let m = 0;
  for (let k = 0; k < x.length; k++) m = Math.max(m, Math.abs(x[k] - y[k]));
  return m;
}

/** max_k |x_k| over interleaved components. */
export function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let k = 0; k < x.length; k++) m = Math.max(m, Math.abs(x[k]));
  return m;
}

/** Interleaved complex vector from [re, im] pairs. */
export function cvec(entries: ReadonlyArray<[number, number]>): Float64Array {
  const v = new Float64Array(2 * entries.length);
  entries.forEach(([re, im], k) => { v[2 * k] = re; v[2 * k + 1] = im; });
  return v;
}
