/**
 * `lindblad paper`'s N-emitter part (issue 13): runs the scan of emitters-scan.ts, writes
 * `emitters-concurrence.*` and `emitters-scaling.*` (SVG, PNG, CSV) and returns the report.md section.
 */
import { join } from 'node:path';
import { writeFigure } from '../figures/figures.ts';
import { writeCsv } from '../io/csv.ts';
import { emittersScan } from './emitters-scan.ts';
import { emittersConcurrenceSpec, emittersCurveRows, emittersScalingRows, emittersScalingSpec, EMITTERS_CURVE_COLUMNS, EMITTERS_SCALING_COLUMNS } from './emitters-figures.ts';
import { emittersSection } from './emitters-report.ts';
import type { Progress } from './progress.ts';

/** Computes and writes the N-emitter figures into `out` at Fock cutoff `cutoff`; returns the files and the report section. */
export async function writeEmittersFigures(out: string, cutoff: number, progress: Progress): Promise<{ files: string[]; section: string }> {
  const curves = emittersScan({ cutoff, progress });
  const files: string[] = [];
  for (const [base, spec, columns, rows] of [
    ['emitters-concurrence', emittersConcurrenceSpec(curves), EMITTERS_CURVE_COLUMNS, emittersCurveRows(curves)],
    ['emitters-scaling', emittersScalingSpec(curves), EMITTERS_SCALING_COLUMNS, emittersScalingRows(curves)],
  ] as const) {
    await writeFigure(out, base, spec);
    writeCsv(join(out, `${base}.csv`), [...columns], rows);
    files.push(`${base}.svg`, `${base}.png`, `${base}.csv`);
  }
  return { files, section: emittersSection(curves) };
}
