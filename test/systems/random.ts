/** Seeded random Lindblad models for property tests and benchmarks. */
import { space, levels } from '../../src/model/space.ts';
import { fromMatrix } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';

/** Mulberry32: small, seeded, uniform in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random sparse complex n×n matrix with about `perColumn` non-zeros per column. */
export function randomSparse(n: number, perColumn: number, r: () => number): CsrMatrix {
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < perColumn; k++) {
      ri.push(Math.floor(r() * n)); ci.push(j); re.push(r() - 0.5); im.push(r() - 0.5);
    }
  }
  return CsrMatrix.fromTriplets(n, n, ri, ci, re, im);
}

/** Random complex n×n matrix with entries only within |i − j| ≤ bandwidth (local couplings, like a ladder). */
export function randomBanded(n: number, bandwidth: number, r: () => number): CsrMatrix {
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - bandwidth); j <= Math.min(n - 1, i + bandwidth); j++) {
      ri.push(i); ci.push(j); re.push(r() - 0.5); im.push(r() - 0.5);
    }
  }
  return CsrMatrix.fromTriplets(n, n, ri, ci, re, im);
}

/**
 * A random model on an n-level space: sparse Hermitian H and `channels` sparse jump operators with rates in
 * [0.1, 1.1); unstructured (about `perColumn` non-zeros per column) or banded (|i − j| ≤ bandwidth).
 * The steady state is unique with probability one.
 */
export function randomModel(n: number, seed: number, opts: { perColumn?: number; channels?: number; bandwidth?: number } = {}) {
  const r = rng(seed);
  const sp = space({ x: levels(n) });
  const per = opts.perColumn ?? 3;
  const make = () => (opts.bandwidth !== undefined ? randomBanded(n, opts.bandwidth, r) : randomSparse(n, per, r));
  const a = make();
  const h = a.add(a.adjoint()).scale(0.5);
  const channels = Array.from({ length: opts.channels ?? 2 }, (_, k) => ({
    operator: fromMatrix(sp, make()), rate: 0.1 + r(), bath: `b${k}`,
  }));
  return lindbladModel(sp, { hamiltonian: fromMatrix(sp, h), channels });
}
