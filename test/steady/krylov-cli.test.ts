import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomModel } from '../../src/model/random.ts';
import type { Operator } from '../../src/model/operator.ts';

/** A model file with explicit matrices for a seeded unstructured random model (dense H and jumps). */
function denseModelFile(dim: number, seed: number): string {
  const m = randomModel({ structure: 'unstructured', dim, seed });
  const rows = (o: Operator) => o.toDense().toRows().map((r) => r.map(([re, im]) => [re, im]));
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-krylov-cli-')), file = join(dir, 'model.json');
  writeFileSync(file, JSON.stringify({
    dims: [dim], hamiltonian: { matrix: rows(m.hamiltonian) },
    channels: m.channels.map((c) => ({ operator: { matrix: rows(c.operator) }, rate: c.rate })),
  }));
  return file;
}

test('lindblad steady prints the method choice and why (--json: certificate.method; text: a method line); --solver sparse stays direct', async () => {
  const { runCaptured } = await import('../../src/cli/main.ts');
  const file = denseModelFile(20, 5);
  const auto = await runCaptured(['steady', file, '--json']);
  assert.equal(auto.code, 0, auto.stderr);
  const a = JSON.parse(auto.stdout);
  assert.equal(a.certificate.method.kind, 'krylov');
  assert.equal(a.certificate.method.requested, 'auto');
  assert.match(a.certificate.method.reason, /predicted cost/);
  assert.ok(a.certificate.method.predicted.krylov < a.certificate.method.predicted.direct);
  const direct = await runCaptured(['steady', file, '--json', '--solver', 'sparse']);
  assert.equal(direct.code, 0, direct.stderr);
  const d = JSON.parse(direct.stdout);
  assert.equal(d.certificate.method, undefined);
  let diff = 0;
  for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) for (let c = 0; c < 2; c++) diff = Math.max(diff, Math.abs(a.rho[i][j][c] - d.rho[i][j][c]));
  assert.ok(diff < 1e-10, `krylov vs sparse LU: ${diff}`);
  const text = await runCaptured(['steady', file, '--solver', 'krylov']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /method = krylov \(requested\)/);
  assert.match(text.stdout, /uniqueness: numerical only/);
  const bad = await runCaptured(['steady', file, '--solver', 'lu']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /^lindblad: error: --solver: expected auto, dense, sparse, gmres, bicgstab, krylov/);
});
