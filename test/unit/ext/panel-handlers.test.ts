import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordingRpc, handlerCoverage } from '../../../src/ext/panel-handlers';
import { registerInsightHandlers } from '../../../src/ext/insights';
import { GetSession, GetSpanInsights, GetUsage, ListSessions, ListTraces, Ready } from '../../../src/protocol/messages';

test('coverage names requests without a handler, with two, and handlers no descriptor names', () => {
  const descriptors = [ListTraces, ListSessions, GetSession];
  assert.deepEqual(handlerCoverage(['traces/list', 'sessions/list', 'sessions/list', 'old/method'], descriptors), {
    missing: ['sessions/get'],
    duplicated: ['sessions/list'],
    unknown: ['old/method'],
  });
  assert.deepEqual(handlerCoverage(descriptors.map((d) => d.method), descriptors), { missing: [], duplicated: [], unknown: [] });
});

test('a recording endpoint records what a feature registers, in order', () => {
  const rpc = new RecordingRpc();
  registerInsightHandlers(rpc, {
    openStore: () => Promise.reject(new Error('not called')),
    prices: () => ({}),
    violatingTraceIds: () => null,
    decorate: async (rows) => rows,
  });
  rpc.onNotification(Ready);
  assert.deepEqual(rpc.requests, [ListSessions, GetSession, GetUsage, GetSpanInsights].map((d) => d.method));
  assert.deepEqual(rpc.notifications, ['ready']);
});
