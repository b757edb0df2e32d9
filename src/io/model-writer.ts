/**
 * The model-file text of a LindbladModel (the inverse of model-file.ts parseModelText): a model built in code
 * (or by cavityModel / diamondModel / randomModel) saved for the command line, the explorer or a colleague.
 * Subsystems keep their names and kinds; channels their rates ("inf" for the infinitely fast limit), baths and
 * labels; declared baths their β ("inf", "-inf", null); H0 is written when it is not H itself, and
 * referenceEnergy when it is not 1. Operators are written exactly (JSON numbers print doubles in full): a
 * fairly dense one (more than a quarter of its entries non-zero) as {"matrix": rows}, a sparse one as a sum
 * of its entries, each the product of one transition |r_s⟩⟨c_s| per subsystem, scaled by the entry (size
 * proportional to its non-zeros: a Fock cutoff of 1,000 stays small). parseModelText of the text gives the
 * same space, operators (bit for bit), rates, baths and labels.
 */
import { LindbladModel } from '../model/model.ts';
import type { Operator } from '../model/operator.ts';
import type { Space, SubsystemSpec } from '../model/space.ts';
import { LindbladError, check, checkOptions, describe } from '../errors.ts';

type Json = null | number | string | Json[] | { [key: string]: Json };

/** Options of modelFileText: an optional "name" and "description" written at the top of the file. */
export interface ModelFileOptions {
  name?: string;
  description?: string;
}

/** A double as JSON: the number itself, or "inf" / "-inf" (JSON has no infinity). */
function numberJson(v: number): number | string {
  return v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v;
}

function subsystemJson(s: SubsystemSpec): Json {
  if (s.kind === 'qubit') return 'qubit';
  return s.kind === 'fock' ? { kind: 'fock', cutoff: s.cutoff } : { kind: 'levels', n: s.n };
}

/** One full-space entry r, c as ⊗_s |r_s⟩⟨c_s| (a transition on each subsystem). */
function unitJson(sp: Space, r: number, c: number): Json {
  const rs = sp.levelsOf(r), cs = sp.levelsOf(c);
  const factors: Json[] = sp.names.map((on, s) => ({ op: 'transition', on, to: rs[s], from: cs[s] }));
  return factors.length === 1 ? factors[0] : { product: factors };
}

/** An operator expression equal to `o` entry for entry (module comment). */
export function operatorJson(o: Operator): Json {
  const m = o.matrix, n = m.rows, sp = o.space;
  if (m.nnz > 0.25 * n * n) {
    const d = m.toDense();
    return { matrix: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): Json => {
      const re = d.data[2 * (i * n + j)], im = d.data[2 * (i * n + j) + 1];
      return im === 0 ? re : [re, im];
    })) };
  }
  const terms: Json[] = [];
  for (let i = 0; i < n; i++) {
    for (let p = m.rowPtr[i]; p < m.rowPtr[i + 1]; p++) {
      const re = m.values[2 * p], im = m.values[2 * p + 1];
      if (re === 0 && im === 0) continue;
      const unit = unitJson(sp, i, m.colIdx[p]);
      terms.push(re === 1 && im === 0 ? unit : { scale: im === 0 ? re : [re, im], of: unit });
    }
  }
  if (terms.length === 0) return { scale: 0, of: unitJson(sp, 0, 0) };
  return terms.length === 1 ? terms[0] : { sum: terms };
}

/**
 * The model file (JSON text, two-space indented) of `model`: see the module comment. Throws a LindbladError
 * for something that is not a LindbladModel (a time-dependent or emitters model has no such form yet).
 */
export function modelFileText(model: LindbladModel, options?: ModelFileOptions): string {
  if (!(model instanceof LindbladModel)) throw new LindbladError('invalid-input', `expected a LindbladModel (time-independent), got ${describe(model)}`, 'model');
  const o = checkOptions(options, ['name', 'description'], 'options') as ModelFileOptions;
  for (const k of ['name', 'description'] as const) if (o[k] !== undefined) check(typeof o[k] === 'string', `options.${k}`, `expected a string, got ${describe(o[k])}`);
  const sp = model.space, out: { [key: string]: Json } = {};
  if (o.name !== undefined) out.name = o.name;
  if (o.description !== undefined) out.description = o.description;
  out.subsystems = Object.fromEntries(sp.names.map((name, s) => [name, subsystemJson(sp.specs[s])]));
  if (model.hamiltonian.matrix.nnz > 0) out.hamiltonian = operatorJson(model.hamiltonian);
  if (!model.bareFollowsHamiltonian) out.bareHamiltonian = operatorJson(model.bareHamiltonian);
  out.channels = model.channels.map((c) => ({ operator: operatorJson(c.operator), rate: numberJson(c.rate), bath: c.bath, label: c.label }));
  if (model.baths.size > 0) out.baths = Object.fromEntries([...model.baths].map(([name, b]) => [name, { beta: b.beta === null ? null : numberJson(b.beta) }]));
  if (model.referenceEnergy !== 1) out.referenceEnergy = model.referenceEnergy;
  return JSON.stringify(out, null, 2) + '\n';
}
