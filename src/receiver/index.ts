// Public surface of the receiver layer: the OTLP servers and what they feed (an IngestSink).
export type { ReceiverAddress, ReceiverOptions } from './types';
export { PortInUseError } from './errors';
export {
  QueueFullError, StorageUnavailableError, WorkerUnavailableError, type IngestSink,
} from '../core/ingest/sink';
export { OtlpReceiver } from './otlp-receiver';
export { DEFAULT_MAX_BODY_BYTES } from './http-handler';
export { ingestErrorStatus, type IngestErrorStatus } from './error-status';
