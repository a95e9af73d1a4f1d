// Environment that points OpenTelemetry exporters at the local receiver.

export const ENDPOINT_VAR = 'OTEL_EXPORTER_OTLP_ENDPOINT';
export const PROTOCOL_VAR = 'OTEL_EXPORTER_OTLP_PROTOCOL';

export function exporterEnv(httpEndpoint: string): Record<string, string> {
  return { [ENDPOINT_VAR]: httpEndpoint, [PROTOCOL_VAR]: 'http/protobuf' };
}

/** Text for the clipboard: the endpoints plus ready-to-paste env lines for POSIX shells and PowerShell. */
export function endpointClipboardText(httpEndpoint: string, grpcEndpoint: string | null): string {
  const env = exporterEnv(httpEndpoint);
  const lines = [
    `# Agent Trace Lens OTLP receiver`,
    `# OTLP/HTTP: ${httpEndpoint}  (traces: ${httpEndpoint}/v1/traces)`,
  ];
  if (grpcEndpoint) lines.push(`# OTLP/gRPC: ${grpcEndpoint}`);
  lines.push('# bash/zsh:');
  for (const [k, v] of Object.entries(env)) lines.push(`export ${k}=${v}`);
  lines.push('# PowerShell:');
  for (const [k, v] of Object.entries(env)) lines.push(`$env:${k}="${v}"`);
  return lines.join('\n');
}
