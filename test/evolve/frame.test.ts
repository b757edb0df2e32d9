import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evolve } from '../../src/evolve/evolve.ts';
import { rotatingFrame, toLabFrame, commutationDefect } from '../../src/evolve/frame.ts';
import { liouvillian } from '../../src/liouvillian/liouvillian.ts';
import { space, qubit, levels } from '../../src/model/space.ts';
import { op, fromMatrix } from '../../src/model/operator.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { ketToDensity } from '../../src/model/states.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { LindbladError } from '../../src/errors.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { cavityObservables } from '../../src/paper/cavity-solve.ts';
import { traceDistance } from '../../src/measures/measures.ts';
import { thermalQubit, drivenQubit } from '../systems/reference.ts';

const params = { kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 };

function maxDiff(a: DenseMatrix, b: DenseMatrix): number {
  let e = 0;
  for (let k = 0; k < a.data.length; k += 2) e = Math.max(e, Math.hypot(a.data[k] - b.data[k], a.data[k + 1] - b.data[k + 1]));
  return e;
}

/** (|q1=0⟩ + |q1=1⟩)/√2 ⊗ |0⟩ ⊗ |1 photon⟩…: a state with coherences between excitation-number sectors. */
function coherentStart(sp: ReturnType<typeof cavityModel>['space']): DenseMatrix {
  const psi = new Float64Array(2 * sp.dim);
  psi[2 * sp.basisIndex({})] = 0.6;
  psi[2 * sp.basisIndex({ q1: 1 })] = 0.48;
  psi[2 * sp.basisIndex({ cav: 1 }) + 1] = 0.64;
  return ketToDensity(psi);
}

test('rotatingFrame finds and removes ω0(n1 + n2 + a†a) from the lab-frame cavity model', () => {
  const lab = cavityModel({ ...params, frame: 'lab' }), rot = cavityModel(params);
  const f = rotatingFrame(lab.model);
  const sp = lab.space;
  const expected = op(sp, 'q1', 'n').plus(op(sp, 'q2', 'n')).plus(op(sp, 'cav', 'n')).scale(1000);
  assert.ok(maxDiff(f.removed.toDense(), expected.toDense()) < 1e-9);
  assert.ok(maxDiff(f.model.hamiltonian.toDense(), rot.model.hamiltonian.toDense()) < 1e-9);
  assert.match(f.note, /removed 1000·q1\.n \+ 1000·q2\.n \+ 1000·cav\.n/);
  assert.ok(f.frequencies !== null);
  // Nothing left to remove in the rotating frame; the model comes back unchanged.
  const none = rotatingFrame(rot.model);
  assert.ok(none.removed.isZero() && none.model === rot.model);
  assert.match(none.note, /nothing removed/);
  // A given generator: the total excitation number works (coefficient 1000); n1 alone does not commute.
  const nTot = op(sp, 'q1', 'n').plus(op(sp, 'q2', 'n')).plus(op(sp, 'cav', 'n'));
  assert.ok(maxDiff(rotatingFrame(lab.model, { generator: nTot }).removed.toDense(), expected.toDense()) < 1e-9);
  assert.throws(() => rotatingFrame(lab.model, { generator: op(sp, 'q1', 'n') }),
    (e: unknown) => e instanceof LindbladError && e.field === 'generator' && /\[ad_N, L\] ≠ 0/.test(e.message));
  assert.ok(commutationDefect(op(sp, 'q1', 'n').matrix, liouvillian(lab.model)) > 1e-6);
  assert.ok(commutationDefect(nTot.matrix, liouvillian(lab.model)) < 1e-15);
});

test('cavity model, lab frame (ω0 = 1000 g) vs rotating frame: populations and concurrence agree, lab coherences rotate', () => {
  const lab = cavityModel({ ...params, frame: 'lab' }), rot = cavityModel(params);
  const rho0 = coherentStart(rot.space);
  const times = [0, 0.37, 1.3, 5, 20, 80];
  const r = evolve(rot.model, rho0, times, { method: { kind: 'expm' } });
  const labExact = evolve(lab.model, rho0, times, { method: { kind: 'expm' } }); // no frame change: lab numerics
  const labAuto = evolve(lab.model, rho0, times); // frame change inside (then the implicit method), rotated back
  assert.ok(labAuto.stats.frame !== null && labExact.stats.frame === null);
  const frame = rotatingFrame(lab.model);
  const sp = rot.space, i0 = sp.basisIndex({}), i1 = sp.basisIndex({ q1: 1 });
  times.forEach((t, k) => {
    const a = r.states![k], b = labExact.states![k], c = labAuto.states![k];
    for (let i = 0; i < sp.dim; i++) {
      assert.ok(Math.abs(a.re(i, i) - b.re(i, i)) < 1e-9 && Math.abs(a.re(i, i) - c.re(i, i)) < 1e-8, `population ${i} at t = ${t}`);
    }
    const oa = cavityObservables(a, params.cutoff), ob = cavityObservables(b, params.cutoff), oc = cavityObservables(c, params.cutoff);
    assert.ok(Math.abs(oa.concurrence - ob.concurrence) < 1e-9 && Math.abs(oa.concurrence - oc.concurrence) < 1e-8, `concurrence at t = ${t}`);
    for (const key of ['G', 'S', 'A', 'E'] as const) assert.ok(Math.abs(oa.populations[key] - ob.populations[key]) < 1e-9);
    // The lab state is U ρ_rot U† with U = exp(−iω0 N t) …
    const expected = toLabFrame(frame, a, t);
    assert.ok(maxDiff(b, expected) < 1e-8, `lab (expm) vs rotated rotating-frame state at t = ${t}: ${maxDiff(b, expected)}`);
    assert.ok(maxDiff(c, expected) < 1e-8, `lab (auto) at t = ${t}`);
    // … so the coherence ⟨q1=1|ρ|0⟩ (one excitation apart) turns at ω0 = 1000 relative to the rotating frame.
    const ph = -1000 * t, re = a.re(i1, i0) * Math.cos(ph) - a.im(i1, i0) * Math.sin(ph), im = a.re(i1, i0) * Math.sin(ph) + a.im(i1, i0) * Math.cos(ph);
    assert.ok(Math.hypot(b.re(i1, i0) - re, b.im(i1, i0) - im) < 1e-8);
  });
  assert.ok(Math.hypot(r.states![1].re(i1, i0) - labExact.states![1].re(i1, i0), r.states![1].im(i1, i0) - labExact.states![1].im(i1, i0)) > 0.1,
    'coherences differ between the frames');
});

test('simple frames: thermal qubit (ω·n removed), driven qubit (nothing), non-diagonal generator (σx with σx dephasing)', () => {
  const tq = rotatingFrame(thermalQubit(1.3, 1, 0.2));
  assert.match(tq.note, /removed 1\.3·q\.n/);
  assert.ok(tq.model.hamiltonian.matrix.normInf() < 1e-15);
  const dq = drivenQubit(0.7, 2, 1).model;
  assert.ok(rotatingFrame(dq).removed.isZero());
  // H = Ω σx with σx dephasing: N = σx commutes with L; its lab-frame rotation needs the eigenbasis of σx.
  const sp = space({ q: qubit() });
  const sx = op(sp, 'q', 'sigma_x');
  const model = lindbladModel(sp, { hamiltonian: sx.scale(3).plus(op(sp, 'q', 'n').scale(1e-3)), channels: [{ operator: sx, rate: 0.4 }, { operator: op(sp, 'q', 'sigma_minus'), rate: 0 }] });
  assert.throws(() => rotatingFrame(model, { generator: sx }), /generator/); // the tiny n term breaks the symmetry…
  const clean = model.with({ hamiltonian: sx.scale(3) });
  const f = rotatingFrame(clean, { generator: sx });
  assert.equal(f.frequencies, null);
  assert.ok(f.model.hamiltonian.matrix.normInf() < 1e-15);
  const rho0 = DenseMatrix.fromRows([[0.7, [0.1, 0.3]], [[0.1, -0.3], 0.3]]);
  const times = [0, 0.4, 1.7];
  const direct = evolve(clean, rho0, times, { method: { kind: 'expm' } });
  const inFrame = evolve(f.model, rho0, times, { method: { kind: 'expm' } });
  times.forEach((t, k) => assert.ok(traceDistance(direct.states![k], toLabFrame(f, inFrame.states![k], t)) < 1e-12));
});

test('a weak coupling across a large detuning is not resonant: no frame, and auto keeps the lab-frame answer', () => {
  // H = diag(0, W) + g σx with W = 1e6, g = 5e-7: [ad_N, L] relative to ‖ad_N‖‖L‖ is g/W = 5e-13, which passed the
  // 1e-12 check; the frame model kept g as a static resonant coupling: ρ11(1e4) = 1.5e-5 and |ρ01| = 3.9e-3 where
  // the exact ones are ≲ (g/W)² = 2.5e-25 and ≲ 2g/W = 1e-12 (off-resonant: the population never moves).
  const sp = space({ s: levels(2) });
  const W = 1e6, g = 5e-7;
  const h = fromMatrix(sp, CsrMatrix.fromTriplets(2, 2, [1, 0, 1], [1, 1, 0], [W, g, g], [0, 0, 0]));
  const model = lindbladModel(sp, { hamiltonian: h, channels: [{ operator: fromMatrix(sp, CsrMatrix.fromTriplets(2, 2, [0], [1], [1], [0])), rate: 1e-4 }] });
  assert.equal(rotatingFrame(model).frequencies?.some((x) => x !== 0) ?? false, false, 'a frame was taken');
  const rho0 = new DenseMatrix(2, 2);
  rho0.set(0, 0, 1, 0);
  const r = evolve(model, rho0, [1e2, 1e4]);
  for (const s of r.states!) {
    assert.ok(s.re(1, 1) <= 1e-20, `ρ11 = ${s.re(1, 1)}`);
    assert.ok(Math.hypot(s.re(0, 1), s.im(0, 1)) <= 1.1e-12, `|ρ01| = ${Math.hypot(s.re(0, 1), s.im(0, 1))}`);
  }
});
