/**
 * Sweep families described by plain data (so a worker thread can rebuild them): a SweepRequest names a
 * family and its parameter arguments (each a range START:STOP:COUNT[:log] or a single value, see grid.ts);
 * a family definition lists its parameters, how a point becomes a model family member (θ), and its outputs.
 * This module defines the model-file family; other families (the paper's cavity and diamond models,
 * paper/families.ts) plug in through a SweepFamilies object naming their worker module.
 *
 *  - model file: rate.<label> (or rate.<index>) sets every channel with that label (labels compared with
 *    non-alphanumerics turned into "_", so "cavity loss" is rate.cavity_loss), hamiltonian-scale
 *    multiplies H (default 1); other rates stay as in the file.
 */
import { LindbladError } from '../errors.ts';
import { parseModelText } from '../io/model-file.ts';
import type { LindbladModel } from '../model/model.ts';
import type { LiouvillianTerm } from '../liouvillian/factored.ts';
import { workerEntry, type WorkerEntry } from '../io/threads.ts';
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

export const certificateColumns = ['residual', 'relativeResidual', 'traceError', 'minEigenvalue', 'unique', 'unknowns'];
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

const labelKey = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');

function modelFile(text: string, source: string, args: Readonly<Record<string, string>>): FamilyDefinition {
  const template = parseModelText(text, source);
  const params: ParamSpec[] = [{ name: 'hamiltonian-scale', range: {}, default: 1 }];
  const targets = new Map<string, number[]>();
  for (const name of Object.keys(args)) {
    const m = /^rate\.(.+)$/.exec(name);
    if (!m) continue;
    const key = m[1], idx = /^\d+$/.test(key) ? Number(key) : -1;
    const hit = template.channels.flatMap((c, i) => (i === idx || c.label === key || labelKey(c.label) === key ? [i] : []));
    if (hit.length === 0) {
      throw new LindbladError('unknown-name', `no channel with label or index ${JSON.stringify(key)} (channels: ${template.channels.map((c, i) => `${i}:${JSON.stringify(c.label)}`).join(', ')})`, `--${name}`);
    }
    targets.set(name, hit);
    params.push({ name, range: { min: 0 } });
  }
  const thermal = [...template.baths.values()].every((b) => b.beta !== null);
  const dim = template.space.dim;
  return {
    params,
    build: (p) => {
      const rates = template.channels.map((c) => c.rate);
      for (const [name, chans] of targets) for (const c of chans) rates[c] = p[name];
      return { kind: 'family', key: 'file', template: () => template, theta: thetaOf(p['hamiltonian-scale'], (c) => rates[c]) };
    },
    outputs: [
      ...(dim <= 32 ? Array.from({ length: dim }, (_, k) => standardOutput(`population.${k}`)) : []),
      standardOutput('purity'),
      ...[...template.baths.keys()].map((b) => standardOutput(`heat.${b}`)),
      ...(thermal ? [standardOutput('entropyProduction')] : []),
      ...certificateColumns.map(standardOutput),
    ],
  };
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

/** The model-file family of a request (model = 'file'). */
export function modelFileDefinition(req: SweepRequest): FamilyDefinition {
  if (req.model !== 'file') throw new LindbladError('unknown-name', `unknown model ${JSON.stringify(req.model)} (expected a model file)`, 'model');
  if (req.fileText === undefined) throw new LindbladError('invalid-input', 'a model-file sweep needs the file text', 'model');
  return modelFile(req.fileText, req.source ?? 'model', req.args);
}

/** SweepSpec of a model-file request (the `sweepSpecFrom` of the model-file families). */
export function sweepSpecFrom(req: SweepRequest): SweepSpec & { parameters: string[] } {
  return specFromDefinition(modelFileDefinition(req), req);
}

/** Model files only. */
export const modelFileFamilies: SweepFamilies = { worker: workerEntry('sweep-worker', import.meta.url), specFrom: sweepSpecFrom };
