/**
 * The one-period propagator P_T outside the diagonal block, for the periodic steady state's uniqueness.
 *
 * periodic.ts solves for ρ* on the block R of unknowns reachable from the diagonal of ρ. R is invariant
 * (everything an unknown of R drives lies in R), so in the order (R, S), S the remaining unknowns,
 *     L(t) = [[L_RR, L_RS], [0, L_SS]],   P_T = [[P_RR, ·], [0, P_SS]],
 * and the spectrum of P_T is that of P_RR together with that of P_SS, the propagator of the autonomous
 * dynamics of S alone. A unit eigenvalue of P_SS is a second periodic state (ρ* plus that coherence): two
 * qubits, one flipped by σx only, the other decaying and driven, keep ⟨σx⟩ of the first for ever, and
 * every (1 + εσx)/2 ⊗ ρ_b*(t) is periodic; the block R alone called ρ* unique. S is split the same way,
 * block by block (the block reachable from its first unknown inside what is left, then the rest), each
 * block's propagator integrated column by column; a block that is the complex conjugate of one already
 * done (ρ_jk ↔ ρ_kj: P_T commutes with ρ ↦ ρ†) has the conjugate spectrum and is not integrated again.
 * Units: the moduli are dimensionless (per period).
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError } from '../errors.ts';
import { eigvals } from '../linalg/eig.ts';
import type { DrivenModel } from '../model/driven.ts';
import type { EvolveMethod } from './input.ts';
import { DrivenGenerator } from './driven-generator.ts';
import { integrateDriven } from './driven-integrate.ts';
import { resolveDrivenMethod } from './driven-evolve.ts';

export interface OutsideSpectrum {
  /** Largest |λ| of P_T outside the diagonal block (0 when there is nothing outside); null when not computed. */
  radius: number | null;
  /** Unknowns outside the diagonal block, and how many of them were integrated (conjugate blocks skipped). */
  unknowns: number;
  integrated: number;
}

/**
 * Spectral radius of P_SS (module comment) for the model with n levels, diagonal block `inside` (full
 * indices i + n·j), over one period with the caller's method; null radius when the blocks' cost Σ m_B²
 * would exceed `budget` (unknowns² per step, the dense route's own limit squared).
 */
export function outsideSpectralRadius(model: DrivenModel, inside: Int32Array, period: number, method: EvolveMethod,
  breakpoints: number[], budget: number): OutsideSpectrum {
  const n = model.space.dim, total = n * n;
  const left = new Uint8Array(total).fill(1);
  for (const v of inside) left[v] = 0;
  const unknowns = total - inside.length;
  const done = new Set<string>();
  let radius = 0, integrated = 0, cost = 0;
  for (let seed = 0; seed < total; seed++) {
    if (!left[seed]) continue;
    const within = Int32Array.from({ length: total }, (_, v) => v).filter((v) => left[v] === 1);
    const gen = new DrivenGenerator(model, [seed], within);
    const block = gen.block, m = gen.m;
    for (const v of block) left[v] = 0;
    const conjugate = Int32Array.from(block, (v) => Math.floor(v / n) + n * (v % n)).sort();
    if (done.has(conjugate.join(','))) continue;
    done.add(block.join(','));
    cost += m * m;
    if (cost > budget) return { radius: null, unknowns, integrated };
    // Loose tolerances first (~6× fewer steps): enough to tell a radius well below 1; a block within
    // LOOSE_MARGIN of 1 is integrated again at the caller's tolerances.
    const tight = resolveDrivenMethod(method, gen, 0, period, breakpoints);
    let r = blockRadius(gen, period, { ...tight, rtol: Math.max(tight.rtol, LOOSE_RTOL), atol: Math.max(tight.atol, LOOSE_RTOL * 1e-2) }, breakpoints);
    if (r > 1 - LOOSE_MARGIN) r = blockRadius(gen, period, tight, breakpoints);
    radius = Math.max(radius, r);
    integrated += m;
  }
  return { radius, unknowns, integrated };
}

/** Relative tolerance of the first pass, and the distance from 1 below which its radius is taken as is. */
const LOOSE_RTOL = 1e-8, LOOSE_MARGIN = 1e-5;

/** Spectral radius of the one-period propagator of `gen`'s block (its m unit vectors integrated together). */
function blockRadius(gen: DrivenGenerator, period: number, method: ReturnType<typeof resolveDrivenMethod>, breakpoints: number[]): number {
  const m = gen.m, eye = new Float64Array(2 * m * m);
  for (let c = 0; c < m; c++) eye[2 * (c * m + c)] = 1;
  const cols = integrateDriven(gen, eye, [period], method, breakpoints, m).states[0];
  for (let q = 0; q < cols.length; q++) if (!Number.isFinite(cols[q])) throw new LindbladError('not-converged', 'the one-period propagator outside the diagonal block has non-finite entries', 'method');
  const p = new DenseMatrix(m, m);
  for (let c = 0; c < m; c++) for (let r = 0; r < m; r++) p.set(r, c, cols[2 * (c * m + r)], cols[2 * (c * m + r) + 1]);
  const ev = eigvals(p);
  let radius = 0;
  for (let k = 0; k < m; k++) radius = Math.max(radius, Math.hypot(ev.re[k], ev.im[k]));
  return radius;
}
