// Public surface of the receiver layer: a worker thread that owns the store, and the OTLP servers.
export type { IngestEvent, ReceiverAddress, ReceiverOptions } from './types';
export { PortInUseError, QueueFullError, WorkerUnavailableError } from './errors';
export { StoreWorker, type StoreWorkerOptions, type WorkerCrashEvent } from './store-worker';
export { OtlpReceiver } from './otlp-receiver';
export { type IngestSink, DEFAULT_MAX_BODY_BYTES } from './http-handler';
