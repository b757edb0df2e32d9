/** `lindblad merge OUT.csv SHARD.csv…`: src/sweep/merge.ts, with a one-line summary on stdout. */
import { mergeShards } from '../sweep/merge.ts';

export async function runMergeCommand(out: string, shards: string[]): Promise<void> {
  const res = mergeShards(out, shards);
  process.stdout.write(`merge: ${res.shards} shards, ${res.points} points → ${out}\n`);
}
