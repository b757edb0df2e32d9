/**
 * The model page's job runner (web/src/model-page/runner.ts) against a fake worker whose jobs take a set
 * time: a superseded solve is waited for (the worker, warm, is kept) unless it has already run the policy's
 * limit; only the newest waiting job runs; warm-up solves run only while nothing else waits and mayWarm()
 * allows; Cancel terminates a running caller's job but never the worker for a warm-up solve.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cancelled, ModelRunner } from '../../web/src/model-page/runner.ts';
import type { ModelRequest, ModelResponse } from '../../web/src/model-page/protocol.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A worker that answers each request after `ms(text)` milliseconds, one at a time, and records what it ran. */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((e: { data: ModelResponse }) => void) | null = null;
  onerror: ((e: { message: string }) => void) | null = null;
  ran: string[] = [];
  terminated = false;
  private queue: ModelRequest[] = [];
  private busy = false;
  constructor(private readonly ms: (text: string) => number) { FakeWorker.made.push(this); }
  postMessage(req: ModelRequest): void { this.queue.push(req); void this.next(); }
  terminate(): void { this.terminated = true; }
  private async next(): Promise<void> {
    if (this.busy || !this.queue.length) return;
    this.busy = true;
    const req = this.queue.shift()!, text = (req.payload as { text: string }).text;
    await sleep(this.ms(text));
    this.busy = false;
    if (this.terminated) return;
    this.ran.push(`${req.kind}:${text}`);
    this.onmessage?.({ data: { id: req.id, type: 'result', result: req.kind === 'warm' ? { ms: 1 } : text } });
    void this.next();
  }
}

function runner(ms: (text: string) => number, maxStaleMs: number, mayWarm = () => true) {
  FakeWorker.made = [];
  return new ModelRunner(() => new FakeWorker(ms) as unknown as Worker, { kind: 'wait', maxStaleMs }, mayWarm);
}
const steady = (r: ModelRunner, text: string) => r.run('steady', { text }) as Promise<unknown>;

test('a superseded short solve is waited for on the same worker; only the newest waiting job runs', async () => {
  const r = runner(() => 40, 1000);
  const a = assert.rejects(steady(r, 'a'), Cancelled);
  await sleep(10);
  const b = assert.rejects(steady(r, 'b'), Cancelled), c = steady(r, 'c');
  await a;
  await b;
  assert.equal(await c, 'c');
  assert.equal(FakeWorker.made.length, 1, 'one worker, kept');
  assert.deepEqual(FakeWorker.made[0].ran, ['steady:a', 'steady:c'], 'b was never sent');
});

test('a superseded solve that has run the limit is terminated and the new job runs on a fresh worker', async () => {
  const r = runner((t) => (t === 'long' ? 5000 : 20), 50);
  const a = assert.rejects(steady(r, 'long'), Cancelled);
  await sleep(80);
  const t0 = performance.now();
  assert.equal(await steady(r, 'b'), 'b');
  await a;
  assert.ok(performance.now() - t0 < 1000, 'did not wait for the long job');
  assert.equal(FakeWorker.made.length, 2);
  assert.ok(FakeWorker.made[0].terminated);
});

test('warm-up solves run while idle and allowed; a caller\'s job waits for at most the one in flight', async () => {
  let allowed = false;
  const r = runner((t) => (t.startsWith('w') ? 30 : 10), 1000, () => allowed);
  const done = r.warmUp(['w1', 'w2', 'w3']);
  await sleep(300);
  assert.equal(FakeWorker.made.length, 0, 'paused: no worker started');
  allowed = true;
  await sleep(400); // the paused warm-up looks again every 250 ms
  const t0 = performance.now();
  assert.equal(await steady(r, 'x'), 'x');
  assert.ok(performance.now() - t0 < 200);
  await done;
  const ran = FakeWorker.made[0].ran;
  assert.deepEqual([...ran].sort(), ['steady:x', 'warm:w1', 'warm:w2', 'warm:w3']);
  assert.deepEqual(r.warm, { left: 0, solves: 3, ms: 3 });
});

test('Cancel terminates a running caller\'s job, not a worker busy with a warm-up solve', async () => {
  const r = runner((t) => (t.startsWith('w') ? 60 : 200), 1000);
  void r.warmUp(['w1']);
  await sleep(10);
  const a = assert.rejects(steady(r, 'a'), Cancelled); // waits behind w1
  r.cancel();
  await a;
  assert.equal(FakeWorker.made[0].terminated, false, 'the warm-up solve was left to finish');
  const b = assert.rejects(steady(r, 'b'), Cancelled);
  await sleep(100);
  r.cancel();
  await b;
  assert.equal(FakeWorker.made[0].terminated, true, 'a running caller\'s job is stopped at once');
  assert.equal(r.busy, false);
});
