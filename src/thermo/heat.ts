/**
 * Heat currents and entropy production of any Lindblad model with baths.
 *
 * Heat from bath i into the system: Q̇_i = Tr{H0 L_i(ρ)} = Σ_{k ∈ i} γ_k Tr{ρ D†[o_k](H0)}, with the adjoint
 * dissipator D†[o](X) = o†Xo − ½{o†o, X}. Entropy production: Ṡ = −Σ_i β_i Q̇_i / ω_ref (β_i in units of
 * 1/ω_ref). Energies in the model's units; Ṡ in units of the rates (k_B = 1).
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { BlockDiagonalState } from '../steady/block-state.ts';

/** Read access to ρ: a DenseMatrix, or a steady state's block-diagonal form (steady/block-state.ts). */
/** What the heat functions read of ρ: its size and entries (a DenseMatrix, or a block-diagonal state's reader). */
export type ReadableRho = Pick<DenseMatrix, 'rows' | 'cols' | 're' | 'im'>;
import { CsrMatrix } from '../linalg/sparse.ts';
import { heatCurrentBounds, type RhoError } from './heat-error.ts';
import { LindbladError, describe, check, isPlainObject, checkInstance } from '../errors.ts';
import type { Channel, LindbladModel } from '../model/model.ts';
import { Operator } from '../model/operator.ts';
import { checkModel } from '../model/check-model.ts';
import { checkStateNumbers } from '../evolve/input.ts';

/** Tr(X ρ) for sparse X and dense ρ (real part; X Hermitian gives a real trace). */
export function traceProduct(x: CsrMatrix, rho: ReadableRho): number {
  let s = 0;
  for (let i = 0; i < x.rows; i++) {
    for (let p = x.rowPtr[i]; p < x.rowPtr[i + 1]; p++) {
      const j = x.colIdx[p];
      s += x.values[2 * p] * rho.re(j, i) - x.values[2 * p + 1] * rho.im(j, i);
    }
  }
  return s;
}

/** Heat current of one channel, `γ Tr{H0 D[o](ρ)}` (finite rates only). */
export function channelHeat(model: LindbladModel, channel: Channel, rho: ReadableRho): number {
  checkModel(model);
  check(typeof channel === 'object' && channel !== null && channel.operator instanceof Operator && channel.operator.space.equals(model.space), 'channel',
    `expected a channel of the model ({ operator, rate, … }, e.g. model.channels[i]), got ${describe(channel)}`);
  check(typeof channel.rate === 'number' && Number.isFinite(channel.rate) && channel.rate >= 0, 'channel.rate', `expected a finite rate ≥ 0, got ${describe(channel.rate)}`);
  checkState(model, rho);
  return heatOf(model, channel, rho);
}

/** γ Tr{H0 D[o](ρ)} for checked arguments. */
function heatOf(model: LindbladModel, channel: Channel, rho: ReadableRho): number {
  if (channel.rate === 0 || channel.operator.isZero()) return 0;
  return channel.rate * traceProduct(heatOperator(model.bareHamiltonian.matrix, channel.operator.matrix), rho);
}

/** The adjoint dissipator applied to H0, `D†[o](H0) = o†H0o − ½{o†o, H0}`: a channel's heat current is `γ·Tr{ρ D†[o](H0)}`. */
export function heatOperator(h0: CsrMatrix, o: CsrMatrix): CsrMatrix {
  checkInstance(h0, CsrMatrix, 'h0', 'a sparse matrix (CsrMatrix)');
  checkInstance(o, CsrMatrix, 'operator', 'a sparse matrix (CsrMatrix)');
  const od = o.adjoint(), ood = od.mul(o);
  return od.mul(h0).mul(o).add(ood.mul(h0).add(h0.mul(ood)), -0.5);
}

/**
 * Heat currents per bath, Q̇_i = Tr{H0 L_i(ρ)} (positive: energy flows from the bath into the system).
 * A bath with infinitely fast channels (rate = Infinity, the Zeno limit) gets its current from energy
 * balance, Q̇_fast = −Σ_{other baths} Q̇_j − Tr{H0 (−i[H, ρ])}; this needs exactly one such bath.
 */
export function heatCurrents(model: LindbladModel, rho: ReadableRho): Record<string, number> {
  checkModel(model);
  checkState(model, rho);
  const out: Record<string, number> = {};
  const fastBaths = fastBathsOf(model);
  for (const name of model.baths.keys()) {
    if (fastBaths.has(name)) continue;
    setOwn(out, name, model.channels.filter((c) => c.bath === name).reduce((s, c) => s + heatOf(model, c, rho), 0));
  }
  for (const name of fastBaths) {
    // Energy balance: d⟨H0⟩/dt = 0 in a steady state, and the Hamiltonian part contributes Tr{H0 (−i[H, ρ])}.
    const h = model.hamiltonian.matrix, h0 = model.bareHamiltonian.matrix;
    const comm = h0.mul(h).add(h.mul(h0), -1); // [H0, H]; Tr{H0(−i[H,ρ])} = −i Tr{[H0,H] ρ}
    const hamiltonianPart = comm.nnz === 0 ? 0 : imagTraceProduct(comm, rho);
    setOwn(out, name, -Object.values(out).reduce((a, b) => a + b, 0) - hamiltonianPart);
  }
  return out;
}

/** The baths with infinitely fast channels: at most one (its current comes from energy balance). */
function fastBathsOf(model: LindbladModel): Set<string> {
  const fastBaths = new Set(model.channels.filter((c) => c.rate === Infinity).map((c) => c.bath));
  if (fastBaths.size > 1) {
    throw new LindbladError('unsupported', `heat currents need at most one bath with infinite rates (found ${[...fastBaths].join(', ')})`, 'channels');
  }
  return fastBaths;
}

/**
 * ρ readable (DenseMatrix or a steady state's block-diagonal state), of the model's dimension, finite,
 * Hermitian and of unit trace (positivity is not checked). Heat currents are linear in ρ: a ρ of trace 2
 * gave twice the currents, a NaN entry NaN currents, without a word. A block-diagonal state (Hermitian blocks
 * by construction) costs its stored entries, a DenseMatrix its n² entries through its own array methods;
 * only another reader is read entry by entry (the currents themselves cost O(nnz) of the operators).
 */
function checkState(model: LindbladModel, rho: ReadableRho): void {
  const readable = typeof rho === 'object' && rho !== null && typeof rho.re === 'function' && typeof rho.im === 'function';
  if (!readable) throw new LindbladError('invalid-input', `expected a density matrix (DenseMatrix or a steady state's block-diagonal state), got ${describe(rho)}`, 'rho');
  const n = model.space.dim;
  if (rho.rows !== n || rho.cols !== n) throw new LindbladError('dimension-mismatch', `ρ is ${rho.rows}×${rho.cols}, the model's space has dimension ${n}`, 'rho');
  let finite: boolean, herm: number, trace: [number, number];
  if (rho instanceof BlockDiagonalState) {
    finite = rho.entries.every(Number.isFinite);
    herm = 0;
    trace = rho.trace();
  } else if (rho instanceof DenseMatrix) {
    finite = rho.isFinite();
    herm = finite ? rho.hermiticityError() : NaN;
    trace = rho.trace();
  } else {
    ({ finite, herm, trace } = readEntryByEntry(rho, n));
  }
  checkStateNumbers('rho', finite, herm, trace);
}

/** Finiteness, max |ρ_ij − conj(ρ_ji)| and Tr ρ of any reader, by its entries. */
function readEntryByEntry(rho: ReadableRho, n: number): { finite: boolean; herm: number; trace: [number, number] } {
  let tr = 0, ti = 0, herm = 0;
  for (let i = 0; i < n; i++) {
    tr += rho.re(i, i);
    ti += rho.im(i, i);
    for (let j = 0; j <= i; j++) {
      const a = rho.re(i, j), b = rho.im(i, j), c = rho.re(j, i), d = rho.im(j, i);
      if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) return { finite: false, herm: NaN, trace: [NaN, NaN] };
      herm = Math.max(herm, Math.hypot(a - c, b + d));
    }
  }
  return { finite: true, herm, trace: [tr, ti] };
}

/** record[name] = value as an own property (a bath named "__proto__" would otherwise set the prototype). */
function setOwn(record: Record<string, number>, name: string, value: number): void {
  Object.defineProperty(record, name, { value, writable: true, enumerable: true, configurable: true });
}

/** Re{−i Tr(Xρ)} = Im Tr(Xρ). */
function imagTraceProduct(x: CsrMatrix, rho: ReadableRho): number {
  let s = 0;
  for (let i = 0; i < x.rows; i++) {
    for (let p = x.rowPtr[i]; p < x.rowPtr[i + 1]; p++) {
      const j = x.colIdx[p];
      s += x.values[2 * p] * rho.im(j, i) + x.values[2 * p + 1] * rho.re(j, i);
    }
  }
  return s;
}

/**
 * −β Q̇ for one bath, with the limits made explicit: a bath at β = ±∞ that exchanges no heat (|Q̇| ≤ tol)
 * contributes 0, not NaN; otherwise ±∞ as the sign dictates. A non-thermal bath (β = null) that exchanges
 * no heat (|Q̇| ≤ tol: e.g. pure dephasing, whose jumps commute with H0) contributes 0; one that does is an
 * error (its entropy flow is undefined).
 */
export function bathEntropyFlow(beta: number | null, heat: number, referenceEnergy: number, bath: string, tol = 1e-14): number {
  check(beta === null || (typeof beta === 'number' && !Number.isNaN(beta)), 'beta', `expected a number (±Infinity allowed) or null, got ${describe(beta)}`);
  check(typeof heat === 'number' && Number.isFinite(heat), 'heat', `expected a finite heat current, got ${describe(heat)}`);
  check(typeof referenceEnergy === 'number' && Number.isFinite(referenceEnergy) && referenceEnergy > 0, 'referenceEnergy', `expected a finite energy > 0, got ${describe(referenceEnergy)}`);
  check(typeof tol === 'number' && tol >= 0, 'tol', `expected a tolerance ≥ 0, got ${describe(tol)}`);
  if (beta === null) {
    if (Math.abs(heat) <= tol) return 0;
    throw new LindbladError('unsupported', 'entropy production needs every bath that exchanges heat to have an inverse temperature (this one is non-thermal)', `baths.${bath}.beta`);
  }
  if (!Number.isFinite(beta)) {
    if (Math.abs(heat) <= tol) return 0;
    return -Math.sign(beta) * Math.sign(heat) * Infinity;
  }
  return (-beta * heat) / referenceEnergy;
}

export interface EntropyProduction {
  /** Ṡ = −Σ_i β_i Q̇_i / ω_ref (k_B = 1; in the model's rate units). */
  rate: number;
  /**
   * Error bounds (entropyProduction only): of each bath's current (heat-error.ts: their rounding, and the
   * error of ρ passed as rhoError) and of Ṡ (entropyRateError: Σ_i |β_i|·heat_i/ω_ref over the baths at
   * finite β; Infinity where a bath at β = ±∞ or without β leaves Ṡ open).
   */
  errors?: { heat: Record<string, number>; rate: number };
  /** The per-bath terms −β_i Q̇_i / ω_ref. */
  perBath: Record<string, number>;
  heatCurrents: Record<string, number>;
  referenceEnergy: number;
}

/**
 * Steady-state entropy production rate of a thermal model (every bath with a β), with error bounds
 * (`errors`): `rhoError` is the error of each real parameter of ρ (≥ 0; default 0, the rounding of the
 * currents alone) or, sharper, a steady state's certificate.conditioning (heat-error.ts RhoError).
 */
export function entropyProduction(model: LindbladModel, rho: ReadableRho, rhoError: RhoError = 0): EntropyProduction {
  checkRhoError(rhoError);
  const ep = entropyFromHeat(heatCurrents(model, rho), (bath) => model.baths.get(bath)!.beta, model.referenceEnergy, heatNoiseScale(model));
  // computed when first read: most callers want the rate alone (fcs, the TUR scans)
  let errors: EntropyProduction['errors'];
  const bound = () => {
    const heat = heatCurrentBounds(model, rho, rhoError);
    return { heat, rate: entropyRateError(ep, heat, (bath) => model.baths.get(bath)!.beta) };
  };
  return Object.defineProperty(ep, 'errors', { enumerable: true, get: () => (errors ??= bound()) });
}

/** A finite error ≥ 0, or a conditioning { errorBound (finite, ≥ 0), vouchedAbove (≥ 0) }. */
export function checkRhoError(rhoError: unknown): asserts rhoError is RhoError {
  const ok = (x: unknown, finite: boolean) => typeof x === 'number' && x >= 0 && (!finite || Number.isFinite(x));
  check(ok(rhoError, true) || (isPlainObject(rhoError) && ok(rhoError.errorBound, true) && ok(rhoError.vouchedAbove, false)), 'rhoError',
    `expected a finite error ≥ 0 or a certificate's conditioning { errorBound, vouchedAbove }, got ${describe(rhoError)}`);
}

/**
 * Error bounds of heatCurrents(model, ρ) per bath (energy × rate): the rounding of each current where its
 * terms cancel, and the effect of ρ's error `rhoError`: ≥ 0 for each real parameter (default 0) or, sharper,
 * a steady state's certificate.conditioning (heat-error.ts RhoError, which has the formula).
 */
export function heatCurrentErrors(model: LindbladModel, rho: ReadableRho, rhoError: RhoError = 0): Record<string, number> {
  checkModel(model);
  checkState(model, rho);
  checkRhoError(rhoError);
  fastBathsOf(model); // (defined as the currents are)
  return heatCurrentBounds(model, rho, rhoError);
}

/**
 * The size of the terms a heat current is summed from, 2‖H0‖_∞·Σ_k γ_k‖o_k†o_k‖_∞ over the finite-rate
 * channels (plus ‖[H0, H]‖_∞ when a bath is infinitely fast and gets its current from energy balance), in
 * energy × rate units: currents within 1e-13 of it are rounding noise (entropyFromHeat). Scales with the
 * model's units, as the currents do.
 */
export function heatNoiseScale(model: LindbladModel): number {
  const h0 = model.bareHamiltonian.matrix;
  let s = 0;
  for (const c of model.channels) if (c.rate > 0 && Number.isFinite(c.rate)) s += c.rate * heatTermSize(h0, c.operator.matrix);
  if (model.channels.some((c) => c.rate === Infinity)) {
    const h = model.hamiltonian.matrix, b = model.bareHamiltonian.matrix;
    s += b.mul(h).add(h.mul(b), -1).normInf();
  }
  return s;
}

/** 2‖H0‖_∞‖o†o‖_∞: the size of the terms of one channel's heat current at rate 1 (heatNoiseScale). */
export function heatTermSize(h0: CsrMatrix, o: CsrMatrix): number {
  return 2 * h0.normInf() * o.adjoint().mul(o).normInf();
}

/**
 * Ṡ = −Σ_i β_i Q̇_i / ω_ref from given heat currents and inverse temperatures (the limits as in bathEntropyFlow).
 * `noise`: the currents' rounding scale (energy × rate; heatNoiseScale for a model's currents): a current
 * within 1e-13 of it counts as no heat exchanged (a bath at β = ±∞ or a non-thermal one then contributes 0).
 * Default max_i |Q̇_i|: unit-free. (It was 1e-13·max(max|Q̇|, 1): absolute below 1 energy × rate unit, so the
 * same model with energies and rates scaled by 1e-7 had Ṡ = 0 where it is +∞.)
 */
export function entropyFromHeat(heat: Record<string, number>, beta: (bath: string) => number | null, referenceEnergy: number, noise?: number): EntropyProduction {
  check(isPlainObject(heat), 'heat', `expected heat currents per bath { name: Q̇ }, got ${describe(heat)}`);
  check(typeof beta === 'function', 'beta', `expected a function bath → β (or null), got ${describe(beta)}`);
  check(noise === undefined || (typeof noise === 'number' && noise >= 0 && Number.isFinite(noise)), 'noise', `expected a finite scale ≥ 0, got ${describe(noise)}`);
  const scale = noise ?? Math.max(0, ...Object.values(heat).map((q) => (typeof q === 'number' ? Math.abs(q) : 0)));
  const perBath: Record<string, number> = {};
  let rate = 0;
  for (const [name, q] of Object.entries(heat)) {
    const flow = bathEntropyFlow(beta(name), q, referenceEnergy, name, 1e-13 * scale);
    setOwn(perBath, name, flow);
    rate += flow;
  }
  if (Number.isNaN(rate)) throw new LindbladError('not-converged', 'entropy production is undefined (+∞ and −∞ terms)', 'baths');
  return { rate, perBath, heatCurrents: heat, referenceEnergy };
}

/**
 * Ṡ's error bound from the currents' bounds `errors` (entropyFromHeat's result `ep`): Σ_i |β_i|·e_i/|ω_ref|
 * over the baths at finite β, and Infinity when a bath at β = ±∞ (or without β) leaves Ṡ's value open —
 * its current taken as zero while its bound allows a non-zero one (e_i > 0), or taken as non-zero while
 * |Q̇_i| ≤ e_i. (A bath at β = +∞ with Q̇ = −2.7e-6 ± 9e-20 was taken as zero beside a bath with rates 1e8:
 * Ṡ = −2.7e-6 ± 1.3e-6 for an exact +∞.)
 */
export function entropyRateError(ep: EntropyProduction, errors: Record<string, number>, beta: (bath: string) => number | null): number {
  let rate = 0;
  for (const [name, q] of Object.entries(ep.heatCurrents)) {
    const b = beta(name), e = errors[name] ?? 0;
    if (b !== null && Number.isFinite(b)) {
      rate += (Math.abs(b) * e) / Math.abs(ep.referenceEnergy);
      continue;
    }
    const takenAsZero = Number.isFinite(ep.perBath[name]);
    if (takenAsZero ? e > 0 || q !== 0 : !(Math.abs(q) > e)) return Infinity;
  }
  return rate;
}
