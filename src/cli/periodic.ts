/** `lindblad` command registration for periodic-run.ts: options only; the work is in periodic-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import type { PeriodicOpts } from './periodic-run.ts';
import { observeOption } from './evolve.ts';

export function registerPeriodic(program: Command): void {
  program.command('periodic')
    .description('periodic steady state of a T-periodic model file (fixed point of the one-period propagator), certificate and cycle thermodynamics')
    .argument('<model>', 'a JSON model file with "drives" and/or time-dependent channel rates of period T')
    .requiredOption('--period <T>', 'the period T of every coefficient (inverse rate units of the model)')
    .option('--samples <N>', 'ρ(t) at t = kT/N, k = 0…N', '20')
    .option('--method <kind>', 'integrator: auto, dopri5, implicit', 'auto')
    .option('--rtol <x>', 'relative tolerance (default 1e-12)')
    .option('--atol <x>', 'absolute tolerance (default 1e-14)')
    .addOption(observeOption('add a column Re Tr(Aρ(t)) for "subsystem.operator" (repeatable)'))
    .option('--json', 'print one JSON object (samples, certificate, thermodynamics)')
    .action(async (model: string, opts: PeriodicOpts) => (await import('./periodic-run.ts')).runPeriodic(model, opts));
}
