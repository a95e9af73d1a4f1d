// How a feature serves the panel: it registers its own handlers on every page's endpoint (as
// `register…Handlers(rpc, page, deps)`), and the hub hands each new page to every feature.
import type { AnyRequestType, Direction, NotificationType } from '../protocol/rpc-types';
import type { HostRpc } from '../protocol/rpc';
import type { Surface } from './html';

/** What a feature's handlers may know of the page they serve. */
export interface PanelPageInfo {
  readonly surface: Surface;
  /** Run `cleanup` when the page goes away. */
  onDispose(cleanup: () => void): void;
}

/** One feature's registration, run for every page. */
export type PanelHandlers = (rpc: HostRpc, page: PanelPageInfo) => void;

/** Stands in for a page's endpoint and records what is registered (the handler coverage check). */
export class RecordingRpc implements HostRpc {
  readonly requests: string[] = [];
  readonly notifications: string[] = [];

  onRequest(type: AnyRequestType): void {
    this.requests.push(type.method);
  }

  onNotification(type: NotificationType<unknown, Direction>): () => void {
    this.notifications.push(type.method);
    return () => undefined;
  }

  sendNotification(): void {
    // Nothing listens.
  }
}

export interface HandlerCoverage {
  /** Request methods no feature answers. */
  missing: string[];
  /** Request methods answered more than once (the last registration would win). */
  duplicated: string[];
  /** Registered methods no descriptor names. */
  unknown: string[];
}

/** Compare the registered request methods with the protocol's request descriptors. */
export function handlerCoverage(registered: readonly string[], descriptors: readonly { method: string }[]): HandlerCoverage {
  const counts = new Map<string, number>();
  for (const method of registered) counts.set(method, (counts.get(method) ?? 0) + 1);
  const known = new Set(descriptors.map((d) => d.method));
  return {
    missing: [...known].filter((m) => !counts.has(m)).sort(),
    duplicated: [...counts].filter(([, n]) => n > 1).map(([m]) => m).sort(),
    unknown: [...counts.keys()].filter((m) => !known.has(m)).sort(),
  };
}
