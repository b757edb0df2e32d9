/**
 * Test harness for queue sweeps: a real redis-server on a free loopback port (bound to 127.0.0.1 only,
 * no persistence, its working directory a temporary folder), and the compiled CLI as child processes.
 * redis-server must be installed (.ci/run installs Debian's package): without it the tests fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect, createServer } from 'node:net';

export const BIN = new URL('../../bin/lindblad.mjs', import.meta.url).pathname;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A loopback port nothing listens on (the OS picks it; closed again before use). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** True if a Redis at 127.0.0.1:port answers PING. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    s.setTimeout(1000, () => { s.destroy(); resolve(false); });
    s.on('error', () => resolve(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => { got += d; if (got.includes('\r\n')) { s.destroy(); resolve(got.startsWith('+PONG')); } });
  });
}

export class RedisServer {
  private proc: ChildProcess | null = null;
  private constructor(readonly port: number, readonly dir: string, readonly password?: string) {}

  /** Starts redis-server on a free loopback port with its files in `dir`. */
  static async start(dir: string, password?: string): Promise<RedisServer> {
    const r = new RedisServer(await freePort(), dir, password);
    await r.up();
    return r;
  }

  /** The server's process id (null when it is down). */
  get pid(): number | null {
    return this.proc?.pid ?? null;
  }

  get url(): string {
    return `redis://${this.password ? `:${this.password}@` : ''}127.0.0.1:${this.port}`;
  }

  /** (Re)starts the server on the same port. */
  async up(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--protected-mode', 'yes', '--loglevel', 'warning'];
    if (this.password) args.push('--requirepass', this.password);
    this.proc = spawn('redis-server', args, { stdio: 'ignore' });
    const failed = new Promise<never>((_, reject) => this.proc!.once('error', (e) => reject(new Error(`cannot start redis-server (install Debian's redis-server): ${e.message}`))));
    for (let t = 0; t < 100; t++) {
      const ok = await Promise.race([this.password ? this.pingAuth() : ping(this.port), failed]);
      if (ok) return;
      await sleep(50);
    }
    throw new Error(`redis-server did not answer on port ${this.port}`);
  }

  private async pingAuth(): Promise<boolean> {
    return new Promise((resolve) => {
      const s = connect(this.port, '127.0.0.1');
      let got = '';
      s.setTimeout(1000, () => { s.destroy(); resolve(false); });
      s.on('error', () => resolve(false));
      s.on('connect', () => s.write(`AUTH ${this.password}\r\nPING\r\n`));
      s.on('data', (d) => { got += d; if (got.includes('PONG')) { s.destroy(); resolve(true); } });
    });
  }

  /** Stops the server (SIGKILL: nothing is saved) and waits for it to exit. */
  async down(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
  }
}

export interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the compiled CLI with `args` in `cwd`. */
export function cli(args: string[], cwd: string): Run {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, out: () => out, err: () => err, done };
}

/** Ends a child process (SIGKILL) if it still runs, and waits for it. */
export async function kill(run: Run): Promise<void> {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  await run.done;
}

/**
 * `run`'s exit, or a failure after `seconds` that shows the standard error of `run` and of `others` (a hang
 * becomes a failed test with the processes' logs, instead of a test run that never ends).
 */
export async function ended(run: Run, seconds: number, others: Run[]): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), seconds * 1000); });
  const res = await Promise.race([run.done, late]);
  clearTimeout(timer);
  if (res !== null) return res;
  const logs = [run, ...others.filter((o) => o !== run)].map((o) => `--- ${o.child.spawnargs.slice(2, 3).join(' ')} (pid ${o.child.pid}):\n${o.err()}`);
  throw new Error(`still running after ${seconds} s:\n${logs.join('\n')}`);
}

/** Point lines in a sweep's JSONL (0 if absent). */
export function points(jsonl: string): number {
  return existsSync(jsonl) ? Math.max(0, readFileSync(jsonl, 'utf8').split('\n').length - 2) : 0;
}

/** Waits until `cond()` holds, failing after `seconds` with `what`. */
export async function until(cond: () => boolean, seconds: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > seconds * 1000) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await sleep(20);
  }
}

/** Indices of the points in a JSONL (each once per line). */
export function indices(jsonl: string): number[] {
  return readFileSync(jsonl, 'utf8').split('\n').slice(1).filter((l) => l !== '').map((l) => (JSON.parse(l) as { index: number }).index);
}

/** TCP sockets in LISTEN state held by process `pid` (from /proc: its socket inodes found in /proc/net/tcp{,6} with state 0A). */
export function listening(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch { /* closed meanwhile */ }
  }
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[3] === '0A' && inodes.has(f[9])) found.push(`${table} ${f[1]}`);
    }
  }
  return found;
}
