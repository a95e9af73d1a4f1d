// Jaeger's API v3 over HTTP: GET /api/v3/traces/<id>, GET /api/v3/traces?query.*, /api/v3/services and
// /api/v3/operations. Traces come as OTLP/JSON wrapped in {"result": {"resourceSpans": …}}; older
// versions stream several such objects one after another. "Nothing found" is a 404 with a JSON error.
import type { DecodedRequest, RawSpan } from '../model/types';
import { decodeTracesJson } from '../otlp/json-decode';
import { parseJsonText } from '../otlp/json-text';
import { RemoteError, apiUrl, errorText, httpGet, type GetReply } from './http-get';
import { normalizeTraceId, type RemoteClientOptions } from './ids';
import type { RemoteClient, RemoteQuery, RemoteSearchResult, RemoteTrace, RemoteTraceRef } from './types';

/** Every `{"result": …}` object of an answer (one, or several separated by newlines). */
function resultGroups(body: Buffer): unknown[] {
  const text = body.toString('utf8').trim();
  if (text === '') return [];
  const chunks = text.startsWith('{') && text.includes('}\n{') ? text.split(/\n(?=\{)/) : [text];
  const groups: unknown[] = [];
  for (const chunk of chunks) {
    const root = parseJsonText(chunk) as { result?: { resourceSpans?: unknown[] }; resourceSpans?: unknown[] } | null;
    const spans = root?.result?.resourceSpans ?? root?.resourceSpans ?? [];
    if (Array.isArray(spans)) groups.push(...spans);
  }
  return groups;
}

function decode(body: Buffer): DecodedRequest {
  return decodeTracesJson({ resourceSpans: resultGroups(body) });
}

const rfc3339 = (ms: number): string => new Date(ms).toISOString();

/** Root span (no parent, else the earliest) per trace, as a result-list row. */
export function summarizeTraces(spans: readonly RawSpan[]): RemoteTraceRef[] {
  const byTrace = new Map<string, RawSpan[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId);
    if (list) list.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  const refs: RemoteTraceRef[] = [];
  for (const [traceId, list] of byTrace) {
    const ids = new Set(list.map((s) => s.spanId));
    const earliest = [...list].sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
    const root = earliest.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId)) ?? earliest[0]!;
    const start = BigInt(earliest[0]!.startTimeUnixNano);
    const end = list.reduce((m, s) => (BigInt(s.endTimeUnixNano) > m ? BigInt(s.endTimeUnixNano) : m), start);
    const service = root.resource['service.name'];
    refs.push({
      traceId,
      rootServiceName: typeof service === 'string' ? service : '',
      rootName: root.name,
      startMs: Number(start / 1_000_000n),
      durationMs: Number((end - start) / 1_000_000n),
    });
  }
  return refs.sort((a, b) => b.startMs - a.startMs);
}

export class JaegerClient implements RemoteClient {
  readonly kind = 'jaeger' as const;

  constructor(readonly url: string, private readonly options: RemoteClientOptions = {}) {}

  private get(path: string, query: Record<string, string | undefined> = {}): Promise<GetReply> {
    return httpGet(apiUrl(this.url, path, query), {
      headers: { ...this.options.headers, Accept: 'application/json' },
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    });
  }

  async getTrace(traceId: string, range?: { startMs: number; endMs: number }): Promise<RemoteTrace | null> {
    const id = normalizeTraceId(traceId);
    const reply = await this.get(`/api/v3/traces/${id}`, range ? { start_time: rfc3339(range.startMs), end_time: rfc3339(range.endMs) } : {});
    if (reply.status === 404) return null;
    if (reply.status !== 200) throw new RemoteError(`Jaeger trace ${id}: HTTP ${reply.status}: ${errorText(reply)}`, reply.status);
    const request = this.decodeOrThrow(reply, `trace ${id}`);
    return request.spans.length === 0 ? null : { request, partial: false };
  }

  /** Whole traces matching the query (service required by Jaeger), newest first, at most `limit`. */
  async search(query: RemoteQuery): Promise<RemoteSearchResult> {
    if (!query.service) throw new RemoteError('Jaeger search needs a service name');
    const attributes = { ...query.attributes, ...(query.workload ? { [this.options.workloadKey ?? 'workload.id']: query.workload } : {}) };
    const reply = await this.get('/api/v3/traces', {
      'query.service_name': query.service,
      'query.operation_name': query.operation,
      'query.start_time_min': rfc3339(query.startMs),
      'query.start_time_max': rfc3339(query.endMs),
      'query.num_traces': String(query.limit),
      'query.attributes': Object.keys(attributes).length > 0 ? JSON.stringify(attributes) : undefined,
    });
    if (reply.status === 404) return { traces: [], loaded: new Map() };
    if (reply.status !== 200) throw new RemoteError(`Jaeger search: HTTP ${reply.status}: ${errorText(reply)}`, reply.status);
    const request = this.decodeOrThrow(reply, 'search');
    const traces = summarizeTraces(request.spans).slice(0, query.limit);
    const loaded = new Map<string, DecodedRequest>();
    for (const ref of traces) loaded.set(ref.traceId, { spans: [], logs: [] });
    for (const span of request.spans) loaded.get(span.traceId)?.spans.push(span);
    return { traces, loaded };
  }

  async services(): Promise<string[]> {
    const reply = await this.get('/api/v3/services');
    if (reply.status !== 200) throw new RemoteError(`Jaeger services: HTTP ${reply.status}: ${errorText(reply)}`, reply.status);
    const parsed = JSON.parse(reply.body.toString('utf8')) as { services?: unknown };
    return Array.isArray(parsed.services) ? parsed.services.filter((s): s is string => typeof s === 'string') : [];
  }

  async operations(service: string): Promise<Array<{ name: string; spanKind: string }>> {
    const reply = await this.get('/api/v3/operations', { service });
    if (reply.status !== 200) throw new RemoteError(`Jaeger operations: HTTP ${reply.status}: ${errorText(reply)}`, reply.status);
    const parsed = JSON.parse(reply.body.toString('utf8')) as { operations?: Array<{ name?: unknown; spanKind?: unknown }> };
    return (parsed.operations ?? [])
      .filter((o) => typeof o.name === 'string')
      .map((o) => ({ name: o.name as string, spanKind: typeof o.spanKind === 'string' ? o.spanKind : '' }));
  }

  private decodeOrThrow(reply: GetReply, what: string): DecodedRequest {
    try {
      return decode(reply.body);
    } catch (error) {
      throw new RemoteError(`Jaeger ${what}: unreadable answer (${(error as Error).message})`);
    }
  }
}
