// Typed messages between StoreWorker (caller thread) and ingest-worker (worker thread).
import type { OtlpEncoding, OtlpSignal } from '../core/otlp';
import type {
  ContentMatch, ContentSearchQuery, ContentSearchResult, IngestResult, RedactionReport, StoreStats,
} from '../core/model/store-types';
import type { RedactionConfig } from '../core/redaction';
import type { StoreOptions, TraceStorage } from '../core/store';
import type { DecodedRequest } from '../core/model/types';
import type { WireStructure } from '../protocol/structure-codec';
import type { QueuedRequest } from '../core/forward/queue';

/**
 * Every request the worker answers, as a method signature (the worker implements this with a TraceStore):
 * the storage interface as the store answers it in the thread, plus what only the worker does.
 */
export interface WorkerApi extends Omit<TraceStorage<false>, 'getTraceStructure' | 'searchContent'> {
  submit(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding): IngestResult;
  importFiles(paths: string[]): IngestResult;
  /** Redaction rules for the requests that come next. */
  setRedaction(config: RedactionConfig): void;
  /**
   * Columns, not objects (cloning 100k objects to the caller's thread is the slow part of opening a big trace), in
   * the form the host forwards to the webview.
   */
  getTraceStructure(traceId: string): WireStructure;
  /** Store a request read from a remote backend (never forwarded: it came from there). */
  ingestRemote(request: DecodedRequest): IngestResult;
  /** Which encodings accepted requests are copied out in for forwarding (none = forwarding off). */
  setForwarding(encodings: OtlpEncoding[]): void;
  close(): Promise<void>;
}

export type WorkerMethod = keyof WorkerApi;

export interface WorkerRequest<M extends WorkerMethod = WorkerMethod> {
  type: 'request';
  id: number;
  method: M;
  args: Parameters<WorkerApi[M]>;
}

/**
 * A content search runs as a job beside the request queue: its start waits its turn in the queue (so it
 * sees every write sent before it), then the scan yields to the queue between chunks. A cancel acts at once.
 */
export interface SearchStartMessage {
  type: 'search-start';
  searchId: number;
  query: ContentSearchQuery;
}

export interface SearchCancelMessage {
  type: 'search-cancel';
  searchId: number;
}

export type MainToWorker = WorkerRequest | SearchStartMessage | SearchCancelMessage;

/** Errors cross the thread boundary by name + message; the caller rebuilds known classes. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type WorkerToMain =
  | { type: 'ready' }
  | { type: 'fatal'; error: SerializedError }
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: SerializedError }
  | { type: 'ingest'; traceIds: string[]; stats: StoreStats }
  /** A request had values redacted (sent at once, before its answer). */
  | { type: 'redacted'; report: RedactionReport }
  /** Copies of accepted requests to forward upstream (only while forwarding encodings are set). */
  | { type: 'forward'; requests: QueuedRequest[] }
  /** After each scanned chunk: the new matches and how far the scan got. */
  | { type: 'search-progress'; searchId: number; matches: ContentMatch[]; scannedBytes: number; totalBytes: number }
  | { type: 'search-result'; searchId: number; ok: true; result: ContentSearchResult }
  | { type: 'search-result'; searchId: number; ok: false; error: SerializedError };

/** Passed as workerData. */
export interface WorkerInit {
  store: StoreOptions;
  forwardEncodings?: OtlpEncoding[];
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/** The answer to a content search cancelled before its scan began. */
export function notStartedResult(): ContentSearchResult {
  return { matchCount: 0, scannedBytes: 0, totalBytes: 0, complete: false };
}
