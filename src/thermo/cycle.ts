/**
 * Thermodynamics of one cycle of a periodic steady state (ħ = 1; energies in the model's units, t in
 * its inverse units; heat INTO the system counts positive, work ON the system counts positive):
 *   W   = ∫₀ᵀ Tr[ρ(t) ∂ₜH(t)] dt  (+ Σ_b Tr[ρ(b)(H(b⁺) − H(b⁻))] for jumps of H at breakpoints b),
 *   Q_i = ∫₀ᵀ Tr[H(t) L_i(t)(ρ(t))] dt,  L_i(t) = Σ_{k ∈ bath i} γ_k(t) D[o_k],
 * power P = −W/T (output), efficiency η = −W / Σ_{Q_i > 0} Q_i (when W < 0), entropy production per cycle
 * Σ = −Σ_i β_i Q_i / ω_ref (when every bath exchanging heat is thermal). Over a cycle of a periodic state
 * ΔE = 0, so W + Σ_i Q_i = 0 (first law): it is computed from the two independent integrals and reported.
 * Quadrature: composite Simpson on every piece between breakpoints (≥ QUAD_INTERVALS per period), with
 * ∂ₜc_j by a second-order finite difference taken inside the piece.
 */
import type { PeriodicResult } from '../evolve/periodic.ts';
import type { Operator } from '../model/operator.ts';
import { clampTo } from '../evolve/driven-integrate.ts';
import { traceProduct } from './heat.ts';
import { check, describe } from '../errors.ts';
import { DrivenModel } from '../model/driven.ts';

export interface CycleThermodynamics {
  period: number;
  work: number;
  /** Heat per bath over one cycle. */
  heat: Record<string, number>;
  power: number;
  /** η = −W/Q_in for an engine (W < 0 and some heat in), else null. */
  efficiency: number | null;
  entropyProduction: number | null;
  /** W + Σ Q_i and its size relative to |W| + Σ|Q_i| (quadrature error; ≈ 0). */
  firstLawResidual: number;
  firstLawRelative: number;
  quadratureNodes: number;
}

/** Simpson intervals per period (at least, distributed over the pieces by length; at least 40 per piece). */
const QUAD_INTERVALS = 2000;

/** D†[o](X) = o†Xo − ½{o†o, X}. */
function adjointDissipator(o: Operator, x: Operator): Operator {
  const od = o.dag(), ood = od.times(o);
  return od.times(x).times(o).minus(ood.times(x).plus(x.times(ood)).scale(0.5));
}

/** W, Q_i, P, η, Σ and the first-law check over one period of a periodic steady state. */
export function cycleThermodynamics(pss: PeriodicResult): CycleThermodynamics {
  check(typeof pss === 'object' && pss !== null && pss.model instanceof DrivenModel && typeof pss.trajectory === 'function', 'pss', `expected the result of periodicSteadyState, got ${describe(pss)}`);
  check(typeof pss.period === 'number' && Number.isFinite(pss.period) && pss.period > 0, 'pss.period', `expected a finite period > 0, got ${describe(pss.period)}`);
  const model = pss.model, T = pss.period, base = model.base;
  const hParts = [base.hamiltonian, ...model.drives.map((d) => d.operator)];
  const coeff = (j: number, t: number) => (j === 0 ? 1 : model.drives[j - 1].coefficient.value(t));
  const channels = base.channels.map((ch, k) => ({ k, bath: ch.bath, g: hParts.map((h) => adjointDissipator(ch.operator, h).matrix) }))
    .filter(({ k }) => !base.channels[k].operator.isZero() && (base.channels[k].rate > 0 || model.rateDrives.some((r) => r.channel === k)));
  const cuts = [0, ...model.breakpoints(0, T), T];
  const heat: Record<string, number> = {};
  for (const b of base.baths.keys()) Object.defineProperty(heat, b, { value: 0, enumerable: true, writable: true });
  let work = 0, nodes = 0;
  for (let p = 0; p + 1 < cuts.length; p++) {
    const lo = cuts[p], hi = cuts[p + 1], len = hi - lo;
    const k2 = 2 * Math.max(20, Math.ceil((QUAD_INTERVALS * len) / (2 * T)));
    const ts = Array.from({ length: k2 + 1 }, (_, i) => (i === k2 ? hi : lo + (len * i) / k2));
    const rhos = pss.trajectory(ts);
    nodes += ts.length;
    const dt = 1e-5 * len;
    const slope = (j: number, t: number) => {
      const f = (s: number) => coeff(j, s);
      return t + 2 * dt <= hi ? (-3 * f(t) + 4 * f(t + dt) - f(t + 2 * dt)) / (2 * dt) : (3 * f(t) - 4 * f(t - dt) + f(t - 2 * dt)) / (2 * dt);
    };
    const inside = clampTo(lo, hi); // coefficients at a piece's ends: the limits from inside the piece
    ts.forEach((tNode, i) => {
      const t = inside(tNode), wgt = (len / k2 / 3) * (i === 0 || i === k2 ? 1 : i % 2 === 1 ? 4 : 2), rho = rhos[i];
      let wdot = 0;
      for (let j = 1; j < hParts.length; j++) wdot += slope(j, t) * traceProduct(hParts[j].matrix, rho);
      work += wgt * wdot;
      for (const ch of channels) {
        const rate = model.rateOf(ch.k, t);
        if (rate === 0) continue;
        let q = 0;
        for (let j = 0; j < hParts.length; j++) { const c = coeff(j, t); if (c !== 0) q += c * traceProduct(ch.g[j], rho); }
        heat[ch.bath] += wgt * rate * q;
      }
    });
    // A jump of H at the end of this piece (at T it wraps to t = 0 of the next cycle) does work Tr[ρ ΔH]:
    // H(b⁺) − H(b⁻) from the limits inside the two pieces, never the value AT b (a periodic table read at
    // its own knot can round to either side: t mod T of a knot 1.1 came out 1.0999999999999996, and the
    // jump's work was dropped — W = 0.518 where W = −Q = 0.421).
    const next = hi === T ? cuts[1] - cuts[0] : cuts[p + 2] - hi;
    const before = hi - 1e-9 * Math.max(len, 1e-300), after = (hi === T ? 0 : hi) + 1e-9 * Math.max(next, 1e-300);
    for (let j = 1; j < hParts.length; j++) {
      const l = coeff(j, before), r = coeff(j, after);
      if (!(Math.abs(r - l) > 1e-6 * Math.max(Math.abs(l), Math.abs(r), 1e-300))) continue; // continuous here (up to the slope over 2e-9 of a piece)
      work += (r - l) * traceProduct(hParts[j].matrix, rhos[k2]);
    }
  }
  const qs = Object.values(heat);
  const sumQ = qs.reduce((s, q) => s + q, 0), qin = qs.filter((q) => q > 0).reduce((s, q) => s + q, 0);
  const scale = Math.abs(work) + qs.reduce((s, q) => s + Math.abs(q), 0);
  let entropy: number | null = 0;
  for (const [b, q] of Object.entries(heat)) {
    const beta = base.baths.get(b)!.beta;
    if (q === 0) continue;
    if (beta === null || !Number.isFinite(beta)) { entropy = null; break; }
    entropy -= (beta * q) / base.referenceEnergy;
  }
  return {
    period: T, work, heat, power: -work / T,
    efficiency: work < 0 && qin > 0 ? -work / qin : null,
    entropyProduction: entropy,
    firstLawResidual: work + sumQ, firstLawRelative: scale > 0 ? Math.abs(work + sumQ) / scale : 0,
    quadratureNodes: nodes,
  };
}
