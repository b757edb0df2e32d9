/**
 * `lindblad correlate` and `lindblad spectrum` in a CLI thread (runCaptured there, test/hostile/cli-thread.ts): a thermal damped cavity written as
 * a model file against its closed forms, the cavity model against the library call, and one-line errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cliInThread, stopCliThread } from '../hostile/cli-thread.ts';
import { emissionSpectrum } from '../../src/measures/spectrum.ts';
import { secondOrderCoherence } from '../../src/measures/correlations.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { op } from '../../src/model/operator.ts';

const runCaptured = (args: string[]) => cliInThread(args);
test.after(() => stopCliThread());

const delta = 1.5, kappa = 0.8, nbar = 0.25;
const dir = mkdtempSync(join(tmpdir(), 'lindblad-correlate-'));
const file = join(dir, 'thermal-cavity.json');
writeFileSync(file, JSON.stringify({
  subsystems: { cav: { kind: 'fock', cutoff: 40 } },
  hamiltonian: { scale: delta, of: 'cav.n' },
  channels: [{ operator: 'cav.a', rate: kappa * (nbar + 1) }, { operator: 'cav.a_dag', rate: kappa * nbar }],
}));

test('lindblad spectrum MODEL.json --op cav.a --json: the thermal cavity Lorentzian n̄κ/((ω − Δ)² + κ²/4)', async () => {
  const r = await runCaptured(['spectrum', file, '--op', 'cav.a', '--omega', '-1:3:9', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { omegas: number[]; spectrum: number[]; coherentWeight: number; total: number };
  out.omegas.forEach((w, k) => {
    const exact = (nbar * kappa) / ((w - delta) ** 2 + kappa ** 2 / 4);
    assert.ok(Math.abs(out.spectrum[k] - exact) < 1e-10 * exact, `ω = ${w}`);
  });
  assert.equal(out.coherentWeight, 0);
  assert.ok(Math.abs(out.total - nbar) < 1e-12);
});

test('lindblad correlate MODEL.json --a cav.a_dag --b cav.a --json: n̄e^{(iΔ − κ/2)τ}', async () => {
  const r = await runCaptured(['correlate', file, '--a', 'cav.a_dag', '--b', 'cav.a', '--tau', '0:5:6', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { taus: number[]; re: number[]; im: number[]; certificate: { unique: boolean } };
  out.taus.forEach((t, k) => {
    const m = nbar * Math.exp(-kappa * t / 2);
    assert.ok(Math.hypot(out.re[k] - m * Math.cos(delta * t), out.im[k] - m * Math.sin(delta * t)) < 1e-9 * nbar, `τ = ${t}`);
  });
  assert.ok(out.certificate.unique);
});

test('lindblad spectrum cavity prints what the library computes (text and JSON)', async () => {
  const args = ['spectrum', 'cavity', '--kappa', '2.33', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '5', '--op', 'cav.a', '--omega', '-2:2:5'];
  const json = await runCaptured([...args, '--json']);
  assert.equal(json.code, 0, json.stderr);
  const { model, space } = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 5 });
  const lib = emissionSpectrum(model, op(space, 'cav', 'a'), [-2, -1, 0, 1, 2]);
  const parsed = JSON.parse(json.stdout) as { spectrum: number[]; errors: number[]; status: string };
  assert.deepEqual(parsed.spectrum, lib.spectrum);
  assert.deepEqual(parsed.errors, lib.errors);
  assert.equal(parsed.status, lib.status);
  const text = await runCaptured(args);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /coherent part 2π\|⟨A⟩\|²δ\(ω\)/);
  assert.match(text.stdout, /\nspectrum status accurate\n/);
  const lines = text.stdout.trim().split('\n');
  assert.equal(lines.length, 5 + 5);
  // each row: ω, S, and S's error bound
  lines.slice(5).forEach((l, k) => assert.equal(Number(l.trim().split(/\s+/)[2]), Number(lib.errors[k].toExponential(1))));
});

test('correlate and spectrum: mistakes give one line and exit code 2', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['correlate', 'cavity', '--kappa', '1', '--gamma', '0', '--pump', '1e-3', '--a', 'cav.b', '--b', 'cav.a', '--tau', '0:1:2'], /^lindblad: error: --a: unknown fock operator "b"/],
    [['correlate', 'cavity', '--kappa', '1', '--gamma', '0', '--pump', '1e-3', '--a', 'cav.a', '--b', 'cav.a', '--tau', '2:1:3'], /^lindblad: error: --tau: /],
    [['correlate', 'cavity', '--kappa', '1', '--gamma', '0', '--a', 'cav.a', '--b', 'cav.a', '--tau', '0:1:2'], /^lindblad: error: --pump: required/],
    [['spectrum', file, '--kappa', '1', '--op', 'cav.a', '--omega', '0'], /^lindblad: error: --kappa: does not apply to a model file/],
    [['spectrum', file, '--op', '{"dag": ', '--omega', '0'], /^lindblad: error: --op: malformed JSON/],
    [['spectrum', file, '--op', 'cav.a', '--omega', '0:inf:3'], /^lindblad: error: --omega: /],
    [['spectrum', file, '--op', 'q.a', '--omega', '0'], /^lindblad: error: --op: /],
    [['correlate', 'cavity', '--kappa', '1', '--gamma', '0', '--pump', '1e-3', '--cutoff', '16', '--a', 'cav.a', '--b', 'cav.a', '--tau', '0:1:1000000'], /^lindblad: error: --tau: 1000000 delays .* the limit is 1024 MB/],
  ];
  for (const [args, pattern] of cases) {
    const r = await runCaptured(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});

test('the cavity command\'s equal-time g2 (issue 13, from photon moments) equals g²(0) by the QRT (issue 15) on the same model', async () => {
  for (const [kappa, pump] of [[2.33, 5e-3], [0.3, 2e-4], [30, 1e-3]]) {
    const r = await runCaptured(['cavity', '--kappa', String(kappa), '--gamma', '1e-3', '--pump', String(pump), '--cutoff', '5', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { model, space } = cavityModel({ kappa, gamma: 1e-3, pump, cutoff: 5 });
    const qrt = secondOrderCoherence(model, op(space, 'cav', 'a'), [0]).re[0];
    const moments = (JSON.parse(r.stdout) as { g2: number }).g2;
    assert.ok(Math.abs(moments - qrt) <= 1e-10 * qrt, `κ = ${kappa}, p = ${pump}: cavity --json g2 ${moments} vs QRT ${qrt}`);
  }
});
