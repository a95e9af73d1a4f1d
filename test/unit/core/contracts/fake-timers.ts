import type { TimerApi } from '../../../../src/core/contracts';

/** A manual clock: advance() fires due timers in order. */
export class FakeTimers implements TimerApi {
  time = 0;
  private next = 1;
  private readonly timers = new Map<number, { at: number; cb: () => void }>();
  now(): number { return this.time; }
  setTimeout(cb: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.time + ms, cb });
    return id;
  }
  clearTimeout(handle: unknown): void { this.timers.delete(handle as number); }
  get active(): number { return this.timers.size; }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].cb();
    }
    this.time = end;
  }
}
