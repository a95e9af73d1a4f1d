// Public surface of the receiver layer: a worker thread that owns the store, and the OTLP servers.
import type { OtlpEncoding, OtlpSignal } from '../core/otlp';
import type { NormalizedSpan, TraceSummary } from '../core/model/types';
import type {
  IngestResult, SpanSearchQuery, SpanStructure, StoreOptions, StoreStats, TraceFilter,
} from '../core/store';

export interface IngestEvent {
  traceIds: string[];
  stats: StoreStats;
}

/** Thrown by `submit` when the bounded queue is full (HTTP 429/503 + Retry-After, gRPC RESOURCE_EXHAUSTED). */
export declare class QueueFullError extends Error {
  readonly retryAfterSeconds: number;
}

/**
 * Runs the TraceStore inside a worker thread so decode + normalize + insert never block the caller's
 * thread (the VS Code extension host). Every method is an async request to the worker.
 */
export declare class StoreWorker {
  static start(options: StoreOptions & { queueLimit?: number }): Promise<StoreWorker>;
  /** Decode, make durable and insert one request body; resolves after it is on disk. */
  submit(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding): Promise<IngestResult>;
  importFiles(paths: string[]): Promise<IngestResult>;
  listTraces(filter?: TraceFilter): Promise<TraceSummary[]>;
  getTraceSummary(traceId: string): Promise<TraceSummary | null>;
  getTraceStructure(traceId: string): Promise<SpanStructure[]>;
  getTraceSpans(traceId: string): Promise<NormalizedSpan[]>;
  getSpan(traceId: string, spanId: string): Promise<NormalizedSpan | null>;
  searchSpans(query: SpanSearchQuery): Promise<SpanStructure[]>;
  exportOtlpJson(traceIds?: string[]): Promise<string>;
  stats(): Promise<StoreStats>;
  clear(): Promise<void>;
  flush(): Promise<void>;
  /** Called after every ingest that changed the store. Returns an unsubscribe function. */
  onDidIngest(listener: (event: IngestEvent) => void): () => void;
  stop(): Promise<void>;
}

export interface ReceiverOptions {
  host: string;
  /** 0 picks a free port. */
  httpPort: number;
  grpcPort: number;
  /** Limit for the body and for the decompressed body (default 32 MiB). */
  maxBodyBytes?: number;
}

export interface ReceiverAddress {
  http: { host: string; port: number };
  grpc: { host: string; port: number };
}

/** Port already taken: the message names the port and the setting/flag that changes it. */
export declare class PortInUseError extends Error {
  readonly port: number;
  readonly protocol: 'http' | 'grpc';
}

/** OTLP/HTTP + OTLP/gRPC servers that hand request bodies to a StoreWorker. Restartable. */
export declare class OtlpReceiver {
  static start(options: ReceiverOptions, sink: StoreWorker): Promise<OtlpReceiver>;
  readonly address: ReceiverAddress;
  stop(): Promise<void>;
}
