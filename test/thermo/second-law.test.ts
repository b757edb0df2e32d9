/**
 * The second law as a property of the model (src/thermo/second-law.ts): random models whose baths are in
 * local detailed balance with respect to H0 — transitions |i⟩⟨j| of a random spectrum, γ↑/γ↓ = e^{−βω},
 * β of either sign, ±∞ and 0, ω_ref ≠ 1, and a coupling V that does not commute with H0 (local master
 * equations) — are certified, and their steady states have Ṡ ≥ 0 (Spohn); models with rates unrelated to
 * their β's are flagged, and some of them do show Ṡ < 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { space, levels } from '../../src/model/space.ts';
import { Operator } from '../../src/model/operator.ts';
import { lindbladModel, type ChannelInput } from '../../src/model/model.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { entropyProduction, heatNoiseScale } from '../../src/thermo/heat.ts';
import { secondLawGuarantee } from '../../src/thermo/second-law.ts';
import { turRatio } from '../../src/thermo/tur.ts';

const BETAS = [0.7, -1.3, 0, 2.5, Infinity, -Infinity];

/** n levels E_i, two or three baths, transitions between neighbours; `consistent` ties the rates to β. */
function model(n: number, energies: number[], betaIdx: number[], rates: number[], coupling: number, refE: number, consistent: boolean) {
  const sp = space({ s: levels(n) });
  const op = (ri: number[], ci: number[], re: number[], im: number[] = re.map(() => 0)) => new Operator(sp, CsrMatrix.fromTriplets(n, n, ri, ci, re, im));
  const h0 = op(energies.map((_, i) => i), energies.map((_, i) => i), energies);
  // V: a real hopping between levels 0 and n−1 (does not commute with H0)
  const h = coupling === 0 ? h0 : new Operator(sp, h0.matrix.add(CsrMatrix.fromTriplets(n, n, [0, n - 1], [n - 1, 0], [coupling, coupling], [0, 0])));
  const baths: Record<string, { beta: number }> = {}, channels: ChannelInput[] = [];
  for (let i = 0; i + 1 < n; i++) {
    const b = `b${betaIdx[i] % 3}`, beta = BETAS[betaIdx[i]];
    baths[b] ??= { beta };
    if (baths[b].beta !== beta) continue; // one β per bath
    const [lo, hi] = energies[i] <= energies[i + 1] ? [i, i + 1] : [i + 1, i];
    const w = (energies[hi] - energies[lo]) / refE; // in units of ω_ref, as β is
    const down = rates[i], up = consistent ? (beta === Infinity ? 0 : beta === -Infinity ? down : down * Math.exp(-beta * w)) : rates[(i + 1) % rates.length];
    const downRate = consistent && beta === -Infinity ? 0 : down;
    if (downRate > 0) channels.push({ operator: op([lo], [hi], [1]), rate: downRate, bath: b });
    if (up > 0) channels.push({ operator: op([hi], [lo], [1]), rate: up, bath: b });
  }
  return lindbladModel(sp, { hamiltonian: h, bareHamiltonian: h0, channels, baths, referenceEnergy: refE });
}

test('local detailed balance w.r.t. H0 (β of any sign, ±∞, a non-commuting coupling, ω_ref ≠ 1): certified, and Ṡ ≥ 0 in the steady state', () => {
  let checked = 0;
  fc.assert(fc.property(
    fc.integer({ min: 3, max: 6 }), fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 }),
    fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 6, maxLength: 6 }), fc.array(fc.double({ min: 0.05, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 }),
    fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(1, 0.5, 3),
    (n, e, bi, r, v, refE) => {
      const energies = e.slice(0, n).map((x, i) => x + 0.01 * i); // distinct levels
      let m;
      try { m = model(n, energies, bi, r, v, refE, true); } catch { return; }
      let rho;
      try { rho = steadyState(m).rho; } catch { return; } // (β = ±∞ baths can leave several stationary states)
      const law = secondLawGuarantee(m);
      assert.equal(law.guaranteed, true, law.reason);
      const s = entropyProduction(m, rho).rate;
      assert.ok(s >= -1e-9 * heatNoiseScale(m), `Ṡ = ${s} < 0 with the second law guaranteed`);
      checked++;
    }), { numRuns: 120, seed: 24 });
  assert.ok(checked > 60, `only ${checked} models reached the check`);
});

test('rates unrelated to the baths\' β are flagged; some such models have Ṡ < 0, and the TUR then says why it is undefined', () => {
  let flagged = 0, negative = 0;
  for (let seed = 0; seed < 40; seed++) {
    const rnd = (k: number) => 0.1 + ((Math.sin(seed * 12.9898 + k * 78.233) * 43758.5453) % 1 + 1) % 1;
    const n = 3 + (seed % 3), energies = Array.from({ length: n }, (_, i) => i + 0.3 * rnd(i));
    const m = model(n, energies, Array.from({ length: 6 }, (_, i) => (seed + i) % 4), Array.from({ length: 6 }, (_, i) => rnd(10 + i)), 0.2 * rnd(20), 1, false);
    const law = secondLawGuarantee(m);
    if (law.guaranteed === false) flagged++;
    let rho;
    try { rho = steadyState(m).rho; } catch { continue; }
    const s = entropyProduction(m, rho).rate;
    if (s < -1e-6) {
      negative++;
      assert.equal(law.guaranteed, false, `Ṡ = ${s} < 0 but the second law was said to hold`);
      assert.match(turRatio(0.3, 0.1, s).reason!, /σ = -[\d.e-]+ < 0: the model's rates break local detailed balance/);
    }
  }
  assert.ok(flagged >= 30, `only ${flagged} of 40 inconsistent models flagged`);
  assert.ok(negative >= 3, `only ${negative} showed Ṡ < 0`);
});
