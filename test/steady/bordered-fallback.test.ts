/**
 * sector-solve.ts: when the pinned system is singular, the trace-bordered one answers (the fallback), and a
 * population with a larger flux is tried as the pin once more. When that second pinned system fails too,
 * the fallback is returned — its factorisation had been replaced by the attempt, and the one-off solve's
 * assembly-error propagation (assembly-error.ts) then stopped with "internal error: the sector
 * factorisation was replaced" (exit 1 from `lindblad steady`). Found by the CLI fuzz (seed 424242, scale 4).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState } from '../../src/steady/steady.ts';
import { parseModelText } from '../../src/io/model-file.ts';
import { LindbladError } from '../../src/errors.ts';
import { exactSteadyState, type DenseModel } from './exact-rational.ts';
import type { LindbladModel } from '../../src/model/model.ts';

// two 2-level systems; channels proportional to the identity on s1 at rate 1e300 (their dissipators cancel
// exactly, so the assembly flags rows), a dense channel at 1e-300 and ordinary transitions
const MODEL = JSON.stringify({
  dims: [2, 2],
  hamiltonian: { op: 'projector', on: 's0', level: 1 },
  channels: [
    { operator: { scale: [0.35615671100094914, 0.719068311387673], of: { sum: [{ op: 'identity', on: 's1' }, { op: 'n', on: 's1' }, { op: 'n', on: 's1' }] } }, rate: 1e300 },
    { operator: { sum: [{ op: 'n', on: 's0' }, { op: 'identity', on: 's1' }] }, rate: 0.1 },
    { operator: { matrix: [[0, 0, [-1.477, 0.8], 0], [[0.754, 0.993], 0, [0.69, 0.191], 0], [0, 0, [-0.571, -0.16], [-0.408, 0.826]], [0, 0, 0, [-0.17, 0.448]]] }, rate: 1e-300 },
    { operator: { op: 'identity', on: 's1' }, rate: 1e300 },
    { operator: { op: 'transition', on: 's0', to: 0, from: 1 }, rate: 0.001 },
    { operator: { op: 'transition', on: 's0', to: 1, from: 0 }, rate: 0.5 },
    { operator: { op: 'transition', on: 's1', to: 0, from: 1 }, rate: 0.3 },
    { operator: { op: 'transition', on: 's1', to: 1, from: 0 }, rate: 0.5 },
  ],
});

function denseOf(model: LindbladModel): DenseModel {
  const rows = (m: { get(i: number, j: number): [number, number] }, n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => m.get(i, j)));
  const n = model.space.dim;
  return { n, hamiltonian: rows(model.hamiltonian.matrix, n), channels: model.channels.map((c) => ({ operator: rows(c.operator.matrix, n), rate: c.rate })) };
}

test('a bordered fallback kept after a failed re-pin is returned with a valid factorisation (no internal error)', () => {
  const model = parseModelText(MODEL);
  let r;
  try {
    r = steadyState(model);
  } catch (e) {
    assert.ok(e instanceof LindbladError && e.code !== 'internal', `${(e as Error).message}`);
    return;
  }
  const c = r.certificate;
  assert.notEqual(c.status, 'not-unique');
  const exact = exactSteadyState(denseOf(model));
  assert.ok(exact, 'unique exactly');
  let d = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) d = Math.max(d, Math.abs(r.rho.re(i, j) - exact[i][j][0]), Math.abs(r.rho.im(i, j) - exact[i][j][1]));
  const bound = c.conditioning!.errorBound;
  assert.ok(d <= 4 * bound + 1e-16, `max |ρ − ρ_exact| = ${d.toExponential(2)}, certified ${bound.toExponential(2)} (${c.status})`);
  if (c.status === "unique") assert.ok(bound <= 1e-6);
});
