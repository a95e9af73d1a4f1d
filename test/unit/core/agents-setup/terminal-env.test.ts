import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terminalAgentEnv, terminalAgentsEnv, SHARED_OTLP_PROTOCOL } from '../../../../src/core/agents-setup/terminal-env';
import { terminalAgentsOf } from '../../../../src/core/agents-setup/agents';

const endpoints = { http: 'http://127.0.0.1:14318', grpc: '127.0.0.1:14317' };
const off = { captureContent: false, claudeCodeSpans: true };
const on = { captureContent: true, claudeCodeSpans: true };

test('Claude Code: telemetry on, explicit protocol, logs and metrics over OTLP, beta spans, no content by default', () => {
  assert.deepEqual(terminalAgentEnv('claude-code', endpoints, off), {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_TRACES_EXPORTER: 'otlp',
    CLAUDE_CODE_ENHANCED_TELEMETRY_BETA: '1',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:14318',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  });
});

test('Claude Code: content adds prompts and tool details; spans can be left off', () => {
  const env = terminalAgentEnv('claude-code', endpoints, { captureContent: true, claudeCodeSpans: false });
  assert.equal(env.OTEL_LOG_USER_PROMPTS, '1');
  assert.equal(env.OTEL_LOG_TOOL_DETAILS, '1');
  assert.equal(env.OTEL_TRACES_EXPORTER, undefined);
  assert.equal(env.CLAUDE_CODE_ENHANCED_TELEMETRY_BETA, undefined);
});

test('Gemini CLI: gRPC to the gRPC port as a URL; prompts and spans follow the content choice', () => {
  assert.deepEqual(terminalAgentEnv('gemini-cli', endpoints, off), {
    GEMINI_TELEMETRY_ENABLED: 'true',
    GEMINI_TELEMETRY_TARGET: 'local',
    GEMINI_TELEMETRY_USE_COLLECTOR: 'true',
    GEMINI_TELEMETRY_OTLP_ENDPOINT: 'http://127.0.0.1:14317',
    GEMINI_TELEMETRY_OTLP_PROTOCOL: 'grpc',
    GEMINI_TELEMETRY_LOG_PROMPTS: 'false',
    GEMINI_TELEMETRY_TRACES_ENABLED: 'false',
  });
  const withContent = terminalAgentEnv('gemini-cli', endpoints, on);
  assert.equal(withContent.GEMINI_TELEMETRY_LOG_PROMPTS, 'true');
  assert.equal(withContent.GEMINI_TELEMETRY_TRACES_ENABLED, 'true');
});

test('Gemini CLI without a gRPC listener speaks OTLP/HTTP to the HTTP port', () => {
  const env = terminalAgentEnv('gemini-cli', { http: 'http://127.0.0.1:5000', grpc: null }, off);
  assert.equal(env.GEMINI_TELEMETRY_OTLP_ENDPOINT, 'http://127.0.0.1:5000');
  assert.equal(env.GEMINI_TELEMETRY_OTLP_PROTOCOL, 'http');
});

test('Copilot CLI: HTTP endpoint, content only when chosen', () => {
  assert.deepEqual(terminalAgentEnv('copilot-cli', endpoints, off), {
    COPILOT_OTEL_ENABLED: 'true',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:14318',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  });
  assert.equal(terminalAgentEnv('copilot-cli', endpoints, on).OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT, 'true');
});

test('agents that share variables agree on their values, and with the plain OTLP variables', () => {
  const base = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.http, OTEL_EXPORTER_OTLP_PROTOCOL: SHARED_OTLP_PROTOCOL };
  const all = terminalAgentsEnv(['claude-code', 'gemini-cli', 'copilot-cli'], endpoints, on, base);
  for (const agent of ['claude-code', 'gemini-cli', 'copilot-cli'] as const) {
    for (const [k, v] of Object.entries(terminalAgentEnv(agent, endpoints, on))) assert.equal(all[k], v, `${agent} ${k}`);
  }
  for (const [k, v] of Object.entries(base)) assert.equal(all[k], v);
  assert.deepEqual(terminalAgentsEnv([], endpoints, on, base), base);
});

test('the setting value keeps known terminal agents only, once each', () => {
  assert.deepEqual(terminalAgentsOf(['copilot-cli', 'codex', 'claude-code', 'claude-code', 7]), ['claude-code', 'copilot-cli']);
  assert.deepEqual(terminalAgentsOf('claude-code'), []);
});
