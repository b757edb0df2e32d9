/**
 * The report section on the cavity light (src/paper/emission*.ts): its verdicts follow the numbers — a
 * synthetic scan where g²(0) and C peak apart is reported as NOT confirmed, a doublet away from ±√2 g is
 * flagged — and a small real scan gives bunched light at the concurrence peak.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emissionData, emissionSummary, type EmissionData, type G2Point } from '../../src/paper/emission.ts';
import { emissionSection } from '../../src/paper/emission-report.ts';

const quiet = { tick() {}, stage() {}, done() {} };
const kappas = [0.01, 0.1, 1, 10, 100, 1000];
const omegas = Array.from({ length: 801 }, (_, k) => -4 + k / 100);
const lorentz = (w0: number) => omegas.map((w) => 1 / (1 + ((Math.abs(w) - w0) / 0.05) ** 2));

function synthetic(g2: number[], c: number[], doubletAt: number): EmissionData {
  const points: G2Point[] = kappas.map((kappa, k) => ({ kappa, g2: g2[k], concurrence: c[k], meanPhotons: 1e-3, dark: 0.4, bright: 1e-3 }));
  return {
    gamma: 1e-3, cutoff: 4, curves: [{ pump: 5e-3, points }], spectrumPump: 5e-3, omegas,
    lineshapes: [{ kappa: 0.3, values: lorentz(doubletAt), meanPhotons: 1e-3, coherentWeight: 0, status: 'accurate', worstError: 1e-12 }],
    cutoffCheck: { kappa: 0.01, pump: 5e-3, g2: 1.3, g2Doubled: 1.31 },
  };
}

test('the report confirms "bunching marks the entangled regime" only when g²(0) and C peak together', () => {
  const c = [0, 0.1, 0.38, 0.2, 0.05, 0];
  const together = emissionSection(synthetic([1.2, 5, 50, 20, 3, 1], c, Math.SQRT2), emissionSummary(synthetic([1.2, 5, 50, 20, 3, 1], c, Math.SQRT2)));
  assert.match(together, /For every pump, g²\(0\) and C peak together/);
  assert.match(together, /collective vacuum Rabi\s+splitting ±√2 g/);
  const apart = synthetic([50, 5, 2, 1.5, 1.2, 1], c, Math.SQRT2);
  assert.match(emissionSection(apart, emissionSummary(apart)), /NOT confirmed by this computation: g²\(0\) and C do not peak together/);
  const wrongDoublet = synthetic([1.2, 5, 50, 20, 3, 1], c, 1.0);
  assert.match(emissionSection(wrongDoublet, emissionSummary(wrongDoublet)), /NOT at ±√2 g/);
});

test('a small real scan (cutoff 3): light bunched (g²(0) > 2) where C is largest, lineshapes normalised to ∫ S/⟨a†a⟩ dω/2π ≈ 1 over [−4g, 4g]', () => {
  const d = emissionData({ cutoff: 3, kappaPoints: 6, spectrumPump: 5e-3, progress: quiet as never });
  const s = emissionSummary(d);
  for (const c of s.curves) assert.ok(c.cMax.g2 > 2, `p = ${c.pump}: g²(0) = ${c.cMax.g2} at the C maximum`);
  for (const l of d.lineshapes) {
    const integral = l.values.reduce((acc, v) => acc + v, 0) * (d.omegas[1] - d.omegas[0]) / (2 * Math.PI);
    assert.ok(integral > 0.8 && integral <= 1 + 1e-9, `κ = ${l.kappa}: ∫ = ${integral}`); // tails beyond ±4g are missing
    assert.equal(l.status, 'accurate', `κ = ${l.kappa}: the lineshape's error bounds`);
    assert.ok(l.worstError < 1e-6, `κ = ${l.kappa}: error bound ${l.worstError} of the peak`);
  }
  assert.match(emissionSection(d, s), /Each lineshape's values carry error bounds: κ = 0\.3 g: accurate, largest bound /);
});
