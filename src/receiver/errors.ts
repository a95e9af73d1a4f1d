/** Thrown by `submit` when the bounded queue is full (HTTP 429/503 + Retry-After, gRPC RESOURCE_EXHAUSTED). */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
  constructor(readonly retryAfterSeconds: number, message = 'ingest queue is full, retry later') {
    super(message);
  }
}

/**
 * The store cannot write (disk full, folder read-only): nothing of the request was kept; the sender should
 * retry later (HTTP 503 + Retry-After, gRPC UNAVAILABLE). The message names the folder.
 */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
  readonly retryAfterSeconds = 5;
}

/** The ingest worker died or stopped while a request was pending; the request may be retried. */
export class WorkerUnavailableError extends Error {
  override name = 'WorkerUnavailableError';
}

const PORT_SETTING = {
  http: { flag: '--http-port', setting: 'agentTraceLens.receiver.httpPort', label: 'OTLP/HTTP' },
  grpc: { flag: '--grpc-port', setting: 'agentTraceLens.receiver.grpcPort', label: 'OTLP/gRPC' },
} as const;

/** Port already taken: the message names the port and the setting/flag that changes it. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly port: number, readonly protocol: 'http' | 'grpc', host: string) {
    const names = PORT_SETTING[protocol];
    super(
      `${names.label} port ${port} on ${host} is already in use (another collector or Jaeger may be running). ` +
        `Pick another port with ${names.flag} (CLI) or the setting ${names.setting}, or 0 for any free port.`,
    );
  }
}
