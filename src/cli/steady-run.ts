/** `lindblad steady MODEL.json [--json] [--solver …] [--on-degenerate error|basis]`: the certified steady state of a model file. */
import { TRUNCATION_LIMIT } from '../steady/truncation.ts';
import type { Command } from 'commander';
import { LindbladError } from '../errors.ts';
import { readModelFile, toJson, matrixRows } from './io.ts';
import { steadyState, type SteadyMethod, type SteadyStateResult } from '../steady/steady.ts';
import { LIBRARY_REMEDY } from '../steady/degenerate.ts';
import { purity } from '../measures/measures.ts';
import { entropyProduction, heatCurrentErrors, heatCurrents } from '../thermo/heat.ts';
import type { LindbladModel } from '../model/model.ts';

const SOLVERS = ['auto', 'dense', 'sparse', 'gmres', 'bicgstab', 'krylov'];

/**
 * --solver → steady-state method: 'auto' chooses by predicted cost (steady/choice.ts), dense or sparse is a
 * direct factorisation, gmres or bicgstab the ILU(0) Krylov route (steady/iterative.ts), krylov the
 * Sylvester-preconditioned matrix-free route (steady/krylov-steady.ts).
 */
function solverMethod(solver: string): SteadyMethod {
  if (solver === 'auto') return { kind: 'auto' };
  if (solver === 'krylov') return { kind: 'krylov' };
  return solver === 'gmres' || solver === 'bicgstab' ? { kind: 'iterative', solver } : { kind: 'direct', solver: solver as 'dense' | 'sparse' };
}


/** Runs the solve; a 'not-unique' error names the CLI flag instead of the library option. */
function solve(f: () => SteadyStateResult): SteadyStateResult {
  try {
    return f();
  } catch (e) {
    if (e instanceof LindbladError && e.code === 'not-unique') {
      const text = e.field && e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
      throw new LindbladError('not-unique', text.replace(LIBRARY_REMEDY, 'run again with --on-degenerate basis to get the stationary state reached from the maximally mixed one and a basis of all of them'), e.field);
    }
    throw e;
  }
}

/**
 * Heat current per bath Q̇ = Tr{H0 L_bath(ρ)} (energy × rate, into the system) with its error bound (ρ's error
 * = the certificate's errorBound), and Ṡ with its bound where it is defined; null for a model without
 * baths; a line saying why when the currents are not defined (more than one infinitely fast bath).
 */
function thermodynamics(model: LindbladModel, res: SteadyStateResult) {
  if (model.baths.size === 0) return null;
  // ρ's error: the certificate's conditioning (its per-parameter statement, thermo/heat-error.ts RhoError)
  const cond = res.certificate.conditioning, known = cond !== undefined && Number.isFinite(cond.errorBound);
  let heat: Record<string, number>;
  try {
    heat = heatCurrents(model, res.rho);
  } catch (e) {
    if (e instanceof LindbladError) return { json: {}, lines: [`heat currents: not defined (${e.message})`] };
    throw e;
  }
  const errors = known ? heatCurrentErrors(model, res.rho, cond) : null;
  // Ṡ where it is defined (every bath that exchanges heat has a β, no +∞ − ∞); else a line saying why
  let ep: ReturnType<typeof entropyProduction> | null = null, why = '';
  try {
    ep = entropyProduction(model, res.rho, known ? cond : 0);
  } catch (e) {
    if (!(e instanceof LindbladError)) throw e;
    why = e.message;
  }
  const json = {
    heatCurrents: heat, heatCurrentErrors: errors,
    ...(ep ? { entropyProduction: ep.rate, entropyProductionError: known ? ep.errors!.rate : null } : {}),
  };
  const pm = (e: number | null | undefined) => (e === null || e === undefined ? ' (error not estimated)' : ` ± ${e.toExponential(1)}`);
  const lines = [
    'heat currents Q̇ = Tr{H0 L_bath(ρ)}, into the system (energy × rate):',
    ...Object.entries(heat).map(([b, q]) => `  ${b.padEnd(12)} ${q.toExponential(10)}${pm(errors?.[b])}`),
    ep ? `entropy production Ṡ = ${ep.rate.toExponential(10)}${pm(json.entropyProductionError)}` : `entropy production: not defined (${why})`,
  ];
  return { json, lines };
}

export async function runSteady(path: string, opts: { json?: boolean; solver: string; onDegenerate: string }): Promise<void> {
      if (!SOLVERS.includes(opts.solver)) {
        throw new LindbladError('invalid-input', `expected ${SOLVERS.join(', ')}, got ${JSON.stringify(opts.solver)}`, '--solver');
      }
      if (opts.onDegenerate !== 'error' && opts.onDegenerate !== 'basis') {
        throw new LindbladError('invalid-input', `expected error or basis, got ${JSON.stringify(opts.onDegenerate)}`, '--on-degenerate');
      }
      const model = readModelFile(path);
      const t0 = performance.now();
      const res = solve(() => steadyState(model, { method: solverMethod(opts.solver), onDegenerate: opts.onDegenerate as 'error' | 'basis' }));
      const ms = performance.now() - t0;
      const sp = model.space;
      const populations = Array.from({ length: sp.dim }, (_, i) => res.rho.re(i, i));
      const labels = Array.from({ length: sp.dim }, (_, i) => `|${sp.levelsOf(i).join(',')}⟩`);
      const thermo = thermodynamics(model, res);
      if (opts.json) {
        const extra = res.stationaryBasis ? { stationaryBasis: res.stationaryBasis.map(matrixRows) } : {};
        process.stdout.write(toJson({ rho: matrixRows(res.rho), certificate: res.certificate, populations, basis: labels, subsystems: sp.names, dims: sp.dims, ...thermo?.json, ...extra, seconds: ms / 1000 }) + '\n');
        return;
      }
      const c = res.certificate;
      const lines = [
        `steady state of ${path}: space [${sp.names.map((n, k) => `${n}:${sp.dims[k]}`).join(', ')}], dimension ${sp.dim}`,
        'populations (basis |' + sp.names.join(',') + '⟩):',
        ...(res.stationaryBasis ? [`not unique: ${res.stationaryBasis.length} independent stationary states; shown is the one reached from the maximally mixed state`] : []),
        ...populations.map((p, i) => `  ${labels[i].padEnd(12)} ${Math.abs(p) >= 1e-4 || p === 0 ? p.toFixed(10) : p.toExponential(6)}`),
        `purity Tr ρ² = ${purity(res.rho).toFixed(10)}`,
        ...(thermo?.lines ?? []),
        'certificate:',
        `  residual ‖L ρ‖ = ${c.residual.toExponential(3)} (relative ${c.relativeResidual.toExponential(3)})`,
        `  |Tr ρ − 1| = ${c.traceError.toExponential(3)}, Hermiticity error = ${c.hermiticityError.toExponential(3)}`,
        `  smallest eigenvalue = ${c.minEigenvalue.toExponential(3)}`,
        `  unique = ${c.unique}, status = ${c.status}${c.uniqueness.structural ? ' (decided by the transition structure)' : ''}${c.uniqueness.via ? `; uniqueness: ${c.uniqueness.via}` : ''}`,
        ...(c.uniqueness.kernelDimension !== undefined ? [`  stationary states: ${c.uniqueness.kernelDimension}${c.uniqueness.gap ? ` (singular values of L / ‖L‖: largest counted as zero ${c.uniqueness.gap.kernel.toExponential(2)}, next ${c.uniqueness.gap.next.toExponential(2)})` : ''}`] : []),
        ...(c.conditioning ? [`  conditioning: reciprocal condition ${c.conditioning.rcond.toExponential(2)}, estimated error of ρ ${c.conditioning.errorBound.toExponential(2)}`
          + (c.conditioning.vouchedAbove > 0 ? `, entries below ${c.conditioning.vouchedAbove.toExponential(2)} not vouched for` : ', every entry accurate relative to itself') + ` (${c.conditioning.method})`] : []),
        ...(c.truncation ?? []).map((t) => `  Fock cutoff of ${t.mode}: top level |${t.cutoff}⟩ holds ${t.topPopulation.toExponential(2)}${t.topPopulation > TRUNCATION_LIMIT ? `  ⚠ truncated (above ${TRUNCATION_LIMIT.toExponential(0)}): raise the cutoff` : ''}`),
        `  solver = ${c.solver}, unknowns = ${c.unknowns}, time = ${ms.toFixed(1)} ms`,
        ...(c.method ? [`  method = ${c.method.kind} (${c.method.requested === c.method.kind ? 'requested' : `chosen: ${c.method.reason}`})`] : []),
      ];
      process.stdout.write(lines.join('\n') + '\n');
    }
