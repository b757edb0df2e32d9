/**
 * The paper's sweep families by name, each module loaded on first use (`import()`), so that a worker
 * thread loads only the family its sweep uses: a diamond sweep's thread never loads the cavity, N-emitter
 * (Dicke-block) or model-file code. `familyOf` is the one place that says which family a request names;
 * paper/families.ts maps the same names to statically imported definitions for the main thread.
 */
import type { FamilyDefinition, SweepRequest } from '../sweep/family-definition.ts';

/** Parameter names that select the N-emitter family for `sweep cavity` (any of them given). */
export const EMITTER_PARAMS = ['emitters', 'dephasing', 'collective-decay', 'collective-pump', 'cavity-thermal'];

export type FamilyName = 'cavity' | 'emitters' | 'diamond' | 'file';

/** A family's definition for a request (each call a fresh one: definitions keep per-request caches). */
export type DefineFamily = (req: SweepRequest) => FamilyDefinition;

/**
 * The family a request names: 'cavity' with any N-emitter parameter is the N-emitter family, 'cavity' and
 * 'diamond' their own; every other name goes to the model-file family, which accepts only 'file' (and
 * reports any other name as an unknown model).
 */
export function familyOf(req: SweepRequest): FamilyName {
  if (req.model === 'cavity') return EMITTER_PARAMS.some((k) => Object.hasOwn(req.args, k)) ? 'emitters' : 'cavity';
  return req.model === 'diamond' ? 'diamond' : 'file';
}

const LOADERS: Record<FamilyName, () => Promise<DefineFamily>> = {
  cavity: async () => (await import('./cavity-family.ts')).cavityFamily,
  emitters: async () => (await import('./emitters-family.ts')).emittersFamily,
  diamond: async () => (await import('./diamond-family.ts')).diamondFamily,
  file: async () => (await import('../sweep/families.ts')).modelFileDefinition,
};

const loaded = new Map<FamilyName, Promise<DefineFamily>>();

/** The family `name`'s definer; its module is imported once per thread (later calls reuse the promise). */
export function loadFamily(name: FamilyName): Promise<DefineFamily> {
  let p = loaded.get(name);
  if (!p) { p = LOADERS[name](); loaded.set(name, p); }
  return p;
}
