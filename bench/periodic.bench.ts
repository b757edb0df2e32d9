/**
 * Periodic steady state vs integrating to the long-time limit: `npx tsx bench/periodic.bench.ts [--quick]`.
 *
 * Slowly relaxing driven models (gap ≪ 1/T): a driven damped qubit (γ = 1e-2, drive 0.1·cos(1.05 t) σx)
 * and a driven lossy cavity (cutoff 5, κ = 0.01, drive 0.05·sin(0.9 t)(a + a†), detuning 0.2).
 * Route A: periodicSteadyState (P_T from m stacked columns over ONE period, dense fixed point).
 * Route B: evolve from the ground state to N·T, N = the number of periods after which |λ₂(P_T)|^N ≤ 1e-11
 * (so the state is within ~1e-10 of the limit), i.e. what it takes to reach the limit by integration —
 * with the same tolerances (rtol 1e-12, atol 1e-14): at evolve's default 1e-10 the error accumulated over
 * ~10⁵–10⁶ steps reaches a few 1e-9 (measured 3.5e-9 for the qubit at γ = 3e-3 over 2381 periods).
 * Printed, interleaved over repeats: wall and CPU ms (best), their ratio A/B (target ≤ 0.1), and
 * max |ρ_A(0) − ρ_B(NT)| entry-wise (target ≤ 1e-9). --quick: one repeat of each model (measured on a
 * loaded machine: qubit CPU ratio 0.012, cavity 0.065; |Δρ| 4.4e-12 and 1.4e-12). Route A is
 * called once untimed first (JIT warm-up; route B's long run warms itself).
 */
import { space, qubit, fock } from '../src/model/space.ts';
import { op } from '../src/model/operator.ts';
import { lindbladModel } from '../src/model/model.ts';
import { drivenModel, type DrivenModel } from '../src/model/driven.ts';
import { basisKet, ketToDensity } from '../src/model/states.ts';
import { evolve } from '../src/evolve/evolve.ts';
import { periodicSteadyState, PERIODIC_ATOL, PERIODIC_RTOL } from '../src/evolve/periodic.ts';
import type { DenseMatrix } from '../src/linalg/dense.ts';

const quick = process.argv.includes('--quick');
const repeats = quick ? 1 : 3;

function drivenQubit(): { name: string; model: DrivenModel; period: number } {
  const sp = space({ q: qubit() });
  const base = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z').scale(0.5), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 1e-2 }] });
  return { name: 'driven qubit, γ = 1e-2', model: drivenModel(base, { hamiltonian: [{ operator: op(sp, 'q', 'sigma_x'), coefficient: (t) => 0.1 * Math.cos(1.05 * t) }] }), period: (2 * Math.PI) / 1.05 };
}

function drivenCavity(): { name: string; model: DrivenModel; period: number } {
  const sp = space({ c: fock(5) });
  const a = op(sp, 'c', 'a');
  const base = lindbladModel(sp, { hamiltonian: op(sp, 'c', 'n').scale(0.2), channels: [{ operator: a, rate: 0.01 }] });
  return { name: 'driven cavity, cutoff 5, κ = 0.01', model: drivenModel(base, { hamiltonian: [{ operator: a.plus(a.dag()), coefficient: (t) => 0.05 * Math.sin(0.9 * t) }] }), period: (2 * Math.PI) / 0.9 };
}

function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage(), t0 = performance.now();
  const value = f();
  const wall = performance.now() - t0, c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000 };
}

const maxDiff = (a: DenseMatrix, b: DenseMatrix) => {
  let d = 0;
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) d = Math.max(d, Math.abs(a.re(i, j) - b.re(i, j)), Math.abs(a.im(i, j) - b.im(i, j)));
  return d;
};

for (const sys of [drivenQubit(), drivenCavity()]) {
  const rho0 = ketToDensity(basisKet(sys.model.space));
  let bestA = { wall: Infinity, cpu: Infinity }, bestB = { wall: Infinity, cpu: Infinity }, diff = NaN, periods = 0, lambda2 = NaN, unknowns = 0;
  periodicSteadyState(sys.model, sys.period, { samples: 1 }); // untimed warm-up (JIT): one call is ms, the first one ~100 ms
  for (let r = 0; r < repeats; r++) {
    const a = timed(() => periodicSteadyState(sys.model, sys.period, { samples: 1 }));
    lambda2 = a.value.certificate.secondEigenvalue;
    unknowns = a.value.stats.unknowns;
    periods = Math.ceil(Math.log(1e-11) / Math.log(lambda2));
    const b = timed(() => evolve(sys.model, rho0, [periods * sys.period], { method: { kind: 'auto', rtol: PERIODIC_RTOL, atol: PERIODIC_ATOL } }));
    diff = maxDiff(a.value.states[0], b.value.states![0]);
    bestA = { wall: Math.min(bestA.wall, a.wall), cpu: Math.min(bestA.cpu, a.cpu) };
    bestB = { wall: Math.min(bestB.wall, b.wall), cpu: Math.min(bestB.cpu, b.cpu) };
  }
  console.log(`${sys.name}: ${unknowns} unknowns, |λ₂(P_T)| = ${lambda2.toFixed(6)}, limit reached after N = ${periods} periods`);
  console.log(`  periodic steady state  wall ${bestA.wall.toFixed(1)} ms, CPU ${bestA.cpu.toFixed(1)} ms`);
  console.log(`  evolve to N·T          wall ${bestB.wall.toFixed(1)} ms, CPU ${bestB.cpu.toFixed(1)} ms`);
  console.log(`  ratio (target ≤ 0.1)   wall ${(bestA.wall / bestB.wall).toFixed(4)}, CPU ${(bestA.cpu / bestB.cpu).toFixed(4)}; max |Δρ_ij| = ${diff.toExponential(2)} (target ≤ 1e-9)`);
}
