/** `lindblad steady MODEL.json [--json]`: the certified steady state of a model file. */
import type { Command } from 'commander';
import { LindbladError } from '../errors.ts';
import { readModelFile, toJson, matrixRows } from './io.ts';
import { steadyState, type SteadyMethod } from '../steady/steady.ts';
import { purity } from '../measures/measures.ts';

const SOLVERS = ['auto', 'dense', 'sparse', 'gmres', 'bicgstab'];

/** --solver → steady-state method: a direct factorisation, or a Krylov method (steady/iterative.ts). */
function solverMethod(solver: string): SteadyMethod {
  return solver === 'gmres' || solver === 'bicgstab' ? { kind: 'iterative', solver } : { kind: 'direct', solver: solver as 'auto' | 'dense' | 'sparse' };
}

export function registerSteady(program: Command): void {
  program.command('steady')
    .description('certified steady state of a JSON model file')
    .argument('<model>', 'path to a JSON model file (see README, "Model files")')
    .option('--json', 'print one JSON object {rho, certificate, populations}')
    .option('--solver <kind>', 'auto, dense or sparse (direct), or gmres or bicgstab (iterative, ILU(0)-preconditioned)', 'auto')
    .action((path: string, opts: { json?: boolean; solver: string }) => {
      if (!SOLVERS.includes(opts.solver)) {
        throw new LindbladError('invalid-input', `expected ${SOLVERS.join(', ')}, got ${JSON.stringify(opts.solver)}`, '--solver');
      }
      const model = readModelFile(path);
      const t0 = performance.now();
      const res = steadyState(model, { method: solverMethod(opts.solver) });
      const ms = performance.now() - t0;
      const sp = model.space;
      const populations = Array.from({ length: sp.dim }, (_, i) => res.rho.re(i, i));
      const labels = Array.from({ length: sp.dim }, (_, i) => `|${sp.levelsOf(i).join(',')}⟩`);
      if (opts.json) {
        process.stdout.write(toJson({ rho: matrixRows(res.rho), certificate: res.certificate, populations, basis: labels, subsystems: sp.names, dims: sp.dims, seconds: ms / 1000 }) + '\n');
        return;
      }
      const c = res.certificate;
      const lines = [
        `steady state of ${path}: space [${sp.names.map((n, k) => `${n}:${sp.dims[k]}`).join(', ')}], dimension ${sp.dim}`,
        'populations (basis |' + sp.names.join(',') + '⟩):',
        ...populations.map((p, i) => `  ${labels[i].padEnd(12)} ${p.toFixed(10)}`),
        `purity Tr ρ² = ${purity(res.rho).toFixed(10)}`,
        'certificate:',
        `  residual ‖L ρ‖ = ${c.residual.toExponential(3)} (relative ${c.relativeResidual.toExponential(3)})`,
        `  |Tr ρ − 1| = ${c.traceError.toExponential(3)}, Hermiticity error = ${c.hermiticityError.toExponential(3)}`,
        `  smallest eigenvalue = ${c.minEigenvalue.toExponential(3)}`,
        `  unique = ${c.unique} (smallest |λ| of the bordered system / scale = ${c.uniqueness.ratio.toExponential(2)})`,
        `  solver = ${c.solver}, unknowns = ${c.unknowns}, time = ${ms.toFixed(1)} ms`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
}
