import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { gth, gthSparse, gthRelativeError } from '../../src/linalg/gth.ts';
import { communicatingClasses } from '../../src/linalg/graph.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { rng } from './random.ts';

/**
 * A birth–death generator on n states (rate up_k: k → k+1, down_k: k+1 → k) as a row-major array
 * q[i·n + j] = rate j → i, and its exact stationary vector π_k ∝ Π_{j<k} up_j/down_j (each product
 * formed in double: relative error ≤ (n − 1)u, negligible against the bounds tested).
 */
function birthDeath(up: number[], down: number[]): { q: Float64Array; n: number; exact: number[] } {
  const n = up.length + 1, q = new Float64Array(n * n);
  up.forEach((u, k) => { q[(k + 1) * n + k] = u; q[k * n + k + 1] = down[k]; });
  for (let j = 0; j < n; j++) { let s = 0; for (let i = 0; i < n; i++) if (i !== j) s += q[i * n + j]; q[j * n + j] = -s; }
  const w = [1];
  for (let k = 0; k < n - 1; k++) w.push(w[k] * (up[k] / down[k]));
  const z = w.reduce((a, b) => a + b, 0);
  return { q, n, exact: w.map((x) => x / z) };
}

const normalise = (x: Float64Array) => { const s = x.reduce((a, b) => a + b, 0); return Array.from(x, (v) => v / s); };

function csrOf(q: Float64Array, n: number): CsrMatrix {
  const ri: number[] = [], ci: number[] = [], re: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (q[i * n + j] !== 0) { ri.push(i); ci.push(j); re.push(q[i * n + j]); }
  return CsrMatrix.fromTriplets(n, n, ri, ci, re, re.map(() => 0));
}

test('GTH, dense and sparse: birth–death chains with rate ratios up to 1e28, every π_k to its relative bound', () => {
  const cases: Array<[number[], number[]]> = [
    [[1e-14, 1e14, 3e-28, 1, 2e13, 1e-28], [1, 1e-14, 1, 1e28, 1e-15, 7]], // metastable pairs, π down to 3e-56
    [Array.from({ length: 30 }, () => 1e-28), Array.from({ length: 30 }, (_, k) => k + 1)], // π_k ~ 1e-28k/k!: down to 1e-872 → range
    [Array.from({ length: 12 }, (_, k) => 10 ** (k % 3 === 0 ? 14 : -14)), Array.from({ length: 12 }, () => 1)],
  ];
  for (const [up, down] of cases) {
    const { q, n, exact } = birthDeath(up, down);
    const states = Array.from({ length: n }, (_, k) => k);
    const dense = new Float64Array(n), sparse = new Float64Array(n);
    gth(q, n, states, dense, new Float64Array(n * n + n));
    gthSparse(csrOf(q, n), states, sparse);
    const bound = gthRelativeError(n, 0) + n * 2 ** -52;
    for (const [name, x] of [['dense', dense], ['sparse', sparse]] as const) {
      const p = normalise(x);
      exact.forEach((e, k) => {
        if (e < 1e-300) return; // below the normal range the reference itself is not exact
        assert.ok(Math.abs(p[k] - e) <= bound * e, `${name} π_${k}: ${p[k]} vs ${e} (relative ${Math.abs(p[k] - e) / e}, bound ${bound})`);
      });
    }
  }
});

test('GTH: the diagonal is never read, a state without a way out is an error', () => {
  const { q, n, exact } = birthDeath([2, 3], [5, 7]);
  for (let k = 0; k < n; k++) q[k * n + k] = 12345; // garbage diagonal
  const x = new Float64Array(n);
  gth(q, n, [0, 1, 2], x, new Float64Array(12));
  normalise(x).forEach((p, k) => assert.ok(Math.abs(p - exact[k]) < 1e-15));
  // 2 cannot be left towards 0 or 1 when 0 → 2 is the only edge into 2 and 2 → nothing
  const r = new Float64Array(9);
  r[1 * 3 + 0] = 1; r[2 * 3 + 1] = 1; // 0 → 1 → 2, absorbing at 2
  assert.throws(() => gth(r, 3, [0, 1, 2], new Float64Array(3), new Float64Array(12)), (e: unknown) => e instanceof LinalgError && e.kind === 'singular');
});

test('GTH on random dense chains agrees with the Markov chain tree theorem on 4 states', () => {
  const r = rng(31);
  for (let trial = 0; trial < 20; trial++) {
    const n = 4, q = new Float64Array(16);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) q[i * n + j] = 10 ** (12 * (r() - 0.5));
    // Tree theorem: π_i ∝ Σ over spanning in-trees rooted at i of Π rates (brute force over parent maps).
    const w = new Array(n).fill(0);
    for (let root = 0; root < n; root++) {
      const others = [0, 1, 2, 3].filter((k) => k !== root);
      const rec = (idx: number, parent: number[]): void => {
        if (idx === others.length) {
          for (const v of others) { let u = v, steps = 0; while (u !== root && steps++ < n) u = parent[u]; if (u !== root) return; }
          w[root] += others.reduce((p, v) => p * q[parent[v] * n + v], 1);
          return;
        }
        for (let p = 0; p < n; p++) if (p !== others[idx]) { parent[others[idx]] = p; rec(idx + 1, parent); }
      };
      rec(0, new Array(n).fill(-1));
    }
    const z = w.reduce((a, b) => a + b, 0), x = new Float64Array(n);
    gth(q, n, [0, 1, 2, 3], x, new Float64Array(20));
    normalise(x).forEach((p, k) => assert.ok(Math.abs(p - w[k] / z) <= 1e-13 * (w[k] / z), `trial ${trial}, π_${k}`));
  }
});

test('communicating classes: closed classes, transient states, isolated states', () => {
  // edges j → i for entries (i, j): 0 → 1 → 2 → 0 (closed), 3 → 0 (3 transient), 4 ⇄ 5 (closed), 6 alone (closed)
  const ri = [1, 2, 0, 0, 5, 4], ci = [0, 1, 2, 3, 4, 5];
  const m = CsrMatrix.fromTriplets(7, 7, ri, ci, ri.map(() => 1), ri.map(() => 0));
  const cc = communicatingClasses(7, m.rowPtr, m.colIdx);
  assert.equal(cc.closedCount, 3);
  const closed = (k: number) => cc.closed[cc.component[k]] === 1;
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(closed), [true, true, true, false, true, true, true]);
  assert.equal(cc.component[0], cc.component[2]);
  assert.notEqual(cc.component[0], cc.component[4]);
  // a long chain (no recursion limit): 0 → 1 → … → 99999, closed class {99999}
  const n = 100000, chain = CsrMatrix.fromTriplets(n, n, Array.from({ length: n - 1 }, (_, k) => k + 1), Array.from({ length: n - 1 }, (_, k) => k), new Float64Array(n - 1).fill(1), new Float64Array(n - 1));
  const big = communicatingClasses(n, chain.rowPtr, chain.colIdx);
  assert.equal(big.count, n);
  assert.equal(big.closedCount, 1);
  assert.equal(big.closed[big.component[n - 1]], 1);
});
