import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sweep, type SweepOutput } from '../../src/sweep/sweep.ts';
import { sweepSpecFrom, paperFamilies } from '../../src/paper/families.ts';
import { runSweep } from '../../src/sweep/run.ts';
import { Grid } from '../../src/sweep/grid.ts';
import { cavitySteadyState } from '../../src/paper/cavity-solve.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { entropyProduction, heatCurrentErrors, heatCurrents } from '../../src/thermo/heat.ts';
import { space, qubit } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { concurrence } from '../../src/measures/measures.ts';
import { thermalQubit } from '../systems/reference.ts';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(a === b || Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('cavity sweep = point-by-point solves (κ × cutoff grid)', () => {
  const spec = sweepSpecFrom({ model: 'cavity', args: { kappa: '0.05:50:4:log', gamma: '1e-3', pump: '5e-3', cutoff: '2:4:2' } });
  const rows = sweep(spec);
  assert.equal(rows.length, 8);
  for (const row of rows) {
    const p = row.params;
    const ref = cavitySteadyState({ kappa: p.kappa, gamma: p.gamma, pump: p.pump, cutoff: p.cutoff });
    close(row.values.concurrence as number, ref.concurrence, 1e-10, `C at ${JSON.stringify(p)}`);
    close(row.values.pG as number, ref.populations.G, 1e-12, 'pG');
    close(row.values.meanPhotons as number, ref.meanPhotons, 1e-12, 'n');
    close(row.values.effConcurrence as number, ref.effective.concurrence, 1e-14, 'C_eff');
    const q = heatCurrents(cavityModel(p as never).model, ref.rho);
    for (const b of ['pump', 'emitters', 'cavity']) close(row.values[`heat.${b}`] as number, q[b], 1e-9, `heat ${b}`);
    assert.equal(row.values.unique, 1);
    assert.ok((row.values.relativeResidual as number) < 1e-14);
  }
});

test('diamond sweep = point-by-point solves, heat and entropy production included', () => {
  const rows = sweep(sweepSpecFrom({ model: 'diamond', args: { 'beta-a': '-3:5:5', 'beta-s': '0:4:3', 'gamma-plus': '0.7' } }));
  assert.equal(rows.length, 15);
  for (const row of rows) {
    const p = row.params;
    const d = diamondModel({ betaA: p['beta-a'], betaS: p['beta-s'], gammaPlus: 0.7 });
    const ss = steadyState(d.model);
    close(row.values.concurrence as number, concurrence(d.twoQubitState(ss.rho)), 1e-10, 'C');
    close(row.values.concurrence as number, row.values.concurrenceAnalytic as number, 1e-10, 'C vs closed form');
    const q = heatCurrents(d.model, ss.rho);
    close(row.values['heat.S'] as number, q.S, 1e-10, 'Q_S');
    close(row.values.entropyProduction as number, entropyProduction(d.model, ss.rho).rate, 1e-10, 'Ṡ');
  }
  // Infinite β go through the infinitely-fast limit.
  const inf = sweep(sweepSpecFrom({ model: 'diamond', args: { 'beta-a': 'inf', 'beta-s': '0' } }))[0];
  close(inf.values.concurrence as number, 1 / 3, 1e-9, 'C at β_A = ∞, β_S = 0');
});

test('generic API: build returns models; families are matched and custom outputs work', () => {
  let built = 0;
  const custom: SweepOutput = { name: 'p1', value: (r) => r.rho.re(1, 1) };
  const rows = sweep({
    build: (p) => { built++; return thermalQubit(1, p.down, p.up); },
    grid: Grid.of({ down: [1, 2], up: [0.1, 0.5, 1] }),
    outputs: [custom, 'heat.b', 'residual', 'population.0'],
  });
  assert.equal(built, 6);
  for (const row of rows) {
    const { down, up } = row.params;
    close(row.values.p1 as number, up / (up + down), 1e-13, 'p1');
    close(row.values['population.0'] as number, down / (up + down), 1e-13, 'p0');
    close(row.values['heat.b'] as number, 0, 1e-13, 'no heat in a one-bath steady state');
  }
});

test('serial, parallel (2 worker threads) and auto runs give identical CSV text', async () => {
  const request = { model: 'cavity' as const, args: { kappa: '0.1:100:24:log', gamma: '1e-3', pump: '2e-4:5e-3:2', cutoff: '3' } };
  const serial = await runSweep(request, { families: paperFamilies, workers: 0, progress: 'none' });
  const parallel = await runSweep(request, { families: paperFamilies, workers: 2, chunk: 5, progress: 'none' });
  assert.equal(serial.total, 48);
  assert.ok(serial.csv && serial.csv.split('\n').length === 50);
  assert.equal(parallel.csv, serial.csv);
  assert.equal(serial.workers, 0);
  assert.equal(parallel.workers, 2);
  // default (auto): a short sweep stays in this thread; with no remainder deemed too short, the part left
  // after the probe goes to the workers — the same text either way
  const auto = await runSweep(request, { families: paperFamilies, progress: 'none' });
  assert.equal(auto.workers, 0);
  assert.equal(auto.csv, serial.csv);
  // threads started after the probe, on one queue with this thread (which may compute every chunk itself
  // while the thread starts: workers 0 or 1)
  const moved = await runSweep(request, { families: paperFamilies, chunk: 2, auto: { probeSeconds: 0, worthSeconds: 0, coldFactor: 0, idleCores: 0 }, progress: 'none' });
  assert.ok(moved.workers <= 1, `workers used: ${moved.workers}`);
  assert.equal(moved.csv, serial.csv);
});

test('plain models that differ in H0, channel baths or reference energy are not solved as one family: heat and Ṡ equal the library\'s for each', () => {
  const sp = space({ q: qubit() });
  const H = op(sp, 'q', 'n').plus(op(sp, 'q', 'sigma_x').scale(0.3));
  const build = (p: Record<string, number>) => lindbladModel(sp, {
    hamiltonian: H, bareHamiltonian: op(sp, 'q', 'n').scale(p.w), referenceEnergy: p.w,
    channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 0.5, bath: p.swap ? 'hot' : 'cold' }, { operator: op(sp, 'q', 'sigma_plus'), rate: 0.2, bath: p.swap ? 'cold' : 'hot' }],
    baths: { cold: { beta: 2 }, hot: { beta: 0.5 } },
  });
  const rows = sweep({ build, grid: Grid.of({ w: [1, 1000], swap: [0, 1] }), outputs: ['heat.cold', 'heat.hot', 'heatError.cold', 'entropyProduction'] });
  for (const r of rows) {
    const m = build(r.params), s = steadyState(m), q = heatCurrents(m, s.rho);
    for (const b of ['cold', 'hot'] as const) {
      const v = r.values[`heat.${b}`] as number;
      assert.ok(Math.abs(v - q[b]) <= 1e-12 * Math.abs(q[b]), `${JSON.stringify(r.params)} ${b}: sweep ${v}, library ${q[b]}`);
    }
    const e = heatCurrentErrors(m, s.rho, s.certificate.conditioning!).cold;
    assert.ok(Math.abs((r.values['heatError.cold'] as number) - e) <= 1e-12 * e);
    assert.ok(Math.abs((r.values.entropyProduction as number) - entropyProduction(m, s.rho).rate) <= 1e-12);
  }
});
