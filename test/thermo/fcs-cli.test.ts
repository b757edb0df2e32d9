/** `lindblad fcs` in a CLI thread (runCaptured there, test/hostile/cli-thread.ts): JSON shape, closed-form numbers, one-line errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliInThread, stopCliThread } from '../hostile/cli-thread.ts';
import { diamondEntropyProductionAnalytic, diamondHeatCurrentsAnalytic } from '../../src/paper/analytic.ts';

const runCaptured = (args: string[]) => cliInThread(args);
test.after(() => stopCliThread());

test('fcs diamond --bath S --json: mean = Eq. (6) heat current, σ, TUR, θ(s) with certificate', async () => {
  const r = await runCaptured(['fcs', 'diamond', '--beta-a', '5', '--beta-s', '0', '--bath', 'S', '--scgf', '-1:1:5', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (const k of ['mean', 'noise', 'cumulants', 'entropyProduction', 'turRatio', 'scgf', 'certificate']) assert.ok(k in j, k);
  assert.ok(Math.abs(j.mean - diamondHeatCurrentsAnalytic(5, 0).S) < 1e-12);
  assert.ok(Math.abs(j.entropyProduction - diamondEntropyProductionAnalytic(5, 0)) < 1e-12);
  assert.equal(j.cumulants.length, 4);
  assert.ok(Math.abs(j.turRatio - (j.noise * j.entropyProduction) / j.mean ** 2) < 1e-12 * j.turRatio);
  assert.equal(j.scgf.length, 5);
  assert.ok(Math.abs(j.scgf[2].theta) < 1e-12 && j.scgf[2].s === 0);
  assert.equal(j.certificate.scgf.dominance, 'proved');
});

test('fcs --entropy reports Gallavotti–Cohen; a cavity with β = ±∞ baths has σ = +∞ and no entropy counting', async () => {
  const r = await runCaptured(['fcs', 'diamond', '--beta-a', '2', '--beta-s', '-1', '--entropy', '--scgf', '-1.5:0.5:5', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).gallavottiCohen.holds, true);
  const c = await runCaptured(['fcs', 'cavity', '--kappa', '2.33', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '3', '--bath', 'cavity', '--json']);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(JSON.parse(c.stdout).entropyProduction, 'inf');
  const e = await runCaptured(['fcs', 'cavity', '--kappa', '2.33', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '3', '--entropy']);
  assert.equal(e.code, 2);
  assert.match(e.stderr, /^lindblad: error: baths\.\w+\.beta: .*\n$/);
});

test('fcs bad input: one line, exit code 2, the field named', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['fcs', 'diamond', '--beta-a', '1', '--beta-s', '2'], /--bath: give exactly one/],
    [['fcs', 'diamond', '--beta-a', '1', '--beta-s', '2', '--bath', 'X'], /bath: no bath named "X"/],
    [['fcs', 'diamond', '--beta-a', '1', '--bath', 'S'], /--beta-s: required/],
    [['fcs', 'diamond', '--beta-a', '1', '--beta-s', '2', '--bath', 'S', '--kappa', '1'], /--kappa: does not apply/],
    [['fcs', 'diamond', '--beta-a', '1', '--beta-s', '2', '--bath', 'S', '--order', '0'], /--order/],
    [['fcs', 'diamond', '--beta-a', '1', '--beta-s', '2', '--bath', 'S', '--scgf', '1:2'], /--scgf/],
    [['fcs', 'diamond', '--beta-a', '1', '--beta-s', '2', '--weights', '1,2'], /weights: expected one weight per channel/],
    [['fcs', '/nonexistent/model.json', '--entropy'], /model\.json/],
  ];
  for (const [args, re] of cases) {
    const r = await runCaptured(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.startsWith('lindblad: error: '), r.stderr);
  }
});
