/**
 * Defects an adversarial pass over the command line found (session 28), each as its class: real processes of
 * the built CLI (bin/lindblad.mjs; `npm run build` first).
 *  - stdout that cannot be written (a full disk: /dev/full) is a one-line error, exit 2, for every command;
 *  - a key given twice in a JSON operator expression on the command line is refused, as in model files;
 *  - a numeral that overflows (1e400) is not the infinite limit of an option that takes inf / -inf;
 *  - a numerical breakdown of a steady-state solver on valid but extreme numbers (1e308, 1e200, 1e-200) is a
 *    one-line error with exit code 2, not an internal error (exit 1);
 *  - `--json` of a large ρ is linear in its size (a 2001-level ρ took over a minute, the solve 0.4 s);
 *  - a smooth drive over a span far too long to integrate is refused at once (t-max 1e15 scanned the drive for
 *    hours), by evolve and by periodic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const BIN = new URL('../../bin/lindblad.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'lindblad-fixes-'));
const qubit = join(dir, 'qubit.json');
writeFileSync(qubit, JSON.stringify({
  subsystems: { q: 'qubit' }, hamiltonian: { scale: 0.5, of: 'q.sigma_z' },
  channels: [{ operator: 'q.sigma_minus', rate: 0.1, bath: 'b' }, { operator: 'q.sigma_plus', rate: 0.05, bath: 'b' }], baths: { b: { beta: 1 } },
}));
const run = (args: string[], stdout: 'pipe' | number = 'pipe') => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', stdio: ['ignore', stdout, 'pipe'], timeout: 60_000 });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr };
};

test('stdout on a full disk: one line "lindblad: error: stdout: …", exit code 2, no stack trace (every kind of output)', { skip: !existsSync('/dev/full') && 'no /dev/full' }, () => {
  const cases = [['steady', qubit], ['steady', qubit, '--json'], ['--help'], ['sweep', 'diamond', '--beta-a', '-1:1:3', '--beta-s', '1', '--progress', 'none'],
    ['evolve', qubit, '--t-max', '1', '--csv'], ['diamond', '--beta-a', '4', '--beta-s', '-2', '--json']];
  for (const args of cases) {
    const full = openSync('/dev/full', 'w');
    try {
      const r = run(args, full);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, /^lindblad: error: stdout: cannot write the output \(ENOSPC[^\n]*\)\n$/, args.join(' '));
    } finally {
      closeSync(full);
    }
  }
});

test('a key given twice in a JSON operator expression on the command line is an error naming the option and the key', () => {
  const dagTwice = run(['correlate', qubit, '--a', '{"dag":"q.sigma_minus","dag":"q.sigma_plus"}', '--b', 'q.sigma_minus', '--tau', '0:1:2']);
  assert.deepEqual([dagTwice.code, dagTwice.err, dagTwice.out], [2, 'lindblad: error: --a: key "dag" given twice in the operator expression (only one value is allowed)\n', '']);
  const nested = run(['spectrum', qubit, '--op', '{"sum":[{"matrix":[[0,1],[0,0]],"matrix":[[0,0],[1,0]]}]}', '--omega', '-3:3:5']);
  assert.deepEqual([nested.code, nested.err], [2, 'lindblad: error: --op: key "matrix" given twice in the operator expression (only one value is allowed)\n']);
  // the same expression with the key once is accepted: ⟨σ⁺(τ)σ⁻⟩ at τ = 0 is the excited population Γ↑/(Γ↑ + Γ↓) = 1/3
  const once = run(['correlate', qubit, '--a', '{"dag":"q.sigma_minus"}', '--b', 'q.sigma_minus', '--tau', '0:1:2', '--json']);
  assert.equal(once.code, 0, once.err);
  assert.ok(Math.abs(JSON.parse(once.out).re[0] - 1 / 3) < 1e-12, once.out);
});

test('options that take inf / -inf refuse a numeral that overflows to ±Infinity', () => {
  for (const v of ['1e400', '-1e400', '1e309']) {
    const r = run(['diamond', '--beta-a', v, '--beta-s', '1']);
    assert.deepEqual([r.code, r.err, r.out], [2, `lindblad: error: --beta-a: expected a number, inf or -inf, got "${v}"\n`, '']);
    const e = run(['evolve', 'diamond', '--t-max', '1', '--beta-a', '2', '--beta-s', v]);
    assert.deepEqual([e.code, e.err], [2, `lindblad: error: --beta-s: expected a number, inf or -inf, got "${v}"\n`]);
  }
  for (const v of ['inf', '-inf', 'Infinity']) assert.equal(run(['diamond', '--beta-a', v, '--beta-s', '1']).code, 0, v);
});

test('steady-state solvers on extreme but valid numbers: every solver ends with a one-line error or a certified answer, never an internal error', () => {
  const two = (h: number, o: number, rate: number) => JSON.stringify({ dims: [2], hamiltonian: { matrix: [[0, h], [h, 0]] }, channels: [{ operator: { matrix: [[0, o], [0, 0]] }, rate }] });
  const files = { huge: two(1e308, 1, 1), h200: two(1e200, 1, 1), o200: two(1, 1e200, 1), tiny: two(1, 1e-200, 1e-200) };
  for (const [name, text] of Object.entries(files)) {
    const f = join(dir, `${name}.json`);
    writeFileSync(f, text);
    for (const solver of ['auto', 'dense', 'sparse', 'gmres', 'bicgstab', 'krylov']) {
      const r = run(['steady', f, '--solver', solver]);
      assert.ok(r.code === 0 || r.code === 2, `${name} ${solver}: exit ${r.code}: ${r.err}`);
      if (r.code === 2) assert.match(r.err, /^lindblad: error: [^\n]+\n$/, `${name} ${solver}`);
      else assert.match(r.out, /populations/, `${name} ${solver}`);
    }
  }
});

test('steady --json of a 2001-level ρ is written in seconds, and is the certified state (damped mode: the vacuum)', () => {
  const f = join(dir, 'fock2000.json');
  writeFileSync(f, JSON.stringify({ subsystems: { q: { kind: 'fock', cutoff: 2000 } }, hamiltonian: 'q.n', channels: [{ operator: 'q.a', rate: 1 }] }));
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, 'steady', f, '--json'], { encoding: 'utf8', timeout: 40_000, maxBuffer: 256 * 2 ** 20 });
  assert.equal(r.status, 0, `${r.stderr} (after ${Date.now() - t0} ms)`);
  const out = JSON.parse(r.stdout);
  assert.equal(out.rho.length, 2001);
  assert.deepEqual(out.rho[0][0], [1, 0]);
  let offVacuum = 0;
  for (let i = 0; i < 2001; i++) for (let j = 0; j < 2001; j++) if (i + j > 0) offVacuum = Math.max(offVacuum, Math.hypot(out.rho[i][j][0], out.rho[i][j][1]));
  assert.equal(offVacuum, 0);
});

test('a smooth drive over a huge span: evolve and periodic refuse it in seconds with a one-line error on the times', () => {
  const rabi = new URL('../../examples/rabi-qubit.json', import.meta.url).pathname;
  for (const args of [['evolve', rabi, '--t-max', '1e15', '--steps', '3'], ['evolve', rabi, '--t-max', '1e300', '--steps', '3'], ['evolve', rabi, '--t-max', '1e12', '--steps', '3'], ['periodic', rabi, '--period', '1e300']]) {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr} after ${Date.now() - t0} ms`);
    assert.match(r.stderr, /^lindblad: error: [^\n]*far beyond the limit of 1e\+7; shorten the time span\n$/, args.join(' '));
  }
  // a span that fits is still integrated
  const ok = run(['evolve', rabi, '--t-max', '100', '--steps', '3']);
  assert.equal(ok.code, 0, ok.err);
});

test('evolve --method krylov with Hamiltonian entries near 1e160–1e200 ends at once with a one-line error (the small exponential squared forever)', () => {
  for (const h of [1e160, 1e200]) {
    const f = join(dir, `h${h}.json`);
    writeFileSync(f, JSON.stringify({ dims: [2], hamiltonian: { matrix: [[0, h], [h, 0]] }, channels: [{ operator: { matrix: [[0, 1], [0, 0]] }, rate: 1 }] }));
    const r = spawnSync(process.execPath, [BIN, 'evolve', f, '--t-max', '1', '--steps', '3', '--method', 'krylov'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, `${h}: ${r.stderr}`);
    assert.match(r.stderr, /^lindblad: error: --method: integration failed: krylov: [^\n]*not finite[^\n]*\n$/);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
