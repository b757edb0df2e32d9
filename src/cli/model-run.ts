/**
 * `lindblad model TARGET [flags] [--out FILE]`: the model-file text (io/model-writer.ts modelFileText) of the
 * paper's diamond or cavity model with the given flags, or of a model file read and written back (explicit
 * operators). The description says which model and parameters it is. To stdout, or atomically to --out.
 */
import { modelFileText } from '../io/model-writer.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { modelFromTarget, type TargetOpts } from './model-target.ts';

export async function runModel(target: string, opts: TargetOpts): Promise<void> {
  const { out, ...flags } = opts;
  const { model, title } = modelFromTarget(target, flags, 'model');
  const text = modelFileText(model, { description: `${title}; written by lindblad model` });
  if (typeof out === 'string') writeFileAtomic(out, text);
  else process.stdout.write(text);
}
