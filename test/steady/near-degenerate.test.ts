import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState } from '../../src/steady/steady.ts';
import { space, levels } from '../../src/model/space.ts';
import { op, fromMatrix, type Operator } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { eigh } from '../../src/linalg/eigh.ts';
import { rng } from '../systems/random.ts';
import { ROUTES, checkCertificate, checkVouched } from './routes.ts';

/**
 * Two pairs of levels, 0 ⇄ 1 (rate a both ways) and 2 ⇄ 3 (rate b both ways), joined only by 0 → 2 (ε₁)
 * and 2 → 0 (ε₂): a degeneracy (two stationary states at ε = 0) lifted by couplings ε ~ 1e-13. The
 * transition graph is a tree, so the chain is reversible and p = (1, 1, r, r)/(2 + 2r) with r = ε₁/ε₂,
 * exactly, whatever a, b. `rotate`: every operator conjugated by a random unitary U (coherent version;
 * then ρ = U diag(p) U† for the exact model, and the stored, rounded one differs from it by ~ε/ε₁).
 */
function pairs(e1: number, e2: number, rotate: boolean) {
  const sp = space({ x: levels(4) });
  let u: DenseMatrix | null = null;
  if (rotate) {
    const r = rng(17), h = new DenseMatrix(4, 4);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) h.set(i, j, r() - 0.5, r() - 0.5);
    u = eigh(h.hermitianPart()).vectors;
  }
  const rot = (o: Operator) => (u ? fromMatrix(sp, u.mul(o.toDense()).mul(u.adjoint())) : o);
  const t = (to: number, from: number) => rot(op(sp, 'x', 'transition', { to, from }));
  const a = 1, b = 0.7, rr = e1 / e2;
  const model = lindbladModel(sp, {
    hamiltonian: rot(op(sp, 'x', 'n').scale(0.3)),
    channels: [
      { operator: t(1, 0), rate: a }, { operator: t(0, 1), rate: a }, { operator: t(3, 2), rate: b }, { operator: t(2, 3), rate: b },
      { operator: t(2, 0), rate: e1 }, { operator: t(0, 2), rate: e2 },
    ],
  });
  const p = [1, 1, rr, rr].map((v) => v / (2 + 2 * rr));
  const exact = u ? u.mul(DenseMatrix.diagonal(p)).mul(u.adjoint()) : DenseMatrix.diagonal(p);
  return { model, p, exact };
}

test('a degeneracy lifted by 1e-13 rates: the Markov sector gives the exact answer, the unreduced system says it is sensitive', () => {
  for (const [e1, e2] of [[1e-13, 2e-13], [1e-10, 3e-10], [1e-15, 1e-15]]) {
    const { model, p } = pairs(e1, e2, false);
    for (const route of ROUTES) {
      const what = `ε = (${e1}, ${e2}), ${route.name}`;
      const full = route.options.method?.kind === 'direct' && route.options.method.sectors === false;
      let res;
      try {
        res = steadyState(model, route.options);
      } catch (e) {
        // the unreduced numerical verdict may call ε = 1e-15 degenerate: an honest refusal, never on the sector routes
        assert.ok(full && e1 === 1e-15 && (e as { code?: string }).code === 'not-unique', `${what}: ${(e as Error).message}`);
        continue;
      }
      checkCertificate(model, res, what);
      checkVouched(res, p, what);
      const worst = Math.max(...p.map((e, k) => Math.abs(res.rho.re(k, k) - e)));
      if (!full) {
        assert.equal(res.certificate.status, 'unique', what);
        assert.ok(worst <= 1e-15, `${what}: populations off by ${worst}`);
      } else {
        // ρ moves by ~ε_machine/ε: the certificate must say so (the old one said 'unique, residual 2e-17')
        assert.equal(res.certificate.status, 'ill-conditioned', what);
        assert.ok(res.certificate.conditioning!.errorBound >= worst, `${what}: errorBound ${res.certificate.conditioning!.errorBound} < actual ${worst}`);
      }
    }
  }
});

test('the coherent (rotated) version: ill-conditioned at ε = 1e-13, accurate and unique at ε = 0.1', () => {
  for (const [e1, e2, sensitive] of [[1e-13, 2e-13, true], [0.1, 0.2, false]] as const) {
    const { model, exact } = pairs(e1, e2, true);
    for (const route of ROUTES) {
      const what = `rotated, ε = ${e1}, ${route.name}`;
      const res = steadyState(model, route.options);
      checkCertificate(model, res, what);
      let dev = 0;
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) dev = Math.max(dev, Math.abs(res.rho.re(i, j) - exact.re(i, j)), Math.abs(res.rho.im(i, j) - exact.im(i, j)));
      const c = res.certificate;
      if (sensitive) {
        assert.equal(c.status, 'ill-conditioned', what);
        assert.ok(c.conditioning!.errorBound >= dev, `${what}: errorBound ${c.conditioning!.errorBound} < deviation ${dev}`);
      } else {
        assert.equal(c.status, 'unique', what);
        assert.ok(dev <= 1e-13, `${what}: deviation ${dev}`);
        assert.ok(c.conditioning!.errorBound <= 1e-12, what);
      }
    }
  }
});
