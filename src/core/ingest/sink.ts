// Where received requests go (an IngestSink: the StoreWorker in the extension and the CLI) and the errors a sink
// throws that a sender may retry. The receiver maps them onto HTTP and gRPC statuses (src/receiver/error-status.ts);
// the store worker throws them without depending on the receiver.
import type { IngestResult } from '../model/store-types';
import type { OtlpEncoding, OtlpSignal } from '../otlp';

export interface IngestSink {
  submit(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding): Promise<IngestResult>;
}

/** `submit` found the bounded queue full: nothing was kept; retry after `retryAfterSeconds`. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
  constructor(readonly retryAfterSeconds: number, message = 'ingest queue is full, retry later') {
    super(message);
  }
}

/**
 * The store cannot write (disk full, folder read-only): nothing of the request was kept; the sender should
 * retry later. The message names the folder.
 */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
  readonly retryAfterSeconds = 5;
}

/** The ingest worker died or stopped while a request was pending; the request may be retried. */
export class WorkerUnavailableError extends Error {
  override name = 'WorkerUnavailableError';
  readonly retryAfterSeconds = 1;
}
