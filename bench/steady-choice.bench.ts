/**
 * Steady-state method choice (issue 17) against QuTiP 4.7's steadystate (direct) in the same run: seeded
 * random models (src/model/random.ts), unstructured n = 20, 30, 40, 60 and local n = 40, 80. For each case,
 * interleaved: QuTiP, our default (method auto: what it chose), Krylov forced, direct forced, each in its own
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
import { serializeModel } from '../src/model/serialize.ts';
import { steadyState, type SteadyMethod } from '../src/steady/steady.ts';

type Case = { structure: 'local' | 'unstructured'; dim: number };
type Run = { wall: number; cpu: number; rho: number[][][]; chosen?: string; reason?: string; residual?: number };
const SEED = 1;
const here = dirname(fileURLToPath(import.meta.url));

if (process.argv[2] === '--child') {
  const { c, method, repeats } = JSON.parse(process.argv[3]) as { c: Case; method: SteadyMethod; repeats: number };
  const model = randomModel({ structure: c.structure, dim: c.dim, seed: SEED });
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
  ];

  /** The model as generic_models.py reads it: serializeModel with typed arrays as plain lists. */
  function writeModel(c: Case): string {
    const file = join(dir, `${c.structure}-${c.dim}.json`);
    writeFileSync(file, JSON.stringify(serializeModel(randomModel({ structure: c.structure, dim: c.dim, seed: SEED })),
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
  console.log('case               QuTiP direct      ours auto  chose          Krylov          direct  auto/QuTiP wall (CPU)  max|Δρ| vs QuTiP  auto vs other');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  for (const c of CASES.filter((k) => !only || `${k.structure}-${k.dim}`.startsWith(only))) {
    const file = writeModel(c);
    const q = child('/usr/bin/python3', [join(here, 'qutip', 'steady_choice.py'), JSON.stringify({ model: file, repeats })]);
    const auto = ours(c, { kind: 'auto' });
    const kr = ours(c, { kind: 'krylov' });
    const di = ours(c, { kind: 'direct' });
    const chose = typeof auto === 'string' ? '?' : auto.chosen ?? '?';
    const ratio = typeof auto !== 'string' && typeof q !== 'string' ? `${(auto.wall / q.wall).toFixed(2)} (${(auto.cpu / q.cpu).toFixed(2)})` : '–';
    const diff = typeof auto !== 'string' && typeof q !== 'string' ? maxDiff(auto.rho, q.rho).toExponential(1) : '–';
    const other = chose === 'krylov' ? di : kr, picked = chose === 'krylov' ? kr : di;
    const verdict = typeof picked === 'string' ? 'picked method failed/timed out'
      : typeof other === 'string' ? `other ${other}`
        : `other ${(other.wall / picked.wall).toFixed(2)}× (CPU ${(other.cpu / picked.cpu).toFixed(2)}×) the picked (${Math.max(other.wall / picked.wall, other.cpu / picked.cpu) >= 0.8 ? 'ok' : 'WRONG CHOICE'})`;
    console.log(`${`${c.structure} ${c.dim}`.padEnd(16)} ${fmt(q)} ${fmt(auto)}  ${chose.padEnd(7)} ${fmt(kr)} ${fmt(di)}  ${ratio.padStart(21)}  ${diff.padStart(16)}  ${verdict}`);
  }
}
