/**
 * The paper's quantitative claims, each recomputed by the engine: the thermal bound, the negative-
 * temperature limit, the best cavity-QED concurrence and where it occurs, the pump at which the full
 * model first beats 1/3, where full and effective models part, and the small-γ results.
 */
import { cavitySteadyState } from './cavity-solve.ts';
import { diamondConcurrenceAnalytic } from './analytic.ts';
import { maximize, bisect } from './optimize.ts';
import { diamondPoint, type DiamondMap } from './fig1.ts';
import type { KappaCurve } from './fig2.ts';
import type { Progress } from './progress.ts';

/** C_full at (p, κ, γ), g = 1, cutoff 4. */
const cFull = (pump: number, kappa: number, gamma: number, cutoff: number) => cavitySteadyState({ kappa, gamma, pump, cutoff }).concurrence;

/** max over log10 κ ∈ [−1, 2] of C_full at fixed p, γ. */
export function bestOverKappa(pump: number, gamma: number, cutoff: number, tick: () => void) {
  const m = maximize((lk) => { tick(); return cFull(pump, 10 ** lk, gamma, cutoff); }, -1, 2, 10, 2e-3);
  return { kappa: 10 ** m.x, concurrence: m.value };
}

/** max over p and κ at fixed γ (p/γ searched on a log scale over [1, 100]). */
export function bestOverPumpAndKappa(gamma: number, cutoff: number, tick: () => void) {
  let best = { kappa: 0, concurrence: -1 };
  const m = maximize((lr) => {
    const b = bestOverKappa(gamma * 10 ** lr, gamma, cutoff, tick);
    if (b.concurrence > best.concurrence) best = b;
    return b.concurrence;
  }, 0, 2, 8, 5e-3);
  return { pumpOverGamma: 10 ** m.x, kappa: best.kappa, concurrence: m.value };
}

export interface Claims {
  thermalMax: { value: number; betaA: number; betaS: number; extendedValue: number; extendedRange: number };
  mapMax: { value: number; betaA: number; betaS: number };
  negativeLimit: Array<{ betaHot: number; concurrence: number; engine: number }>;
  mapAgreement: { maxConcurrenceError: number; maxEntropyError: number };
  positivityThreshold: number;
  best: { gamma: number; pumpOverGamma: number; kappa: number; concurrence: number };
  beatsThird: { pumpOverGamma: number | null };
  partingKappa: number | null;
  fig2bMax: { kappa: number; concurrence: number };
  smallGamma: Array<{ gamma: number; pumpOverGamma: number; kappa: number; concurrence: number }>;
  maxTopFock: number;
  cutoff: number;
  /** Largest |C(N) − C(2N)| at the point of each κ curve with the most weight in the top Fock level. */
  cutoffCheck: number;
  /** Largest C on the diagonal β_A = β_S and in the quadrant β_A, β_S ≤ 0 (should be 0). */
  zeroRegionMax: number;
  /** Spearman rank correlation of C and Ṡ over the Fig. 1 grid. */
  spearman: number;
}

/** Spearman rank correlation of two equally long samples (average ranks for ties). */
export function spearman(a: number[], b: number[]): number {
  const rank = (v: number[]) => {
    const idx = v.map((x, i) => [x, i] as [number, number]).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length;) {
      let j = i;
      while (j + 1 < idx.length && idx[j + 1][0] === idx[i][0]) j++;
      for (let k = i; k <= j; k++) r[idx[k][1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const ra = rank(a), rb = rank(b), n = a.length;
  const ma = ra.reduce((x, y) => x + y, 0) / n, mb = rb.reduce((x, y) => x + y, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (ra[i] - ma) * (rb[i] - mb); saa += (ra[i] - ma) ** 2; sbb += (rb[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

/** Computes every claim; `map` and `fig2b` are the already computed figure data. */
export function computeClaims(map: DiamondMap, fig2b: KappaCurve, fig2c: KappaCurve[], cutoff: number, progress: Progress): Claims {
  let thermal = { value: -1, betaA: 0, betaS: 0 }, all = { value: -1, betaA: 0, betaS: 0 };
  let maxConcurrenceError = 0, maxEntropyError = 0;
  for (const p of map.points) {
    if (p.betaA >= 0 && p.betaS >= 0 && p.concurrence > thermal.value) thermal = { value: p.concurrence, betaA: p.betaA, betaS: p.betaS };
    if (p.concurrence > all.value) all = { value: p.concurrence, betaA: p.betaA, betaS: p.betaS };
    maxConcurrenceError = Math.max(maxConcurrenceError, Math.abs(p.concurrence - p.concurrenceAnalytic));
    maxEntropyError = Math.max(maxEntropyError, Math.abs(p.entropyProduction - p.entropyProductionAnalytic) / Math.max(1, p.entropyProductionAnalytic));
  }
  // The thermal quadrant on a much larger range (closed form): the bound is approached, never reached.
  let extended = 0;
  for (let a = 0; a <= 60; a += 0.25) for (let s = 0; s <= 60; s += 0.25) extended = Math.max(extended, diamondConcurrenceAnalytic(a, s));
  const negativeLimit = [0, -2, -5, -10, -20, -Infinity].map((betaHot) => ({
    betaHot, concurrence: diamondConcurrenceAnalytic(Infinity, betaHot), engine: diamondPoint(Infinity, betaHot).concurrence,
  }));
  const positivityThreshold = bisect((b) => diamondConcurrenceAnalytic(b, -60) - 1e-15, 0, 5, 1e-9) ?? NaN;

  progress.stage('claims: optimising the cavity-QED concurrence over (p, κ)', 4);
  const tick = () => {};
  const best = { gamma: 1e-3, ...bestOverPumpAndKappa(1e-3, cutoff, tick) };
  progress.tick();
  const beats = bisect((lr) => bestOverKappa(1e-3 * 10 ** lr, 1e-3, cutoff, tick).concurrence - 1 / 3, 0, Math.log10(5), 2e-3);
  progress.tick();
  const smallGamma = [1e-4, 1e-5].map((gamma) => { const r = bestOverPumpAndKappa(gamma, cutoff, tick); progress.tick(); return { gamma, ...r }; });

  // Where full and effective models part (Fig. 2(b)): the κ below which |ΔC| exceeds 0.01, located on the
  // scan and refined by bisection in log κ.
  const gap = (lk: number) => {
    const r = cavitySteadyState({ kappa: 10 ** lk, gamma: fig2b.gamma, pump: fig2b.pump, cutoff });
    return Math.abs(r.concurrence - r.effective.concurrence) - 0.01;
  };
  let partingKappa: number | null = null;
  const pts = fig2b.points;
  for (let k = pts.length - 1; k > 0 && partingKappa === null; k--) {
    if (Math.abs(pts[k - 1].full - pts[k - 1].effective) > 0.01 && Math.abs(pts[k].full - pts[k].effective) <= 0.01) {
      const lk = bisect(gap, Math.log10(pts[k - 1].kappa), Math.log10(pts[k].kappa), 1e-4);
      partingKappa = lk === null ? pts[k].kappa : 10 ** lk;
    }
  }
  const fig2bBest = bestOverKappa(fig2b.pump, fig2b.gamma, cutoff, tick);
  const fig2bMax = { kappa: fig2bBest.kappa, concurrence: fig2bBest.concurrence };
  const curves = [fig2b, ...fig2c];
  const maxTopFock = Math.max(...curves.flatMap((c) => c.points.map((p) => p.topFockPopulation)));
  let cutoffCheck = 0;
  for (const c of curves) {
    const worst = c.points.reduce((m, p) => (p.topFockPopulation > m.topFockPopulation ? p : m));
    cutoffCheck = Math.max(cutoffCheck, Math.abs(worst.full - cFull(c.pump, worst.kappa, c.gamma, 2 * cutoff)));
  }
  const zeroRegionMax = Math.max(...map.points.filter((p) => p.betaA === p.betaS || (p.betaA <= 0 && p.betaS <= 0)).map((p) => p.concurrence));
  const offDiagonal = map.points.filter((p) => p.betaA !== p.betaS);
  const rho = spearman(offDiagonal.map((p) => p.concurrence), offDiagonal.map((p) => p.entropyProduction));
  return {
    thermalMax: { ...thermal, extendedValue: extended, extendedRange: 60 },
    mapMax: all,
    negativeLimit,
    mapAgreement: { maxConcurrenceError, maxEntropyError },
    positivityThreshold,
    best,
    beatsThird: { pumpOverGamma: beats === null ? null : 10 ** beats },
    partingKappa,
    fig2bMax,
    smallGamma,
    maxTopFock,
    cutoff,
    cutoffCheck,
    zeroRegionMax,
    spearman: rho,
  };
}
