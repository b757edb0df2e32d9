/**
 * The full-space residual of a steady state vetoes it when the solved system was not L: rates spanning more
 * than ~30 decades on terms that cancel exactly (a channel proportional to the identity, whose dissipator
 * is 0) exceed the double-double assembly. Found by the CLI fuzz test (test/hostile/model-files.test.ts,
 * seed 20260512): at rate 1e35–1e300 the state came back 'unique' with errorBound 9e-16 and ρ₀₀ wrong by
 * 0.096, or was refused for a negative eigenvalue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModel } from '../../src/io/model-file.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { LindbladError } from '../../src/errors.ts';

const FILE = JSON.parse("{\"dims\":[2,3],\"hamiltonian\":{\"matrix\":[[0,[-1.48,0.344],[1.474,0.961],0,[-0.806,-0.755],[-0.57,-0.089]],[[-1.48,-0.344],0,0,0,0,0],[[1.474,-0.961],0,[0.15,0],0,[1.2,-0.226],0],[0,0,0,[0.622,0],0,[-1.665,-0.804]],[[-0.806,0.755],0,[1.2,0.226],0,0,[-1.152,-0.793]],[[-0.57,0.089],0,0,[-1.665,0.804],[-1.152,0.793],0.511]]},\"channels\":[{\"operator\":{\"scale\":[0.27652631769888103,0.2275941614061594],\"of\":{\"dag\":{\"op\":\"identity\",\"on\":\"s0\"}}},\"rate\":1e+300,\"bath\":\"hot\"},{\"operator\":{\"op\":\"transition\",\"on\":\"s0\",\"to\":0,\"from\":1},\"rate\":1},{\"operator\":{\"op\":\"transition\",\"on\":\"s0\",\"to\":1,\"from\":0},\"rate\":0.1},{\"operator\":{\"op\":\"transition\",\"on\":\"s1\",\"to\":0,\"from\":1},\"rate\":1000},{\"operator\":{\"op\":\"transition\",\"on\":\"s1\",\"to\":1,\"from\":0},\"rate\":0.1},{\"operator\":{\"op\":\"transition\",\"on\":\"s1\",\"to\":1,\"from\":2},\"rate\":1000},{\"operator\":{\"op\":\"transition\",\"on\":\"s1\",\"to\":2,\"from\":1},\"rate\":0.001}],\"baths\":{\"hot\":{\"beta\":0}}}");
/** The fuzzed model with its identity-proportional channel at `rate`. */
const at = (rate: number) => parseModel({ ...FILE, channels: FILE.channels.map((c: { rate: unknown }, k: number) => (k === 0 ? { ...c, rate } : c)) });

test('a channel proportional to the identity changes nothing up to rate 1e20; far beyond, the state is refused, never returned wrong', () => {
  const exact = steadyState(at(0)).rho;
  for (const rate of [1, 1e10, 1e20]) {
    const r = steadyState(at(rate));
    assert.equal(r.certificate.status, 'unique', `rate ${rate}`);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) {
      assert.ok(Math.abs(r.rho.re(i, j) - exact.re(i, j)) <= 1e-9 && Math.abs(r.rho.im(i, j) - exact.im(i, j)) <= 1e-9, `rate ${rate}: ρ_${i}${j}`);
    }
  }
  for (const rate of [1e35, 1e40, 1e90, 1e300]) {
    let returned: number | null = null;
    try {
      returned = steadyState(at(rate)).rho.re(0, 0);
    } catch (e) {
      assert.ok(e instanceof LindbladError && e.code === 'not-converged' && e.field === 'rho', `rate ${rate}: ${e}`);
    }
    assert.equal(returned, null, `rate ${rate}: a state was returned, ρ₀₀ = ${returned} against ${exact.re(0, 0)}`);
  }
});

test('below the residual limit, the error bound covers the assembly error of a cancelling channel (rates 1e15–1e31)', () => {
  const exact = steadyState(at(0)).rho;
  for (const rate of [1e15, 1e20, 1e22, 1e25, 1e28, 1e30, 1e31]) {
    const r = steadyState(at(rate)), c = r.certificate;
    let error = 0;
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) error = Math.max(error, Math.abs(r.rho.re(i, j) - exact.re(i, j)), Math.abs(r.rho.im(i, j) - exact.im(i, j)));
    const bound = c.conditioning!.errorBound;
    // ρ's entries are parameters of ρ (populations, Re and Im of coherences): the bound is on each of them
    assert.ok(error <= bound, `rate ${rate}: error ${error} above the certificate's errorBound ${bound}`);
    assert.equal(c.status, bound <= 1e-6 ? 'unique' : 'ill-conditioned', `rate ${rate}`);
    if (error > 1e-6) assert.equal(c.status, 'ill-conditioned', `rate ${rate}: error ${error}`);
  }
});

test('a residual within its own rounding noise does not veto a state the error bound vouches for (cavity model + identity channel)', async () => {
  const { cavityModel } = await import('../../src/paper/cavity.ts');
  const { lindbladModel } = await import('../../src/model/model.ts');
  const { op } = await import('../../src/model/operator.ts');
  for (const cutoff of [6, 8]) { // n = 28: full-space certificate; n = 36: in the sector
    const base = cavityModel({ g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff }).model;
    const q = base.space.names[0];
    const build = (rate: number) => lindbladModel(base.space, {
      hamiltonian: base.hamiltonian,
      channels: [...base.channels.map((c) => ({ operator: c.operator, rate: c.rate, label: c.label })), { operator: op(base.space, q, 'identity').scale(0.3), rate, label: 'id' }],
    });
    const exact = steadyState(build(0)).rho, n = exact.rows;
    for (const rate of [1e15, 1e20]) {
      // before: refused at 1e15 (relative residual 4.5e-4, all rounding noise of γ·oρo† − ½γ{o†o, ρ} at γ = 1e15)
      const r = steadyState(build(rate)), c = r.certificate;
      let error = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) error = Math.max(error, Math.abs(r.rho.re(i, j) - exact.re(i, j)), Math.abs(r.rho.im(i, j) - exact.im(i, j)));
      assert.equal(c.status, 'unique', `cutoff ${cutoff}, rate ${rate}`);
      assert.ok(error <= c.conditioning!.errorBound, `cutoff ${cutoff}, rate ${rate}: error ${error} above errorBound ${c.conditioning!.errorBound}`);
    }
  }
});

test('a returned ρ never has an eigenvalue below −1e-6, however large its error bound (the positivity tolerance is capped)', async () => {
  const { positivityToleranceOf, POSITIVITY_CAP } = await import('../../src/steady/certificate.ts');
  assert.equal(positivityToleranceOf(4, 1e275), POSITIVITY_CAP);
  assert.equal(positivityToleranceOf(4, NaN), POSITIVITY_CAP);
  assert.equal(positivityToleranceOf(4, 1e-15), 1e-12 + 4e-15);
  // the identity-proportional channel at rates where the error bound exceeds 1: returned only as a density matrix
  for (const rate of [1e28, 1e30, 1e31]) {
    try {
      const r = steadyState(at(rate));
      assert.ok(r.certificate.minEigenvalue >= -1e-6 && r.certificate.positivityTolerance <= 1e-6, `rate ${rate}`);
    } catch (e) {
      assert.ok(e instanceof LindbladError && e.field === 'rho', `rate ${rate}: ${e}`);
    }
  }
});
