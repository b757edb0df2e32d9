/**
 * `evolve` for time-dependent models (DrivenModel): dρ/dt = L(t)ρ from ρ(0) = ρ0, on the invariant block
 * reachable from the support of vec ρ0 along the union pattern of all parts of L(t) (exact for every t).
 * Methods: 'dopri5' (explicit), 'implicit' (L-stable SDIRK4 with per-stage sparse LU), 'auto' — the
 * implicit one when decay·min(τ/8, 0.1/frequency) > 30 (decay: a bound on the fastest decay rate,
 * frequency: on the oscillations of −i[H(0), ·]; DrivenGenerator.stiffnessScales), i.e. when explicit
 * steps would be limited by stability far below what the drive's own step cap τ/8 and the oscillations
 * allow, else dopri5; both with rtol 1e-10, atol 1e-12 by default.
 * 'expm' is refused (exact exponentials need a constant generator). Outputs are checked as for constant
 * models (|Tr ρ − 1| and λ_min(ρ) against OUTPUT_TOLERANCE).
 */
import type { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError, check } from '../errors.ts';
import type { DrivenModel } from '../model/driven.ts';
import type { Operator } from '../model/operator.ts';
import { vectorize } from '../liouvillian/liouvillian.ts';
import { checkInitialState, checkMethod, checkObservables, checkOutputMemory, checkTimes, type EvolveMethod } from './input.ts';
import { BlockReader } from './block-reader.ts';
import { readSamples } from './samples.ts';
import { fockModes, type Truncation } from '../model/fock-cutoff.ts';
import { DrivenGenerator } from './driven-generator.ts';
import { driveWindows, integrateDriven, type DrivenMethod, type DrivenStats } from './driven-integrate.ts';

export const DRIVEN_RTOL = 1e-10, DRIVEN_ATOL = 1e-12;

export interface DrivenEvolveResult {
  times: number[];
  states?: DenseMatrix[];
  expectations?: Record<string, number[]>;
  expectationsImag?: Record<string, number[]>;
  stats: DrivenStats & { requested: EvolveMethod['kind']; unknowns: number; fullUnknowns: number; traceError: number; minEigenvalue: number | null;
    /** As EvolveStats.truncation: each Fock mode's largest top-level population over the output times. */
    truncation?: Truncation[]; elapsedMs: number };
}

/** The integrator for a driven model: 'auto' resolved as the module comment says; 'expm' refused. */
export function resolveDrivenMethod(method: EvolveMethod, gen: DrivenGenerator, t0: number, t1: number, breakpoints: number[]): DrivenMethod {
  if (method.kind === 'expm' || method.kind === 'krylov') throw new LindbladError('unsupported', `'${method.kind}' needs a constant Liouvillian; time-dependent models use 'auto', 'dopri5' or 'implicit'`, 'method');
  const rtol = method.rtol ?? DRIVEN_RTOL, atol = method.atol ?? DRIVEN_ATOL;
  if (method.kind !== 'auto') return { kind: method.kind, rtol, atol };
  let cap = Infinity;
  for (const [, , h] of driveWindows(gen.coefficientList(), breakpoints, t0, t1)) cap = Math.min(cap, h);
  cap = Math.min(cap, t1 - t0);
  // Stiff when dopri5's stability limit (~3.3/decay) would hold its steps far below what accuracy allows:
  // the drive's step cap, and ~EXPLICIT_ACCURACY/frequency for the oscillations of −i[H, ·]. (‖L‖·cap > 30
  // alone sent an oscillatory, weakly damped model — damping 0.015, T = 76 — to SDIRK4: 87 s against 8.7 s.)
  const { decay, frequency } = gen.stiffnessScales(t0);
  const accuracyStep = frequency > 0 ? EXPLICIT_ACCURACY / frequency : Infinity;
  return { kind: decay * Math.min(cap, accuracyStep) > 30 ? 'implicit' : 'dopri5', rtol, atol };
}

/** Step (× 1/frequency) to which accuracy alone limits an explicit step on an oscillation (resolveDrivenMethod). */
const EXPLICIT_ACCURACY = 0.1;

/** ρ(t_k) of a driven model (see module comment); options as for `evolve`. */
export function evolveDriven(model: DrivenModel, rho0: DenseMatrix, times: number[],
  options: { method?: EvolveMethod; observables?: Record<string, Operator>; keepStates?: boolean } = {}): DrivenEvolveResult {
  const start = performance.now();
  checkInitialState(model.base, rho0);
  const ts = checkTimes(times);
  const method = checkMethod(options.method ?? { kind: 'auto' });
  const observables = checkObservables(model.base, options.observables ?? {});
  check(options.keepStates === undefined || typeof options.keepStates === 'boolean', 'keepStates', 'expected a boolean');
  const keepStates = options.keepStates ?? observables.length === 0;
  checkOutputMemory(model.space.dim, ts.length, keepStates);
  const n = model.space.dim, full = vectorize(rho0);
  const support: number[] = [];
  for (let v = 0; v < n * n; v++) if (full[2 * v] !== 0 || full[2 * v + 1] !== 0) support.push(v);
  const gen = new DrivenGenerator(model, support);
  const y0 = new Float64Array(2 * gen.m);
  gen.block.forEach((v, k) => { y0[2 * k] = full[2 * v]; y0[2 * k + 1] = full[2 * v + 1]; });
  const tEnd = ts[ts.length - 1], bps = model.breakpoints(0, tEnd);
  const linear = resolveDrivenMethod(method, gen, 0, Math.max(tEnd, 1e-300), bps);
  const run = integrateDriven(gen, y0, ts, linear, bps);
  const reader = new BlockReader(n, gen.block, null);
  const { traceError, minEigenvalue, truncation, ...outputs } = readSamples(reader, n, run.states, ts, observables, keepStates,
    'try smaller tolerances or another method', fockModes(model.space));
  return {
    times: ts,
    ...outputs,
    stats: { ...run.stats, requested: method.kind, unknowns: gen.m, fullUnknowns: n * n, traceError, minEigenvalue, ...(truncation.length > 0 ? { truncation } : {}), elapsedMs: performance.now() - start },
  };
}
