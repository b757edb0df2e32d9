/**
 * Child of bench/queue.bench.ts's ceiling workload: one process computing a cavity sweep (or one shard of it)
 * with no queue, in-process through the compiled library's runSweep in its main thread (workers: 0, so the
 * passes after the first run on warm, JIT-compiled code; no store: rows in memory). Argument: a JSON object
 * { args, shard?: [k, n], warm }. It runs `warm` untimed passes, prints "ready", waits for a line on stdin,
 * then runs the timed pass and prints one JSON line { seconds } (runSweep's own time of that pass).
 */
import { createInterface } from 'node:readline';
import { paperFamilies, runSweep } from '../dist/index.js';

const { args, shard, warm } = JSON.parse(process.argv[2]);
const pass = async () => (await runSweep({ model: 'cavity', args }, { families: paperFamilies, workers: 0, progress: 'none', ...(shard ? { shard: { k: shard[0], n: shard[1] } } : {}) })).seconds;
for (let k = 0; k < warm; k++) await pass();
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once('line', resolve));
lines.close();
process.stdout.write(`${JSON.stringify({ seconds: await pass() })}\n`);
