// Typed messages between StoreWorker (caller thread) and ingest-worker (worker thread).
import type { OtlpEncoding, OtlpSignal } from '../core/otlp';
import type { IngestResult, StoreStats } from '../core/model/store-types';
import type { StoreOptions, TraceStorage } from '../core/store';
import type { TransferableStructure } from '../protocol/structure-codec';

/**
 * Every request the worker answers, as a method signature (the worker implements this with a TraceStore):
 * the storage interface as the store answers it in the thread, plus what only the worker does.
 */
export interface WorkerApi extends Omit<TraceStorage<false>, 'getTraceStructure'> {
  submit(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding): IngestResult;
  importFiles(paths: string[]): IngestResult;
  /** Columns, not objects: cloning 100k objects to the caller's thread is the slow part of opening a big trace. */
  getTraceStructure(traceId: string): TransferableStructure;
  close(): Promise<void>;
}

export type WorkerMethod = keyof WorkerApi;

export interface WorkerRequest<M extends WorkerMethod = WorkerMethod> {
  id: number;
  method: M;
  args: Parameters<WorkerApi[M]>;
}

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
  | { type: 'ingest'; traceIds: string[]; stats: StoreStats };

/** Passed as workerData. */
export interface WorkerInit {
  store: StoreOptions;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}
