/**
 * sector-solve.ts: when the pinned system is singular, the trace-bordered one answers (the fallback), and a
 * population with a larger flux is tried as the pin once more. When that second pinned system fails too,
 * the fallback is returned — its factorisation had been replaced by the attempt, and the one-off solve's
 * assembly-error propagation (assembly-error.ts) then stopped with "internal error: the sector
 * factorisation was replaced" (exit 1 from `lindblad steady`). Found by the CLI fuzz (seed 424242, scale 4).
 * With that fixed, the same run found the propagation overflowing on bounds ~1e300 ("solve: non-finite
 * solution", exit 1): it now solves for the normalised bounds, and an estimate beyond the largest double is
 * +∞ (nothing vouched for).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState } from '../../src/steady/steady.ts';
import { parseModelText } from '../../src/io/model-file.ts';
import { LindbladError } from '../../src/errors.ts';

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

/**
 * Steady state through the library: no internal error, and not vouched for beyond `trueError` (the error of
 * the returned ρ against the exact rational answer, exact-rational.ts, computed once offline: that solve
 * takes minutes at rates 1e±300), or, when that is unknown, not 'unique'.
 */
function check(text: string, trueError?: number): void {
  const model = parseModelText(text);
  let r;
  try {
    r = steadyState(model);
  } catch (e) {
    assert.ok(e instanceof LindbladError && e.code !== 'internal', `${(e as Error).message}`);
    return;
  }
  const c = r.certificate, bound = c.conditioning!.errorBound;
  assert.notEqual(c.status, 'not-unique');
  if (trueError === undefined) assert.equal(c.status, 'ill-conditioned', `errorBound ${bound}`);
  else assert.ok(!(bound < trueError / 4), `certified ${bound.toExponential(2)} (${c.status}) against a true error ${trueError}`);
}

test('assembly errors near the overflow threshold (a dephasing channel at 1e300 against channels at 1e-300): no overflow inside the propagation', () => {
  check(JSON.stringify({
    dims: [2, 3],
    channels: [
      { operator: { dag: { dag: { op: 'n', on: 's0' } } }, rate: 1e-300 },
      { operator: { dag: { op: 'n', on: 's0' } }, rate: 1e300 },
      { operator: { matrix: [[[-0.717, -0.516], 0, 0, [-0.384, -0.201], 0, 0], [0, [-1.606, -0.887], [-0.452, 0.074], 0, 0, [-0.557, 0.439]], [0, [0.056, -0.879], 0, 0, [-1.169, -0.935], 0], [0, 0, 0, [-1.817, 0.571], 0, 0], [[1.581, -0.603], [-0.518, 0.272], [1.253, -0.644], 0, [1.133, 0.882], 0], [[1.901, -0.773], 0, 0, [1.337, -0.595], [-0.317, -0.358], [-0.601, -0.275]]] }, rate: 1e-300 },
      { operator: { op: 'projector', on: 's1', level: 2 }, rate: 0.1 },
    ],
  }));
});

test('a bordered fallback kept after a failed re-pin is returned with a valid factorisation (no internal error)', () => {
  // the returned ρ is 0.62 away from the exact state (s1's populations are lost at rate 1e300)
  check(MODEL, 0.62);
});
