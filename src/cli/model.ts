/** `lindblad model` registration: options only; the work is in model-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { cavityFlags, diamondFlags } from './model-flags.ts';

export function registerModel(program: Command): void {
  diamondFlags(cavityFlags(program.command('model')
    .description('write the model file (JSON) of "diamond", "cavity" or a model file (normalised: explicit operators), e.g. to edit or share')
    .argument('<target>', '"diamond", "cavity" or a JSON model file')
    .option('--out <file.json>', 'write to this file (atomically; its directory must exist) instead of stdout')))
    .action(async (target: string, opts: Record<string, string | boolean | undefined>) => (await import('./model-run.ts')).runModel(target, opts));
}
