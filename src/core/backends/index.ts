// Remote trace backends: clients, origin marking, and pulling search results in whole.
import type { DecodedRequest, RawSpan } from '../model/types';
import type { Attributes } from '../model/types';
import { JaegerClient } from './jaeger';
import { TempoClient } from './tempo';
import type { RemoteClientOptions } from './ids';
import type { RemoteClient, RemoteConnectionConfig, RemoteQuery, RemoteTraceRef } from './types';

export { JaegerClient, summarizeTraces } from './jaeger';
export { TempoClient, traceqlFor } from './tempo';
export { RemoteError } from './http-get';
export { normalizeTraceId, type RemoteClientOptions } from './ids';
export type * from './types';

/** Resource attribute that marks spans read from a remote backend: `<kind> <url>`. */
export const ORIGIN_ATTRIBUTE = 'trace_lens.origin';

export function createRemoteClient(config: RemoteConnectionConfig, options: RemoteClientOptions = {}): RemoteClient {
  return config.kind === 'jaeger' ? new JaegerClient(config.url, options) : new TempoClient(config.url, options);
}

export function connectionLabel(config: RemoteConnectionConfig): string {
  if (config.name) return config.name;
  try {
    return `${config.kind === 'jaeger' ? 'Jaeger' : 'Tempo'} ${new URL(config.url).host}`;
  } catch {
    return config.url;
  }
}

/** The same spans with the origin attribute added to each (copied) resource. */
export function markOrigin(request: DecodedRequest, client: Pick<RemoteClient, 'kind' | 'url'>): DecodedRequest {
  const origin = `${client.kind} ${client.url}`;
  const copies = new Map<Attributes, Attributes>();
  const mark = (resource: Attributes): Attributes => {
    let copy = copies.get(resource);
    if (!copy) {
      copy = { ...resource, [ORIGIN_ATTRIBUTE]: origin };
      copies.set(resource, copy);
    }
    return copy;
  };
  return {
    spans: request.spans.map((span): RawSpan => ({ ...span, resource: mark(span.resource) })),
    logs: request.logs.map((log) => ({ ...log, resource: mark(log.resource) })),
  };
}

/** `30m`, `1h`, `2d`, `45s` → milliseconds. */
export function parseSince(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration (use e.g. 30m, 1h, 2d)`);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * unit);
}

export interface PulledTrace {
  ref: RemoteTraceRef;
  request: DecodedRequest;
  partial: boolean;
}

/**
 * Every trace a search finds, with its spans marked with their origin: Jaeger's come with the search,
 * Tempo's are read one by one (a few at a time). A trace gone between search and read is skipped.
 */
export async function pullTraces(
  client: RemoteClient, query: RemoteQuery, onProgress: (done: number, total: number) => void = () => {},
): Promise<PulledTrace[]> {
  const found = await client.search(query);
  const out: Array<PulledTrace | null> = new Array(found.traces.length).fill(null);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < found.traces.length) {
      const i = next++;
      const ref = found.traces[i]!;
      const loaded = found.loaded.get(ref.traceId);
      const trace = loaded ? { request: loaded, partial: false } : await client.getTrace(ref.traceId, { startMs: query.startMs, endMs: query.endMs + 3_600_000 });
      if (trace) out[i] = { ref, request: markOrigin(trace.request, client), partial: trace.partial };
      onProgress(++done, found.traces.length);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return out.filter((t): t is PulledTrace => t !== null);
}
