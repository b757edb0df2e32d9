/**
 * The model argument of the public API, checked before anything reads it: a JavaScript caller (no types)
 * who passes the wrong object gets a LindbladError naming what was expected, not a TypeError from deep
 * inside a solver.
 */
import { LindbladError, describe } from '../errors.ts';
import { LindbladModel } from './model.ts';
import { DrivenModel } from './driven.ts';
import { EmittersInCavityModel } from './emitters-cavity.ts';

/** The model kinds an entry point accepts. */
export type ModelKind = 'lindblad' | 'driven' | 'emitters';

const CLASSES: Record<ModelKind, { of: abstract new (...args: never[]) => unknown; name: string; from: string }> = {
  lindblad: { of: LindbladModel, name: 'a LindbladModel', from: 'lindbladModel(space, {...}), parseModel(...) or a model builder such as cavityModel(...).model' },
  driven: { of: DrivenModel, name: 'a DrivenModel', from: 'drivenModel(...)' },
  emitters: { of: EmittersInCavityModel, name: 'an EmittersInCavityModel', from: 'emittersInCavity(...)' },
};

/**
 * Throws 'invalid-input' on `field` unless `x` is a model of one of `kinds` (default: a LindbladModel).
 * A builder's result that holds the model (`{ model, … }`, as cavityModel returns) is named in the message.
 */
export function checkModel(x: unknown, kinds: readonly ModelKind[] = ['lindblad'], field = 'model'): void {
  if (kinds.some((k) => x instanceof CLASSES[k].of)) return;
  const names = kinds.map((k) => CLASSES[k].name), from = kinds.map((k) => CLASSES[k].from).join('; ');
  const wrapped = typeof x === 'object' && x !== null && 'model' in x && kinds.some((k) => (x as { model: unknown }).model instanceof CLASSES[k].of);
  const got = wrapped ? 'an object holding one in its "model" property (pass that property)' : describe(x);
  throw new LindbladError('invalid-input', `expected ${names.join(' or ')} (from ${from}), got ${got}`, field);
}
