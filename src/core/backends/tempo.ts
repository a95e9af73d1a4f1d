// Grafana Tempo's HTTP API: trace by id (GET /api/v2/traces/<id>, OTLP protobuf inside a
// TraceByIDResponse; /api/traces/<id> on Tempo before v2 routes existed) and TraceQL search
// (GET /api/search?q=&start=&end=&limit=). Times in the query string are unix seconds.
import type { DecodedRequest } from '../model/types';
import { OtlpDecodeError, decodeRequest } from '../otlp';
import { decodeTracesJson } from '../otlp/json-decode';
import { parseJsonText } from '../otlp/json-text';
import { WIRE_LEN, WIRE_VARINT, WireReader } from '../otlp/wire-reader';
import { RemoteError, apiUrl, errorText, httpGet, type GetReply } from './http-get';
import { normalizeTraceId, type RemoteClientOptions } from './ids';
import type { RemoteClient, RemoteQuery, RemoteSearchResult, RemoteTrace, RemoteTraceRef } from './types';

const PARTIAL_STATUS = 1;

/** TraceQL string literal. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A TraceQL spanset filter from the plain search fields; `{}` (every trace) when none is set. */
export function traceqlFor(query: RemoteQuery, workloadKey = 'workload.id'): string {
  if (query.traceql && query.traceql.trim() !== '') return query.traceql.trim();
  const parts: string[] = [];
  if (query.service) parts.push(`resource.service.name = ${quote(query.service)}`);
  if (query.operation) parts.push(`name = ${quote(query.operation)}`);
  if (query.text) parts.push(`name =~ ${quote(`.*${query.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*`)}`);
  if (query.workload) parts.push(`.${workloadKey} = ${quote(query.workload)}`);
  for (const [k, v] of Object.entries(query.attributes ?? {})) parts.push(`.${k} = ${quote(v)}`);
  return parts.length === 0 ? '{}' : `{ ${parts.join(' && ')} }`;
}

/** TraceByIDResponse { Trace trace = 1 (whose field 1 is repeated ResourceSpans); PartialStatus status = 3 }. */
function readTraceByIdProtobuf(body: Uint8Array): RemoteTrace {
  const r = new WireReader(body);
  let trace: Uint8Array = new Uint8Array(0);
  let partial = false;
  while (r.pos < body.length) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === WIRE_LEN) {
      const end = r.lengthEnd();
      trace = body.subarray(r.pos, end);
      r.pos = end;
    } else if (field === 3 && (tag & 7) === WIRE_VARINT) {
      partial = r.varint() === PARTIAL_STATUS;
    } else {
      r.skip(tag & 7);
    }
  }
  return { request: decodeRequest(trace, 'traces', 'protobuf'), partial };
}

/** JSON answers: v2 `{trace: {resourceSpans}, status}`, v1 `{batches}`, or plain `{resourceSpans}`. */
function readTraceJson(body: Buffer): RemoteTrace {
  const root = parseJsonText(body.toString('utf8')) as Record<string, unknown> | null;
  if (root === null || typeof root !== 'object') throw new OtlpDecodeError('not a JSON object');
  const trace = (root.trace ?? root) as Record<string, unknown>;
  const groups = trace.resourceSpans ?? trace.batches ?? [];
  return { request: decodeTracesJson({ resourceSpans: groups }), partial: root.status === 'PARTIAL' };
}

function readTrace(reply: GetReply): RemoteTrace {
  return reply.contentType.includes('protobuf') ? readTraceByIdProtobuf(reply.body) : readTraceJson(reply.body);
}

export class TempoClient implements RemoteClient {
  readonly kind = 'tempo' as const;

  constructor(readonly url: string, private readonly options: RemoteClientOptions = {}) {}

  private get(path: string, query: Record<string, string | undefined>, accept: string): Promise<GetReply> {
    return httpGet(apiUrl(this.url, path, query), {
      headers: { ...this.options.headers, Accept: accept },
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    });
  }

  async getTrace(traceId: string, range?: { startMs: number; endMs: number }): Promise<RemoteTrace | null> {
    const id = normalizeTraceId(traceId);
    const times = range ? { start: String(Math.floor(range.startMs / 1000)), end: String(Math.ceil(range.endMs / 1000)) } : {};
    let reply = await this.get(`/api/v2/traces/${id}`, times, 'application/protobuf');
    // Tempo before 2.5 has no v2 route: its router answers a plain-text 404, a missing trace an empty one.
    if (reply.status === 404 && /page not found/i.test(reply.body.toString('utf8'))) {
      reply = await this.get(`/api/traces/${id}`, times, 'application/protobuf');
    }
    if (reply.status === 404) return null;
    if (reply.status !== 200) throw new RemoteError(`Tempo trace ${id}: HTTP ${reply.status}: ${errorText(reply)}`, reply.status);
    let trace: RemoteTrace;
    try {
      trace = readTrace(reply);
    } catch (error) {
      throw new RemoteError(`Tempo trace ${id}: unreadable answer (${(error as Error).message})`);
    }
    return trace.request.spans.length === 0 ? null : trace;
  }

  async search(query: RemoteQuery): Promise<RemoteSearchResult> {
    const reply = await this.get('/api/search', {
      q: traceqlFor(query, this.options.workloadKey),
      start: String(Math.floor(query.startMs / 1000)),
      end: String(Math.ceil(query.endMs / 1000)),
      limit: String(query.limit),
    }, 'application/json');
    if (reply.status !== 200) throw new RemoteError(`Tempo search: HTTP ${reply.status}: ${errorText(reply)}`, reply.status);
    let parsed: { traces?: unknown };
    try {
      parsed = JSON.parse(reply.body.toString('utf8')) as { traces?: unknown };
    } catch (error) {
      throw new RemoteError(`Tempo search: unreadable answer (${(error as Error).message})`);
    }
    const traces: RemoteTraceRef[] = [];
    for (const t of Array.isArray(parsed.traces) ? parsed.traces : []) {
      const hit = t as Record<string, unknown>;
      if (typeof hit.traceID !== 'string') continue;
      let traceId: string;
      try {
        traceId = normalizeTraceId(hit.traceID);
      } catch {
        continue;
      }
      const startNs = typeof hit.startTimeUnixNano === 'string' ? hit.startTimeUnixNano : '0';
      traces.push({
        traceId,
        rootServiceName: typeof hit.rootServiceName === 'string' ? hit.rootServiceName : '',
        rootName: typeof hit.rootTraceName === 'string' ? hit.rootTraceName : '',
        startMs: /^\d+$/.test(startNs) ? Number(BigInt(startNs) / 1_000_000n) : 0,
        durationMs: typeof hit.durationMs === 'number' ? hit.durationMs : 0,
      });
    }
    return { traces: traces.slice(0, query.limit), loaded: new Map<string, DecodedRequest>() };
  }
}
