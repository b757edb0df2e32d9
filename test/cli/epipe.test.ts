import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

/**
 * `lindblad … | head`: a reader that closes the pipe before the CLI writes must not produce an unhandled
 * EPIPE stack trace (the compiled CLI, as users run it; the read end is closed before the child writes).
 */
function closedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['bin/lindblad.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout.destroy();
    let stderr = '';
    c.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    c.on('error', reject);
    c.on('close', (code) => resolve({ code, stderr }));
  });
}

for (const args of [['--help'], ['sweep', '--help'], ['diamond', '--beta-a', '4', '--beta-s', '-2', '--json']]) {
  test(`lindblad ${args.join(' ')} into a closed pipe: quiet exit, no stack trace`, async () => {
    const r = await closedStdout(args);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });
}
