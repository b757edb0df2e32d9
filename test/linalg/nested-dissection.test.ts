import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LinalgError } from '../../src/linalg/errors.ts';
import { isPermutation, symmetricAdjacency, type Adjacency } from '../../src/linalg/ordering.ts';
import { amdFromAdjacency } from '../../src/linalg/amd.ts';
import { symbolicCholesky } from '../../src/linalg/symbolic.ts';
import { nestedDissection, vertexSeparator } from '../../src/linalg/nested-dissection.ts';
import { gridLaplacian, randomSparse, rng } from './sparse-fixtures.ts';

/** Symmetric adjacency (sorted, distinct, no self loops) from an undirected edge list. */
function fromEdges(n: number, edges: ReadonlyArray<readonly [number, number]>): Adjacency {
  const nb: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (const [a, b] of edges) if (a !== b) { nb[a].add(b); nb[b].add(a); }
  const ptr = new Int32Array(n + 1), idx: number[] = [];
  nb.forEach((s, v) => { idx.push(...[...s].sort((x, y) => x - y)); ptr[v + 1] = idx.length; });
  return { n, ptr, idx: Int32Array.from(idx) };
}

/** Cartesian grid graph with the given side lengths (2-D mesh, 3-D mesh, hypercube for sides 2). */
function grid(dims: number[]): Adjacency {
  const n = dims.reduce((a, b) => a * b, 1), edges: Array<[number, number]> = [];
  let stride = n;
  for (const d of dims) {
    stride /= d;
    for (let v = 0; v < n; v++) if (Math.floor(v / stride) % d < d - 1) edges.push([v, v + stride]);
  }
  return fromEdges(n, edges);
}

/** Σ (c_k − 1)² over the Cholesky column counts: the factorisation work of an ordering. */
function work(g: Adjacency, q: Int32Array): number {
  let w = 0;
  for (const c of symbolicCholesky(g, q).colCount) w += (c - 1) * (c - 1);
  return w;
}

test('nestedDissection returns a permutation on random graphs, including empty, isolated, disconnected, dense', () => {
  const graph = fc.integer({ min: 0, max: 160 }).chain((n) => fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.nat(Math.max(0, n - 1)), fc.nat(Math.max(0, n - 1))), { maxLength: n === 0 ? 0 : 4 * n }),
    hubs: fc.nat(3),
    leafSize: fc.integer({ min: 1, max: 40 }),
    compress: fc.boolean(),
    seed: fc.integer(),
  }));
  fc.assert(fc.property(graph, ({ n, edges, hubs, leafSize, compress, seed }) => {
    const all = [...edges];
    for (let h = 0; h < Math.min(hubs, n); h++) for (let v = 0; v < n; v++) all.push([h, v]); // dense rows
    const g = fromEdges(n, all);
    const q = nestedDissection(g, { leafSize, compress, seed });
    assert.ok(isPermutation(q, n), `not a permutation for n = ${n}`);
  }), { numRuns: 150, seed: 20261205 });
});

test('nestedDissection is deterministic and does not modify its input', () => {
  const g = symmetricAdjacency(randomSparse(1500, 3, rng(7), 1500, 40));
  const ptr = g.ptr.slice(), idx = g.idx.slice();
  const q1 = nestedDissection(g);
  const q2 = nestedDissection({ n: g.n, ptr: g.ptr.slice(), idx: g.idx.slice() });
  assert.deepEqual(q2, q1);
  assert.deepEqual(g.ptr, ptr);
  assert.deepEqual(g.idx, idx);
});

test('small cases: n = 0, n = 1, complete graph, star (no fill), a dense row goes last', () => {
  assert.deepEqual(nestedDissection({ n: 0, ptr: new Int32Array(1), idx: new Int32Array(0) }), new Int32Array(0));
  assert.deepEqual(nestedDissection({ n: 1, ptr: new Int32Array(2), idx: new Int32Array(0) }), Int32Array.of(0));
  // Complete graph on 300 vertices: every vertex is "dense" or all are one compressed group; any order is full.
  const kEdges: Array<[number, number]> = [];
  for (let a = 0; a < 300; a++) for (let b = a + 1; b < 300; b++) kEdges.push([a, b]);
  assert.ok(isPermutation(nestedDissection(fromEdges(300, kEdges)), 300));
  // Star with 600 leaves: the hub must come after its leaves for a fill-free factor, nnz(L) = 2n − 1.
  const star = fromEdges(601, Array.from({ length: 600 }, (_, i) => [600, i] as [number, number]));
  const qs = nestedDissection(star, { denseThreshold: 10_000 });
  assert.equal(symbolicCholesky(star, qs).nnzL, 2 * 601 - 1);
  // A 30×30 grid plus one node joined to everything: that node is ordered last.
  const g = grid([30, 30]), edges: Array<[number, number]> = [];
  for (let v = 0; v < g.n; v++) for (let t = g.ptr[v]; t < g.ptr[v + 1]; t++) edges.push([v, g.idx[t]]);
  for (let v = 0; v < 900; v++) edges.push([900, v]);
  const q = nestedDissection(fromEdges(901, edges));
  assert.equal(q[900], 900);
});

test('with one leaf covering a connected graph (no compression), the ordering is AMD\'s', () => {
  const g = grid([12, 17]);
  assert.deepEqual(nestedDissection(g, { leafSize: g.n, compress: false }), amdFromAdjacency(g.n, g.ptr, g.idx));
});

test('60×60 grid Laplacian: no more fill and clearly less work than AMD', () => {
  const g = symmetricAdjacency(gridLaplacian(60));
  const qa = amdFromAdjacency(g.n, g.ptr, g.idx), qn = nestedDissection(g);
  const fa = symbolicCholesky(g, qa).nnzL, fn = symbolicCholesky(g, qn).nnzL;
  // Measured: AMD nnz(L) 59 765, work 2.21e6; ND 58 769, 1.83e6 (ndmetis: 61 540, 2.20e6).
  assert.ok(fn <= 1.02 * fa, `ND nnz(L) ${fn} vs AMD ${fa}`);
  assert.ok(work(g, qn) <= 0.9 * work(g, qa), `ND work ${work(g, qn)} vs AMD ${work(g, qa)}`);
});

test('3-D grid and 5-D grid: nested dissection needs well under AMD\'s work', () => {
  // Measured work ND/AMD: 15³ grid 2.28e7/4.63e7 ≈ 0.49 (ndmetis 0.67); 4⁵ grid 8.39e6/2.16e7 ≈ 0.39 (ndmetis 0.38).
  for (const [dims, bound] of [[[15, 15, 15], 0.6], [[4, 4, 4, 4, 4], 0.5]] as const) {
    const g = grid([...dims]);
    const wa = work(g, amdFromAdjacency(g.n, g.ptr, g.idx)), wn = work(g, nestedDissection(g));
    assert.ok(wn <= bound * wa, `${dims.join('×')}: ND work ${wn.toExponential(3)} vs AMD ${wa.toExponential(3)}`);
  }
});

test('vertexSeparator: a true separator, balanced, about one grid line on a k×k grid and one layer on a hypercube', () => {
  const check = (g: Adjacency, maxSep: number, name: string): void => {
    const { part } = vertexSeparator(g);
    assert.equal(part.length, g.n);
    const size = [0, 0, 0];
    for (let v = 0; v < g.n; v++) {
      assert.ok(part[v] === 0 || part[v] === 1 || part[v] === 2);
      size[part[v]]++;
      for (let t = g.ptr[v]; t < g.ptr[v + 1]; t++) assert.ok(part[v] + part[g.idx[t]] !== 1, `${name}: edge ${v}–${g.idx[t]} joins the parts`);
    }
    assert.ok(size[2] <= maxSep, `${name}: separator ${size[2]} > ${maxSep}`);
    assert.ok(Math.max(size[0], size[1]) <= 0.75 * (size[0] + size[1]) + 1, `${name}: parts ${size[0]}/${size[1]}`);
  };
  // Measured: 15, 33, 57 vertices (a corner-cutting diagonal; parts up to 3 : 1 allowed); a straight line has k.
  for (const k of [20, 45, 80]) check(grid([k, k]), k + 2, `${k}×${k} grid`);
  // Q8: the middle layer C(8,4) = 70 separates the two Hamming balls of radius 3.
  check(grid([2, 2, 2, 2, 2, 2, 2, 2]), 80, 'Q8');
  // A path: one vertex.
  check(grid([200]), 1, 'path');
});

test('malformed adjacency and bad options are LinalgErrors', () => {
  const g = grid([5, 5]);
  assert.throws(() => nestedDissection({ n: 3, ptr: new Int32Array(3), idx: new Int32Array(0) }), LinalgError);
  assert.throws(() => nestedDissection({ n: 2, ptr: Int32Array.of(0, 1, 2), idx: Int32Array.of(1, 5) }), LinalgError);
  assert.throws(() => nestedDissection(g, { leafSize: 0 }), LinalgError);
  assert.throws(() => nestedDissection(g, { maxPartFraction: 0.3 }), LinalgError);
  assert.throws(() => vertexSeparator(g, { initialTrials: 1.5 }), LinalgError);
});
