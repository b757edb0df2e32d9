/**
 * Ready-made sweeps for the paper's models (plus model files, sweep/families.ts), described by plain data so
 * a worker thread can rebuild them: `sweepSpecFrom({ model, args, fileText })` validates everything before
 * any work starts and returns the SweepSpec; `paperFamilies` hands them to `runSweep`. Units as in the model
 * builders (cavity: rates and g in units of g; diamond: β in units of 1/ω0, Γ⁺ a rate). This module imports
 * every family (the main thread's sweeps and figures); worker threads load one (family-registry.ts).
 *
 *  - cavity: g (default 1), kappa, gamma, pump (required), cutoff (default 4). One family per cutoff. With
 *    --emitters (or any N-emitter channel) the Dicke-block family of emitters-family.ts instead.
 *  - diamond: beta-a, beta-s (required, ±inf allowed as single values), gamma-plus (default 1).
 */
import { specFromDefinition, type SweepFamilies, type SweepRequest } from '../sweep/family-definition.ts';
import { modelFileDefinition } from '../sweep/families.ts';
import type { SweepSpec } from '../sweep/sweep.ts';
import { workerEntry } from '../io/threads.ts';
import { cavityFamily } from './cavity-family.ts';
import { diamondFamily } from './diamond-family.ts';
import { emittersFamily } from './emitters-family.ts';
import { familyOf, type DefineFamily, type FamilyName } from './family-registry.ts';

export type { SweepRequest } from '../sweep/family-definition.ts';

/** The families by name (family-registry.ts familyOf), imported statically. */
const FAMILIES: Record<FamilyName, DefineFamily> = { cavity: cavityFamily, emitters: emittersFamily, diamond: diamondFamily, file: modelFileDefinition };

/**
 * The SweepSpec of a request ('cavity', 'diamond' or 'file'); every parameter is validated (unknown names,
 * range syntax, negative rates, missing required values) before anything is solved. Errors are
 * LindbladErrors naming the option.
 */
export function sweepSpecFrom(req: SweepRequest): SweepSpec & { parameters: string[] } {
  return specFromDefinition(FAMILIES[familyOf(req)](req), req);
}

/** The paper's cavity and diamond families and model files, for runSweep. */
export const paperFamilies: SweepFamilies = { worker: workerEntry('sweep-worker', import.meta.url), specFrom: sweepSpecFrom };
