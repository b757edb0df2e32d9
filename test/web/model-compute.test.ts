/**
 * The model page's worker computations (web/src/engine/model-compute.ts) in Node, against closed forms:
 * relaxation of a thermal qubit, the Rabi-driven damped qubit (time-dependent file) against the
 * rotating-wave solution, the steady state against the CLI's solve, the scan's rate factor, three emitters
 * in a cavity (tensor-product file) against the Dicke-basis model, and the Otto engine's periodic steady
 * state against the Otto efficiency 1 − ω_c/ω_h; the evolution's Fock-cutoff report against the birth–death
 * chain's populations e^{Wt}p(0).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { declaredPeriod, modelEvolution, modelPeriodic, modelSteady, scanPoints } from '../../web/src/engine/model-compute.ts';
import { emittersCavitySteadyState } from '../../src/index.ts';
import { evolutionSummary } from '../../web/src/model-page/evolution-summary.ts';

const thermal = readFileSync(new URL('../../examples/thermal-qubit.json', import.meta.url), 'utf8');
const rabi = readFileSync(new URL('../../examples/rabi-qubit.json', import.meta.url), 'utf8');
const DOWN = 0.15819767068693265, UP = 0.05819767068693265; // the example's rates

test('thermal qubit: p₁(t) = p∞ + (p₁(0) − p∞) e^{−(γ↓+γ↑) t} from the maximally mixed state; steady p₁ = γ↑/(γ↓+γ↑)', () => {
  const pInf = UP / (DOWN + UP);
  const v = modelSteady(thermal);
  assert.ok(Math.abs(v.populations[1] - pInf) < 1e-14, `steady p1 ${v.populations[1]}`);
  assert.ok(v.heat !== null && Math.abs(v.heat.rate) < 1e-14, 'no entropy production with one bath');
  const r = modelEvolution(thermal, 10, 21, ['q.sigma_z']);
  r.times.forEach((t, k) => {
    const p1 = pInf + (0.5 - pInf) * Math.exp(-(DOWN + UP) * t);
    assert.ok(Math.abs(r.series['p|1⟩'][k] - p1) < 1e-6, `t = ${t}: ${r.series['p|1⟩'][k]} vs ${p1}`);
    assert.ok(Math.abs(r.series['⟨q.sigma_z⟩'][k] - (2 * p1 - 1)) < 2e-6);
  });
});

test('Rabi-driven qubit (drives): P_e(t) follows the rotating-wave solution up to Bloch–Siegert corrections', () => {
  const W = 0.5, g = 0.1, mu = Math.sqrt(W * W - g * g / 16);
  const fromGround = JSON.stringify({ ...JSON.parse(rabi), initialState: { levels: { q: 0 } } }); // the file has none: the page starts maximally mixed
  const r = modelEvolution(fromGround, 30, 31, []);
  let worst = 0;
  r.times.forEach((t, k) => {
    const pe = (W * W / (2 * W * W + g * g)) * (1 - Math.exp(-3 * g * t / 4) * (Math.cos(mu * t) + (3 * g / (4 * mu)) * Math.sin(mu * t)));
    worst = Math.max(worst, Math.abs(r.series['p|1⟩'][k] - pe));
  });
  console.log(`# Rabi qubit: max |P_e − RWA| = ${worst.toExponential(2)} (Ω/ω0 = 0.05)`);
  assert.ok(worst < 0.025, `max deviation ${worst}`); // measured 1.1e-2
  assert.throws(() => modelSteady(rabi), /time-dependent/);
});

test('a rate scan multiplies the channel rate: the thermal qubit at factor f has p₁ = γ↑/(f γ↓ + γ↑)', () => {
  const pts = scanPoints(thermal, { kind: 'rate', channel: 0 }, null, [[0.5, 1], [1, 1], [4, 1]]);
  for (const p of pts) {
    const p1 = UP / (p.fx * DOWN + UP), purity = p1 ** 2 + (1 - p1) ** 2;
    assert.ok(Math.abs(p.purity - purity) < 1e-13, `f = ${p.fx}: purity ${p.purity} vs ${purity}`);
  }
});

test('three emitters in a cavity (tensor-product file) agree with the Dicke-basis model emittersInCavity(N = 3)', () => {
  const file = readFileSync(new URL('../../examples/three-emitters-cavity.json', import.meta.url), 'utf8');
  const t0 = performance.now();
  const v = modelSteady(file);
  const ms = performance.now() - t0;
  const dicke = emittersCavitySteadyState({ emitters: 3, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 });
  const pair = v.pairs.find((p) => p.a === 'q1' && p.b === 'q2')!;
  console.log(`# three emitters: dimension ${v.dim}, ${Math.round(ms)} ms; C(q1,q2) = ${pair.concurrence} (Dicke ${dicke.pairConcurrence}); Q̇ ${JSON.stringify(v.heat!.currents)}`);
  assert.equal(v.dim, 40);
  assert.equal(v.certificate.status, 'unique');
  assert.ok(Math.abs(pair.concurrence - dicke.pairConcurrence) < 1e-9, `concurrence ${pair.concurrence} vs ${dicke.pairConcurrence}`);
  for (const [a, b] of [['q1', 'q3'], ['q2', 'q3']]) { // exchange symmetry of the emitters
    const p = v.pairs.find((x) => x.a === a && x.b === b)!;
    assert.ok(Math.abs(p.concurrence - pair.concurrence) < 1e-9);
  }
  for (const bath of ['pump', 'emitters', 'cavity']) {
    const q = v.heat!.currents[bath], d = dicke.heatCurrents[bath];
    assert.ok(Math.abs(q - d) <= 1e-9 * Math.max(1, Math.abs(d)), `Q̇ ${bath}: file ${q} vs Dicke ${d}`);
  }
});

test('Otto engine (rate and frequency tables, period 22): periodic steady state with efficiency 1 − ω_c/ω_h', () => {
  const otto = readFileSync(new URL('../../examples/otto-qubit.json', import.meta.url), 'utf8');
  assert.equal(declaredPeriod(otto), 22);
  assert.equal(declaredPeriod(rabi), null, 'expressions declare no period');
  const v = modelPeriodic(otto, 22, 40);
  const w = v.thermo;
  console.log(`# Otto: W = ${w.work}, Q = ${JSON.stringify(w.heat)}, η = ${w.efficiency}, ‖ρ(T) − ρ(0)‖₁ = ${v.certificate.periodicityResidual}, ${Math.round(v.ms)} ms`);
  assert.ok(v.certificate.ok, v.certificate.problems.join('; '));
  assert.ok(w.work < 0 && w.heat.hot > 0 && w.heat.cold < 0, 'an engine: work out, heat from hot to cold');
  assert.ok(Math.abs(w.efficiency! - (1 - 1 / 2)) < 1e-8, `η = ${w.efficiency}`);
  assert.ok(Math.abs(w.work + w.heat.hot + w.heat.cold) < 1e-8, 'first law over the cycle');
  assert.equal(v.times.length, 41);
  assert.ok(Math.abs(v.series['p|0⟩'][0] - v.series['p|0⟩'][40]) < 1e-10, 'ρ*(T) = ρ*(0)');
  assert.throws(() => modelSteady(otto), /time-dependent model .* no steady state/);
});

/** e^{Wt}p for a small generator W (row-major d×d): Taylor series on t/2^s, then s squarings. */
function expAction(w: number[][], t: number, p: number[]): number[] {
  const d = p.length, norm = Math.max(...w.map((r) => r.reduce((a, x) => a + Math.abs(x), 0))) * t;
  const s = Math.max(0, Math.ceil(Math.log2(norm)) + 4), h = t / 2 ** s;
  const mul = (a: number[][], b: number[][]) => a.map((r) => b[0].map((_, j) => r.reduce((acc, x, k) => acc + x * b[k][j], 0)));
  let e: number[][] = w.map((r, i) => r.map((_, j) => (i === j ? 1 : 0))), term = e;
  for (let k = 1; k <= 30; k++) { term = mul(term, w).map((r) => r.map((x) => (x * h) / k)); e = e.map((r, i) => r.map((x, j) => x + term[i][j])); }
  for (let k = 0; k < s; k++) e = mul(e, e);
  return e.map((r) => r.reduce((acc, x, j) => acc + x * p[j], 0));
}

test('evolution of a truncated Fock mode: the view reports each mode\'s largest top-level population, the closed birth–death value, and flags it above 1e-6', () => {
  // c.a at rate γ↓, c.a_dag at γ↑ from the vacuum: populations follow ṗ = W p with the ladder's rates
  // n γ↓ down and (n+1) γ↑ up (none above the cutoff); the top level fills monotonically.
  const file = (cutoff: number, up: number) => JSON.stringify({ subsystems: { c: { kind: 'fock', cutoff } }, hamiltonian: 'c.n',
    channels: [{ operator: 'c.a', rate: 1.5 }, { operator: 'c.a_dag', rate: up }], initialState: { levels: { c: 0 } } });
  for (const [cutoff, up, flagged] of [[3, 0.5, true], [8, 0.15, false]] as const) {
    const d = cutoff + 1, w = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let n = 0; n < d; n++) {
      if (n > 0) { w[n - 1][n] += n * 1.5; w[n][n] -= n * 1.5; }
      if (n < cutoff) { w[n + 1][n] += (n + 1) * up; w[n][n] -= (n + 1) * up; }
    }
    const r = modelEvolution(file(cutoff, up), 20, 41, []);
    assert.equal(r.truncation.length, 1);
    const t = r.truncation[0], p0 = Array.from({ length: d }, (_, n) => (n === 0 ? 1 : 0));
    const exact = Math.max(...r.times.map((time) => expAction(w, time, p0)[cutoff]));
    assert.equal(t.mode, 'c');
    assert.equal(t.cutoff, cutoff);
    assert.ok(Math.abs(t.topPopulation - exact) <= 1e-7 * exact + 1e-15, `cutoff ${cutoff}: ${t.topPopulation} vs e^{Wt}p(0) ${exact}`);
    assert.equal(r.truncationLimit, 1e-6);
    const line = evolutionSummary(r, 12);
    assert.match(line, new RegExp(`^41 times · 12 ms · ${r.method}`));
    assert.equal(/⚠ truncated: raise the cutoff/.test(line), flagged, line);
    assert.equal(flagged, exact > 1e-6);
    assert.match(line, new RegExp(`top level \\|${cutoff}⟩ of c up to`));
    if (r.errorEstimate !== null) assert.match(line, /error estimate/);
  }
});
