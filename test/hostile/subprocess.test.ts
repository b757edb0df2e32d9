/**
 * The same properties with real processes (bin/lindblad.mjs, the built CLI; run `npm run build` first):
 * hostile model files and hostile command lines for every command, and input paths that are not files
 * (/dev/zero, a FIFO, a directory, a link to a device, a missing file), two processes at a time. Real
 * processes add what an in-process run cannot show: the exit status the process ends with, and nothing
 * printed by the runtime itself (uncaught errors, warnings) on stderr.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { cavityArgs, diamondArgs, evolveArgs, steadyArgs, sweepArgs, trajectoriesArgs } from './flags.ts';
import { gentleModelArb, modelFileArb } from './models.ts';
import { interpret } from './reference.ts';
import { checkSteady, exitContract, oneLineRefusal, type CliResult } from './check.ts';
import { outputProblem } from './commands.ts';
import { MEMORY, runs, scratch, SEED, settings, Tally } from './harness.ts';

const BIN = new URL('../../bin/lindblad.mjs', import.meta.url).pathname;

function run(args: string[], cwd: string, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, LINDBLAD_MAX_MEMORY: MEMORY } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }); });
  });
}

/** One case: a model file or a command line, each in its own directory (the runs are concurrent). */
type Case = { kind: 'model'; content: string; json: boolean } | { kind: 'flags'; model: string; args: (file: string, out: string) => string[] };

const commandLine = (make: (file: string, out: string) => fc.Arbitrary<string[]>) =>
  fc.tuple(gentleModelArb, fc.integer()).map(([model, seed]): Case => ({
    kind: 'flags', model,
    // the placeholders are replaced by the case's own paths: draw with a fixed seed per case
    args: (file, out) => fc.sample(make(file, out), { seed, numRuns: 1 })[0],
  }));

const caseArb: fc.Arbitrary<Case> = fc.oneof(
  { arbitrary: modelFileArb.map((c): Case => ({ kind: 'model', content: c.content, json: true })), weight: 4 },
  { arbitrary: commandLine(() => diamondArgs), weight: 1 },
  { arbitrary: commandLine(() => cavityArgs), weight: 1 },
  { arbitrary: commandLine((f) => steadyArgs(f)), weight: 1 },
  { arbitrary: commandLine((f) => evolveArgs(f)), weight: 1 },
  { arbitrary: commandLine((f) => trajectoriesArgs(f)), weight: 1 },
  { arbitrary: commandLine((f, o) => sweepArgs(f, o)), weight: 1 },
);

test('hostile cases as real processes: exit 2 with one line, or exit 0 with output that checks out', async (t) => {
  assert.ok(existsSync(new URL('../../dist/bundle/cli.js', import.meta.url)), 'dist/bundle/cli.js is missing (run npm run build)');
  const n = runs(60), tally = new Tally(), { dir, remove } = scratch();
  t.diagnostic(settings(n));
  const cases = fc.sample(caseArb, { seed: SEED, numRuns: n });
  try {
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const k = next++, c = cases[k], cwd = join(dir, String(k));
        mkdirSync(cwd);
        const file = join(cwd, 'model.json'), out = join(cwd, 'k.csv');
        let args: string[];
        if (c.kind === 'model') { writeFileSync(file, c.content); args = ['steady', file, '--json']; } else { writeFileSync(file, c.model); args = c.args(file, out); }
        const r = await run(args, cwd);
        const what = `case ${k}: lindblad ${args.map((a) => JSON.stringify(a)).join(' ')}\nfile: ${(c.kind === 'model' ? c.content : c.model).slice(0, 1500)}`;
        assert.equal(exitContract(r), null, `${exitContract(r)}\n${what}\nstderr: ${r.stderr.slice(0, 1500)}`);
        if (r.code === 2) {
          if (c.kind === 'model') tally.add(interpret(c.content).kind === 'invalid' ? 'model file invalid, refused' : 'model file valid, refused');
          else tally.add(`${args[0]}: refused`);
          continue;
        }
        if (c.kind === 'model') {
          const v = interpret(c.content);
          assert.ok(v.kind !== 'invalid', `the reference finds the file invalid (${v.kind === 'invalid' ? v.reason : ''}) but the CLI solved it\n${what}`);
          if (v.kind !== 'valid' || !v.model) { tally.add('model file unverifiable, solved'); continue; }
          const res = checkSteady(JSON.parse(r.stdout), v.model);
          assert.ok(res.ok, `${res.reason}\n${what}`);
          tally.add(res.partial ? 'model file solved, checked partially (infinite rates)' : 'model file solved, certificate verified');
        } else {
          const problem = outputProblem(args, r, file, out);
          assert.equal(problem, null, `exit 0 but ${problem}\n${what}\nstdout: ${r.stdout.slice(0, 1500)}`);
          tally.add(`${args[0]}: exit 0, output checked`);
        }
      }
    };
    await Promise.all([worker(), worker()]);
  } finally {
    remove();
    t.diagnostic(tally.toString());
  }
});

test('input paths that are not regular files, as real processes: one line, exit 2, never a hang', async () => {
  const { dir, remove } = scratch();
  try {
    const fifo = join(dir, 'fifo.json'), link = join(dir, 'zero.json');
    const haveFifo = spawnSync('mkfifo', [fifo]).status === 0;
    symlinkSync('/dev/zero', link);
    mkdirSync(join(dir, 'dir.json'));
    const paths = ['/dev/zero', link, join(dir, 'dir.json'), join(dir, 'missing.json'), ...(haveFifo ? [fifo] : [])];
    const commands = (p: string) => [['steady', p], ['sweep', p, '--hamiltonian-scale', '1'], ['steady', p, '--json']];
    const results = await Promise.all(paths.flatMap((p) => commands(p).map(async (args) => ({ args, r: await run(args, dir) }))));
    for (const { args, r } of results) {
      assert.equal(oneLineRefusal(r), null, `${args.join(' ')}: ${oneLineRefusal(r)} ${r.stderr}`);
      assert.match(r.stderr, /is a character device|is a directory|ENOENT|is a FIFO/, `${args.join(' ')}: ${r.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    remove();
  }
});

// evolve and trajectories read model files through src/io/input-file.ts too: /dev/zero is refused, not read.
test('input paths that are not regular files for evolve and trajectories', async () => {
  const { dir, remove } = scratch();
  try {
    const results = await Promise.all([['evolve', '/dev/zero', '--t-max', '1'], ['trajectories', '/dev/zero', '--t-max', '1', '--count', '1', '--seed', '1']]
      .map(async (args) => ({ args, r: await run(args, dir, 5000) })));
    for (const { args, r } of results) assert.equal(oneLineRefusal(r), null, `${args.join(' ')}: ${oneLineRefusal(r)} ${r.stderr.slice(0, 300)}`);
  } finally {
    remove();
  }
});
