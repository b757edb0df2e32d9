/** `lindblad` command registration for worker-run.ts: options only; the work (and BullMQ) loads when the command runs. */
import type { Command } from 'commander';
import type { WorkerCliOptions } from './worker-run.ts';

export function registerWorker(program: Command): void {
  program.command('worker')
    .description('compute the jobs of queue sweeps (lindblad sweep … --queue URL) from Redis, on any machine, until stopped')
    .argument('<redis-url>', 'redis://[:PASSWORD@]HOST:PORT[/DB], the address the sweeps were given')
    .option('--threads <n>', 'worker threads, i.e. jobs computed at once, at most the cores (default: the cores)')
    .option('--lock-seconds <s>', 'job lock: a job of a worker that died is retried elsewhere after this many seconds', '30')
    .option('--idle-exit <s>', 'end this many seconds after the last open sweep closed (a worker waits for its first sweep; default: run until SIGINT or SIGTERM)')
    .addHelpText('after', `
One Redis, any number of workers, one coordinator per sweep:
  machine A:   lindblad sweep cavity --kappa 0.1:10:4000 --cutoff 16 --out k.csv --queue redis://:PASSWORD@A:6379
  machines B…: lindblad worker redis://:PASSWORD@A:6379 --threads 8
A first SIGINT/SIGTERM finishes the running jobs and ends; a second ends at once (its jobs are retried elsewhere).`)
    .action(async (url: string, opts: WorkerCliOptions) => (await import('./worker-run.ts')).runWorkerCommand(url, opts));
}
