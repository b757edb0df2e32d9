/**
 * The direct steady-state routes a model can take, and an independent check of a certificate (residual
 * recomputed from a freshly built Liouvillian, eigenvalues by eigvalsh, trace, Hermiticity). Not a test file.
 */
import assert from 'node:assert/strict';
import type { SteadyOptions, SteadyStateResult } from '../../src/steady/steady.ts';
import type { LindbladModel } from '../../src/model/model.ts';
import { liouvillian, vectorize } from '../../src/liouvillian/liouvillian.ts';
import { eigvalsh } from '../../src/linalg/eigh.ts';
import { norm2 } from '../../src/linalg/vector.ts';
import { truncatedBeyondLimit } from '../certified-status.ts';

export const ROUTES: ReadonlyArray<{ name: string; options: SteadyOptions }> = [
  { name: 'default', options: {} },
  { name: 'sector, dense', options: { method: { kind: 'direct', solver: 'dense' } } },
  { name: 'sector, sparse', options: { method: { kind: 'direct', solver: 'sparse' } } },
  { name: 'full, dense', options: { method: { kind: 'direct', sectors: false, solver: 'dense' } } },
  { name: 'full, sparse', options: { method: { kind: 'direct', sectors: false, solver: 'sparse' } } },
];

/** The certificate's claims, checked without trusting the solver. */
export function checkCertificate(model: LindbladModel, res: SteadyStateResult, what: string): void {
  const c = res.certificate, rho = res.rho, n = rho.rows;
  const l = liouvillian(model);
  const v = vectorize(rho), residual = norm2(l.matvec(v));
  // the same ‖L vec ρ‖ up to the rounding of the product itself (another representation of L)
  const slack = 1e-14 * l.normInf() * norm2(v);
  assert.ok(Math.abs(residual - c.residual) <= 1e-12 * c.residual + slack, `${what}: residual ${residual} vs certificate ${c.residual}`);
  assert.ok(Math.abs(rho.trace()[0] - 1) <= 1e-14 * n && c.traceError <= 1e-14 * n, `${what}: trace`);
  assert.equal(rho.hermiticityError(), 0, `${what}: ρ exactly Hermitian`);
  const ev = eigvalsh(rho);
  assert.ok(ev[0] >= -c.positivityTolerance, `${what}: min eigenvalue ${ev[0]} below −${c.positivityTolerance}`);
  assert.ok(Math.abs(ev[0] - c.minEigenvalue) <= 1e-13, `${what}: certificate min eigenvalue ${c.minEigenvalue} vs ${ev[0]}`);
  if (c.conditioning) {
    assert.ok(c.conditioning.errorBound >= 0 && Number.isFinite(c.conditioning.errorBound), `${what}: errorBound`);
    assert.equal(c.status, c.conditioning.errorBound > 1e-6 ? 'ill-conditioned' : truncatedBeyondLimit(c) ? 'truncated' : 'unique', `${what}: status follows errorBound and the Fock cutoff`);
  }
}

/**
 * What the certificate promises about the populations, checked against exact values: every population
 * of modulus above vouchedAbove within relative 1e-6 (RELATIVE_TARGET), every one within errorBound +
 * vouchedAbove absolutely. Returns the largest relative error among the vouched populations.
 */
export function checkVouched(res: SteadyStateResult, exact: ArrayLike<number>, what: string): number {
  const c = res.certificate.conditioning;
  assert.ok(c, `${what}: conditioning present`);
  let worst = 0;
  for (let k = 0; k < exact.length; k++) {
    const p = res.rho.re(k, k), e = exact[k], err = Math.abs(p - e);
    assert.ok(err <= c.errorBound + c.vouchedAbove + 1e-300, `${what}: p_${k} = ${p} vs ${e}: error ${err} beyond errorBound ${c.errorBound} + vouchedAbove ${c.vouchedAbove}`);
    if (Math.abs(p) > c.vouchedAbove && e > 0) {
      assert.ok(err <= 1e-6 * e, `${what}: vouched p_${k} = ${p} vs ${e} (relative ${err / e})`);
      worst = Math.max(worst, err / e);
    }
  }
  return worst;
}
