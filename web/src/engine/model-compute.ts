/**
 * Computations of the model page (run in its Web Worker, model-worker.ts): the certified steady state of
 * a JSON model file and what the page shows of it, time evolution from its `initialState`, and scans of
 * a channel rate or the Hamiltonian scale. Units are the model file's own (ħ = k_B = 1).
 */
import {
  concurrence, cycleThermodynamics, entropyProduction, evolve, isDriven, periodicSteadyState, type CycleThermodynamics, type PeriodicCertificate, LindbladError, negativity, parseAnyModel, parseInitialState, parseModel, parseOperator, partialTrace,
  steadyState, maximallyMixed, TRUNCATION_LIMIT, type Certificate, type LindbladModel, type Truncation,
} from 'lindblad';

/** A JSON value of a model file. */
type Json = Parameters<typeof parseModel>[0];

/** Parses model text; a JSON syntax error is a LindbladError on field "(json)" with the parser's position. */
export function parseModelJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new LindbladError('invalid-input', `malformed JSON (${(e as Error).message.replace(/\s+/g, ' ')})`, '(json)');
  }
}

/** Reduced state of a pair of subsystems: its entanglement (concurrence only for two qubits, else NaN). */
export interface PairMeasures { a: string; b: string; dims: [number, number]; negativity: number; concurrence: number }

/** What the page shows of one steady state. */
export interface SteadyView {
  dim: number;
  subsystems: string[];
  dims: number[];
  /** Basis labels |l₁,l₂,…⟩ in the order of the subsystems. */
  labels: string[];
  populations: number[];
  /** ρ row-major, real and imaginary parts. */
  rhoRe: number[];
  rhoIm: number[];
  certificate: Certificate;
  /** The Fock-cutoff check's limit (TRUNCATION_LIMIT): a mode's top level above it is flagged. */
  truncationLimit: number;
  /** Q̇ per bath (into the system) and the entropy production Ṡ = −Σ β Q̇ / ω_ref with its per-bath terms; null when undefined for this model. */
  /**
   * Heat currents, −β_i Q̇_i and Ṡ, with error bounds (thermo/heat.ts, ρ's error = the certificate's errorBound;
   * `errors` null when the solve gives none).
   */
  heat: { currents: Record<string, number>; perBath: Record<string, number>; rate: number; errors: { heat: Record<string, number>; rate: number } | null } | null;
  heatProblem: string | null;
  pairs: PairMeasures[];
  /** Worker time of the whole job, ms, and its parts: JSON + model parsing, steadyState, what is shown of ρ. */
  ms: number;
  phases: { parse: number; steady: number; measures: number };
}

/** Largest subsystem pair dimension for which reduced states are shown (the partial transpose is dense). */
const MAX_PAIR_DIM = 64;

function steadyOf(model: LindbladModel, t0: number): SteadyView {
  const t1 = performance.now();
  const res = steadyState(model);
  const t2 = performance.now();
  const sp = model.space, n = sp.dim, rho = res.rho;
  const rhoRe: number[] = [], rhoIm: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { rhoRe.push(rho.re(i, j)); rhoIm.push(rho.im(i, j)); }
  let heat: SteadyView['heat'] = null, heatProblem: string | null = null;
  try {
    const cond = res.certificate.conditioning, known = cond !== undefined && Number.isFinite(cond.errorBound);
    const ep = entropyProduction(model, rho, known ? cond : 0);
    heat = { currents: ep.heatCurrents, perBath: ep.perBath, rate: ep.rate, errors: known ? { heat: ep.errors!.heat, rate: ep.errors!.rate } : null };
  } catch (e) { heatProblem = (e as Error).message; }
  const pairs: PairMeasures[] = [];
  for (let a = 0; a < sp.names.length; a++) {
    for (let b = a + 1; b < sp.names.length; b++) {
      const da = sp.dims[a], db = sp.dims[b];
      if (da * db > MAX_PAIR_DIM) continue;
      const r = sp.names.length === 2 ? rho : partialTrace(sp, rho, [sp.names[a], sp.names[b]]);
      pairs.push({
        a: sp.names[a], b: sp.names[b], dims: [da, db],
        negativity: negativity(r, [da, db], 1),
        concurrence: da === 2 && db === 2 ? concurrence(r) : NaN,
      });
    }
  }
  return {
    dim: n, subsystems: [...sp.names], dims: [...sp.dims],
    labels: Array.from({ length: n }, (_, i) => `|${sp.levelsOf(i).join(',')}⟩`),
    populations: Array.from({ length: n }, (_, i) => rho.re(i, i)),
    rhoRe, rhoIm, certificate: res.certificate, truncationLimit: TRUNCATION_LIMIT, heat, heatProblem, pairs, ms: performance.now() - t0,
    phases: { parse: t1 - t0, steady: t2 - t1, measures: performance.now() - t2 },
  };
}

/** The steady state of a model file's text (the same solve as `lindblad steady --json`). */
export function modelSteady(text: string): SteadyView {
  const t0 = performance.now();
  const data = parseModelJson(text);
  const model = parseAnyModel(data);
  if (isDriven(model)) {
    const field = typeof data === 'object' && data !== null && 'drives' in data ? 'drives' : 'channels';
    throw new LindbladError('unsupported', 'a time-dependent model (drives or time-dependent rates) has no steady state: see "Time evolution" and "Periodic steady state" below', field);
  }
  return steadyOf(model, t0);
}

/**
 * Time evolution: ρ_ii(t) for every basis state and ⟨A⟩(t) for each observable expression (model-file operator
 * syntax), with what `lindblad evolve` reports beside them: the method that ran, the integration's error
 * estimate (null when the method has none), and each Fock mode's largest top-level population over the
 * times (above `truncationLimit` the cutoff is too low for those times).
 */
export interface EvolutionView {
  times: number[];
  series: Record<string, number[]>;
  method: string;
  errorEstimate: number | null;
  truncation: Truncation[];
  truncationLimit: number;
}

/** ρ(t) from the file's initialState at `points` times evenly spaced on [0, tMax]; time-dependent models included. */
export function modelEvolution(text: string, tMax: number, points: number, observables: string[]): EvolutionView {
  const data = parseModelJson(text);
  const model = parseAnyModel(data); // time-dependent files (drives, rate expressions) evolve too
  const rho0 = parseInitialState(data, model.space) ?? maximallyMixed(model.space);
  if (!(tMax > 0) || !Number.isFinite(tMax)) throw new LindbladError('invalid-input', `expected a finite time > 0, got ${tMax}`, 't_max');
  const times = Array.from({ length: points }, (_, k) => (tMax * k) / (points - 1));
  const ops: Record<string, ReturnType<typeof parseOperator>> = {};
  observables.forEach((o, k) => { ops[o] = parseOperator(model.space, o.startsWith('{') ? JSON.parse(o) : o, `observables[${k}]`); });
  const r = isDriven(model) ? evolve(model, rho0, times, { observables: ops, keepStates: true }) : evolve(model, rho0, times, { observables: ops, keepStates: true });
  const sp = model.space, series: Record<string, number[]> = {};
  for (let i = 0; i < sp.dim && i < 16; i++) series[`p|${sp.levelsOf(i).join(',')}⟩`] = r.states!.map((s) => s.re(i, i));
  for (const [k, v] of Object.entries(r.expectations ?? {})) series[`⟨${k}⟩`] = v;
  const st = r.stats;
  return { times, series, method: st.method, errorEstimate: st.errorEstimate, truncation: st.truncation ?? [], truncationLimit: TRUNCATION_LIMIT };
}

/** The periodic steady state of a time-dependent file over one period, its certificate and the cycle's thermodynamics. */
export interface PeriodicView {
  period: number;
  times: number[];
  /** p|levels⟩(t) for the first 16 basis states. */
  series: Record<string, number[]>;
  certificate: PeriodicCertificate;
  thermo: CycleThermodynamics;
  ms: number;
}

/**
 * The period every table coefficient of a time-dependent file declares (`"period"` in drives[].coefficient
 * and channels[].rate tables), or null when none does or they disagree (expressions declare none).
 */
export function declaredPeriod(text: string): number | null {
  let data: unknown;
  try { data = JSON.parse(text); } catch { return null; }
  const periods = new Set<number>();
  const visit = (c: unknown) => {
    const t = (c as { table?: { period?: unknown } } | null)?.table;
    if (t && typeof t.period === 'number') periods.add(t.period);
  };
  const d = data as { drives?: Array<{ coefficient?: unknown }>; channels?: Array<{ rate?: unknown }> };
  if (Array.isArray(d?.drives)) d.drives.forEach((x) => visit(x?.coefficient));
  if (Array.isArray(d?.channels)) d.channels.forEach((x) => visit(x?.rate));
  return periods.size === 1 ? [...periods][0] : null;
}

/** ρ*(t) = P_T ρ*(t) over one period T at `samples` + 1 times (the same solve as `lindblad periodic --period T`). */
export function modelPeriodic(text: string, period: number, samples: number): PeriodicView {
  const t0 = performance.now();
  if (!(period > 0) || !Number.isFinite(period)) throw new LindbladError('invalid-input', `expected a finite period > 0, got ${period}`, 'period');
  const model = parseAnyModel(parseModelJson(text));
  const pss = periodicSteadyState(model, period, { samples });
  const sp = model.space, series: Record<string, number[]> = {};
  for (let i = 0; i < sp.dim && i < 16; i++) series[`p|${sp.levelsOf(i).join(',')}⟩`] = pss.states.map((r) => r.re(i, i));
  return { period, times: pss.times, series, certificate: pss.certificate, thermo: cycleThermodynamics(pss), ms: performance.now() - t0 };
}

/** What a scan varies: channel k's rate, or the Hamiltonian's overall scale (the JSON value is multiplied by the factor). */
export type ScanTarget = { kind: 'rate'; channel: number } | { kind: 'hamiltonian' };

/** The model JSON with the target multiplied by `factor`. */
export function scaled(data: Json, target: ScanTarget, factor: number): Json {
  const copy = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  if (target.kind === 'hamiltonian') {
    copy.hamiltonian = { scale: factor, of: copy.hamiltonian };
    return copy as Json;
  }
  const channels = copy.channels as Array<Record<string, unknown>> | undefined;
  const ch = channels?.[target.channel];
  if (!ch || typeof ch.rate !== 'number') throw new LindbladError('invalid-input', 'the scanned channel needs a numeric rate', `channels[${target.channel}].rate`);
  ch.rate = ch.rate * factor;
  return copy as Json;
}

/** One scan point: the factors and the steady-state quantities plotted. */
export interface ScanPoint { fx: number; fy: number; entropy: number; purity: number; maxNegativity: number; residual: number }

/** Steady states at the factors (fx, fy) of two targets (fy ignored when `y` is null). */
export function scanPoints(text: string, x: ScanTarget, y: ScanTarget | null, factors: Array<[number, number]>): ScanPoint[] {
  const data = parseModelJson(text);
  return factors.map(([fx, fy]) => {
    let d = scaled(data, x, fx);
    if (y) d = scaled(d, y, fy);
    const v = steadyOf(parseModel(d), performance.now());
    let purity = 0;
    for (let k = 0; k < v.rhoRe.length; k++) purity += v.rhoRe[k] ** 2 + v.rhoIm[k] ** 2;
    return {
      fx, fy, entropy: v.heat ? v.heat.rate : NaN, purity,
      maxNegativity: v.pairs.length ? Math.max(...v.pairs.map((p) => p.negativity)) : NaN, residual: v.certificate.residual,
    };
  });
}
