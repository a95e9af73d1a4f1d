// Receiver start-up errors. What a sink throws while ingesting is in src/core/ingest/sink.ts.
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
