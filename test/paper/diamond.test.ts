import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diamondModel } from '../../src/paper/diamond.ts';
import {
  diamondPopulationsAnalytic, diamondConcurrenceAnalytic, concurrencePaperEq45,
  diamondEntropyProductionAnalytic, diamondHeatCurrentsAnalytic,
} from '../../src/paper/analytic.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { concurrence, concurrenceXState } from '../../src/measures/measures.ts';
import { entropyProduction } from '../../src/thermo/heat.ts';

const numeric = (betaA: number, betaS: number, basis: 'bell' | 'product' = 'bell') => {
  const d = diamondModel({ betaA, betaS, basis });
  const ss = steadyState(d.model);
  return {
    model: d.model, ss, C: concurrence(d.twoQubitState(ss.rho)), pops: d.populations(ss.rho),
    get ep() { return entropyProduction(d.model, ss.rho); },
  };
};
const grid = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, k) => lo + ((hi - lo) * k) / (n - 1));

test('numeric engine = closed form to 1e-10 on a dense grid over [−20, 20]²', () => {
  let worst = 0;
  for (const a of grid(-20, 20, 41)) {
    for (const s of grid(-20, 20, 41)) {
      const { C, pops, ss } = numeric(a, s);
      const p = diamondPopulationsAnalytic(a, s);
      worst = Math.max(worst, Math.abs(C - diamondConcurrenceAnalytic(a, s)),
        ...(['G', 'S', 'A', 'E'] as const).map((k) => Math.abs(pops[k] - p[k])));
      assert.ok(ss.certificate.unique && ss.certificate.relativeResidual < 1e-12);
    }
  }
  assert.ok(worst <= 1e-10, `worst deviation ${worst}`);
});

test('numeric = closed form at the infinite limits (engine takes the infinitely-fast limit)', () => {
  const inf = Infinity;
  for (const [a, s] of [[inf, 0], [0, inf], [inf, -inf], [-inf, inf], [inf, 3], [-inf, 3], [2, -inf], [-inf, -inf], [inf, inf]]) {
    const { C, pops } = numeric(a, s);
    const p = diamondPopulationsAnalytic(a, s);
    assert.ok(Math.abs(C - diamondConcurrenceAnalytic(a, s)) <= 1e-10, `C at (${a}, ${s})`);
    for (const k of ['G', 'S', 'A', 'E'] as const) assert.ok(Math.abs(pops[k] - p[k]) <= 1e-10, `p_${k} at (${a}, ${s})`);
  }
});

test('product (two-qubit) and Bell bases agree; the product basis also matches the closed form for |β| ≤ 8', () => {
  for (const a of grid(-8, 8, 17)) {
    for (const s of grid(-8, 8, 17)) {
      const p = numeric(a, s, 'product'), b = numeric(a, s, 'bell');
      assert.ok(Math.abs(p.C - b.C) < 1e-10 && Math.abs(p.C - diamondConcurrenceAnalytic(a, s)) < 1e-10, `(${a}, ${s})`);
      assert.ok(Math.abs(p.ep.rate - b.ep.rate) < 1e-9 * Math.max(1, b.ep.rate));
    }
  }
  for (const [a, s] of [[Infinity, 0], [Infinity, -Infinity], [-Infinity, 2]]) {
    assert.ok(Math.abs(numeric(a, s, 'product').C - diamondConcurrenceAnalytic(a, s)) < 1e-7, `product basis at (${a}, ${s})`);
  }
});

test("the paper's Eqs. (4)–(5) equal the X-state formula, and the Wootters concurrence equals the X-state one", () => {
  for (const a of grid(-12, 12, 49)) {
    for (const s of grid(-12, 12, 49)) {
      assert.ok(Math.abs(concurrencePaperEq45(a, s) - diamondConcurrenceAnalytic(a, s)) < 1e-12, `(${a}, ${s})`);
    }
  }
  const { ss } = numeric(4, -2, 'product');
  assert.ok(Math.abs(concurrence(ss.rho) - concurrenceXState(ss.rho)) < 1e-13);
});

test('spot values from PHYSICS.md §2–§3', () => {
  assert.ok(Math.abs(numeric(5, 0).C - 0.247198) < 5e-7);
  assert.ok(Math.abs(numeric(10, -10).C - 0.493171) < 5e-7);
  assert.equal(numeric(2, 1).C, 0);
  const { ep } = numeric(5, 0);
  assert.ok(Math.abs(ep.heatCurrents.S - 1.315407) < 5e-7, `Q_S ${ep.heatCurrents.S}`);
  assert.ok(Math.abs(ep.rate - 6.577036) < 5e-7, `Ṡ ${ep.rate}`);
});

test('symmetry C(β_A, β_S) = C(β_S, β_A); C = 0 on the diagonal and when both β ≤ 0', () => {
  for (const a of grid(-8, 8, 17)) {
    for (const s of grid(-8, 8, 17)) {
      assert.ok(Math.abs(numeric(a, s).C - numeric(s, a).C) < 1e-12);
      if (a === s || (a <= 0 && s <= 0)) assert.equal(diamondConcurrenceAnalytic(a, s), 0, `(${a}, ${s})`);
    }
    assert.ok(numeric(a, a).C < 1e-12);
  }
});

test('limits: cold bath at β = +∞ gives C = 1/(2 + e^{β_hot}); 1/3 at β_hot = 0, 1/2 at β_hot → −∞', () => {
  for (const hot of [-5, -1, 0, 0.5, 2]) {
    const c1 = numeric(Infinity, hot).C, c2 = numeric(hot, Infinity).C, exact = 1 / (2 + Math.exp(hot));
    assert.ok(Math.abs(c1 - exact) < 1e-12 && Math.abs(c2 - exact) < 1e-12, `hot β ${hot}: ${c1}, ${c2} vs ${exact}`);
  }
  assert.ok(Math.abs(numeric(Infinity, 0).C - 1 / 3) < 1e-12);
  assert.ok(Math.abs(numeric(Infinity, -Infinity).C - 1 / 2) < 1e-12);
  // approach along finite values
  assert.ok(Math.abs(diamondConcurrenceAnalytic(80, -80) - 0.5) < 1e-12); // C = 1/2 − O(e^{−β_cold/2})
});

test('thermal quadrant: C < 1/3 for all β ≥ 0, approached only asymptotically; C > 0 needs the colder β > ln(4 + √20)', () => {
  let best = 0;
  for (const a of grid(0, 30, 61)) for (const s of grid(0, 30, 61)) best = Math.max(best, diamondConcurrenceAnalytic(a, s));
  assert.ok(best < 1 / 3 && best > 1 / 3 - 1e-3, `best ${best}`);
  const threshold = Math.log(4 + Math.sqrt(20));
  for (const hot of [-30, -3, 0, 1]) {
    assert.equal(diamondConcurrenceAnalytic(threshold - 1e-6, hot), 0);
    assert.equal(diamondConcurrenceAnalytic(hot, threshold - 1e-6), 0);
  }
  assert.ok(diamondConcurrenceAnalytic(threshold + 1e-3, -30) > 0);
});

test('heat and entropy: Q̇_A + Q̇_S = 0, Ṡ ≥ 0 over the plane, closed forms, Ṡ = 0 only on the diagonal', () => {
  for (const a of grid(-10, 10, 21)) {
    for (const s of grid(-10, 10, 21)) {
      const { ep } = numeric(a, s);
      const q = ep.heatCurrents;
      const scale = Math.max(1, Math.abs(q.A));
      assert.ok(Math.abs(q.A + q.S) < 1e-9 * scale, `Q_A + Q_S at (${a}, ${s})`);
      assert.ok(ep.rate >= -1e-9, `Ṡ ≥ 0 at (${a}, ${s})`);
      const exact = diamondEntropyProductionAnalytic(a, s);
      assert.ok(Math.abs(ep.rate - exact) < 1e-9 * Math.max(1, exact), `Ṡ at (${a}, ${s}): ${ep.rate} vs ${exact}`);
      const qa = diamondHeatCurrentsAnalytic(a, s);
      assert.ok(Math.abs(q.S - qa.S) < 1e-9 * Math.max(1, Math.abs(qa.S)));
      if (a !== s) assert.ok(exact > 0);
    }
  }
});

test('infinite β: finite answers where the physics is finite', () => {
  // Cold bath at β = +∞: its heat current is finite (energy balance), and the entropy production diverges.
  const { ep } = numeric(Infinity, 0);
  assert.ok(Math.abs(ep.heatCurrents.A + ep.heatCurrents.S) < 1e-12 && Number.isFinite(ep.heatCurrents.A));
  assert.equal(ep.rate, Infinity);
  // Both baths at β = −∞ (no emission at all): full inversion, no heat flows, Ṡ = 0, not NaN.
  const inv = numeric(-Infinity, -Infinity);
  assert.ok(Math.abs(inv.pops.E - 1) < 1e-12);
  assert.equal(inv.ep.rate, 0);
});

test('bellToProduct = U ρ U† computed with dense products, for a general (non-diagonal) ρ', async () => {
  const { bellToProduct } = await import('../../src/paper/diamond.ts');
  const { DenseMatrix } = await import('../../src/linalg/dense.ts');
  const r = Math.SQRT1_2, u = DenseMatrix.fromRows([[1, 0, 0, 0], [0, r, r, 0], [0, r, -r, 0], [0, 0, 0, 1]]);
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const m = new DenseMatrix(4, 4);
  for (let k = 0; k < 32; k++) m.data[k] = rand();
  const rho = m.hermitianPart();
  const want = u.mul(rho).mul(u.adjoint()), got = bellToProduct(rho);
  assert.ok(got.sub(want).normFrobenius() < 1e-15, `difference ${got.sub(want).normFrobenius()}`);
  // diagonal in the Bell basis → exact zeros outside the X pattern
  const diag = DenseMatrix.fromRows([[0.1, 0, 0, 0], [0, 0.2, 0, 0], [0, 0, 0.3, 0], [0, 0, 0, 0.4]]);
  const x = bellToProduct(diag);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (i !== j && i + j !== 3) assert.equal(x.re(i, j), 0);
  assert.equal(x.re(1, 2), (0.2 - 0.3) / 2);
  assert.throws(() => bellToProduct(new DenseMatrix(2, 2)), /4×4/);
});

const EXTREME = [-Infinity, -1e308, -1e16, -700, -350, -40, -33, -5, 0, 5, 33, 40, 350, 700, 1e16, 1e308, Infinity];

test('numeric = closed form over β_A, β_S ∈ [−700, 700] ∪ {±1e16, ±1e308, ±∞}: vouched populations to 1e-10 relative', () => {
  let worst = 0;
  for (const a of EXTREME) {
    for (const s of EXTREME) {
      const d = diamondModel({ betaA: a, betaS: s });
      const ss = steadyState(d.model);
      const c = ss.certificate, pops = d.populations(ss.rho), p = diamondPopulationsAnalytic(a, s);
      assert.ok(c.unique && c.minEigenvalue >= -c.positivityTolerance, `(${a}, ${s})`);
      const vouched = c.conditioning!.vouchedAbove, bound = c.conditioning!.errorBound;
      for (const k of ['G', 'S', 'A', 'E'] as const) {
        const err = Math.abs(pops[k] - p[k]);
        // Every population: within the certificate's error (and the O(Γ⁺/Γ⁻) < 1e-306 of a bath taken at its limit).
        assert.ok(err <= bound + vouched + 1e-300, `p_${k} at (${a}, ${s}): ${pops[k]} vs ${p[k]}`);
        if (pops[k] > vouched && p[k] > 1e-300) {
          assert.ok(err <= 1e-10 * p[k], `vouched p_${k} at (${a}, ${s}): ${pops[k]} vs ${p[k]} (relative ${err / p[k]})`);
          worst = Math.max(worst, err / p[k]);
        }
      }
      const C = concurrence(d.twoQubitState(ss.rho)), Ca = diamondConcurrenceAnalytic(a, s);
      assert.ok(Math.abs(C - Ca) <= 1e-10, `C at (${a}, ${s}): ${C} vs ${Ca}`);
    }
  }
  assert.ok(worst <= 1e-10, `worst relative deviation ${worst}`);
});

test('a 121-point cut through β_A ∈ [−700, 700] at several β_S: no refusal, closed form throughout', () => {
  for (const s of [-700, -3, 0, 2.5, 700]) {
    for (let k = 0; k <= 120; k++) {
      const a = -700 + (1400 * k) / 120;
      const d = diamondModel({ betaA: a, betaS: s });
      const ss = steadyState(d.model), pops = d.populations(ss.rho), p = diamondPopulationsAnalytic(a, s);
      assert.equal(ss.certificate.status, 'unique', `(${a}, ${s})`);
      for (const q of ['G', 'S', 'A', 'E'] as const) assert.ok(Math.abs(pops[q] - p[q]) <= 1e-10 * p[q] + 1e-300, `p_${q} at (${a}, ${s}): ${pops[q]} vs ${p[q]}`);
    }
  }
});

test('closed form at large β is continuous into the infinite limits (it was C = 1 at 1e16 and NaN at 1e308)', () => {
  const limitCold = diamondPopulationsAnalytic(Infinity, 0);
  for (const b of [745, 1e3, 1e16, 1e100, 1e308]) {
    const p = diamondPopulationsAnalytic(b, 0);
    for (const k of ['G', 'S', 'A', 'E'] as const) assert.ok(Math.abs(p[k] - limitCold[k]) <= 1e-15, `p_${k}(${b}, 0) = ${p[k]} vs limit ${limitCold[k]}`);
    assert.ok(Math.abs(diamondConcurrenceAnalytic(b, 0) - 1 / 3) < 1e-15 && Math.abs(diamondConcurrenceAnalytic(0, b) - 1 / 3) < 1e-15, `C(${b}, 0)`);
    assert.ok(Math.abs(diamondConcurrenceAnalytic(b, -b) - 1 / 2) < 1e-15, `C(${b}, −${b})`);
    const q = diamondPopulationsAnalytic(-b, -b);
    assert.equal(q.E, 1);
    const h = diamondHeatCurrentsAnalytic(b, 0), hInf = diamondHeatCurrentsAnalytic(Infinity, 0);
    assert.ok(Math.abs(h.S - hInf.S) < 1e-15 && Number.isFinite(h.S), `Q̇_S(${b}, 0)`);
  }
  // finite huge β of both signs: no overflow, no NaN
  for (const v of Object.values(diamondPopulationsAnalytic(1e308, -1e308))) assert.ok(Number.isFinite(v));
});

test('both β = ±1e308 and the two-bath infinite limits: populations sum to 1, nothing NaN', () => {
  for (const a of [1e308, -1e308, Infinity, -Infinity]) {
    for (const s of [1e308, -1e308, Infinity, -Infinity, 0]) {
      const p = diamondPopulationsAnalytic(a, s);
      const sum = p.G + p.S + p.A + p.E;
      assert.ok(Math.abs(sum - 1) < 1e-15, `(${a}, ${s}): ${JSON.stringify(p)}`);
      assert.ok(Number.isFinite(diamondConcurrenceAnalytic(a, s)));
    }
  }
});
