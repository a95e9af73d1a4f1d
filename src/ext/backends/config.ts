// Forwarding and remote-backend settings read into plain values, and the status lines they produce.
// No vscode import: unit-tested directly.
import { FORWARD_PROTOCOLS, type ForwardProtocol } from '../../core/forward/exporters';
import type { EndpointStatus } from '../../core/forward/forwarder';
import type { RemoteConnectionConfig, RemoteQuery } from '../../core/backends';

export interface ForwardTarget {
  url: string;
  protocol: ForwardProtocol;
}

function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? value.trim() : null;
  } catch {
    return null;
  }
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

/** `agentTraceLens.remote.connections`: `{ kind: "tempo" | "jaeger", url, name? }`. */
export function readRemoteConnections(value: unknown): RemoteConnectionConfig[] {
  if (!Array.isArray(value)) return [];
  const out: RemoteConnectionConfig[] = [];
  for (const entry of value) {
    const raw = (entry ?? {}) as { kind?: unknown; url?: unknown; name?: unknown };
    const url = httpUrl(raw.url);
    if (!url || (raw.kind !== 'tempo' && raw.kind !== 'jaeger')) continue;
    out.push({ kind: raw.kind, url, ...(typeof raw.name === 'string' && raw.name.trim() ? { name: raw.name.trim() } : {}) });
  }
  return out;
}

/** "Authorization=Bearer x; X-Scope-OrgID=team" (or one per line) → headers. Throws on a malformed pair. */
export function parseHeaderText(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const part of text.split(/[;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const colon = part.indexOf(':');
    const at = eq > 0 && (colon < 0 || eq < colon) ? eq : colon;
    if (at <= 0) throw new Error(`"${part.slice(0, 40)}" is not NAME=VALUE`);
    const name = part.slice(0, at).trim();
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new Error(`"${name}" is not a header name`);
    headers[name] = part.slice(at + 1).trim();
  }
  return headers;
}

/** The key a backend's headers are kept under in SecretStorage. */
export function secretKey(url: string): string {
  return `agentTraceLens.headers:${url}`;
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

/**
 * The search box of "Search Remote Traces…": a TraceQL query (starts with `{`), or words where
 * `service:S`, `workload:W`, `op:NAME` and `key=value` set fields and the rest is text in span names.
 */
export function parseSearchText(text: string): Pick<RemoteQuery, 'service' | 'workload' | 'operation' | 'text' | 'traceql' | 'attributes'> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return { traceql: trimmed };
  const out: ReturnType<typeof parseSearchText> = {};
  const words: string[] = [];
  for (const token of trimmed.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []) {
    const m = /^(service|workload|op|operation):(.+)$/.exec(token);
    const unquote = (v: string): string => v.replace(/^"(.*)"$/, '$1');
    if (m) {
      const key = m[1] === 'op' ? 'operation' : m[1] as 'service' | 'workload' | 'operation';
      out[key] = unquote(m[2]!);
    } else if (/^[\w.-]+=.+$/.test(token)) {
      const eq = token.indexOf('=');
      out.attributes = { ...out.attributes, [token.slice(0, eq)]: unquote(token.slice(eq + 1)) };
    } else {
      words.push(unquote(token));
    }
  }
  if (words.length > 0) out.text = words.join(' ');
  return out;
}
