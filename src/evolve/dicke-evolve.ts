/**
 * Time evolution and Liouvillian gap of the emitters-in-cavity model (model/emitters-cavity.ts) on its
 * reduced representation: ρ̄(t) = e^{L̄t} ρ̄(0) in the zero-charge sector of the Dicke blocks ⊗ Fock
 * (symmetry/dicke-sector.ts), with the integrators, method choice and long-time handling of ordinary models
 * (propagate.ts, long-time.ts; the trace functional is the sum of ρ̄'s populations). Initial states must be
 * permutation-invariant and in the zero-charge sector (e.g. Dicke states |j, m⟩ with a photon number, or
 * a steady state). The gap is that of L̄ on this sector: the slowest relaxation of permutation-invariant,
 * zero-charge states (the modes a zero-charge permutation-invariant initial state can excite).
 * t in the inverse units of the rates.
 */
import type { Truncation } from '../model/fock-cutoff.ts';
import { combine } from '../symmetry/sector-system.ts';
import { DickeSector, DickeCavityState, checkDickeState, dickeComplexTerms } from '../symmetry/dicke-sector.ts';
import { DickeCavityLiouvillian, dickeCoefficients } from '../liouvillian/dicke-cavity.ts';
import type { EmittersInCavityModel } from '../model/emitters-cavity.ts';
import type { CsrMatrix } from '../linalg/sparse.ts';
import { DenseMatrix } from '../linalg/dense.ts';
import { eigvalsh } from '../linalg/eigh.ts';
import { OdeError, type IntegrateStats, type LinearMethod } from '../linalg/ode/index.ts';
import { LindbladError, check, checkOptions, describe } from '../errors.ts';
import { checkMethod, checkTimes, type EvolveMethod } from './input.ts';
import { checkMemory } from '../io/memory-budget.ts';
import { AUTO_ATOL, AUTO_RTOL, resolveMethod } from './propagate.ts';
import { horizons, integrateLongTimes, type LongTimeInfo } from './long-time.ts';
import { OUTPUT_TOLERANCE } from './samples.ts';
import { checkModel } from '../model/check-model.ts';

/** Largest |Tr ρ − 1| and −λ_min(ρ) accepted at an output (as evolve.ts). */

export interface EmittersEvolveResult {
  times: number[];
  /** ρ̄(t_k) (Hermitian part), one per output time. */
  states: DickeCavityState[];
  stats: {
    method: LinearMethod['kind']; requested: EvolveMethod['kind']; unknowns: number;
    steps: number; rejected: number; factorizations: number; expms: number; matvecs: number;
    /** max_k |Tr ρ(t_k) − 1| and min_k λ_min(ρ(t_k)) (over every block and excitation group). */
    traceError: number; minEigenvalue: number;
    /** As EvolveStats.truncation: the cavity's largest top-level population over the output times (cutoff ≥ 1). */
    truncation?: Truncation[];
    longTime: LongTimeInfo;
    /**
     * As EvolveStats.errorEstimate: the integrators' summed local errors, a trace-norm bound on the error of
     * the whole N-emitter state (ρ̄'s entries carry the multiplicities, so its l1 norm bounds the full one);
     * null where the dense exponential ran.
     */
    errorEstimate: number | null;
    elapsedMs: number;
  };
}

/** The reduced Liouvillian L̄ of the model on its zero-charge sector (complex CSR on the sector's unknowns). */
export function emittersLiouvillian(model: EmittersInCavityModel): { sector: DickeSector; matrix: CsrMatrix } {
  checkModel(model, ['emitters']);
  const sector = new DickeSector(model.basis), terms = dickeComplexTerms({ sector, liouvillian: new DickeCavityLiouvillian(model.basis) });
  return { sector, matrix: combine(sector.size, terms, dickeCoefficients(model.params)) };
}

/** The state |j, m⟩|n⟩⟨j, m|⟨n| (2j, 2m given doubled) of the model, in its reduced form. Default: the ground state. */
export function emittersBasisState(model: EmittersInCavityModel, spec: { twoJ?: number; twoM?: number; photons?: number } = {}): DickeCavityState {
  checkModel(model, ['emitters']);
  checkOptions(spec, ['twoJ', 'twoM', 'photons'], 'state');
  // twoM "x", NaN, {} or of the wrong parity (−1 with 2j = 2) silently picked some state; twoJ [] the top block
  for (const k of ['twoJ', 'twoM', 'photons'] as const) check(spec[k] === undefined || Number.isInteger(spec[k]), k, `expected an integer, got ${describe(spec[k])}`);
  const B = model.basis, twoJ = spec.twoJ ?? B.emitters, b = (B.emitters - twoJ) / 2;
  check(Number.isInteger(b) && b >= 0 && b < B.blocks, 'twoJ', `expected 2j ∈ {${B.emitters}, ${B.emitters - 2}, …, ${B.emitters % 2}}, got ${twoJ}`);
  const twoM = spec.twoM ?? -twoJ;
  check(Math.abs(twoM % 2) === twoJ % 2, 'twoM', `expected 2m of the parity of 2j = ${twoJ} (m = −j, −j + 1, …, j), got ${twoM}`);
  const g = B.state(b, twoM, spec.photons ?? 0);
  check(g >= 0, 'twoM', `expected |m| ≤ j and 0 ≤ photons ≤ ${B.cutoff}`);
  const sector = new DickeSector(B), values = new Float64Array(2 * sector.size);
  values[2 * sector.index(g, g)] = 1;
  return new DickeCavityState(sector, values);
}

/** λ_min of ρ: min over blocks j and excitation groups of λ(ρ̄_j restricted to the group)/d_j. */
export function minEigenvalueDicke(state: DickeCavityState): number {
  const B = state.basis;
  let out = Infinity;
  for (const states of state.sector.groupStates) {
    const s = states.length, a = new DenseMatrix(s, s);
    for (let p = 0; p < s; p++) for (let q = 0; q < s; q++) { const [re, im] = state.entry(states[p], states[q]); a.set(p, q, re, im); }
    out = Math.min(out, (s === 1 ? a.re(0, 0) : eigvalsh(a)[0]) / B.degeneracy[B.blockOf[states[0]]]);
  }
  return out;
}

/** ρ̄(t_k) for the output times (non-decreasing, ≥ 0), from a zero-charge permutation-invariant ρ̄(0). */
export function evolveEmitters(model: EmittersInCavityModel, rho0: DickeCavityState, times: number[], options: { method?: EvolveMethod } = {}): EmittersEvolveResult {
  const start = performance.now();
  checkDickeState(rho0, 'rho0');
  check(rho0.basis.emitters === model.basis.emitters && rho0.basis.cutoff === model.basis.cutoff, 'rho0',
    `the state has N = ${rho0.basis.emitters}, cutoff ${rho0.basis.cutoff}; the model N = ${model.basis.emitters}, cutoff ${model.basis.cutoff}`);
  const ts = checkTimes(times), method = checkMethod(options.method ?? { kind: 'auto' });
  const { sector, matrix: a } = emittersLiouvillian(model);
  check(a.isFinite() && Number.isFinite(a.normInf()), 'model', "the Liouvillian overflows double precision; rescale the model's units");
  const diag = sector.populations();
  let t0 = 0;
  for (const u of diag) t0 += rho0.values[2 * u];
  check(Math.abs(t0 - 1) <= 1e-9, 'rho0', `expected trace 1, got ${t0}`);
  // one reduced state (16 bytes per sector unknown) per output time, before integrating
  checkMemory(ts.length * 16 * sector.size, `${ts.length} output times of ${sector.size} sector unknowns each`, 'times');
  const y0 = rho0.values.slice();
  const { linear } = resolveMethod(method, a, y0, ts.map((t) => Math.min(t, horizons(a).accurate)));
  const implicit: LinearMethod = { kind: 'implicit', rtol: method.kind === 'auto' ? method.rtol ?? AUTO_RTOL : undefined, atol: method.kind === 'auto' ? method.atol ?? AUTO_ATOL : undefined };
  const far = (t: number): LinearMethod => (method.kind !== 'auto' || (linear.kind === 'expm' && t <= horizons(a).lost) ? linear : implicit);
  let run: { states: Float64Array[]; stats: IntegrateStats; info: LongTimeInfo; errors: number[] | null };
  try {
    run = integrateLongTimes({ a, y0, times: ts, method: linear, farMethod: far, diag, n: model.basis.dim });
  } catch (e) {
    if (e instanceof OdeError) throw new LindbladError(/limit|maxDim/.test(e.message) ? 'unsupported' : 'not-converged', `integration failed: ${e.message}`, 'method');
    throw e;
  }
  let traceError = 0, minEigenvalue = Infinity, topFock = 0;
  const states = run.states.map((y, k) => {
    const lost = (what: string) => new LindbladError('not-converged', `the state at t = ${ts[k]} is not a density matrix: ${what} (tolerance ${OUTPUT_TOLERANCE.toExponential(0)}); try smaller tolerances or another method`, `times[${k}]`);
    const v = new Float64Array(y.length);
    for (let u = 0; u < sector.size; u++) { // Hermitian part: (ρ̄_ik + conj ρ̄_ki)/2
      const w = sector.index(sector.colOf[u], sector.rowOf[u]);
      v[2 * u] = (y[2 * u] + y[2 * w]) / 2;
      v[2 * u + 1] = (y[2 * u + 1] - y[2 * w + 1]) / 2;
    }
    let tr = 0;
    for (const u of diag) tr += v[2 * u];
    if (!Number.isFinite(tr) || !(Math.abs(tr - 1) <= OUTPUT_TOLERANCE)) throw lost(`|Tr ρ − 1| = ${Math.abs(tr - 1).toExponential(2)}`);
    traceError = Math.max(traceError, Math.abs(tr - 1));
    const state = new DickeCavityState(sector, v), lmin = minEigenvalueDicke(state);
    if (!(lmin >= -OUTPUT_TOLERANCE)) throw lost(`its smallest eigenvalue is ${lmin.toExponential(2)}`);
    minEigenvalue = Math.min(minEigenvalue, lmin);
    topFock = Math.max(topFock, state.topFockPopulation());
    return state;
  });
  const s = run.stats;
  return {
    times: ts, states,
    stats: {
      method: linear.kind, requested: method.kind, unknowns: sector.size, steps: s.steps, rejected: s.rejected,
      factorizations: s.factorizations, expms: s.expms, matvecs: s.matvecs, traceError, minEigenvalue,
      ...(model.basis.cutoff >= 1 ? { truncation: [{ mode: 'cavity', cutoff: model.basis.cutoff, topPopulation: topFock }] } : {}),
      longTime: run.info, errorEstimate: run.errors ? run.errors.reduce((a, b) => Math.max(a, b), 0) : null,
      elapsedMs: performance.now() - start,
    },
  };
}
