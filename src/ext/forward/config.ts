// Forwarding settings read into plain values, and the status lines forwarding shows. No vscode import:
// unit-tested directly.
import { FORWARD_PROTOCOLS, type ForwardProtocol } from '../../core/forward/exporters';
import type { EndpointStatus } from '../../core/forward/forwarder';
import { httpUrl } from '../backends/config';

export interface ForwardTarget {
  url: string;
  protocol: ForwardProtocol;
}

/** `agentTraceLens.forward.endpoints`: URLs, or `{ url, protocol }`; unusable entries are skipped. */
export function readForwardTargets(value: unknown): ForwardTarget[] {
  if (!Array.isArray(value)) return [];
  const out: ForwardTarget[] = [];
  for (const entry of value) {
    const raw = typeof entry === 'string' ? { url: entry } : (entry ?? {}) as { url?: unknown; protocol?: unknown };
    const url = httpUrl(raw.url);
    if (!url) continue;
    const protocol = FORWARD_PROTOCOLS.includes(raw.protocol as ForwardProtocol) ? raw.protocol as ForwardProtocol : 'http/protobuf';
    if (!out.some((t) => t.url === url && t.protocol === protocol)) out.push({ url, protocol });
  }
  return out;
}

const plural = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** Status bar tooltip lines: one per endpoint with forwarded / queued / failing and the last error. */
export function forwardTooltipLines(statuses: readonly EndpointStatus[], now = Date.now()): string[] {
  return statuses.map((s) => {
    const parts = [
      `${plural(s.forwardedItems, 'span')} forwarded`,
      `${plural(s.queuedItems, 'span')} queued`,
    ];
    if (s.droppedRequests > 0) parts.push(`${plural(s.droppedItems, 'span')} dropped (queue full)`);
    if (s.rejectedRequests > 0) parts.push(`${plural(s.rejectedRequests, 'request')} refused`);
    let line = `Forwarding to ${s.url} (${s.protocol}): ${parts.join(' · ')}`;
    if (s.failing) {
      const retry = s.retryAt ? `, retrying in ${Math.max(0, Math.ceil((s.retryAt - now) / 1000))} s` : '';
      line += `\n  failing${retry}: ${s.lastError ?? 'unknown error'}`;
    } else if (s.lastError) {
      line += `\n  last error: ${s.lastError}`;
    }
    return line;
  });
}
