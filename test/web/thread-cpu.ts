/**
 * CPU accounting of Chromium's threads for the explorer's timing tests (Linux /proc; elsewhere null):
 * the CPU time and the run-queue wait (runnable but not running) of the renderer's dedicated-worker
 * threads, from /proc/PID/task/TID/schedstat (ns). A solve whose wall time is mostly run-queue wait was
 * slowed by a busy machine, not by the page.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const parentOf = (pid: string) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1];

/** True when `pid` descends from this Node process (a browser this test launched, not another test's). */
function ours(pid: string): boolean {
  const me = String(process.pid);
  for (let p = pid, k = 0; p !== '0' && p !== '1' && k < 16; k++) {
    p = parentOf(p);
    if (p === me) return true;
  }
  return false;
}

/**
 * Summed [cpu ms, run-queue wait ms] of the threads whose name starts with `prefix` in the Chromium
 * renderers launched by this process.
 */
export function rendererThreads(prefix = 'DedicatedWorker'): { cpu: number; wait: number } | null {
  if (!existsSync('/proc/self/task')) return null;
  let cpu = 0, wait = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer') || !ours(pid)) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        if (!readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith(prefix)) continue;
        const [run, queued] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        cpu += run / 1e6;
        wait += queued / 1e6;
      }
    } catch { /* the process or thread ended while being read */ }
  }
  return { cpu, wait };
}

/** [cpu ms, run-queue wait ms] of this Node thread (the main thread), or null without /proc. */
export function ownThread(): { cpu: number; wait: number } | null {
  const path = `/proc/self/task/${process.pid}/schedstat`;
  if (!existsSync(path)) return null;
  const [run, queued] = readFileSync(path, 'utf8').split(' ').map(Number);
  return { cpu: run / 1e6, wait: queued / 1e6 };
}
