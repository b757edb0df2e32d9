/**
 * Exact cumulants against closed forms (two-state jump processes, the diamond model's Eq. 6). The
 * reference cumulants come from the closed-form SCGF of the 2×2 tilted matrix,
 *   θ(s) = [−(A+B) + √((A−B)² + 4F(s))]/2,  F(s) = (Σ_b a_b e^{s u_b})(Σ_b b_b e^{−s u_b}),
 * A = Σ a_b (0→1 rates), B = Σ b_b (1→0 rates), u_b the weight of an absorption from bath b (an emission
 * into it counts −u_b), expanded as a power series by exact series arithmetic here (not by the engine).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LindbladError } from '../../src/errors.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { op } from '../../src/model/operator.ts';
import { space, qubit } from '../../src/model/space.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { diamondEntropyProductionAnalytic, diamondHeatCurrentsAnalytic } from '../../src/paper/analytic.ts';
import { TiltedSystem, cumulants } from '../../src/thermo/counting.ts';
import { steadyState } from '../../src/steady/steady.ts';

/** Power series helpers (coefficients a_0 … a_{N−1}). */
const N = 6;
const expSeries = (u: number) => Array.from({ length: N }, (_, k) => u ** k / factorial(k));
const mul = (a: number[], b: number[]) => a.map((_, k) => { let s = 0; for (let j = 0; j <= k; j++) s += a[j] * b[k - j]; return s; });
const add = (a: number[], b: number[]) => a.map((x, k) => x + b[k]);
const scale = (a: number[], f: number) => a.map((x) => x * f);
function sqrtSeries(a: number[]): number[] { // b² = a, b_0 = √a_0
  const b = new Array(N).fill(0);
  b[0] = Math.sqrt(a[0]);
  for (let k = 1; k < N; k++) { let s = a[k]; for (let j = 1; j < k; j++) s -= b[j] * b[k - j]; b[k] = s / (2 * b[0]); }
  return b;
}
function factorial(k: number): number { let f = 1; for (let i = 2; i <= k; i++) f *= i; return f; }

/** Scaled cumulants c_1…c_4 of the two-state process with per-bath rates up a_b, down b_b and weights u_b. */
function twoStateCumulants(up: number[], down: number[], u: number[]): number[] {
  const A = up.reduce((x, y) => x + y), B = down.reduce((x, y) => x + y);
  const zero = new Array(N).fill(0);
  const fUp = up.reduce((acc, a, b) => add(acc, scale(expSeries(u[b]), a)), zero);
  const fDown = down.reduce((acc, d, b) => add(acc, scale(expSeries(-u[b]), d)), zero);
  const disc = add(scale(mul(fUp, fDown), 4), [(A - B) ** 2, ...new Array(N - 1).fill(0)]);
  const theta = scale(add(sqrtSeries(disc), [-(A + B), ...new Array(N - 1).fill(0)]), 0.5);
  return [1, 2, 3, 4].map((k) => theta[k] * factorial(k));
}

function qubitModel(up: number[], down: number[], omega = 1.3) {
  const sp = space({ q: qubit() });
  const channels = up.flatMap((a, b) => [
    { operator: op(sp, 'q', 'sigma_plus'), rate: a, bath: `b${b}` },
    { operator: op(sp, 'q', 'sigma_minus'), rate: down[b], bath: `b${b}` },
  ]);
  const baths = Object.fromEntries(up.map((a, b) => [`b${b}`, { beta: Math.log(down[b] / a) / omega }]));
  return lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n').scale(omega), channels, baths });
}

/** |got − want| ≤ rel·max(|want|, floor) (floor: the scale of the problem's currents, for values that vanish). */
const close = (got: number, want: number, rel: number, what: string, floor = 1e-300) =>
  assert.ok(Math.abs(got - want) <= rel * Math.max(Math.abs(want), floor), `${what}: got ${got}, want ${want}`);

test('one bath, counting absorptions only: J = ab/(a+b), D = ab(a²+b²)/(a+b)³, c3, c4 from the 2×2 SCGF', () => {
  const a = 0.7, b = 2.3;
  const m = qubitModel([a], [b]);
  const c = cumulants(new TiltedSystem(m, { kind: 'weights', weights: [1, 0] }), 4);
  close(c.cumulants[0], (a * b) / (a + b), 1e-13, 'J');
  close(c.cumulants[1], (a * b * (a * a + b * b)) / (a + b) ** 3, 1e-13, 'D');
  const ref = twoStateCumulants([a], [b], [1]).map(() => 0);
  // Counting up-jumps only: F(s) = a e^{s}·b, i.e. weight 1 on absorption, 0 on emission.
  const A = a, B = b, zero = new Array(N).fill(0);
  const disc = add(scale(scale(expSeries(1), a * b), 4), [(A - B) ** 2, ...zero.slice(1)]);
  const theta = scale(add(sqrtSeries(disc), [-(A + B), ...zero.slice(1)]), 0.5);
  for (let k = 1; k <= 4; k++) ref[k - 1] = theta[k] * factorial(k);
  ref.forEach((r, k) => close(c.cumulants[k], r, 1e-11, `c${k + 1}`));
  assert.ok(c.drazin.relativeResidual < 1e-14, `residual ${c.drazin.relativeResidual}`);
});

test('one bath, heat ±ω per jump: the net count is bounded, so every scaled cumulant vanishes', () => {
  const m = qubitModel([0.4], [1.9], 2);
  const c = cumulants(new TiltedSystem(m, { kind: 'heat', bath: 'b0' }), 4);
  for (const x of c.cumulants) assert.ok(Math.abs(x) < 1e-14, `${c.cumulants}`);
});

test('two thermal baths: heat current and its cumulants 1–4 equal the two-state closed form', () => {
  const omega = 1.3, up = [0.3, 1.7], down = [2.1, 0.9];
  const m = qubitModel(up, down, omega);
  const ref = twoStateCumulants(up, down, [omega, 0]);
  const c = cumulants(new TiltedSystem(m, { kind: 'heat', bath: 'b0' }), 4);
  ref.forEach((r, k) => close(c.cumulants[k], r, 1e-11, `c${k + 1}`));
  // Entropy flow: u_b = −β_b ω per absorption from bath b.
  const betas = up.map((a, b) => Math.log(down[b] / a) / omega);
  const refS = twoStateCumulants(up, down, betas.map((beta) => -beta * omega));
  const cs = cumulants(new TiltedSystem(m, { kind: 'entropy' }), 4);
  refS.forEach((r, k) => close(cs.cumulants[k], r, 1e-11, `entropy c${k + 1}`));
});

test('diamond model: the first cumulant is the heat current and the entropy production of Eq. (6)', () => {
  for (const [betaA, betaS] of [[5, 0], [1.5, -0.7], [-2, 3], [0.3, 0.3]] as const) {
    for (const basis of ['bell', 'product'] as const) {
      const d = diamondModel({ betaA, betaS, basis });
      const q = diamondHeatCurrentsAnalytic(betaA, betaS);
      const heatS = cumulants(new TiltedSystem(d.model, { kind: 'heat', bath: 'S' }), 2);
      const heatA = cumulants(new TiltedSystem(d.model, { kind: 'heat', bath: 'A' }), 2);
      close(heatS.cumulants[0], q.S, 1e-12, `Q_S ${betaA},${betaS} ${basis}`, 1);
      close(heatA.cumulants[0], q.A, 1e-12, `Q_A ${betaA},${betaS} ${basis}`, 1);
      const ent = cumulants(new TiltedSystem(d.model, { kind: 'entropy' }), 2);
      const sigma = diamondEntropyProductionAnalytic(betaA, betaS);
      assert.ok(Math.abs(ent.cumulants[0] - sigma) <= 1e-12 * Math.max(sigma, 1), `σ ${betaA},${betaS}: ${ent.cumulants[0]} vs ${sigma}`);
      assert.ok(heatS.cumulants[1] > 0);
    }
  }
});

test('the tilted system lives on the steady state\'s sector and refuses what it cannot count', () => {
  const d = diamondModel({ betaA: 1, betaS: 2, basis: 'product' });
  const sys = new TiltedSystem(d.model, { kind: 'heat', bath: 'S' });
  assert.ok(sys.size < 16, `sector of ${sys.size} unknowns`);
  const rho = steadyState(d.model).rho;
  assert.ok(Math.abs(rho.re(1, 2) - sys.rho.re(1, 2)) < 1e-15);
  assert.throws(() => new TiltedSystem(d.model, { kind: 'heat', bath: 'nope' }), (e: unknown) => e instanceof LindbladError && e.field === 'bath');
  assert.throws(() => new TiltedSystem(diamondModel({ betaA: -Infinity, betaS: 1 }).model, { kind: 'entropy' }),
    (e: unknown) => e instanceof LindbladError && e.code === 'unsupported' && e.field === 'baths.A.beta');
  assert.throws(() => new TiltedSystem(d.model, { kind: 'weights', weights: [1, 2] }), (e: unknown) => e instanceof LindbladError && e.field === 'weights');
});
