/**
 * Quantum-jump trajectories against QuTiP 4.7's mcsolve: `npx tsx bench/trajectories.bench.ts [--count N]`.
 *
 * Workload (both codes): the diamond model at (β_A, β_S) = (4, −2), Γ⁺ = ω0 = 1, written on two qubits
 * with c1 = σ⁻⊗I, c2 = I⊗σ⁻ (QuTiP's destroy(2) = |0⟩⟨1| = σ⁻), from |G⟩ = |00⟩, 1000 trajectories to
 * T = 10, expectation values of the projectors on G, S, A, E at 101 equally spaced times. QuTiP runs
 * /usr/bin/python3 bench/qutip/trajectories.py (install: apt-get install -y python3-qutip) with its defaults
 * (parallel map over the machine's CPUs); its time is that of the mcsolve call alone. Ours: the same run in
 * this thread (best of 3 after a warm-up) and on 2 worker threads (pool start-up included).
 * Both ensembles are also compared with the exact ρ(T) from the matrix exponential of the Liouvillian.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { diamondModel } from '../src/paper/diamond.ts';
import { diamondBasis } from '../src/paper/diamond-basis.ts';
import { trajectories, trajectoriesSync, type TrajectoriesResult } from '../src/jumps/jumps.ts';
import { fromMatrix } from '../src/model/operator.ts';
import { ketToDensity } from '../src/model/states.ts';
import { liouvillian, vectorize } from '../src/liouvillian/liouvillian.ts';
import { unvec } from '../src/steady/steady.ts';
import { propagateLinear } from '../src/linalg/ode/expm.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const betaA = 4, betaS = -2, tMax = 10, points = 101, seed = 1, count = arg('--count', 1000);
const labels = ['G', 'S', 'A', 'E'] as const;

const d = diamondModel({ betaA, betaS, basis: 'product' });
const basis = diamondBasis('product');
const projectors = Object.fromEntries(labels.map((l, i) => [l, fromMatrix(d.space, ketToDensity(basis.vectors[i]))]));
const times = Array.from({ length: points }, (_, k) => (tMax * k) / (points - 1));
const initial = { kind: 'ket' as const, psi: basis.vectors[0] };
const options = { count, seed, observables: projectors };

// Exact populations at T.
const rhoT = unvec(propagateLinear(liouvillian(d.model).toDense(), vectorize(ketToDensity(initial.psi)), [tMax]).states[0], 4);
const exact = labels.map((_, i) => {
  const v = basis.vectors[i], w = rhoT.matvec(v);
  let s = 0;
  for (let k = 0; k < v.length; k += 2) s += v[k] * w[k] + v[k + 1] * w[k + 1];
  return s;
});

trajectoriesSync(d.model, initial, times, { ...options, count: Math.min(count, 200) }); // warm-up (JIT)
let serial: TrajectoriesResult | null = null;
for (let rep = 0; rep < 3; rep++) {
  const r = trajectoriesSync(d.model, initial, times, options);
  if (!serial || r.stats.elapsedMs < serial.stats.elapsedMs) serial = r;
}
const t0 = performance.now();
const parallel = await trajectories(d.model, initial, times, { ...options, workers: 2 });
const parallelMs = performance.now() - t0;
const identical = labels.every((l) => parallel.observables[l].mean.every((x, k) => x === serial!.observables[l].mean[k]));

const script = fileURLToPath(new URL('./qutip/trajectories.py', import.meta.url));
const py = spawnSync('/usr/bin/python3', [script, String(betaA), String(betaS), String(tMax), String(count), String(points), String(seed)], { encoding: 'utf8' });
const qutip = py.status === 0 ? JSON.parse(py.stdout.trim().split('\n').pop()!) as { seconds: number; populations: Record<string, number>; numCpus: number } : null;

const jumps = serial!.jumpCounts.reduce((a, b) => a + b, 0);
console.log(`# diamond model (β_A, β_S) = (${betaA}, ${betaS}), ${count} trajectories to T = ${tMax}, ${points} output times, from G`);
console.log(`lindblad, 1 thread      ${serial!.stats.elapsedMs.toFixed(1).padStart(9)} ms  (propagator: ${serial!.stats.propagator}, ${jumps} jumps, ${(jumps / count).toFixed(1)} per trajectory)`);
console.log(`lindblad, 2 workers     ${parallelMs.toFixed(1).padStart(9)} ms  (pool start-up included; bit-identical to 1 thread: ${identical})`);
if (qutip) {
  const q = qutip.seconds * 1000;
  console.log(`QuTiP 4.7 mcsolve       ${q.toFixed(1).padStart(9)} ms  (num_cpus ${qutip.numCpus})`);
  console.log(`speed-up: ${(q / serial!.stats.elapsedMs).toFixed(0)}× (1 thread), ${(q / parallelMs).toFixed(0)}× (2 workers)`);
} else {
  console.log(`QuTiP not run (${py.error?.message ?? py.stderr.trim().split('\n').pop()}); install with apt-get install -y python3-qutip`);
}
console.log('\npopulations at T:    exact        lindblad (± σ/√N)       QuTiP');
labels.forEach((l, i) => {
  const o = serial!.observables[l];
  console.log(`  ${l}   ${exact[i].toFixed(4).padStart(12)}   ${o.mean[points - 1].toFixed(4).padStart(10)} ± ${o.error[points - 1].toFixed(4)}   ${qutip ? qutip.populations[l].toFixed(4).padStart(10) : 'n/a'}`);
});
