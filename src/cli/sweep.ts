/** `lindblad` command registration for sweep.ts: options only; the work is in sweep-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import type { SweepCliOptions } from './sweep-run.ts';

/** The default worker count of sweep/run.ts (min(2, cores)), for the help text without loading the engine. */
const defaultWorkers = (): number => Math.min(2, availableParallelism());

export function registerSweep(program: Command): void {
  program.command('sweep')
    .description('steady-state parameter sweep of "cavity", "diamond" or a JSON model file, to CSV + JSONL (resumable)')
    .argument('<model>', 'cavity | diamond | path to a JSON model file')
    .option('--out <file.csv>', 'CSV output, a name ending in .csv (the JSONL goes beside it, k.csv → k.jsonl; k.csv.lock while running); a rerun resumes; without it the CSV goes to stdout')
    .option('--workers <n>', `worker threads, at most the cores (0 = in this thread), or auto (the default: in this thread, moving to ${defaultWorkers()} workers when the sweep projects to more than a few seconds)`)
    .option('--force-workers', 'allow more --workers than cores')
    .option('--chunk <n>', 'points per task (default: automatic)')
    .option('--outputs <list>', 'comma-separated output columns (default: all of the model\'s)')
    .option('--progress <mode>', 'auto, bar, plain or none', 'auto')
    .option('--queue <redis-url>', 'publish the sweep as jobs on Redis, redis://[:PASSWORD@]HOST:PORT[/DB], for `lindblad worker` processes on any machines, and collect their results into --out (required)')
    .option('--shard <K/N>', 'compute only the K-th of N slices of the grid into --out (SLURM arrays; join the shards with lindblad merge)')
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText('after', `
Parameters (each START:STOP:COUNT[:log] or a single value):
  cavity:  --g (default 1) --kappa --gamma --pump --cutoff (default 4); rates in units of g
           N emitters: --emitters N (default 2) and optional --dephasing --collective-decay
           --collective-pump --cavity-thermal (permutation-invariant Dicke blocks)
  diamond: --beta-a --beta-s (single values may be inf/-inf) --gamma-plus (default 1)
  MODEL.json: --rate.<label> or --rate.<index> (every channel with that label; non-alphanumerics in
           labels match "_"), --hamiltonian-scale (default 1; scales H, and H0 unless the file
           gives a bareHamiltonian)
Examples:
  lindblad sweep cavity --kappa 0.01:1000:200:log --gamma 1e-3 --pump 5e-3 --cutoff 4 --out k.csv
  lindblad sweep diamond --beta-a -6:6:121 --beta-s -6:6:121 --out grid.csv`)
    .action(async (model: string, opts: SweepCliOptions, cmd: Command) => (await import('./sweep-run.ts')).runSweepCommand(model, opts, cmd));
}
