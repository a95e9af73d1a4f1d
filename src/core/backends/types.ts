// What the editor and the CLI need from a remote trace backend (Grafana Tempo, Jaeger API v3).
import type { DecodedRequest } from '../model/types';

export type RemoteKind = 'tempo' | 'jaeger';

export interface RemoteConnectionConfig {
  kind: RemoteKind;
  url: string;
  /** Shown in pickers; defaults to the host. */
  name?: string;
}

export interface RemoteQuery {
  /** Epoch milliseconds. */
  startMs: number;
  endMs: number;
  limit: number;
  service?: string;
  operation?: string;
  workload?: string;
  /** Span name contains this (Tempo: a regex match on the name; Jaeger: not supported, ignored). */
  text?: string;
  /** Tempo: a TraceQL query used as given (the fields above are then ignored). */
  traceql?: string;
  /** Span attributes that must match exactly (Jaeger query.attributes; Tempo span/resource attributes). */
  attributes?: Record<string, string>;
}

/** One search hit, enough for a result list; open it to read the spans. */
export interface RemoteTraceRef {
  traceId: string;
  rootServiceName: string;
  rootName: string;
  /** Epoch milliseconds (0 when the backend did not say). */
  startMs: number;
  durationMs: number;
}

export interface RemoteSearchResult {
  traces: RemoteTraceRef[];
  /** Traces whose spans came with the search (Jaeger returns whole traces); opened without another call. */
  loaded: Map<string, DecodedRequest>;
}

export interface RemoteTrace {
  request: DecodedRequest;
  /** The backend said the trace is incomplete (Tempo: too large, PARTIAL status). */
  partial: boolean;
}

export interface RemoteClient {
  readonly kind: RemoteKind;
  readonly url: string;
  getTrace(traceId: string, range?: { startMs: number; endMs: number }): Promise<RemoteTrace | null>;
  search(query: RemoteQuery): Promise<RemoteSearchResult>;
}
