/**
 * The model-file sweep family (family-definition.ts says what a family is); other families (the paper's
 * cavity and diamond models, paper/families.ts) plug in through a SweepFamilies object naming their worker
 * module. This module loads the model-file parser: a worker thread imports it only for a model-file sweep.
 *
 *  - model file: rate.<label> (or rate.<index>) sets every channel with that label (labels compared with
 *    non-alphanumerics turned into "_", so "cavity loss" is rate.cavity_loss; a key naming two things is an
 *    error), hamiltonian-scale multiplies H (default 1), and H0 with it when the file gives no
 *    bareHamiltonian (H0 = H); an explicit bareHamiltonian stays as written. Other rates stay as in the file.
 */
import { LindbladError } from '../errors.ts';
import { parseModelText } from '../io/model-file.ts';
import { workerEntry } from '../io/threads.ts';
import { standardOutput, type SweepSpec } from './sweep.ts';
import { certificateColumns, specFromDefinition, thetaOf, type FamilyDefinition, type ParamSpec, type SweepFamilies, type SweepRequest } from './family-definition.ts';

export {
  certificateColumns, memo, out, RatesPoint, specFromDefinition, thetaOf,
  type FamilyDefinition, type ParamSpec, type SweepFamilies, type SweepRequest,
} from './family-definition.ts';

const labelKey = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');

/**
 * The channels `--rate.<key>` sets: those labelled `key` (labels compared with non-alphanumerics read as
 * "_"), else channel number `key`. A key naming two things is an error, not two silently set channels:
 * two distinct labels that read alike ("a b" and "a-b" for rate.a_b), or a label and the index of a
 * channel with another label (rate.1 with channel 0 labelled "1").
 */
function channelsNamed(template: ReturnType<typeof parseModelText>, key: string, field: string): number[] {
  const chans = template.channels;
  const byLabel = chans.flatMap((c, i) => (c.label === key || labelKey(c.label) === key ? [i] : []));
  const labels = [...new Set(byLabel.map((i) => chans[i].label))];
  if (labels.length > 1) {
    throw new LindbladError('invalid-input', `matches the channel labels ${labels.map((l) => JSON.stringify(l)).join(' and ')} (non-alphanumerics read as "_"); give the channels labels that differ in letters or digits`, field);
  }
  const idx = /^\d+$/.test(key) ? Number(key) : -1;
  if (idx >= 0 && idx < chans.length && byLabel.length > 0 && !byLabel.includes(idx)) {
    throw new LindbladError('invalid-input', `names channel ${byLabel[0]} by its label ${JSON.stringify(labels[0])} and channel ${idx} (labelled ${JSON.stringify(chans[idx].label)}) by its index; set channel ${idx} as --rate.${labelKey(chans[idx].label)}, or relabel`, field);
  }
  return byLabel.length > 0 ? byLabel : idx >= 0 && idx < chans.length ? [idx] : [];
}

function modelFile(text: string, source: string, args: Readonly<Record<string, string>>): FamilyDefinition {
  const template = parseModelText(text, source);
  const params: ParamSpec[] = [{ name: 'hamiltonian-scale', range: {}, default: 1 }];
  const targets = new Map<string, number[]>(), owner = new Map<number, string>();
  for (const name of Object.keys(args)) {
    const m = /^rate\.(.+)$/.exec(name);
    if (!m) continue;
    const hit = channelsNamed(template, m[1], `--${name}`);
    if (hit.length === 0) {
      throw new LindbladError('unknown-name', `no channel with label or index ${JSON.stringify(m[1])} (channels: ${template.channels.map((c, i) => `${i}:${JSON.stringify(c.label)}`).join(', ')})`, `--${name}`);
    }
    // two parameters naming one channel (its label and its index, or "0" and "00"): only the later one took
    // effect, while the CSV showed both values as the point's
    for (const c of hit) {
      if (!owner.has(c)) { owner.set(c, name); continue; }
      throw new LindbladError('invalid-input', `sets channel ${c} (${JSON.stringify(template.channels[c].label)}), as does --${owner.get(c)}; give each channel's rate once`, `--${name}`);
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
      ...[...template.baths.keys()].flatMap((b) => [standardOutput(`heat.${b}`), standardOutput(`heatError.${b}`)]),
      ...(thermal ? [standardOutput('entropyProduction'), standardOutput('entropyProductionError')] : []),
      ...certificateColumns.map(standardOutput),
    ],
  };
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
