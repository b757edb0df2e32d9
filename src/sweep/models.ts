/**
 * Ready-made sweeps for the paper's models and for model files, described by plain data (so a worker
 * thread can rebuild them): `sweepSpecFrom({ model, args, fileText })` parses the parameter arguments
 * (each a range START:STOP:COUNT[:log] or a single value, see grid.ts), validates everything before any
 * work starts, and returns the SweepSpec. Units as in the model builders (cavity: rates and g in units
 * of g; diamond: β in units of 1/ω0, Γ⁺ a rate).
 *
 *  - cavity: g (default 1), kappa, gamma, pump (required), cutoff (default 4). One family per cutoff.
 *  - diamond: beta-a, beta-s (required, ±inf allowed as single values), gamma-plus (default 1).
 *  - model file: rate.<label> (or rate.<index>) sets every channel with that label (labels compared with
 *    non-alphanumerics turned into "_", so "cavity loss" is rate.cavity_loss), hamiltonian-scale
 *    multiplies H (default 1); other rates stay as in the file.
 */
import { LindbladError } from '../errors.ts';
import { parseModelText } from '../io/model-file.ts';
import type { LindbladModel } from '../model/model.ts';
import { cavityModel } from '../models/cavity.ts';
import { cavityObservables } from '../models/cavity-solve.ts';
import { effectiveDiamond } from '../models/elimination.ts';
import { diamondModel, emissionRate } from '../models/diamond.ts';
import { diamondConcurrenceAnalytic } from '../models/analytic.ts';
import { concurrence } from '../measures/index.ts';
import type { LiouvillianTerm } from '../dynamics/factored.ts';
import { Grid, parseRange, type RangeOptions } from './grid.ts';
import { standardOutput, type FamilyPoint, type PointResult, type SweepOutput, type SweepParams, type SweepSpec } from './sweep.ts';

/** Plain-data description of a model sweep (what the CLI parses and workers receive). */
export interface SweepRequest {
  /** 'cavity', 'diamond' or 'file'. */
  model: 'cavity' | 'diamond' | 'file';
  /** Parameter name → range text, e.g. { kappa: '0.01:1000:200:log', gamma: '1e-3' }. */
  args: Readonly<Record<string, string>>;
  /** Output names to keep (default: all of the model's). */
  outputs?: readonly string[];
  /** The model file's text and name (model = 'file'). */
  fileText?: string;
  source?: string;
}

interface ParamSpec {
  name: string;
  range: RangeOptions;
  default?: number;
}

const certificateColumns = ['residual', 'relativeResidual', 'traceError', 'minEigenvalue', 'unique', 'unknowns'];
const out = (name: string, value: (r: PointResult) => number | string): SweepOutput => ({ name, value });

/** θ builder: coefficient of H, then each channel term's rate from `rate(channelIndex)`. */
function thetaOf(h: number, rate: (channel: number) => number): (terms: readonly LiouvillianTerm[]) => number[] {
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
class RatesPoint implements FamilyPoint {
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
function memo<T>(f: (r: PointResult) => T): (r: PointResult) => T {
  const cache = new WeakMap<PointResult, T>();
  return (r) => { let v = cache.get(r); if (v === undefined) { v = f(r); cache.set(r, v); } return v; };
}

function cavity(): { params: ParamSpec[]; build: (p: SweepParams) => FamilyPoint; outputs: SweepOutput[] } {
  const rate: RangeOptions = { min: 0 };
  const templates = new Map<number, LindbladModel>();
  const families = new Map<number, { key: string; template: () => LindbladModel }>();
  const obs = memo((r) => cavityObservables(r.rho, r.params.cutoff));
  const eff = memo((r) => effectiveDiamond({ g: r.params.g, kappa: r.params.kappa, gamma: r.params.gamma, pump: r.params.pump }));
  return {
    params: [
      { name: 'g', range: rate, default: 1 }, { name: 'kappa', range: rate }, { name: 'gamma', range: rate },
      { name: 'pump', range: rate }, { name: 'cutoff', range: { min: 1, integer: true }, default: 4 },
    ],
    build: (p) => {
      let family = families.get(p.cutoff);
      if (!family) {
        const cutoff = p.cutoff;
        family = {
          key: `cavity:${cutoff}`,
          template: () => {
            let m = templates.get(cutoff);
            if (!m) { m = cavityModel({ g: 1, kappa: 1, gamma: 1, pump: 1, cutoff }).model; templates.set(cutoff, m); }
            return m;
          },
        };
        families.set(cutoff, family);
      }
      // channels: pump q1, pump q2, decay q1, decay q2, cavity loss (cavity.ts)
      return new RatesPoint(family.key, family.template, p.g, [p.pump, p.pump, p.gamma, p.gamma, p.kappa]);
    },
    outputs: [
      out('concurrence', (r) => obs(r).concurrence),
      out('pG', (r) => obs(r).populations.G), out('pS', (r) => obs(r).populations.S),
      out('pA', (r) => obs(r).populations.A), out('pE', (r) => obs(r).populations.E),
      out('meanPhotons', (r) => obs(r).meanPhotons), out('topFockPopulation', (r) => obs(r).topFockPopulation),
      standardOutput('heat.pump'), standardOutput('heat.emitters'), standardOutput('heat.cavity'), standardOutput('entropyProduction'),
      out('effConcurrence', (r) => eff(r).concurrence), out('effBetaA', (r) => eff(r).betaA), out('effBetaS', (r) => eff(r).betaS),
      ...certificateColumns.map(standardOutput),
    ],
  };
}

function diamond(): { params: ParamSpec[]; build: (p: SweepParams) => FamilyPoint; outputs: SweepOutput[] } {
  const beta: RangeOptions = { allowInfinite: true };
  const d = diamondModel({ betaA: 0, betaS: 0, gammaPlus: 1 });
  const pops = memo((r) => d.populations(r.rho));
  const template = (): LindbladModel => d.model;
  return {
    params: [{ name: 'beta-a', range: beta }, { name: 'beta-s', range: beta }, { name: 'gamma-plus', range: { min: 0 }, default: 1 }],
    build: (p) => {
      const gp = p['gamma-plus'], bA = p['beta-a'], bS = p['beta-s'];
      // channels: S absorption, S emission, A absorption, A emission (diamond.ts)
      return new RatesPoint('diamond', template, 1, [gp, emissionRate(gp, bS), gp, emissionRate(gp, bA)], { S: bS, A: bA });
    },
    outputs: [
      out('concurrence', (r) => concurrence(d.twoQubitState(r.rho))),
      out('concurrenceAnalytic', (r) => diamondConcurrenceAnalytic(r.params['beta-a'], r.params['beta-s'])),
      out('pG', (r) => pops(r).G), out('pS', (r) => pops(r).S), out('pA', (r) => pops(r).A), out('pE', (r) => pops(r).E),
      standardOutput('heat.S'), standardOutput('heat.A'), standardOutput('entropyProduction'),
      ...certificateColumns.map(standardOutput),
    ],
  };
}

const labelKey = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');

function modelFile(text: string, source: string, args: Readonly<Record<string, string>>): { params: ParamSpec[]; build: (p: SweepParams) => FamilyPoint; outputs: SweepOutput[] } {
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
 * The SweepSpec of a request; every parameter is validated (unknown names, range syntax, negative rates,
 * missing required values) before anything is solved. Errors are LindbladErrors naming the option.
 */
export function sweepSpecFrom(req: SweepRequest): SweepSpec & { parameters: string[] } {
  let m: ReturnType<typeof cavity>;
  if (req.model === 'cavity') m = cavity();
  else if (req.model === 'diamond') m = diamond();
  else {
    if (req.fileText === undefined) throw new LindbladError('invalid-input', 'a model-file sweep needs the file text', 'model');
    m = modelFile(req.fileText, req.source ?? 'model', req.args);
  }
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
