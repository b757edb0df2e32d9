/**
 * The cavity-QED realisation (PRL 120, 063604, Eqs. 7–8): two emitters resonantly coupled to one lossy,
 * truncated cavity mode. H_TC = ω0(n1 + n2) + ω_cav a†a + g Σ_i (c_i† a + c_i a†) with ω_cav = ω0; channels
 * √p c_i† (pump, bath "pump" at β = −∞), √γ c_i (emitter decay, bath "emitters" at β = +∞), √κ a (cavity
 * loss, bath "cavity" at β = +∞). In the rotating frame (default) the ω0 terms, which commute with the whole
 * Liouvillian, are dropped: same steady state, no fast oscillation. Rates and energies in units of g.
 */
import { space, qubit, fock, type Space } from '../model/space.ts';
import { op } from '../model/operator.ts';
import { lindbladModel, type LindbladModel } from '../model/model.ts';
import { check, checkKeys, describe, isPlainObject } from '../errors.ts';

export interface CavityParams {
  /** Emitter–cavity coupling g (default 1: the unit of rates). */
  g?: number;
  kappa: number;
  gamma: number;
  pump: number;
  /** Fock cutoff N (photon numbers 0…N); dimension 4(N+1). */
  cutoff: number;
  /** ω0 = ω_cav (default 1000 g, i.e. g/ω0 = 1e-3 as in the paper). */
  omega0?: number;
  /** 'rotating' (default) drops the ω0 terms; 'lab' keeps them. */
  frame?: 'rotating' | 'lab';
}

export interface CavityModel {
  model: LindbladModel;
  space: Space;
  params: Required<CavityParams>;
}

/**
 * Hilbert-space dimension of the model at Fock cutoff N: n = 4(N + 1) (two qubits, N + 1 photon numbers).
 * A steady state needs at least 64·n² bytes (io/limits.ts): ≈ 17 GiB at N = 4096.
 */
export function cavityDimension(cutoff: number): number {
  return 4 * (cutoff + 1);
}

/** Validates and fills in defaults; every error names the parameter. */
export function cavityParams(p: CavityParams): Required<CavityParams> {
  const q = { g: 1, omega0: 1000, frame: 'rotating' as const, ...p };
  const nonneg = (v: number, f: string) => check(typeof v === 'number' && Number.isFinite(v) && v >= 0, f, `expected a finite number ≥ 0, got ${v}`);
  nonneg(q.g, 'g');
  nonneg(q.kappa, 'kappa');
  nonneg(q.gamma, 'gamma');
  nonneg(q.pump, 'pump');
  nonneg(q.omega0, 'omega0');
  check(Number.isInteger(q.cutoff) && q.cutoff >= 1 && q.cutoff <= 4096, 'cutoff', `expected an integer Fock cutoff in [1, 4096], got ${q.cutoff}`);
  check(q.frame === 'rotating' || q.frame === 'lab', 'frame', `expected "rotating" or "lab", got ${q.frame}`);
  return q;
}

/** Builds the two-emitter Tavis–Cummings model (subsystems q1, q2, cav in that order). */
export function cavityModel(params: CavityParams): CavityModel {
  check(isPlainObject(params), 'params', `expected { kappa, gamma, pump, cutoff, g?, omega0?, frame? }, got ${describe(params)}`);
  checkKeys(params, ['g', 'kappa', 'gamma', 'pump', 'cutoff', 'omega0', 'frame'], 'params');
  const p = cavityParams(params);
  const sp = space({ q1: qubit(), q2: qubit(), cav: fock(p.cutoff) });
  const c1 = op(sp, 'q1', 'sigma_minus'), c2 = op(sp, 'q2', 'sigma_minus'), a = op(sp, 'cav', 'a');
  const coupling = c1.dag().times(a).plus(c2.dag().times(a));
  const hInt = coupling.plus(coupling.dag()).scale(p.g);
  const h0 = op(sp, 'q1', 'n').plus(op(sp, 'q2', 'n')).plus(op(sp, 'cav', 'n')).scale(p.omega0);
  const model = lindbladModel(sp, {
    hamiltonian: p.frame === 'lab' ? h0.plus(hInt) : hInt,
    bareHamiltonian: h0,
    referenceEnergy: p.omega0 > 0 ? p.omega0 : 1,
    channels: [
      { operator: c1.dag(), rate: p.pump, bath: 'pump', label: 'pump q1' },
      { operator: c2.dag(), rate: p.pump, bath: 'pump', label: 'pump q2' },
      { operator: c1, rate: p.gamma, bath: 'emitters', label: 'decay q1' },
      { operator: c2, rate: p.gamma, bath: 'emitters', label: 'decay q2' },
      { operator: a, rate: p.kappa, bath: 'cavity', label: 'cavity loss' },
    ],
    baths: { pump: { beta: -Infinity }, emitters: { beta: Infinity }, cavity: { beta: Infinity } },
  });
  return { model, space: sp, params: p };
}
