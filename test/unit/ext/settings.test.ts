import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grpcEndpoint, httpEndpoint, readSettings, sameReceiver, sameStore, type SettingGetter } from '../../../src/ext/settings';
import { resolveRetention } from '../../../src/core/store/retention';

function getter(values: Record<string, unknown>): SettingGetter {
  return <T>(key: string, fallback: T): T => (key in values ? (values[key] as T) : fallback);
}

test('defaults', () => {
  const s = readSettings(getter({}), {});
  assert.deepEqual(s.receiver, { host: '127.0.0.1', httpPort: 4318, grpcPort: 4317 });
  assert.equal(s.receiverEnabled, true);
  assert.equal(s.storagePath, '');
  assert.equal(s.workloadAttribute, 'workload.id');
  assert.equal(s.injectTerminalEnv, true);
  assert.deepEqual(s.portSource, { http: 'setting', grpc: 'setting' });
});

test('environment variables override the port settings', () => {
  const s = readSettings(getter({ 'receiver.httpPort': 9999 }), {
    AGENT_TRACE_LENS_HTTP_PORT: '0', AGENT_TRACE_LENS_GRPC_PORT: '14317',
  });
  assert.equal(s.receiver.httpPort, 0);
  assert.equal(s.receiver.grpcPort, 14317);
  assert.deepEqual(s.portSource, { http: 'env', grpc: 'env' });
});

test('invalid ports fall back to the defaults, invalid env is ignored', () => {
  const s = readSettings(getter({ 'receiver.httpPort': 70000, 'receiver.grpcPort': -1 }), { AGENT_TRACE_LENS_HTTP_PORT: 'abc' });
  assert.equal(s.receiver.httpPort, 4318);
  assert.equal(s.receiver.grpcPort, 4317);
  assert.equal(s.portSource.http, 'setting');
});

test('prices keep only well-formed entries; zero retention means no limit', () => {
  const s = readSettings(getter({
    prices: { good: { inputPerMTok: 1, outputPerMTok: 2, cacheReadPerMTok: 0.5 }, bad: { inputPerMTok: 'x' }, worse: 3 },
    'retention.maxSpans': 0,
    'retention.maxBytes': 1000,
  }), {});
  assert.deepEqual(s.prices, { good: { inputPerMTok: 1, outputPerMTok: 2, cacheReadPerMTok: 0.5 } });
  assert.equal(s.retention.maxSpans, 0, '0 is passed on: the store reads it as "no limit"');
  assert.equal(resolveRetention(s.retention).maxSpans, Number.POSITIVE_INFINITY);
  assert.equal(s.retention.maxBytes, 1000);
});

test('change detection separates receiver and store settings', () => {
  const a = readSettings(getter({}), {});
  const port = readSettings(getter({ 'receiver.httpPort': 5000 }), {});
  const store = readSettings(getter({ 'storage.path': 'x' }), {});
  const price = readSettings(getter({ prices: { m: { inputPerMTok: 1, outputPerMTok: 1 } } }), {});
  assert.equal(sameReceiver(a, port), false);
  assert.equal(sameStore(a, port), true);
  assert.equal(sameReceiver(a, store), true);
  assert.equal(sameStore(a, store), false);
  assert.equal(sameStore(a, price), false);
});

test('endpoints: wildcard binds map to loopback, IPv6 in brackets', () => {
  assert.equal(httpEndpoint('127.0.0.1', 4318), 'http://127.0.0.1:4318');
  assert.equal(httpEndpoint('0.0.0.0', 1), 'http://127.0.0.1:1');
  assert.equal(httpEndpoint('::1', 2), 'http://[::1]:2');
  assert.equal(grpcEndpoint('::', 3), '[::1]:3');
});
