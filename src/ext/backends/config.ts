// Trace backend settings (Tempo, Jaeger connections) and the headers kept for a backend or a forwarding
// endpoint, read into plain values; the search box's text. No vscode import: unit-tested directly.
import type { RemoteConnectionConfig, RemoteQuery } from '../../core/backends';

/** An http(s) URL, trimmed; null for anything else. */
export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? value.trim() : null;
  } catch {
    return null;
  }
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
