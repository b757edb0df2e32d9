/**
 * Exclusive use of an output by one process at a time: a lock file created atomically (written in full to a
 * temporary sibling, then hard-linked to the lock path, which fails if the lock exists; on file systems
 * without hard links, created with O_EXCL) holding {pid, host, started, nonce, command}. A second run finds
 * the lock and is refused with an error naming the holder. A lock whose holder is gone — same host, and
 * no process with that pid (kill(pid, 0) fails with ESRCH) — is stale and is taken over: it is removed only
 * if it still holds the same nonce, then the creation is retried. The lock is released by `release()`
 * (callers do so in `finally`), on process exit, and on SIGINT / SIGTERM (released, then the signal is
 * raised again so the process ends as it would have). A kill -9 leaves a lock whose pid is dead: stale.
 */
import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { LindbladError } from '../errors.ts';
import { tempPathFor } from './atomic.ts';
import { errnoCode, userFsError } from './fs-errors.ts';
import { uniqueTag } from './unique-tag.ts';

/** What a lock file holds. */
export interface LockInfo {
  pid: number;
  host: string;
  started: string;
  nonce: string;
  command: string;
}

export interface Lock {
  readonly path: string;
  readonly info: LockInfo;
  /** Removes the lock file (once; later calls do nothing). */
  release(): void;
}

/** True if a process with this pid exists on this host (EPERM: it exists but is not ours). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) !== 'ESRCH';
  }
}

function readLock(path: string): { text: string; info: LockInfo | null } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null;
    throw userFsError(e, path, 'cannot read the lock file');
  }
  try {
    const info = JSON.parse(text) as LockInfo;
    return { text, info: Number.isInteger(info?.pid) && typeof info.host === 'string' ? info : null };
  } catch {
    return { text, info: null };
  }
}

/** Creates `path` holding `text`, or returns false if it exists. */
function create(path: string, text: string): boolean {
  const tmp = tempPathFor(path);
  let linked = true;
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try { writeSync(fd, text); } finally { closeSync(fd); }
    try {
      linkSync(tmp, path);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e;
      linked = false; // no hard links here: O_EXCL (a reader may then briefly see a partly written lock)
    }
  } catch (e) {
    throw userFsError(e, path, 'cannot create the lock file');
  } finally {
    try { unlinkSync(tmp); } catch { /* never created */ }
  }
  if (linked) return true;
  try {
    const fd = openSync(path, 'wx', 0o644);
    try { writeSync(fd, text); } finally { closeSync(fd); }
    return true;
  } catch (e) {
    if (errnoCode(e) === 'EEXIST') return false;
    throw userFsError(e, path, 'cannot create the lock file');
  }
}

/**
 * Takes the lock at `path` for `what` (e.g. the CSV path, named in errors). Throws a LindbladError
 * (field `what`) naming the holder if another live process has it.
 */
export function acquireLock(path: string, what: string): Lock {
  const info: LockInfo = {
    pid: process.pid, host: hostname(), started: new Date().toISOString(),
    nonce: uniqueTag(), command: process.argv.slice(2).join(' ').slice(0, 500),
  };
  const text = JSON.stringify(info) + '\n';
  for (let attempt = 0; attempt < 5; attempt++) {
    if (create(path, text)) return holding(path, info);
    const held = readLock(path);
    if (held === null) continue; // released meanwhile
    const h = held.info;
    if (h === null) {
      throw new LindbladError('invalid-input', `is locked by a lock file that cannot be read (${path}); if no other run uses this output, remove the lock file`, what);
    }
    if (h.host !== info.host || alive(h.pid)) {
      throw new LindbladError('invalid-input',
        `another run (pid ${h.pid} on ${h.host}, started ${h.started}) is writing this output; wait for it to end, or remove ${path} if that process is gone`, what);
    }
    // Stale: remove it if it is still the same lock, then retry.
    const again = readLock(path);
    if (again !== null && again.text === held.text) {
      try { unlinkSync(path); } catch (e) { if (errnoCode(e) !== 'ENOENT') throw userFsError(e, path, 'cannot remove the stale lock file'); }
    }
  }
  throw new LindbladError('invalid-input', `could not take the lock ${path} (other runs keep taking it)`, what);
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function holding(path: string, info: LockInfo): Lock {
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    const now = readLock(path);
    if (now !== null && now.info?.nonce === info.nonce) {
      try { unlinkSync(path); } catch { /* already gone */ }
    }
  };
  function onSignal(signal: NodeJS.Signals): void {
    release();
    process.kill(process.pid, signal); // our listener is gone: the default action (or other listeners) follows
  }
  process.once('exit', release);
  for (const s of SIGNALS) process.once(s, onSignal);
  return { path, info, release };
}
