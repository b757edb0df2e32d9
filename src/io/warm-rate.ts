/**
 * The probe of the auto modes (sweep/run.ts, jumps/parallel.ts): work runs in this thread in blocks while
 * its time is measured, and the rest of the run is projected at the rate of warm code. Time is the lesser
 * of wall and CPU time since the probe started: on a machine busy with other jobs the wall clock overstates
 * the work, and while V8 compiles the engine on its own threads the process's CPU time does. The first
 * block (set-up, cold code) is timed apart; the rate is the later blocks' average, or the latest block's
 * if lower (the code is still warming up: a low projection keeps the run in this thread, which is never
 * slower than now). Example: 1000 cavity trajectories at cutoff 16 in a fresh process, whose first 128
 * took 0.24 s of process CPU, projected 1.7 s for the other 872 on the average rate; they take 0.2 s.
 */
export class WarmRate {
  private readonly t0 = performance.now();
  private readonly cpu0 = process.cpuUsage();
  private first = { count: 0, seconds: 0 };
  private before = 0;
  private last = Infinity;
  /** Items (points, trajectories) done in the probe. */
  count = 0;

  /** Seconds spent since the probe started: the lesser of wall and this process's CPU time. */
  spent(): number {
    const u = process.cpuUsage(this.cpu0);
    return Math.min((performance.now() - this.t0) / 1000, (u.user + u.system) / 1e6);
  }

  /** Records a block of `items` just finished. */
  add(items: number): void {
    const now = this.spent();
    if (this.count === 0) this.first = { count: items, seconds: now };
    else this.last = (now - this.before) / items;
    this.before = now;
    this.count += items;
  }

  /** Seconds the first block took (a new thread pays about as much before it helps). */
  get firstSeconds(): number {
    return this.first.seconds;
  }

  /** Projected seconds for `rest` more items at the warm rate (Infinity before any block, unless rest is 0). */
  projected(rest: number): number {
    if (this.count === 0) return rest > 0 ? Infinity : 0;
    const spent = this.spent();
    const rate = this.count > this.first.count ? Math.min((spent - this.first.seconds) / (this.count - this.first.count), this.last) : spent / this.count;
    return rate * rest;
  }

  /**
   * Whether threads pay for `rest` more items: the projection exceeds `worthSeconds` and `coldFactor` ×
   * (the first block's time + `threadStartSeconds`), since a new thread pays the cold start again (else it
   * would add little beyond its start-up's CPU time).
   */
  threadsPay(rest: number, o: { worthSeconds: number; coldFactor: number; threadStartSeconds: number }): boolean {
    const p = this.projected(rest);
    return p > o.worthSeconds && p > o.coldFactor * (this.first.seconds + o.threadStartSeconds);
  }
}
