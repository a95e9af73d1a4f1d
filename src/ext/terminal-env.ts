// Environment that points OpenTelemetry exporters (and the coding agents set up for terminals) at the local receiver.
import { SHARED_OTLP_PROTOCOL, terminalAgentsEnv } from '../core/agents-setup/terminal-env';
import type { Settings } from './settings';

export const ENDPOINT_VAR = 'OTEL_EXPORTER_OTLP_ENDPOINT';
export const PROTOCOL_VAR = 'OTEL_EXPORTER_OTLP_PROTOCOL';

export function exporterEnv(httpEndpoint: string): Record<string, string> {
  return { [ENDPOINT_VAR]: httpEndpoint, [PROTOCOL_VAR]: SHARED_OTLP_PROTOCOL };
}

/** Everything new integrated terminals get: nothing while the receiver does not listen. */
export function terminalEnvFor(settings: Pick<Settings, 'injectTerminalEnv' | 'codingAgents'>, endpoints: { http: string | null; grpc: string | null }): Record<string, string> {
  if (!endpoints.http) return {};
  const base = settings.injectTerminalEnv ? exporterEnv(endpoints.http) : {};
  const { terminalAgents, ...options } = settings.codingAgents;
  return terminalAgentsEnv(terminalAgents, { http: endpoints.http, grpc: endpoints.grpc }, options, base);
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
