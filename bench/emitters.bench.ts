/**
 * N emitters in one cavity against QuTiP's PIQS and our own tensor-product route:
 * `npx tsx bench/emitters.bench.ts [--quick] [--limit S] [--no-qutip] [--large 20,50]` (--large: only those N
 * at cutoff 8, e.g. `--large 20,50 --no-qutip` for the speed targets; N ≥ 20 prints cold and warm times).
 *
 * Same inputs on every route: g = 1, κ = 2.3, γ = 10⁻³, p = 5·10⁻³, local dephasing γ_φ = 2.5·10⁻⁴ (our
 * channel σᶻ_i; PIQS's dephasing = 4γ_φ = 10⁻³, its channel is σᶻ_i/2 — the dephasing makes the comparison
 * check that convention too). Routes, interleaved per case, each timed from the parameters to one steady state
 * (model build + solve; fresh each repeat, so our preparation is included):
 *  - ours: emittersInCavity + steadyState (Dicke blocks ⊗ Fock, zero-charge sector), best of R repeats (N ≥ 20:
 *    two solves in the process, the first cold and the second warm, printed separately);
 *  - tensor: the same physics as a tensor-product model (test/emitters/tensor-model.ts: 2^N qubit states ⊗ Fock)
 *    with steadyState, N ≤ 5 (--quick: N ≤ 4), one run;
 *  - PIQS: bench/qutip/piqs_cavity.py (qutip.piqs.Dicke + cavity by super_tensor, qt.steadystate), one run.
 * Every route runs in a child process with a time limit (--limit, default 300 s; --quick 60 s); a route that
 * does not finish is reported as such. Printed: wall and CPU times, peak memory, ratios, and the agreement
 * of the pair margin W (pair concurrence C = max(0, W)), ⟨J_z⟩ and ⟨a†a⟩ with ours.
 * Cases: N = 2, 3, 4, 5, 6, 10 at cutoff 4 and N = 10, 20, 50 at cutoff 8 (--quick: N = 2, 4, 6 at cutoff 4 and
 * N = 10 at cutoff 8).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emittersInCavity, steadyState, emitterMoments, pairState, expectation, partialTrace, concurrence, type Operator } from '../src/index.ts';
import { tensorCavity } from '../test/emitters/tensor-model.ts';

interface Case { N: number; cutoff: number }
interface Result { wall: number[]; cpu: number[]; maxRssBytes: number; unknowns: number; jz: number; meanPhotons: number; pairMargin: number; pairConcurrence?: number; note?: string }
type Outcome = { kind: 'done'; r: Result } | { kind: 'failed'; why: string };

/** PIQS systems above this many unknowns are not attempted (memory of the shared machine). */
const PIQS_MAX_UNKNOWNS = 4e6;
const PARAMS = { g: 1, kappa: 2.3, gamma: 1e-3, pump: 5e-3, dephasing: 2.5e-4 };
const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => { const i = argv.indexOf(name); return i >= 0 ? Number(argv[i + 1]) : fallback; };

/** W = 2(|ρ₀₁,₁₀| − √(ρ₀₀ρ₁₁)) of a 4×4 X-state. */
const margin = (q: { re(i: number, k: number): number }) => 2 * (Math.abs(q.re(1, 2)) - Math.sqrt(Math.max(0, q.re(0, 0) * q.re(3, 3))));

/** Child-process side: one route, one case, `repeats` timed runs; prints a Result as JSON. */
function child(route: 'ours' | 'tensor', c: Case, repeats: number): Result {
  const p = { emitters: c.N, cutoff: c.cutoff, ...PARAMS };
  const wall: number[] = [], cpu: number[] = [];
  let out: Omit<Result, 'wall' | 'cpu' | 'maxRssBytes'> | null = null;
  for (let k = 0; k < repeats; k++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    if (route === 'ours') {
      const r = steadyState(emittersInCavity(p));
      wall.push(performance.now() - t0); cpu.push(cpuMs(c0));
      const m = emitterMoments(r.state);
      out = { unknowns: r.certificate.unknowns ?? 0, jz: m.jz, meanPhotons: m.meanPhotons, pairMargin: c.N >= 2 ? margin(pairState(r.state)) : 0, note: r.certificate.status };
    } else {
      const t = tensorCavity(p), r = steadyState(t.model);
      wall.push(performance.now() - t0); cpu.push(cpuMs(c0));
      const ex = (o: Operator) => expectation(o.matrix.toDense(), r.rho)[0];
      const q = partialTrace(t.space, r.rho, ['q1', 'q2']);
      out = { unknowns: r.certificate.unknowns ?? 0, jz: ex(t.jz), meanPhotons: ex(t.a.dag().times(t.a)), pairMargin: margin(q), pairConcurrence: concurrence(q), note: r.certificate.status };
    }
  }
  return { wall: wall.map((x) => x / 1000), cpu: cpu.map((x) => x / 1000), maxRssBytes: process.resourceUsage().maxRSS * 1024, ...out! };
}

const cpuMs = (c0: NodeJS.CpuUsage) => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };

/** Runs one route of one case in a child process with the time limit. */
function run(route: 'ours' | 'tensor' | 'piqs', c: Case, repeats: number, limitS: number): Outcome {
  const res = route === 'piqs'
    ? spawnSync('/usr/bin/python3', [join(here, 'qutip', 'piqs_cavity.py'), JSON.stringify({ N: c.N, cutoff: c.cutoff, ...PARAMS, dephasing: 4 * PARAMS.dephasing, repeats })], { encoding: 'utf8', timeout: limitS * 1000, maxBuffer: 1 << 24 })
    : spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify({ route, c, repeats })], { encoding: 'utf8', timeout: limitS * 1000, maxBuffer: 1 << 24 });
  if (res.error && (res.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { kind: 'failed', why: `gave up after the ${limitS} s limit` };
  if (res.status !== 0) return { kind: 'failed', why: `exit ${res.status ?? res.signal}: ${(res.stderr || '').trim().split('\n').slice(-2).join(' | ').slice(0, 200)}` };
  return { kind: 'done', r: JSON.parse(res.stdout.trim().split('\n').pop()!) as Result };
}

const best = (xs: number[]) => Math.min(...xs);
const fmtS = (s: number) => (s < 1 ? `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms` : `${s.toFixed(2)} s`);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

function main(): void {
  const quick = argv.includes('--quick'), limit = flag('--limit', quick ? 60 : 300), repeats = quick ? 3 : 5;
  const only = argv.indexOf('--large'); // e.g. --large 20,50: only these N at cutoff 8 (our route's speed targets)
  const small = only >= 0 ? [] : quick ? [2, 4, 6] : [2, 3, 4, 5, 6, 10], tensorMax = quick ? 4 : 5;
  const large = only >= 0 ? argv[only + 1].split(',').map(Number) : quick ? [10] : [10, 20, 50];
  const cases: Case[] = [...small.map((N) => ({ N, cutoff: 4 })), ...large.map((N) => ({ N, cutoff: 8 }))];
  console.log(`N emitters in a cavity: g = 1, κ = ${PARAMS.kappa}, γ = ${PARAMS.gamma}, p = ${PARAMS.pump}, γ_φ = ${PARAMS.dephasing} (PIQS dephasing ${4 * PARAMS.dephasing}); `
    + `time limit ${limit} s per route; ours best of ${repeats}, others one run; each timing = build + one steady state`);
  console.log('| N | cutoff | ours: unknowns | ours wall (CPU) | peak | tensor wall (CPU) | ratio | tensor vs ours: ΔW / ΔJ_z/N / Δn | PIQS wall (CPU) | PIQS unknowns | PIQS peak | ratio | PIQS vs ours: ΔW / ΔJ_z/N / Δn |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const c of cases) {
    const ours = run('ours', c, c.N >= 20 ? 2 : repeats, limit);
    const tensor = c.N <= tensorMax && c.cutoff === 4 ? run('tensor', c, 1, limit) : null;
    const piqsUnknowns = (Array.from({ length: Math.floor(c.N / 2) + 1 }, (_, k) => c.N - 2 * k + 1).reduce((a, b) => a + b) * (c.cutoff + 1)) ** 2;
    const piqs: Outcome | null = argv.includes('--no-qutip') ? null
      : piqsUnknowns > PIQS_MAX_UNKNOWNS ? { kind: 'failed', why: `not attempted: ${piqsUnknowns.toExponential(1)} unknowns (its super-operator alone ≳ ${(piqsUnknowns * 12 * 16 / 2 ** 30).toFixed(0)} GB)` }
        : run('piqs', c, 1, limit);
    const cell = (o: Outcome | null, ref: Outcome) => {
      if (o === null) return ['—', '—'];
      if (o.kind === 'failed') return [o.why, '—'];
      const w = best(o.r.wall), cp = best(o.r.cpu);
      const ratio = ref.kind === 'done' ? `${(w / best(ref.r.wall)).toFixed(1)}× (CPU ${(cp / best(ref.r.cpu)).toFixed(1)}×)` : '—';
      return [`${fmtS(w)} (${fmtS(cp)})`, ratio];
    };
    /** |ΔW|, |Δ⟨J_z⟩|/N, |Δ⟨n⟩| of a route against ours. */
    const agree = (x: Outcome | null) => (ours.kind === 'done' && x?.kind === 'done'
      ? [Math.abs(x.r.pairMargin - ours.r.pairMargin), Math.abs(x.r.jz - ours.r.jz) / c.N, Math.abs(x.r.meanPhotons - ours.r.meanPhotons)].map((v) => v.toExponential(1)).join(' / ')
      : '—');
    const [t, tr] = cell(tensor, ours), [q, qr] = cell(piqs, ours);
    // N ≥ 20: the first solve of the process (cold: JIT, first allocations) and the second (warm), separately.
    const oursTime = (r: Result) => (c.N >= 20 && r.wall.length >= 2
      ? `cold ${fmtS(r.wall[0])} (${fmtS(r.cpu[0])}), warm ${fmtS(best(r.wall.slice(1)))} (${fmtS(best(r.cpu.slice(1)))})`
      : `${fmtS(best(r.wall))} (${fmtS(best(r.cpu))})`);
    const o = ours.kind === 'done' ? [String(ours.r.unknowns), `${oursTime(ours.r)} ${ours.r.note}`, mb(ours.r.maxRssBytes)] : [ours.why, '—', '—'];
    console.log(`| ${c.N} | ${c.cutoff} | ${o.join(' | ')} | ${t} | ${tr} | ${agree(tensor)} | ${q} | ${piqs?.kind === 'done' ? piqs.r.unknowns : '—'} | ${piqs?.kind === 'done' ? mb(piqs.r.maxRssBytes) : '—'} | ${qr} | ${agree(piqs)} |`);
    if (ours.kind === 'done' && tensor?.kind === 'done' && tensor.r.pairConcurrence !== undefined) {
      const d = Math.abs(tensor.r.pairConcurrence - Math.max(0, ours.r.pairMargin));
      if (d > 1e-8) console.log(`  (N = ${c.N}: tensor-route concurrence ${tensor.r.pairConcurrence} vs max(0, W) = ${Math.max(0, ours.r.pairMargin)})`);
    }
  }
  console.log('ratio = route time / ours (> 1: ours faster). PIQS solves the full nds² × nds² Dicke-basis system (nds = (N/2+1)² for even N) ⊗ Fock, '
    + 'with the entries between different spin blocks damped (bench/qutip/piqs_cavity.py); ours solves only the zero-charge sector of the block-diagonal part.');
}

const ci = argv.indexOf('--child');
if (ci >= 0) {
  const { route, c, repeats } = JSON.parse(argv[ci + 1]) as { route: 'ours' | 'tensor'; c: Case; repeats: number };
  console.log(JSON.stringify(child(route, c, repeats)));
} else {
  main();
}
