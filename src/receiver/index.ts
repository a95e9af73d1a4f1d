// Public surface of the receiver layer: the OTLP servers and what they feed (an IngestSink).
export type { ReceiverAddress, ReceiverOptions } from './types';
export { PortInUseError, QueueFullError, StorageUnavailableError, WorkerUnavailableError } from './errors';
export { OtlpReceiver } from './otlp-receiver';
export { type IngestSink, DEFAULT_MAX_BODY_BYTES } from './http-handler';
