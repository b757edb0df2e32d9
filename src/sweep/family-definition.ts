/**
 * What a sweep family is, as plain data (so a worker thread can rebuild it): a SweepRequest names a family
 * and its parameter arguments (each a range START:STOP:COUNT[:log] or a single value, see grid.ts); a
 * family definition lists its parameters, how a point becomes a model family member (θ), and its outputs;
 * `specFromDefinition` validates a request against a definition and returns the SweepSpec. The families
 * themselves live in their own modules (model files: families.ts; the paper's: paper/*-family.ts), so a
 * worker thread loads only the family its sweep uses (paper/family-registry.ts).
 */
import { LindbladError } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import type { LiouvillianTerm } from '../liouvillian/factored.ts';
import type { WorkerEntry } from '../io/threads.ts';
import { Grid, parseRange, type RangeOptions } from './grid.ts';
import { standardOutput, type CustomPoint, type FamilyPoint, type PointResult, type SweepOutput, type SweepParams, type SweepSpec } from './sweep.ts';

/** Plain-data description of a model sweep (what the CLI parses and workers receive). */
export interface SweepRequest {
  /** The family: 'file' (a model file), or one its SweepFamilies defines (e.g. 'cavity', 'diamond'). */
  model: string;
  /** Parameter name → range text, e.g. { kappa: '0.01:1000:200:log', gamma: '1e-3' }. */
  args: Readonly<Record<string, string>>;
  /** Output names to keep (default: all of the model's). */
  outputs?: readonly string[];
  /** The model file's text and name (model = 'file'). */
  fileText?: string;
  source?: string;
}

/**
 * The families a sweep can use: `specFrom` in this thread, and the URL of the worker module whose
 * `runSweepTask` evaluates them in worker threads (io/threads.ts).
 */
export interface SweepFamilies {
  readonly worker: WorkerEntry;
  specFrom(request: SweepRequest): SweepSpec & { parameters: string[] };
}

/** One family: its parameters, how a parameter point becomes a family member, and its outputs. */
export interface FamilyDefinition {
  params: ParamSpec[];
  build: (p: SweepParams) => FamilyPoint | CustomPoint;
  outputs: SweepOutput[];
}

export interface ParamSpec {
  name: string;
  range: RangeOptions;
  default?: number;
}

/**
 * The certificate columns of every family's sweep: with `status` ('unique', 'ill-conditioned', 'truncated',
 * …) and `errorBound` (ρ's estimated error), since unique = 1 alone does not vouch for a point's numbers.
 */
export const certificateColumns = ['residual', 'relativeResidual', 'traceError', 'minEigenvalue', 'unique', 'status', 'errorBound', 'unknowns'];
export const out = (name: string, value: (r: PointResult) => number | string): SweepOutput => ({ name, value });

/** θ builder: coefficient of H, then each channel term's rate from `rate(channelIndex)`. */
export function thetaOf(h: number, rate: (channel: number) => number): (terms: readonly LiouvillianTerm[]) => number[] {
  return (terms) => terms.map((t) => (t.kind === 'hamiltonian' ? h : rate(t.channel)));
}

/** θ of a point: h for the Hamiltonian term, rates[channel] for each channel term. */
function thetaFrom(terms: readonly LiouvillianTerm[], h: number, rates: readonly number[]): number[] {
  const theta: number[] = []; // grown by push: packed elements (new Array(n) would make it holey)
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k];
    theta.push(t.kind === 'hamiltonian' ? h : rates[t.channel]);
  }
  return theta;
}

/**
 * A family point with per-point data in fields and the FamilyPoint functions as methods (a sweep builds
 * one per point; methods avoid creating closures for each).
 */
export class RatesPoint implements FamilyPoint {
  readonly kind = 'family';
  constructor(readonly key: string, private readonly make: () => LindbladModel, private readonly h: number,
    private readonly rates: readonly number[], readonly betas?: Readonly<Record<string, number | null>>) {}

  template(): LindbladModel {
    return this.make();
  }

  theta(terms: readonly LiouvillianTerm[]): number[] {
    return thetaFrom(terms, this.h, this.rates);
  }
}

/** Memo for derived per-point quantities shared by several outputs. */
export function memo<T>(f: (r: PointResult) => T): (r: PointResult) => T {
  const cache = new WeakMap<PointResult, T>();
  return (r) => { let v = cache.get(r); if (v === undefined) { v = f(r); cache.set(r, v); } return v; };
}

/**
 * The SweepSpec of a request for a family definition; every parameter is validated (unknown names, range
 * syntax, negative rates, missing required values) before anything is solved. Errors are LindbladErrors
 * naming the option.
 */
export function specFromDefinition(m: FamilyDefinition, req: SweepRequest): SweepSpec & { parameters: string[] } {
  const known = new Set(m.params.map((p) => p.name));
  for (const name of Object.keys(req.args)) {
    if (!known.has(name)) throw new LindbladError('unknown-name', `unknown parameter for the ${req.model} model (expected ${[...known].map((k) => `--${k}`).join(', ')}${req.model === 'file' ? ', --rate.<label>' : ''})`, `--${name}`);
  }
  const grid = new Grid(m.params.map((p) => {
    const text = req.args[p.name];
    if (text === undefined && p.default === undefined) throw new LindbladError('invalid-input', 'missing (give a value or a range START:STOP:COUNT[:log])', `--${p.name}`);
    return { name: p.name, values: text === undefined ? [p.default!] : parseRange(text, `--${p.name}`, p.range) };
  }));
  let outputs = m.outputs;
  if (req.outputs) {
    const byName = new Map(m.outputs.map((o) => [o.name, o]));
    outputs = req.outputs.map((name) => byName.get(name) ?? standardOutput(name));
  }
  return { build: m.build, grid, outputs, parameters: grid.names };
}
