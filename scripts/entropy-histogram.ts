/**
 * Writes the stochastic-entropy histogram of the diamond model (src/figures/entropy-histogram.ts):
 *   npx tsx scripts/entropy-histogram.ts [outDir]     (default out/figures)
 */
import { writeEntropyHistogram } from '../src/paper/entropy-histogram.ts';

const out = await writeEntropyHistogram(process.argv[2] ?? 'out/figures');
console.log(out);
