/**
 * The model a command acts on, from its TARGET argument and flags: a JSON model file, `diamond`
 * (--beta-a, --beta-s, --gamma-plus; units ω0 = Γ⁺ = 1) or `cavity` (--g, --kappa, --gamma, --pump,
 * --cutoff, --frame; units g = 1). Flags of the other target are refused (field = the flag), required
 * ones missing are named. Shared by commands that accept all three targets (fcs; evolve has the same
 * rules with its own initial states).
 */
import { LindbladError } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { parseNumber, readModelFile } from './io.ts';
import { diamondModel } from '../paper/diamond.ts';
import { cavityDimension, cavityModel } from '../paper/cavity.ts';
import { checkSteadyMemory } from '../io/limits.ts';

export type TargetOpts = Record<string, string | boolean | undefined>;

export const CAVITY_FLAGS = ['g', 'kappa', 'gamma', 'pump', 'cutoff', 'frame'];
export const DIAMOND_FLAGS = ['betaA', 'betaS', 'gammaPlus'];

/** commander's camelCase key → its flag (betaA → --beta-a). */
export const flagOf = (k: string) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

function reject(opts: TargetOpts, keys: string[], target: string): void {
  for (const k of keys) if (opts[k] !== undefined) throw new LindbladError('invalid-input', `does not apply to ${target}`, flagOf(k));
}

function required(opts: TargetOpts, k: string, target: string): string {
  if (opts[k] === undefined) throw new LindbladError('invalid-input', `required for ${target}`, flagOf(k));
  return String(opts[k]);
}

/** The model named by `target` with its flags, and a one-line description. `command` names the command in errors. */
export function modelFromTarget(target: string, opts: TargetOpts, command: string): { model: LindbladModel; title: string } {
  if (target === 'diamond') {
    const what = `"${command} diamond"`;
    reject(opts, CAVITY_FLAGS, what);
    const beta = (k: string) => parseNumber(required(opts, k, what), flagOf(k), { allowInfinite: true });
    const betaA = beta('betaA'), betaS = beta('betaS');
    const gammaPlus = parseNumber(String(opts.gammaPlus ?? '1'), '--gamma-plus', { exclusiveMin: 0 });
    return { model: diamondModel({ betaA, betaS, gammaPlus }).model, title: `diamond model: β_A = ${betaA}, β_S = ${betaS}, Γ⁺ = ${gammaPlus} (units ω0 = 1)` };
  }
  if (target === 'cavity') {
    const what = `"${command} cavity"`;
    reject(opts, DIAMOND_FLAGS, what);
    const num = (k: string) => parseNumber(required(opts, k, what), flagOf(k), { min: 0 });
    const frame = String(opts.frame ?? 'rotating');
    if (frame !== 'rotating' && frame !== 'lab') throw new LindbladError('invalid-input', `expected rotating or lab, got ${JSON.stringify(frame)}`, '--frame');
    const cutoff = parseNumber(String(opts.cutoff ?? '4'), '--cutoff', { integer: true, min: 1 });
    checkSteadyMemory(cavityDimension(cutoff), '--cutoff');
    const params = { g: parseNumber(String(opts.g ?? '1'), '--g', { min: 0 }), kappa: num('kappa'), gamma: num('gamma'), pump: num('pump'), cutoff, frame: frame as 'rotating' | 'lab' };
    return { model: cavityModel(params).model, title: `cavity model: g = ${params.g}, κ = ${params.kappa}, γ = ${params.gamma}, p = ${params.pump}, cutoff ${cutoff} (${frame} frame)` };
  }
  reject(opts, [...CAVITY_FLAGS, ...DIAMOND_FLAGS], 'a model file');
  const model = readModelFile(target);
  return { model, title: `${target}: space [${model.space.names.map((n, k) => `${n}:${model.space.dims[k]}`).join(', ')}]` };
}
