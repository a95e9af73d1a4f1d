// A fake host channel for the view controllers: answers requests by method, records notifications.
import type { PageNotification, PageRequest } from '../../../../src/protocol/messages';

export type Handler = (params: never) => unknown;

export class FakeChannel {
  readonly requests: { method: string; params: unknown }[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Requests whose answer the test releases by hand (see hold). */
  private held = new Map<string, (() => void)[]>();
  private holding = new Set<string>();

  constructor(readonly handlers: Record<string, Handler>) {}

  send = <P, R>(type: PageRequest<P, R>, params: P): Promise<R> => {
    this.requests.push({ method: type.method, params });
    const handler = this.handlers[type.method];
    if (!handler) return Promise.reject(new Error(`no handler for ${type.method}`));
    const answer = (): Promise<R> => Promise.resolve().then(() => handler(params as never) as R);
    if (!this.holding.has(type.method)) return answer();
    return new Promise<R>((resolve, reject) => {
      const list = this.held.get(type.method) ?? [];
      list.push(() => answer().then(resolve, reject));
      this.held.set(type.method, list);
    });
  };

  notify = <P>(type: PageNotification<P>, params: P): void => {
    this.notifications.push({ method: type.method, params });
  };

  /** Answers to `method` wait until release(). */
  hold(method: string): void {
    this.holding.add(method);
  }

  release(method: string): void {
    this.holding.delete(method);
    for (const run of this.held.get(method) ?? []) run();
    this.held.delete(method);
  }

  count(method: string): number {
    return this.requests.filter((r) => r.method === method).length;
  }
}

/** Let pending promise chains and zero-delay timers run. */
export function settle(ms = 5): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
