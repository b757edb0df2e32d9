import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState } from '../../src/steady/steady.ts';
import { LindbladError } from '../../src/errors.ts';
import { space, qubit, levels } from '../../src/model/space.ts';
import { op, fromMatrix, type Operator } from '../../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { eigh } from '../../src/linalg/eigh.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { rng } from '../systems/random.ts';
import { liouvillian, vectorize } from '../../src/liouvillian/liouvillian.ts';
import { norm2 } from '../../src/linalg/vector.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const notUnique = (m: LindbladModel) =>
  assert.throws(() => steadyState(m), (e: unknown) => e instanceof LindbladError && e.code === 'not-unique' && /more than one stationary state/.test(e.message));

test('a qubit with no dissipation has many stationary states → clear error', () => {
  const sp = space({ q: qubit() });
  notUnique(lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x').scale(0.7) }));
  notUnique(lindbladModel(sp, {}));
  notUnique(lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z'), channels: [{ operator: op(sp, 'q', 'sigma_z'), rate: 0.3 }] }));
});

/** Two decoupled decaying blocks 1→0 and 3→2 (and 5→4), optionally in a randomly rotated basis. */
function twoBlocks(rotate: boolean): LindbladModel {
  const n = 6, sp = space({ x: levels(n) });
  let rot = (o: Operator) => o;
  if (rotate) {
    const r = rng(11), h = new DenseMatrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) h.set(i, j, r() - 0.5, r() - 0.5);
    const u = eigh(h.hermitianPart()).vectors;
    rot = (o) => fromMatrix(sp, u.mul(o.toDense()).mul(u.adjoint()));
  }
  const t = (to: number, from: number) => rot(op(sp, 'x', 'transition', { to, from }));
  return lindbladModel(sp, {
    hamiltonian: rot(op(sp, 'x', 'n').scale(0.3)),
    channels: [{ operator: t(0, 1), rate: 0.37 }, { operator: t(2, 3), rate: 1.91 }, { operator: t(4, 5), rate: 1e-3 }],
  });
}

test('decoupled dissipative blocks are detected, also when round-off hides the exact singularity', () => {
  notUnique(twoBlocks(false));
  notUnique(twoBlocks(true));
});

test('on request, a Hermitian basis of the stationary states', () => {
  for (const rotate of [false, true]) {
    const model = twoBlocks(rotate);
    const res = steadyState(model, { onDegenerate: 'basis' });
    assert.equal(res.certificate.unique, false);
    // Stationary: |0⟩⟨0|, |2⟩⟨2|, |4⟩⟨4| and the coherences among them that H (n) lets rotate? H = 0.3 n has
    // distinct energies 0, 0.6, 1.2, so only the three populations are stationary.
    assert.equal(res.stationaryBasis!.length, 3);
    const l = liouvillian(model);
    for (const b of res.stationaryBasis!) {
      assert.ok(b.hermiticityError() < 1e-12);
      assert.ok(norm2(l.matvec(vectorize(b))) < 1e-9);
    }
  }
});

test('zero rates and zero operators are ignored', () => {
  const sp = space({ q: qubit() });
  const m = lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'n'),
    channels: [
      { operator: op(sp, 'q', 'sigma_minus'), rate: 1 },
      { operator: op(sp, 'q', 'sigma_plus'), rate: 0 },
      { operator: op(sp, 'q', 'sigma_plus').scale(0), rate: 5 },
    ],
  });
  const { rho, certificate } = steadyState(m);
  assert.equal(rho.re(0, 0), 1);
  assert.ok(certificate.unique);
});

/** Levels 0…4, H = 0.3·n: decays 1 → 0 and 3 → 2 (rate 1), and 4 → 0 at rate `slow`: two stationary states, one slow mode. */
function twoDarkStates(slow: number): LindbladModel {
  const sp = space({ x: levels(5) });
  const t = (to: number, from: number) => op(sp, 'x', 'transition', { to, from });
  return lindbladModel(sp, {
    hamiltonian: op(sp, 'x', 'n').scale(0.3),
    channels: [{ operator: t(0, 1), rate: 1 }, { operator: t(2, 3), rate: 1 }, { operator: t(0, 4), rate: slow }],
  });
}

test('a mode decaying at 1e-5 or 1e-6 of ‖L‖ is not stationary: kernel dimension 2, and ρ = P₀(I/n) exactly', () => {
  for (const slow of [1e-5, 1e-6, 1e-8]) {
    for (const method of [undefined, { kind: 'direct' as const, sectors: false }]) {
      const model = twoDarkStates(slow);
      const res = steadyState(model, { onDegenerate: 'basis', ...(method ? { method } : {}) });
      const c = res.certificate;
      assert.equal(res.stationaryBasis!.length, 2, `slow ${slow}`);
      assert.equal(c.uniqueness.kernelDimension, 2);
      assert.equal(c.status, 'not-unique');
      assert.ok(c.uniqueness.gap!.kernel < 1e-14 && c.uniqueness.gap!.next > slow / 10, `gap ${JSON.stringify(c.uniqueness.gap)}`);
      // From I/5: level 0 keeps its 1/5 and receives those of 1 and 4; level 2 keeps its own and that of 3.
      [0.6, 0, 0.4, 0, 0].forEach((p, k) => assert.ok(Math.abs(res.rho.re(k, k) - p) < 1e-14, `p_${k} = ${res.rho.re(k, k)}`));
      assert.ok(c.minEigenvalue >= -1e-14, 'a density matrix');
      const l = liouvillian(model);
      for (const b of res.stationaryBasis!) assert.ok(norm2(l.matvec(vectorize(b))) < 1e-13 && b.hermiticityError() < 1e-14);
    }
  }
});

test('the maximally mixed state projected onto the stationary set is a density matrix also in a rotated basis', () => {
  for (const rotate of [false, true]) {
    const res = steadyState(twoBlocks(rotate), { onDegenerate: 'basis' });
    const ev = eigh(res.rho).values;
    assert.ok(ev[0] >= -1e-13, `min eigenvalue ${ev[0]}`);
    assert.ok(Math.abs(res.rho.trace()[0] - 1) < 1e-14);
    const l = liouvillian(twoBlocks(rotate));
    assert.ok(norm2(l.matvec(vectorize(res.rho))) < 1e-12);
  }
});

test('a slow mode too close to zero to be told apart: a clear error, not a wrong kernel', () => {
  assert.throws(() => steadyState(twoDarkStates(1e-12), { onDegenerate: 'basis' }),
    (e: unknown) => e instanceof LindbladError && e.code === 'not-converged' && /cannot be separated from slowly decaying modes/.test(e.message));
});

test('the not-unique error names the library option; the CLI names its flag', async () => {
  assert.throws(() => steadyState(twoDarkStates(1e-5)), (e: unknown) => e instanceof LindbladError && /onDegenerate: "basis"/.test(e.message));
  const { runCaptured } = await import('../../src/cli/main.ts');
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-degenerate-')), file = join(dir, 'model.json');
  writeFileSync(file, JSON.stringify({ dims: [3], hamiltonian: { matrix: [[0, 0, 0], [0, 0.3, 0], [0, 0, 0.6]] }, channels: [{ operator: { matrix: [[0, 1, 0], [0, 0, 0], [0, 0, 0]] }, rate: 1 }] }));
  const refused = await runCaptured(['steady', file]);
  assert.equal(refused.code, 2);
  assert.equal(refused.stderr.trim().split('\n').length, 1);
  assert.match(refused.stderr, /--on-degenerate basis/);
  assert.doesNotMatch(refused.stderr, /onDegenerate:/);
  const basis = await runCaptured(['steady', file, '--on-degenerate', 'basis', '--json']);
  assert.equal(basis.code, 0);
  const out = JSON.parse(basis.stdout);
  assert.equal(out.stationaryBasis.length, 2);
  assert.equal(out.certificate.status, 'not-unique');
  [2 / 3, 0, 1 / 3].forEach((p, k) => assert.ok(Math.abs(out.populations[k] - p) < 1e-14));
  const bad = await runCaptured(['steady', file, '--on-degenerate', 'maybe']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--on-degenerate: expected error or basis/);
});

test('a verdict from structure is stated as a fact; one from a numerically singular system says it may be a unique state too nearly degenerate to tell', async () => {
  // structural: the diagonal sectors of the two blocks are disconnected (exactly degenerate)
  assert.throws(() => steadyState(twoBlocks(false)), (e: unknown) => e instanceof LindbladError && /the steady state is not unique\)/.test(e.message) && /disconnected/.test(e.message));
  // numerical: a unique state (one closed class) whose local chain has rates spread over 1e±6 and H scaled
  // by ~1e-4: every route's system is singular to working precision (dense 1/cond ≈ 1e-22)
  const { randomModel } = await import('../../src/model/random.ts');
  const base = randomModel({ structure: 'local', dim: 14, seed: 4 });
  let s = (4 * 99 + 14) >>> 0;
  const u = () => { let t = (s = (s + 0x6d2b79f5) >>> 0); t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const channels = base.channels.map((c) => ({ operator: c.operator, rate: c.rate * 10 ** (6 * (2 * u() - 1)) }));
  const model = lindbladModel(base.space, { hamiltonian: base.hamiltonian!.scale(10 ** (4 * (2 * u() - 1))), channels });
  for (const method of [{ kind: 'auto' }, { kind: 'direct', solver: 'sparse' }, { kind: 'direct', solver: 'dense' }] as const) {
    assert.throws(() => steadyState(model, { method }), (e: unknown) => e instanceof LindbladError && e.code === 'not-unique'
      && /not unique, or too nearly degenerate to tell in double precision/.test(e.message), JSON.stringify(method));
  }
});
