/**
 * Timing runs for the linear ODE integrators (src/linalg/ode): `npx tsx bench/ode.bench.ts [--big]`.
 *
 * Test system: a Lindbladian-like generator of an N-level ladder (d = N² = 400 for N = 20) in the
 * column-stacking convention vec(AXB) = (Bᵀ ⊗ A) vec(X):
 *   L = −i(I⊗H − Hᵀ⊗I) + Σ_k [ L̄_k⊗L_k − ½ I⊗L_k†L_k − ½ (L_k†L_k)ᵀ⊗I ],
 * H = Σ ε·n|n⟩⟨n| + Ω(|n⟩⟨n+1| + h.c.), decay jumps √γ_n |n⟩⟨n+1| with γ_n log-spaced from 2.3 down to
 * 1e-3, and weak dephasing √κ·n̂ (κ = 1e-3). Start in the top level, 101 outputs on [0, 5000].
 * Reference: the 'expm' method (exact up to rounding). Reported: wall time, steps, factorisations,
 * max |error| against the reference (trace of ρ is 1, so errors are absolute = relative).
 */
import { CsrMatrix } from '../src/linalg/sparse.ts';
import { sparseLu } from '../src/linalg/sparse-lu.ts';
import { integrateLinear, type LinearMethod, type IntegrateStats } from '../src/linalg/ode/index.ts';
import { expm } from '../src/linalg/ode/expm.ts';

function ladderLindbladian(n: number, eps: number, omega: number, gMax = 2.3, gMin = 1e-3, dephasing = 1e-3): CsrMatrix {
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  const add = (r: number, c: number, x: number, y: number) => { ri.push(r); ci.push(c); re.push(x); im.push(y); };
  const idx = (i: number, j: number) => i + n * j; // ρ_ij ↦ vec index (column stacking)
  const h: Array<[number, number, number]> = [];
  for (let k = 0; k < n; k++) h.push([k, k, eps * k]);
  for (let k = 0; k + 1 < n; k++) h.push([k, k + 1, omega], [k + 1, k, omega]);
  for (const [i, k, v] of h) {
    for (let j = 0; j < n; j++) {
      add(idx(i, j), idx(k, j), 0, -v); // −i (Hρ)_ij = −i Σ_k H_ik ρ_kj
      add(idx(j, k), idx(j, i), 0, v); //  +i (ρH)_jk = +i Σ_i ρ_ji H_ik
    }
  }
  for (let k = 0; k + 1 < n; k++) {
    const g = gMax * Math.pow(gMin / gMax, k / (n - 2)); // jump √g |k⟩⟨k+1|
    add(idx(k, k), idx(k + 1, k + 1), g, 0);
    for (let j = 0; j < n; j++) {
      add(idx(k + 1, j), idx(k + 1, j), -0.5 * g, 0);
      add(idx(j, k + 1), idx(j, k + 1), -0.5 * g, 0);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) add(idx(i, j), idx(i, j), -0.5 * dephasing * (i - j) ** 2, 0);
  return CsrMatrix.fromTriplets(n * n, n * n, ri, ci, re, im);
}

function topLevel(n: number): Float64Array {
  const y = new Float64Array(2 * n * n);
  y[2 * ((n - 1) + n * (n - 1))] = 1;
  return y;
}

function maxError(states: Float64Array[], ref: Float64Array[]): number {
  let e = 0;
  states.forEach((s, k) => { for (let i = 0; i < s.length; i++) e = Math.max(e, Math.abs(s[i] - ref[k][i])); });
  return e;
}

function fmt(s: IntegrateStats): string {
  const parts = [`${s.elapsedMs.toFixed(0).padStart(6)} ms`, `steps ${s.steps}`];
  if (s.rejected) parts.push(`rejected ${s.rejected}`);
  if (s.factorizations) parts.push(`factorisations ${s.factorizations}`);
  if (s.method === 'dopri5') parts.push(`matvecs ${s.matvecs}`);
  if (s.expms) parts.push(`expms ${s.expms}`);
  return parts.join(', ');
}

/** Best of `reps` runs (the first run also warms up the JIT). */
function run(a: CsrMatrix, y0: Float64Array, times: number[], m: LinearMethod, reps = 2) {
  let best = integrateLinear(a, y0, times, m);
  for (let r = 1; r < reps; r++) {
    const next = integrateLinear(a, y0, times, m);
    if (next.stats.elapsedMs < best.stats.elapsedMs) best = next;
  }
  return best;
}

const times101 = Array.from({ length: 101 }, (_, k) => 50 * k);
const label = (m: LinearMethod) => m.kind === 'expm' || m.kind === 'krylov' ? m.kind
  : `${m.kind === 'implicit' ? m.scheme ?? 'rational6' : m.kind} rtol ${(m.rtol ?? 1e-8).toExponential(0)}`;

console.log('# 400×400 Lindbladian-like ladder (N = 20), t ∈ [0, 5000], 101 outputs');
for (const [name, eps, omega] of [['dissipative (ε = 0.02, Ω = 0.02)', 0.02, 0.02], ['coherent (ε = 0.1, Ω = 0.05)', 0.1, 0.05], ['incoherent (ε = Ω = 0)', 0, 0]] as const) {
  const a = ladderLindbladian(20, eps, omega), y0 = topLevel(20);
  const lu = sparseLu(CsrMatrix.identity(a.rows).add(a, -0.25));
  console.log(`\n## ${name}: nnz(L) = ${a.nnz}, nnz(LU of I − γhL) = ${lu.nnzL + lu.nnzU}`);
  const ref = run(a, y0, times101, { kind: 'expm' }, 1);
  console.log(`  ${'expm'.padEnd(22)} ${fmt(ref.stats)}`);
  const methods: LinearMethod[] = [
    { kind: 'implicit', rtol: 1e-6, atol: 1e-8 },
    { kind: 'implicit', rtol: 1e-8, atol: 1e-10 },
    { kind: 'implicit', rtol: 1e-8, atol: 1e-10, scheme: 'sdirk4' },
    { kind: 'dopri5', rtol: 1e-6, atol: 1e-8, maxSteps: 200_000 },
    { kind: 'dopri5', rtol: 1e-8, atol: 1e-10, maxSteps: 200_000 },
  ];
  for (const m of methods) {
    const r = run(a, y0, times101, m);
    console.log(`  ${label(m).padEnd(22)} ${fmt(r.stats)}, max error ${maxError(r.states, ref.states).toExponential(1)}`);
  }
}

console.log('\n# stiff 2×2, eigenvalues −1e-3 and −1e4, t ∈ [0, 10], rtol 1e-8');
{
  const a = CsrMatrix.fromTriplets(2, 2, [0, 0, 1], [0, 1, 1], [-1e-3, 50, -1e4], [0, 0, 0]);
  const y0 = new Float64Array([1, 0, 1, 0]), times = [1e-3, 0.1, 1, 10];
  const ms: LinearMethod[] = [{ kind: 'implicit', rtol: 1e-8, atol: 1e-10 }, { kind: 'implicit', rtol: 1e-8, atol: 1e-10, scheme: 'sdirk4' },
    { kind: 'dopri5', rtol: 1e-8, atol: 1e-10 }];
  for (const m of ms) {
    console.log(`  ${label(m).padEnd(22)} ${fmt(run(a, y0, times, m).stats)}`);
  }
}

console.log('\n# dense expm timings (ladder Lindbladians, exp(50·L))');
for (const n of [4, 5, 10, 20]) {
  const a = ladderLindbladian(n, 0.1, 0.05).toDense().scale(50);
  const t0 = performance.now();
  const reps = n <= 10 ? 20 : 1;
  for (let r = 0; r < reps; r++) expm(a);
  console.log(`  d = ${String(n * n).padEnd(4)} ${((performance.now() - t0) / reps).toFixed(2)} ms`);
}

if (process.argv.includes('--big')) {
  console.log('\n# larger ladders, implicit rtol 1e-6, 101 outputs on [0, 5000]');
  for (const n of [40, 70, 100]) {
    const a = ladderLindbladian(n, 0.02, 0.02), y0 = topLevel(n);
    const r = integrateLinear(a, y0, times101, { kind: 'implicit', rtol: 1e-6, atol: 1e-8 });
    let tr = 0;
    for (let i = 0; i < n; i++) tr += r.states[100][2 * (i + n * i)];
    console.log(`  d = ${n * n} (nnz ${a.nnz}): ${fmt(r.stats)}, |tr ρ − 1| = ${Math.abs(tr - 1).toExponential(1)}`);
  }
}
