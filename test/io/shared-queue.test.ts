import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runShared } from '../../src/io/shared-queue.ts';

/** A task's value: what any side computes for it (results depend only on the task). */
const f = (t: number) => 3 * t + 1;

/** Runs `n` tasks and checks that each is accepted exactly once with its own value. */
async function check(n: number, local: boolean, threads: number, remoteRun: (t: number) => Promise<number>) {
  const tasks = Array.from({ length: n }, (_, k) => 10 * k);
  const got = new Map<number, number>();
  let localCalls = 0;
  const run = await runShared({
    tasks,
    local: local ? (t: number) => { localCalls++; return f(t); } : null,
    remote: threads > 0 ? { threads, run: remoteRun } : null,
    accept: (i, r) => { assert.ok(!got.has(i), `task ${i} accepted twice`); got.set(i, r); },
  });
  assert.equal(got.size, n);
  for (let k = 0; k < n; k++) assert.equal(got.get(k), f(tasks[k]), `task ${k}`);
  assert.equal(run.local + run.remote, n);
  assert.ok(localCalls <= n, `this thread computed ${localCalls} > ${n} tasks`);
  return { run, localCalls };
}

test('a thread that never starts: this thread computes every task (once), taking over the one the thread holds', { timeout: 10_000 }, async () => {
  const never = () => new Promise<number>(() => undefined);
  const { run, localCalls } = await check(17, true, 1, never);
  assert.deepEqual(run, { local: 17, remote: 0, takenOver: 1 });
  assert.equal(localCalls, 17);
  // two threads that never start: each holds one task until its first result, both are taken over
  const two = await check(9, true, 2, never);
  assert.deepEqual(two.run, { local: 9, remote: 0, takenOver: 2 });
});

test('threads only (no local work): every task once; one task per thread until the first result, then two', async () => {
  let inFlight = 0, most = 0, results = 0, mostBeforeFirst = 0;
  const remote = (t: number) => {
    inFlight++;
    most = Math.max(most, inFlight);
    if (results === 0) mostBeforeFirst = Math.max(mostBeforeFirst, inFlight);
    return new Promise<number>((resolve) => setTimeout(() => { inFlight--; results++; resolve(f(t)); }, 1));
  };
  const { run } = await check(25, false, 3, remote);
  assert.equal(run.remote, 25);
  assert.equal(mostBeforeFirst, 3);
  assert.equal(most, 6);
});

test('random thread delays: each task accepted once with its value; this thread never computes more than all tasks', async () => {
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 8 }),
    async (n, threads, delays) => {
      let k = 0;
      const remote = (t: number) => new Promise<number>((resolve) => setTimeout(() => resolve(f(t)), delays[k++ % delays.length]));
      await check(n, true, threads, remote);
    }), { numRuns: 40 });
});

test('errors: a thread\'s error (revived) and a local error reject the run; a thread\'s error on a task taken over is ignored', async () => {
  const tasks = [1, 2, 3, 4];
  await assert.rejects(runShared({
    tasks, local: null, accept: () => undefined, revive: (e) => new Error(`revived ${(e as Error).message}`),
    remote: { threads: 1, run: (t) => (t === 3 ? Promise.reject(new Error('boom')) : Promise.resolve(t)) },
  }), /revived boom/);
  await assert.rejects(runShared({
    tasks, remote: null, accept: () => undefined,
    local: (t) => { if (t === 2) throw new Error('local boom'); return t; },
  }), /local boom/);
  // the thread fails late, after this thread has computed its task: the run succeeds
  const late = await runShared({
    tasks, accept: () => undefined, local: (t) => t,
    remote: { threads: 1, run: () => new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 50)) },
  });
  assert.deepEqual(late, { local: 4, remote: 0, takenOver: 1 });
  await new Promise((resolve) => setTimeout(resolve, 80)); // the late rejection arrives and is dropped
  // accept throwing stops the run
  await assert.rejects(runShared({ tasks, remote: null, local: (t) => t, accept: (i) => { if (i === 1) throw new Error('disk full'); } }), /disk full/);
});
