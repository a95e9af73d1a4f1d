// Variables that point the terminal coding agents at the local receiver.

import type { TerminalAgentId } from './agents';

export interface ReceiverEndpoints {
  /** `http://host:port` of the OTLP/HTTP listener. */
  http: string;
  /** `host:port` of the OTLP/gRPC listener, or null when there is none. */
  grpc: string | null;
}

export interface TerminalAgentOptions {
  captureContent: boolean;
  /** Claude Code's spans are a beta; its log events come either way. */
  claudeCodeSpans: boolean;
}

/**
 * One protocol for every variable the terminal shares with other OpenTelemetry SDKs. Claude Code needs it
 * set (it has no default); http/protobuf is what the plain OTLP injection sets too, and unlike http/json
 * every OTLP SDK (Python's included) accepts it.
 */
export const SHARED_OTLP_PROTOCOL = 'http/protobuf';

function claudeCodeEnv(endpoints: ReceiverEndpoints, options: TerminalAgentOptions): Record<string, string> {
  const env: Record<string, string> = {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.http,
    OTEL_EXPORTER_OTLP_PROTOCOL: SHARED_OTLP_PROTOCOL,
  };
  if (options.claudeCodeSpans) {
    env.OTEL_TRACES_EXPORTER = 'otlp';
    env.CLAUDE_CODE_ENHANCED_TELEMETRY_BETA = '1';
  }
  if (options.captureContent) {
    env.OTEL_LOG_USER_PROMPTS = '1';
    env.OTEL_LOG_TOOL_DETAILS = '1';
  }
  return env;
}

function geminiEnv(endpoints: ReceiverEndpoints, options: TerminalAgentOptions): Record<string, string> {
  // Gemini's default is gRPC (gzip) and its endpoint is a URL; without a gRPC listener it speaks OTLP/HTTP JSON.
  const grpc = endpoints.grpc ? `http://${endpoints.grpc}` : null;
  return {
    GEMINI_TELEMETRY_ENABLED: 'true',
    GEMINI_TELEMETRY_TARGET: 'local',
    GEMINI_TELEMETRY_USE_COLLECTOR: 'true',
    GEMINI_TELEMETRY_OTLP_ENDPOINT: grpc ?? endpoints.http,
    GEMINI_TELEMETRY_OTLP_PROTOCOL: grpc ? 'grpc' : 'http',
    // Gemini logs prompts unless told not to, and its spans carry whole messages: both follow the content choice.
    GEMINI_TELEMETRY_LOG_PROMPTS: options.captureContent ? 'true' : 'false',
    GEMINI_TELEMETRY_TRACES_ENABLED: options.captureContent ? 'true' : 'false',
  };
}

function copilotCliEnv(endpoints: ReceiverEndpoints, options: TerminalAgentOptions): Record<string, string> {
  const env: Record<string, string> = {
    COPILOT_OTEL_ENABLED: 'true',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.http,
    OTEL_EXPORTER_OTLP_PROTOCOL: SHARED_OTLP_PROTOCOL,
  };
  if (options.captureContent) env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';
  return env;
}

const BUILDERS: Record<TerminalAgentId, (e: ReceiverEndpoints, o: TerminalAgentOptions) => Record<string, string>> = {
  'claude-code': claudeCodeEnv,
  'gemini-cli': geminiEnv,
  'copilot-cli': copilotCliEnv,
};

/** The variables one terminal agent needs. */
export function terminalAgentEnv(agent: TerminalAgentId, endpoints: ReceiverEndpoints, options: TerminalAgentOptions): Record<string, string> {
  return BUILDERS[agent](endpoints, options);
}

/**
 * All variables for the chosen agents laid over `base` (the plain OTLP variables, or nothing). Agents that
 * share a variable set it to the same value, so the order does not matter.
 */
export function terminalAgentsEnv(
  agents: readonly TerminalAgentId[],
  endpoints: ReceiverEndpoints,
  options: TerminalAgentOptions,
  base: Record<string, string> = {},
): Record<string, string> {
  const env = { ...base };
  for (const agent of agents) Object.assign(env, terminalAgentEnv(agent, endpoints, options));
  return env;
}
