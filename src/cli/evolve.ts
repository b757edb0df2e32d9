/** `lindblad` command registration for evolve.ts: options only; the work is in evolve-run.ts, loaded when the command runs. */
import { Option, type Command } from 'commander';
import type { Opts } from './evolve-run.ts';
import { cavityFlags, diamondFlags } from './model-flags.ts';

/** The integrators (evolve/input.ts EVOLVE_METHODS; repeated here so that registering the command loads no engine code). */
const EVOLVE_METHODS = ['auto', 'dopri5', 'implicit', 'expm', 'krylov'];

export function registerEvolve(program: Command): void {
  diamondFlags(cavityFlags(program.command('evolve')
    .description('time evolution ρ(t) = exp(Lt)ρ0 of a JSON model file, or of the "cavity" or "diamond" model')
    .argument('<target>', 'a JSON model file (optional "initialState"), "cavity" or "diamond"')
    .requiredOption('--t-max <T>', 'final time (inverse rate units: 1/g for cavity, 1/Γ⁺ for diamond)')
    .option('--steps <N>', 'number of equally spaced output times, t = 0 and T included', '101')
    .option('--method <kind>', `integrator: ${EVOLVE_METHODS.join(', ')}`, 'auto')
    .option('--rtol <x>', 'relative tolerance (dopri5, implicit, auto when it integrates)')
    .option('--atol <x>', 'absolute tolerance (dopri5, implicit, auto when it integrates)')
    .addOption(observeOption('add a column Re Tr(Aρ(t)) for the operator "subsystem.operator" (repeatable, e.g. --observe cav.n --observe q1.sigma_z)'))
    .option('--json', 'print one JSON object with one array per column')
    .option('--csv', 'print CSV (a header line, then one line per output time)')))
    .action(async (targetName: string, opts: Opts) => (await import('./evolve-run.ts')).runEvolve(targetName, opts));
}

/** --observe OP, repeatable: collects a list (main.ts lets options marked `repeatable` repeat). */
export function observeOption(description: string): Option {
  return Object.assign(new Option('--observe <op>', description).argParser((v: string, acc: string[] = []) => [...acc, v]), { repeatable: true });
}
