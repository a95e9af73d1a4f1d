import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSettings, type SettingGetter } from '../../../src/ext/settings';
import { terminalEnvFor } from '../../../src/ext/terminal-env';

function settings(values: Record<string, unknown>) {
  const get: SettingGetter = <T>(key: string, fallback: T): T => (key in values ? (values[key] as T) : fallback);
  return readSettings(get, {});
}
const endpoints = { http: 'http://127.0.0.1:14318', grpc: '127.0.0.1:14317' };

test('by default only the plain OTLP variables; no coding agent is on until chosen', () => {
  const s = settings({});
  assert.deepEqual(s.codingAgents, { terminalAgents: [], captureContent: false, claudeCodeSpans: true });
  assert.deepEqual(terminalEnvFor(s, endpoints), {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:14318',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  });
});

test('chosen agents add their variables, also with the plain OTLP injection off', () => {
  const env = terminalEnvFor(settings({
    'terminal.injectEnv': false,
    'codingAgents.terminalAgents': ['gemini-cli', 'claude-code'],
    'codingAgents.captureContent': true,
  }), endpoints);
  assert.equal(env.CLAUDE_CODE_ENABLE_TELEMETRY, '1');
  assert.equal(env.OTEL_LOG_USER_PROMPTS, '1');
  assert.equal(env.GEMINI_TELEMETRY_OTLP_ENDPOINT, 'http://127.0.0.1:14317');
  assert.equal(env.COPILOT_OTEL_ENABLED, undefined);
  assert.equal(env.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://127.0.0.1:14318');
});

test('nothing while the receiver does not listen (a port held by another program)', () => {
  assert.deepEqual(terminalEnvFor(settings({ 'codingAgents.terminalAgents': ['claude-code'] }), { http: null, grpc: null }), {});
});
