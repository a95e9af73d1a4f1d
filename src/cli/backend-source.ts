// `--tempo URL` / `--jaeger URL` for check and import: which backend, which traces, and pulling them
// into a store. Auth headers come from --header K=V or TRACE_LENS_REMOTE_HEADERS ("K=V,K2=V2"), so a
// token need not appear on the command line.
import {
  createRemoteClient, parseSince, pullTraces, type RemoteClient, type RemoteConnectionConfig, type RemoteQuery,
} from '../core/backends';
import type { DecodedRequest, } from '../core/model/types';
import type { IngestResult } from '../core/store';

export const REMOTE_FLAGS = {
  tempo: { type: 'string' },
  jaeger: { type: 'string' },
  query: { type: 'string' },
  service: { type: 'string' },
  operation: { type: 'string' },
  workload: { type: 'string' },
  since: { type: 'string' },
  limit: { type: 'string' },
  header: { type: 'string', multiple: true },
} as const;

export const REMOTE_USAGE = `  --tempo URL         read traces from Grafana Tempo (HTTP API: TraceQL search, then each trace by id)
  --jaeger URL        read traces from Jaeger (API v3: /api/v3/traces)
    --query TRACEQL   Tempo: the TraceQL query (default: built from --service/--operation/--workload)
    --service S       the service (required for Jaeger)
    --operation NAME  span name (Jaeger operation)
    --workload W      the workload attribute's value
    --since 1h        how far back (s, m, h, d; default 1h)
    --limit N         at most N traces (default 100)
    --header K=V      an HTTP header for the backend (repeatable; or TRACE_LENS_REMOTE_HEADERS="K=V,K2=V2")
`;

export interface RemoteSource {
  client: RemoteClient;
  query: RemoteQuery;
}

type Values = Record<string, string | boolean | string[] | undefined>;

function parseHeaders(pairs: string[], fail: (message: string) => Error): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw fail(`--header must be KEY=VALUE, got "${pair}"`);
    headers[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return headers;
}

/** The remote backend the flags name, or null when neither --tempo nor --jaeger is given. */
export function remoteSourceFrom(values: Values, fail: (message: string) => Error, now = Date.now()): RemoteSource | null {
  const str = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] as string : undefined);
  const tempo = str('tempo');
  const jaeger = str('jaeger');
  const remoteOnly = ['query', 'service', 'operation', 'workload', 'since', 'limit', 'header'].filter((f) => values[f] !== undefined);
  if (!tempo && !jaeger) {
    if (remoteOnly.length > 0) throw fail(`--${remoteOnly[0]} needs --tempo URL or --jaeger URL`);
    return null;
  }
  if (tempo && jaeger) throw fail('give either --tempo or --jaeger, not both');
  const config: RemoteConnectionConfig = { kind: tempo ? 'tempo' : 'jaeger', url: (tempo ?? jaeger)! };
  try {
    const url = new URL(config.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw fail(`--${config.kind} needs an http:// or https:// URL, got "${config.url}"`);
  }
  if (config.kind === 'jaeger' && !str('service')) throw fail('--jaeger needs --service S');
  if (config.kind === 'jaeger' && str('query')) throw fail('--query is TraceQL, for --tempo; use --service/--operation/--workload with --jaeger');
  let sinceMs: number;
  try {
    sinceMs = parseSince(str('since') ?? '1h');
  } catch (error) {
    throw fail(`--since: ${(error as Error).message}`);
  }
  const limitText = str('limit') ?? '100';
  if (!/^\d+$/.test(limitText) || Number(limitText) < 1) throw fail(`--limit must be a positive integer, got "${limitText}"`);
  const envHeaders = (process.env.TRACE_LENS_REMOTE_HEADERS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const flagHeaders = Array.isArray(values.header) ? values.header : [];
  const headers = parseHeaders([...envHeaders, ...flagHeaders], fail);
  const query: RemoteQuery = { startMs: now - sinceMs, endMs: now, limit: Number(limitText) };
  for (const key of ['service', 'operation', 'workload'] as const) {
    const v = str(key);
    if (v) query[key] = v;
  }
  const traceql = str('query');
  if (traceql) query.traceql = traceql;
  return { client: createRemoteClient(config, { headers }), query };
}

/** Pull every trace the query finds into a store; returns counts for the summary line. */
export async function pullIntoStore(
  source: RemoteSource,
  store: { ingestDecoded(request: DecodedRequest): IngestResult },
  warn: (message: string) => void,
): Promise<{ traces: number; spans: number }> {
  const pulled = await pullTraces(source.client, source.query);
  let spans = 0;
  for (const trace of pulled) {
    if (trace.partial) warn(`trace ${trace.ref.traceId} is incomplete at the backend (too large); checking the part it returned`);
    spans += store.ingestDecoded(trace.request).acceptedSpans;
  }
  return { traces: pulled.length, spans };
}
