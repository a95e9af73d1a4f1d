// How a failed ingest is answered, decided once for both transports: the HTTP status with Retry-After, and the
// google.rpc.Code (the gRPC status; also the code in the HTTP body's Status) with the retry delay.
import { QueueFullError, StorageUnavailableError, WorkerUnavailableError } from '../core/ingest/sink';
import { OtlpDecodeError } from '../core/otlp';
import { RpcCode } from './status-body';

export interface IngestErrorStatus {
  httpStatus: number;
  /** google.rpc.Code. */
  code: number;
  message: string;
  /** Whole seconds the sender should wait before it retries; null when retrying the same request cannot help. */
  retryAfterSeconds: number | null;
}

const wholeSeconds = (seconds: number): number => Math.max(1, Math.ceil(seconds));

export function ingestErrorStatus(error: unknown): IngestErrorStatus {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof QueueFullError) {
    return { httpStatus: 429, code: RpcCode.RESOURCE_EXHAUSTED, message, retryAfterSeconds: wholeSeconds(error.retryAfterSeconds) };
  }
  // By name too: a decode error rebuilt after crossing the worker boundary.
  if (error instanceof OtlpDecodeError || (error instanceof Error && error.name === 'OtlpDecodeError')) {
    return { httpStatus: 400, code: RpcCode.INVALID_ARGUMENT, message, retryAfterSeconds: null };
  }
  if (error instanceof StorageUnavailableError || error instanceof WorkerUnavailableError) {
    return { httpStatus: 503, code: RpcCode.UNAVAILABLE, message, retryAfterSeconds: wholeSeconds(error.retryAfterSeconds) };
  }
  return { httpStatus: 500, code: RpcCode.INTERNAL, message: `internal error: ${message}`, retryAfterSeconds: null };
}
