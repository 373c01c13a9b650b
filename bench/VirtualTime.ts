/**
 * Simulated time for the fleet benchmark: the clock stands still while anything works (requests,
 * table writes, a tick) and, when nothing does, jumps to the next instant someone waits for. So a
 * 180-second plan runs in the wall time its requests take, and the figures are those of ARM's
 * limits and the plan, not of this machine's speed. Request latency is not modelled.
 */
export class VirtualTime {
  private timers: { at: number; resolve: () => void }[] = [];
  private busy = 0;

  constructor(public now: number) {}

  readonly clock = (): number => this.now;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => this.timers.push({ at: this.now + Math.max(0, ms), resolve }));

  /** Work that holds the clock still until it ends. */
  async work<T>(task: () => Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await task();
    } finally {
      this.busy--;
    }
  }

  /** Drives the clock until `done()`: waits while anything works, then wakes the next sleeper. */
  async runUntil(done: () => boolean): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.busy > 0) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      if (done()) return;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next) throw new Error('simulated time: nothing works or waits, yet the run is not done');
      this.now = Math.max(this.now, next.at);
      const due = this.timers.filter((timer) => timer.at <= this.now);
      this.timers = this.timers.filter((timer) => timer.at > this.now);
      for (const timer of due) timer.resolve();
    }
  }
}
