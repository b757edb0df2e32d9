/** `lindblad` command registration for merge-run.ts: options only; the work loads when the command runs. */
import type { Command } from 'commander';

export function registerMerge(program: Command): void {
  program.command('merge')
    .description('join the CSVs of lindblad sweep … --shard K/N runs into the CSV of the whole sweep (checks they are the shards of one sweep, covering it exactly)')
    .argument('<out.csv>', 'the merged CSV (written atomically)')
    .argument('<shards...>', 'the shard CSVs, each with its JSONL beside it (k.csv, k.jsonl), in any order')
    .action(async (out: string, shards: string[]) => (await import('./merge-run.ts')).runMergeCommand(out, shards));
}
