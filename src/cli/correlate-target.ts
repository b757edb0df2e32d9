/**
 * What `lindblad correlate` and `lindblad spectrum` act on: a JSON model file or the paper's `cavity` model
 * (its flags parsed as `evolve cavity` parses them), and operators named on the command line as the model
 * file names them — "cav.a", "q1.sigma_minus", or a JSON operator expression such as '{"dag": "cav.a"}'.
 */
import { firstDuplicateKey } from '../io/json-keys.ts';
import { LindbladError } from '../errors.ts';
import { parseOperator } from '../io/model-file.ts';
import { checkSteadyMemory } from '../io/limits.ts';
import type { LindbladModel } from '../model/model.ts';
import type { Operator } from '../model/operator.ts';
import { cavityDimension, cavityModel } from '../paper/cavity.ts';
import { readModelFile } from './io.ts';
import { cavityParamsFromOptions, type Opts } from './evolve-run.ts';

export type { Opts };

/** The cavity flags (commander's camel-case keys). */
export const CAVITY_OPTIONS = ['g', 'kappa', 'gamma', 'pump', 'cutoff', 'frame'];
const flag = (k: string) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** The model named by TARGET ("cavity" or a model-file path) and a one-line description of it. */
export function modelTarget(name: string, opts: Opts, command: string): { model: LindbladModel; title: string } {
  if (name === 'cavity') {
    const p = cavityParamsFromOptions(opts, `"${command} cavity"`);
    checkSteadyMemory(cavityDimension(p.cutoff), '--cutoff');
    return {
      model: cavityModel(p).model,
      title: `cavity model: g = ${p.g}, κ = ${p.kappa}, γ = ${p.gamma}, p = ${p.pump}, cutoff ${p.cutoff} (${p.frame} frame; subsystems q1, q2, cav)`,
    };
  }
  for (const k of CAVITY_OPTIONS) if (opts[k] !== undefined) throw new LindbladError('invalid-input', 'does not apply to a model file', flag(k));
  const model = readModelFile(name);
  return { model, title: `${name}: space [${model.space.names.map((n, k) => `${n}:${model.space.dims[k]}`).join(', ')}]` };
}

/** An operator option: "subsystem.operator" or a JSON operator expression, on the model's space. */
export function operatorOption(model: LindbladModel, text: unknown, option: string): Operator {
  if (typeof text !== 'string' || text.trim() === '') throw new LindbladError('invalid-input', 'expected an operator, e.g. cav.a', option);
  const s = text.trim();
  if (!/^[[{"]/.test(s)) return parseOperator(model.space, s, option);
  let json: unknown;
  try {
    json = JSON.parse(s);
  } catch (e) {
    throw new LindbladError('invalid-input', `malformed JSON operator expression (${(e as Error).message})`, option);
  }
  // as in model files: JSON.parse would keep the last of two equal keys silently ({"dag": A, "dag": B} is B†)
  const dup = firstDuplicateKey(s);
  if (dup) throw new LindbladError('invalid-input', `key ${JSON.stringify(dup.key)} given twice in the operator expression (only one value is allowed)`, option);
  return parseOperator(model.space, json as Parameters<typeof parseOperator>[1], option);
}

/** A library error's field (`times[k]`, `omegas[k]`, `a`, …) renamed to the command-line option it came from. */
export function renameField(e: unknown, fields: Record<string, string>): never {
  if (e instanceof LindbladError && e.field !== undefined) {
    const base = e.field.replace(/\[\d+\]$/, '');
    if (Object.hasOwn(fields, base)) throw new LindbladError(e.code, e.message.slice(e.field.length + 2), fields[base]);
  }
  throw e;
}
