/**
 * Nested dissection (src/linalg/nested-dissection.ts, graph-partition.ts), tested by what an ordering and a
 * separator must be: a permutation for any graph (isolated vertices, components, stars, cliques, dense
 * rows), the same one every time, separators that separate (no edge between the parts) and are as small as
 * a grid allows (k on a k×k grid, k² on a k×k×k grid), a fill that beats minimum degree where nested
 * dissection is known to (3-D grids), and `sparseLu(a, { ordering: 'nd' })` solving as the others do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPermutation, symmetricAdjacency, type Adjacency } from '../../src/linalg/ordering.ts';
import { amdFromAdjacency } from '../../src/linalg/amd.ts';
import { symbolicCholesky } from '../../src/linalg/symbolic.ts';
import { nestedDissection } from '../../src/linalg/nested-dissection.ts';
import { generator, vertexSeparator, type WeightedGraph } from '../../src/linalg/graph-partition.ts';
import { sparseLu } from '../../src/linalg/sparse-lu.ts';
import { gridLaplacian, rng } from './sparse-fixtures.ts';

/** Symmetric adjacency (no loops, sorted) from an edge list. */
function graphOf(n: number, edges: ReadonlyArray<readonly [number, number]>): Adjacency {
  const rows: Array<Set<number>> = Array.from({ length: n }, () => new Set());
  for (const [u, v] of edges) if (u !== v) { rows[u].add(v); rows[v].add(u); }
  const ptr = new Int32Array(n + 1), idx: number[] = [];
  rows.forEach((r, i) => { idx.push(...[...r].sort((a, b) => a - b)); ptr[i + 1] = idx.length; });
  return { n, ptr, idx: Int32Array.from(idx) };
}

/** The k^d grid graph (d = 2 or 3), 4- or 6-neighbour. */
function grid(k: number, d: 2 | 3): Adjacency {
  const n = k ** d, edges: Array<[number, number]> = [];
  for (let u = 0; u < n; u++) {
    const c = [u % k, Math.floor(u / k) % k, Math.floor(u / (k * k))];
    for (let a = 0; a < d; a++) if (c[a] + 1 < k) edges.push([u, u + k ** a]);
  }
  return graphOf(n, edges);
}

const weighted = (g: Adjacency): WeightedGraph => ({ ...g, ew: new Int32Array(g.idx.length).fill(1), vw: new Int32Array(g.n).fill(1) });
const work = (g: Adjacency, q: Int32Array) => symbolicCholesky(g, q).colCount.reduce((s, c) => s + (c - 1) ** 2, 0);

test('a permutation of 0 … n−1 for random graphs, with isolated vertices, components, stars, cliques and dense rows; the same one twice', () => {
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 2 ** 30 }), fc.constantFrom(4, 16, 120),
    (n, kind, seed, leafSize) => {
      const r = rng(seed), edges: Array<[number, number]> = [];
      const pick = () => Math.floor(r() * n);
      if (n > 0) {
        if (kind === 0) for (let e = 0; e < 3 * n; e++) edges.push([pick(), pick()]); // random
        if (kind === 1) for (let u = 1; u < n; u++) edges.push([0, u]); // star: one dense row
        if (kind === 2) for (let u = 0; u < Math.min(n, 40); u++) for (let v = 0; v < u; v++) edges.push([u, v]); // a clique, the rest isolated
        if (kind === 3) for (let u = 0; u + 1 < n; u++) if (r() < 0.9) edges.push([u, u + 1]); // broken path: many components
      }
      const g = graphOf(n, edges), q = nestedDissection(g, { leafSize });
      assert.ok(isPermutation(q, n), `n = ${n}, kind ${kind}`);
      assert.deepEqual(nestedDissection(g, { leafSize }), q, 'deterministic');
    }), { numRuns: 60 });
});

test('separators separate, and are as small as a grid allows: k on a k×k grid, k² on a k×k×k grid (within 10 %)', () => {
  for (const [k, d] of [[40, 2], [90, 2], [14, 3]] as const) {
    const g = grid(k, d), part = vertexSeparator(weighted(g), generator(7), { balance: 0.55, coarsest: 80 });
    const size = [0, 0, 0];
    for (let u = 0; u < g.n; u++) {
      size[part[u]]++;
      if (part[u] === 2) continue;
      for (let p = g.ptr[u]; p < g.ptr[u + 1]; p++) assert.ok(part[g.idx[p]] === 2 || part[g.idx[p]] === part[u], `edge ${u}–${g.idx[p]} joins the two parts`);
    }
    const ideal = k ** (d - 1);
    assert.ok(size[2] <= 1.1 * ideal, `${d}-D k = ${k}: separator ${size[2]} vs ${ideal}`);
    assert.ok(Math.max(size[0], size[1]) <= 0.55 * (size[0] + size[1]) + 1, `balance ${size.join('/')}`);
  }
});

test('on a 20×20×20 grid nested dissection predicts less factorisation work than minimum degree (measured 0.79×)', () => {
  const g = grid(20, 3);
  const nd = work(g, nestedDissection(g)), amd = work(g, amdFromAdjacency(g.n, g.ptr, g.idx));
  assert.ok(nd <= 0.9 * amd, `ND ${nd.toExponential(3)} vs AMD ${amd.toExponential(3)}`);
});

test('sparseLu with ordering \'nd\' solves a shifted grid Laplacian to the same accuracy as AMD', () => {
  const a = gridLaplacian(30, 0.1, 0.3), n = a.rows, r = rng(3);
  const b = Float64Array.from({ length: 2 * n }, () => r() - 0.5);
  const residual = (x: Float64Array) => {
    const ax = a.matvec(x);
    let m = 0;
    for (let i = 0; i < 2 * n; i++) m = Math.max(m, Math.abs(ax[i] - b[i]));
    return m;
  };
  const lu = sparseLu(a, { ordering: 'nd' });
  assert.ok(isPermutation(lu.ordering, n));
  assert.ok(residual(lu.solve(b)) <= 1e-12, `residual ${residual(lu.solve(b))}`);
  assert.deepEqual(lu.ordering, nestedDissection(symmetricAdjacency(a)));
  const amd = sparseLu(a);
  assert.ok(residual(amd.solve(b)) <= 1e-12);
});
