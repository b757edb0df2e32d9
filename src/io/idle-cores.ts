/**
 * Idle processor capacity beside this thread, measured over an interval in which this thread computes:
 * the cores' idle (and I/O-wait) time in /proc/stat (Linux), plus the CPU time this process's other
 * threads took (V8's compiler and garbage-collector threads, busy while code warms up; they would make
 * room for a worker), in cores — e.g. ≈ 1.0 on an otherwise idle two-core machine, ≈ 0 where other
 * processes keep every core busy. Counting only the idle time read 0.35–0.39 cores on an idle two-core
 * machine during a sweep's warm-up, and kept the auto modes off threads that would have paid. The auto modes (sweep/run.ts, jumps/parallel.ts)
 * start worker threads only when a thread would find a core to run on: on a saturated machine a second
 * thread only takes time slices from this one, and its start-up (engine load, compilation) is then paid
 * in wall time.
 */
import { readFileSync } from 'node:fs';

/** Idle and total jiffies summed over all cores, and the number of cores; null where /proc/stat is missing or unreadable. */
function sample(): { idle: number; total: number; cores: number } | null {
  let text: string;
  try {
    text = readFileSync('/proc/stat', 'latin1');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const all = lines[0].split(/\s+/);
  if (all[0] !== 'cpu' || all.length < 6) return null;
  const v = all.slice(1).filter((x) => x !== '').map(Number);
  if (v.some((x) => !Number.isFinite(x))) return null;
  const cores = lines.filter((l) => /^cpu\d+\s/.test(l)).length;
  // user nice system idle iowait irq softirq steal [guest guest_nice: already counted in user / nice]
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { idle: v[3] + (v[4] ?? 0), total, cores };
}

/**
 * Starts a measurement; `read()` gives the idle cores since then (0 … cores), or null when it cannot be
 * measured (no /proc/stat, or less than MIN_JIFFIES ticks of the clock passed: 10 ms each).
 */
export function idleCoresSince(): { read(): number | null } {
  const a = sample(), cpu0 = process.cpuUsage(), t0 = performance.now();
  return {
    read() {
      const b = sample();
      if (!a || !b) return null;
      const dt = b.total - a.total;
      if (!(dt >= MIN_JIFFIES * b.cores)) return null;
      const idle = ((b.idle - a.idle) / dt) * b.cores;
      // this process's CPU time beyond one core (this thread) over the wall interval: its helper threads
      const c = process.cpuUsage(cpu0), wall = performance.now() - t0;
      const helpers = wall > 0 ? Math.max(0, (c.user + c.system) / 1000 - wall) / wall : 0;
      return Math.min(b.cores, idle + helpers);
    },
  };
}

/** Clock ticks per core below which an interval is too short to measure. */
const MIN_JIFFIES = 5;
