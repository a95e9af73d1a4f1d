/**
 * Decides when a trace is complete enough to check: no new spans for `quietMs`.
 * Time and timers are injectable so tests drive them without sleeping.
 */

export interface TimerApi {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: TimerApi = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const t = setTimeout(callback, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class QuietPeriodTracker {
  private readonly lastSeen = new Map<string, number>();
  private timer: unknown = null;
  private timerDue = Infinity;
  private disposed = false;

  constructor(
    private readonly quietMs: number,
    private readonly onComplete: (traceIds: string[]) => void,
    private readonly timers: TimerApi = realTimers,
  ) {}

  /** Spans arrived for this trace: restart its quiet period. A trace already reported is tracked again (late spans). */
  note(traceId: string, now: number = this.timers.now()): void {
    if (this.disposed) return;
    this.lastSeen.set(traceId, now);
    this.schedule(now);
  }

  /** Traces still waiting for their quiet period. */
  get pending(): number {
    return this.lastSeen.size;
  }

  /** Emit every trace quiet since `now - quietMs`; returns them (oldest first). */
  poll(now: number = this.timers.now()): string[] {
    const done: Array<[string, number]> = [];
    for (const [id, t] of this.lastSeen) if (now - t >= this.quietMs) done.push([id, t]);
    for (const [id] of done) this.lastSeen.delete(id);
    const ids = done.sort((a, b) => a[1] - b[1]).map(([id]) => id);
    if (ids.length > 0) this.onComplete(ids);
    this.schedule(now);
    return ids;
  }

  /** Emit everything pending now (shutdown, "check now"). */
  flush(): string[] {
    const ids = [...this.lastSeen.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
    this.lastSeen.clear();
    this.cancelTimer();
    if (ids.length > 0) this.onComplete(ids);
    return ids;
  }

  dispose(): void {
    this.disposed = true;
    this.lastSeen.clear();
    this.cancelTimer();
  }

  private schedule(now: number): void {
    if (this.disposed) return;
    let earliest = Infinity;
    for (const t of this.lastSeen.values()) if (t < earliest) earliest = t;
    if (earliest === Infinity) {
      this.cancelTimer();
      return;
    }
    const due = earliest + this.quietMs;
    if (this.timer !== null && this.timerDue <= due) return;
    this.cancelTimer();
    this.timerDue = due;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.timerDue = Infinity;
      this.poll();
    }, Math.max(0, due - now));
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.timerDue = Infinity;
  }
}
