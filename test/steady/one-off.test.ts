/**
 * One-off sector solves (issue 17): steadyState assembles the sector system at the model's own θ in one
 * pass (sector-system.ts realSectorMatrix, plan.ts options.oneOff) instead of per-term matrices; the result
 * must be the family route's answer (prepareSteadyState), and the one-pass matrix Σ_t θ_t M_t. The sparse LU
 * takes a pattern's own numbering when its predicted fill is banded (sparse-lu.ts): the charge-numbered
 * cavity sector, whose trace pin then sits inside the band.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState, prepareSteadyState } from '../../src/steady/steady.ts';
import { FactoredLiouvillian } from '../../src/liouvillian/factored.ts';
import { chargeSectors } from '../../src/symmetry/charge-sectors.ts';
import { realNumbering, realSectorMatrix, realTermMatrix } from '../../src/symmetry/sector-system.ts';
import { orderingBySmallestFill } from '../../src/linalg/sparse-lu.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { randomModel } from '../../src/model/random.ts';
import { liouvillian, vectorize } from '../../src/liouvillian/liouvillian.ts';
import { norm2 } from '../../src/linalg/vector.ts';

const cavity = (cutoff: number) => cavityModel({ g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff }).model;

test('the one-pass sector matrix equals Σ_t θ_t M_t of the per-term matrices (cavity sector, random rates)', () => {
  const lv = FactoredLiouvillian.fromModel(cavity(12), 'all').liouvillian;
  const s = chargeSectors(lv)!.diagonal!, num = realNumbering(s);
  const terms = lv.terms.map((_, t) => realTermMatrix(lv, t, s, num));
  const theta = lv.terms.map((_, t) => (t === 2 ? 0 : 0.3 + 1.7 * t));
  const m = realSectorMatrix(lv, theta, s, num);
  const dense = (x: { rows: number; rowPtr: Int32Array; colIdx: Int32Array; values: Float64Array }, c: number, into: Float64Array) => {
    for (let i = 0; i < x.rows; i++) for (let p = x.rowPtr[i]; p < x.rowPtr[i + 1]; p++) into[i * x.rows + x.colIdx[p]] += c * x.values[2 * p];
  };
  const size = num.size, a = new Float64Array(size * size), b = new Float64Array(size * size);
  dense(m, 1, a);
  terms.forEach((t, k) => dense(t, theta[k], b));
  let err = 0, top = 0;
  for (let k = 0; k < a.length; k++) { err = Math.max(err, Math.abs(a[k] - b[k])); top = Math.max(top, Math.abs(b[k])); }
  assert.ok(err <= 1e-15 * top, `max |Δ| ${err} of ${top}`);
  for (let k = 0; k < m.nnz; k++) assert.equal(m.values[2 * k + 1], 0);
});

test('one-off steadyState equals the prepared (per-term) solve to 1e-13, with a full-space residual at machine precision', () => {
  const models = [cavity(8), cavity(40), randomModel({ structure: 'local', dim: 12, seed: 3 }), randomModel({ structure: 'unstructured', dim: 6, seed: 4 })];
  for (const model of models) {
    const one = steadyState(model), fam = prepareSteadyState(model, {}, 'active').solve();
    assert.equal(one.certificate.unique, true);
    const n = model.space.dim;
    let d = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d = Math.max(d, Math.abs(one.rho.re(i, j) - fam.rho.re(i, j)), Math.abs(one.rho.im(i, j) - fam.rho.im(i, j)));
    assert.ok(d < 1e-13, `n = ${n}: max |Δρ| ${d}`);
    if (n <= 48) { // independent check: the assembled full Liouvillian on vec ρ
      const r = norm2(liouvillian(model).matvec(vectorize(one.rho)));
      assert.ok(r < 1e-13, `n = ${n}: ‖L vec ρ‖ = ${r}`);
    }
  }
});

test('a banded pattern keeps its own numbering; the same pattern scrambled does not', () => {
  // Block-tridiagonal pattern: blocks of 4, each coupled to its neighbours (like a charge-numbered sector).
  const n = 400, rows: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    const b = Math.floor(i / 4);
    for (let j = Math.max(0, 4 * (b - 1)); j < Math.min(n, 4 * (b + 2)); j++) rows[i].push(j);
  }
  const csr = (perm: Int32Array | null) => {
    const inv = new Int32Array(n);
    if (perm) perm.forEach((old, k) => { inv[old] = k; }); else inv.forEach((_, k) => { inv[k] = k; });
    const r2: number[][] = Array.from({ length: n }, () => []);
    rows.forEach((cols, i) => { for (const j of cols) r2[inv[i]].push(inv[j]); });
    const rowPtr = new Int32Array(n + 1), colIdx: number[] = [];
    r2.forEach((c, i) => { c.sort((x, y) => x - y); colIdx.push(...c); rowPtr[i + 1] = colIdx.length; });
    return { rowPtr, colIdx: Int32Array.from(colIdx) };
  };
  const a = csr(null), est = orderingBySmallestFill(n, a.rowPtr, a.colIdx);
  assert.ok(est.ordering.every((p, k) => p === k), 'natural ordering kept');
  assert.ok(est.nnzLU <= 4 * a.rowPtr[n] + n);
  let seed = 7;
  const perm = Int32Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) { seed = (seed * 1103515245 + 12345) % 2 ** 31; const j = seed % (k + 1); [perm[k], perm[j]] = [perm[j], perm[k]]; }
  const b = csr(perm), est2 = orderingBySmallestFill(n, b.rowPtr, b.colIdx);
  assert.ok(!est2.ordering.every((p, k) => p === k), 'a scrambled band is reordered');
  assert.ok(est2.nnzLU <= 4 * b.rowPtr[n] + n, `fill ${est2.nnzLU}`);
});
