/**
 * Steady-state method choice (issue 17) against QuTiP 4.7's steadystate (direct) in the same run: seeded
 * random models (src/model/random.ts), unstructured n = 20, 30, 40, 60 and local n = 40, 80, and a qubit
 * between two driven cavities (cutoffs 6/6 and 10/8: n = 98, 198; sparse, no U(1) sector, an LU that fills
 * in). For each case, interleaved: QuTiP, our default (method auto: what it chose), Krylov forced, direct
 * forced, sparse GMRES + ILU(0) forced, each in its own
 * child process with a time limit (a method over the limit is reported as "> limit"). Times are the best
 * of `repeats` calls inside the process (wall) with the CPU time of that call; the first call of a process
 * is cold (JIT), later ones warm. Agreement: max |ρ_ours − ρ_QuTiP| over the entries.
 * The table says for each case whether auto picked the faster of our two methods (by wall or CPU time: on a
 * loaded machine the wall time is mostly waiting), and by how much the other one would have been slower.
 *
 * Run: npx tsx bench/steady-choice.bench.ts [--quick] [--only=PREFIX]   (--quick: one call per process,
 * limit 60 s; --only=local, --only=unstructured-40: the cases whose "structure-dim" starts with PREFIX)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomModel } from '../src/model/random.ts';
import { fock, qubit, space } from '../src/model/space.ts';
import { op } from '../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../src/model/model.ts';
import { serializeModel } from '../src/model/serialize.ts';
import { steadyState, type SteadyMethod } from '../src/steady/steady.ts';

type Case = { structure: 'local' | 'unstructured' | 'cavities'; dim: number };
type Run = { wall: number; cpu: number; rho: number[][][]; chosen?: string; reason?: string; residual?: number };
const SEED = 1;
const here = dirname(fileURLToPath(import.meta.url));

/**
 * A qubit between two cavities (cutoffs na, nb), the first driven: H = 0.3(a†σ⁻ + σ⁺a) + 0.2(b†σ⁻ + σ⁺b)
 * + 0.1(a + a†); channels a, a† (n̄ = 0.005), b, b† (rate 0.5, n̄ = 0.001), σ⁻ (0.1). dim 98 → (6, 6), 198 → (10, 8).
 */
function twoCavities(dim: number): LindbladModel {
  const [na, nb] = dim === 98 ? [6, 6] : [10, 8];
  const sp = space({ a: fock(na), q: qubit(), b: fock(nb) });
  const a = op(sp, 'a', 'a'), b = op(sp, 'b', 'a'), sm = op(sp, 'q', 'sigma_minus');
  return lindbladModel(sp, {
    hamiltonian: a.dag().times(sm).plus(sm.dag().times(a)).scale(0.3).plus(b.dag().times(sm).plus(sm.dag().times(b)).scale(0.2)).plus(a.plus(a.dag()).scale(0.1)),
    channels: [{ operator: a, rate: 1.005 }, { operator: a.dag(), rate: 0.005 }, { operator: b, rate: 0.5 * 1.001 }, { operator: b.dag(), rate: 0.5 * 0.001 }, { operator: sm, rate: 0.1 }],
  });
}
const caseModel = (c: Case): LindbladModel => (c.structure === 'cavities' ? twoCavities(c.dim) : randomModel({ structure: c.structure, dim: c.dim, seed: SEED }));

if (process.argv[2] === '--child') {
  const { c, method, repeats } = JSON.parse(process.argv[3]) as { c: Case; method: SteadyMethod; repeats: number };
  const model = caseModel(c);
  let best: Run | null = null;
  for (let r = 0; r < repeats; r++) {
    const w0 = performance.now(), c0 = process.cpuUsage();
    const res = steadyState(model, { method });
    const wall = (performance.now() - w0) / 1000, cu = process.cpuUsage(c0), cpu = (cu.user + cu.system) / 1e6;
    if (!best || wall < best.wall) {
      best = { wall, cpu, rho: res.rho.toRows(), chosen: res.certificate.method?.kind, reason: res.certificate.method?.reason, residual: res.certificate.relativeResidual };
    }
  }
  // Exit only once the (large) line is flushed: exiting right after write() cut it short on a pipe.
  process.stdout.write(JSON.stringify(best) + '\n', () => process.exit(0));
} else {
  main();
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const repeats = quick ? 1 : 3, limitS = quick ? 60 : 180;
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-steady-choice-'));
  const CASES: Case[] = [
    { structure: 'unstructured', dim: 20 }, { structure: 'unstructured', dim: 30 }, { structure: 'unstructured', dim: 40 },
    { structure: 'unstructured', dim: 60 }, { structure: 'local', dim: 40 }, { structure: 'local', dim: 80 },
    { structure: 'cavities', dim: 98 }, { structure: 'cavities', dim: 198 },
  ];

  /** The model as generic_models.py reads it: serializeModel with typed arrays as plain lists. */
  function writeModel(c: Case): string {
    const file = join(dir, `${c.structure}-${c.dim}.json`);
    writeFileSync(file, JSON.stringify(serializeModel(caseModel(c)),
      (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v)));
    return file;
  }

  function child(cmd: string, args: string[]): Run | string {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: limitS * 1000, maxBuffer: 1 << 26 });
    if (r.error || r.status !== 0) return r.error && /ETIMEDOUT/.test(String(r.error)) ? `> ${limitS} s` : `failed: ${(r.stderr || String(r.error)).trim().split('\n').pop()}`;
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
  }

  const ours = (c: Case, method: SteadyMethod) => child(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify({ c, method, repeats })]);
  const maxDiff = (a: number[][][], b: number[][][]) => {
    let d = 0;
    for (let i = 0; i < a.length; i++) for (let j = 0; j < a.length; j++) d = Math.max(d, Math.abs(a[i][j][0] - b[i][j][0]), Math.abs(a[i][j][1] - b[i][j][1]));
    return d;
  };
  const fmt = (r: Run | string) => (typeof r === 'string' ? r.padStart(16) : `${r.wall.toFixed(3)} (${r.cpu.toFixed(3)})`.padStart(16));

  console.log(`steady-state method choice vs QuTiP ${quick ? '(quick) ' : ''}— wall s (CPU s), best of ${repeats}; limit ${limitS} s per process`);
  console.log('case               QuTiP direct      ours auto  chose            Krylov          direct       iterative  auto/QuTiP wall (CPU)  max|Δρ| vs QuTiP  auto vs others');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  for (const c of CASES.filter((k) => !only || `${k.structure}-${k.dim}`.startsWith(only))) {
    const file = writeModel(c);
    const q = child('/usr/bin/python3', [join(here, 'qutip', 'steady_choice.py'), JSON.stringify({ model: file, repeats })]);
    const auto = ours(c, { kind: 'auto' });
    const runs: Record<string, Run | string> = { krylov: ours(c, { kind: 'krylov' }), direct: ours(c, { kind: 'direct' }), iterative: ours(c, { kind: 'iterative', solver: 'gmres' }) };
    const chose = typeof auto === 'string' ? '?' : auto.chosen ?? '?';
    const ratio = typeof auto !== 'string' && typeof q !== 'string' ? `${(auto.wall / q.wall).toFixed(2)} (${(auto.cpu / q.cpu).toFixed(2)})` : '–';
    const diff = typeof auto !== 'string' && typeof q !== 'string' ? maxDiff(auto.rho, q.rho).toExponential(1) : '–';
    const picked = runs[chose] ?? 'unknown choice';
    const others = Object.entries(runs).filter(([k, r]) => k !== chose && typeof r !== 'string') as [string, Run][];
    const best = others.reduce<[string, Run] | null>((m, e) => (!m || e[1].wall < m[1].wall ? e : m), null);
    const verdict = typeof picked === 'string' ? 'picked method failed/timed out'
      : !best ? 'others failed/timed out'
        : `best other (${best[0]}) ${(best[1].wall / picked.wall).toFixed(2)}× (CPU ${(best[1].cpu / picked.cpu).toFixed(2)}×) the picked (${Math.max(best[1].wall / picked.wall, best[1].cpu / picked.cpu) >= 0.8 ? 'ok' : 'WRONG CHOICE'})`;
    const kr = runs.krylov, di = runs.direct, it = runs.iterative;
    console.log(`${`${c.structure} ${c.dim}`.padEnd(16)} ${fmt(q)} ${fmt(auto)}  ${chose.padEnd(9)} ${fmt(kr)} ${fmt(di)} ${fmt(it)}  ${ratio.padStart(21)}  ${diff.padStart(16)}  ${verdict}`);
  }
}
