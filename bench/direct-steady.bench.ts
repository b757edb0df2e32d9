/**
 * The direct steady-state route (real sector solver: sparse LU with a dense tail, sparse-lu-tail.ts) on
 * randomModel's local (chain) and unstructured models, side by side with QuTiP 4.7's steadystate (direct,
 * SuperLU + COLAMD) on the very same models (serializeModel JSON → bench/qutip/steady_direct.py), runs
 * interleaved: ours, QuTiP, ours. Prints wall and CPU seconds (best warm call, and the cold first call of
 * each model in this process) and max |ρ_ours − ρ_QuTiP| over all entries.
 *
 * Run: npx tsx bench/direct-steady.bench.ts [--quick] [--no-qutip]
 *   --quick: local n = 40, 80 and unstructured n = 40 only (the issue-17 targets); default adds n = 20, 120.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomModel, steadyState } from '../src/index.ts';
import { serializeModel } from '../src/model/serialize.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick'), withQutip = !args.has('--no-qutip');
const here = dirname(fileURLToPath(import.meta.url)), work = mkdtempSync(join(tmpdir(), 'lindblad-direct-'));

interface Timing { wall: number; cpu: number }
function timed<T>(f: () => T): { out: T; t: Timing } {
  const c0 = process.cpuUsage(), w0 = performance.now();
  const out = f();
  const c = process.cpuUsage(c0);
  return { out, t: { wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6 } };
}
const best = (ts: Timing[]): Timing => ts.reduce((a, b) => (b.wall < a.wall ? b : a));
const fmt = (t: Timing | undefined): string => (t ? `${t.wall.toFixed(3)} (${t.cpu.toFixed(3)})` : '—');

const cases: Array<['local' | 'unstructured', number]> = quick
  ? [['local', 40], ['local', 80], ['unstructured', 40]]
  : [['local', 20], ['local', 40], ['local', 80], ['local', 120], ['unstructured', 20], ['unstructured', 40]];

console.log(`direct steady state vs QuTiP ${withQutip ? '' : '(QuTiP skipped) '}— seconds wall (CPU); best warm call, cold = first call of that model`);
console.log('model               unknowns  ours cold        ours warm        QuTiP cold       QuTiP warm       max|Δρ|   solver');
for (const [structure, dim] of cases) {
  const model = randomModel({ structure, dim, seed: 1 });
  const direct = { method: { kind: 'direct' as const } };
  const first = timed(() => steadyState(model, direct));
  const warm: Timing[] = [];
  const more = () => { for (let r = 0; r < 3 && warm.reduce((s, t) => s + t.wall, 0) < 5; r++) warm.push(timed(() => steadyState(model, direct)).t); };
  more();
  let qCold: Timing | undefined, qWarm: Timing | undefined, diff = '—';
  if (withQutip) {
    const path = join(work, `${structure}-${dim}.json`), out = join(work, `${structure}-${dim}.out.json`);
    writeFileSync(path, JSON.stringify(serializeModel(model), (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
    execFileSync('/usr/bin/python3', [join(here, 'qutip', 'steady_direct.py'), path, out, '3'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const q = JSON.parse(readFileSync(out, 'utf8'));
    qCold = q.cold;
    qWarm = q.warm.length ? best(q.warm) : undefined;
    const rho = first.out.rho;
    let d = 0;
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) {
      d = Math.max(d, Math.hypot(rho.re(i, j) - q.rho.re[i * dim + j], rho.im(i, j) - q.rho.im[i * dim + j]));
    }
    diff = d.toExponential(1);
    more(); // interleaved: ours again after QuTiP
  }
  console.log(`${`${structure} n = ${dim}`.padEnd(20)}${String(dim * dim).padStart(8)}  ${fmt(first.t).padEnd(17)}${fmt(best(warm)).padEnd(17)}${fmt(qCold).padEnd(17)}${fmt(qWarm).padEnd(17)}${diff.padEnd(10)}${first.out.certificate.solver}`);
}
