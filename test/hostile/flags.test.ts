/**
 * Hostile command lines (flags.ts) for steady, diamond, cavity, evolve, trajectories and sweep, in this
 * process: every run exits 2 with one line `lindblad: error: …`, or exits 0 with output that passes the
 * command's checks (outputs.ts; for steady, the certificate recomputed by the reference, check.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { cavityArgs, diamondArgs, evolveArgs, EXTREME_MODE, steadyArgs, sweepArgs, trajectoriesArgs } from './flags.ts';
import { gentleModelArb } from './models.ts';
import { exitContract } from './check.ts';
import { outputProblem } from './commands.ts';
import { check, cli, runs, scratch, settings, Tally } from './harness.ts';

/** The problem with a successful run's output, by command (null: fine or not checkable from text output). */
const COMMANDS: Array<{ name: string; base: number; args: (file: string, out: string) => fc.Arbitrary<string[]> }> = [
  { name: 'diamond', base: 400, args: () => diamondArgs },
  { name: 'cavity', base: 250, args: () => cavityArgs },
  { name: 'steady', base: 250, args: (file) => steadyArgs(file) },
  { name: 'evolve', base: 120, args: (file) => evolveArgs(file) },
  { name: 'trajectories', base: 120, args: (file) => trajectoriesArgs(file) },
  { name: 'sweep', base: 200, args: (file, out) => sweepArgs(file, out) },
];

for (const command of COMMANDS) {
  test(`hostile flags: ${command.name}`, async (t) => {
    const n = runs(command.base), tally = new Tally(), { dir, remove } = scratch();
    t.diagnostic(`${settings(n)}${EXTREME_MODE ? ', EXTREME values on' : ''}`);
    const file = join(dir, 'model.json'), out = join(dir, 'k.csv');
    try {
      await check(fc.asyncProperty(gentleModelArb, command.args(file, out), async (model, args) => {
        writeFileSync(file, model);
        for (const f of [out, out.replace(/\.csv$/, '.jsonl'), `${out}.lock`]) if (existsSync(f)) rmSync(f);
        const r = await cli(args);
        const contract = exitContract(r);
        assert.equal(contract, null, `${contract}\nargs: ${JSON.stringify(args)}\nstderr: ${r.stderr.slice(0, 1500)}\nmodel: ${model}`);
        if (r.code === 2) { tally.add(`refused: ${/^lindblad: error: ([^:]*)/.exec(r.stderr)![1]}`.slice(0, 50), r.stderr); return; }
        const problem = outputProblem(args, r, file, out);
        assert.equal(problem, null, `exit 0 but ${problem}\nargs: ${JSON.stringify(args)}\nmodel: ${model}\nstdout: ${r.stdout.slice(0, 1500)}`);
        tally.add('exit 0, output checked');
      }), n);
    } finally {
      remove();
      t.diagnostic(tally.toString());
      for (const line of tally.examplesText().split('\n')) t.diagnostic(line);
    }
    assert.ok(tally.get('exit 0, output checked') >= n / 20, `too few successful runs to check: ${tally}`);
  });
}
