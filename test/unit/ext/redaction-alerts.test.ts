import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RedactionReport } from '../../../src/core/model/store-types';
import { RedactionAlertGate, alertMessage } from '../../../src/ext/redaction-alerts';
import { statusText, statusTooltip } from '../../../src/ext/status-bar-text';

const report = (hits: Record<string, number>, spanId = 's1'): RedactionReport => ({
  hits, spans: [{ traceId: 't1', spanId, rules: Object.keys(hits) }],
});

test('the first hit of a rule alerts at once; more hits within the quiet period wait and come together', () => {
  const gate = new RedactionAlertGate(1000);
  assert.deepEqual(gate.add(report({ 'openai-key': 1 }), 0).map((a) => a.rule), ['openai-key']);
  assert.deepEqual(gate.add(report({ 'openai-key': 2 }, 's2'), 100), []);
  assert.deepEqual(gate.add(report({ 'openai-key': 1 }, 's3'), 200), []);
  assert.equal(gate.nextDue(), 1000);
  assert.deepEqual(gate.due(999), []);
  const held = gate.due(1000);
  assert.deepEqual(held.map((a) => [a.rule, a.hits, a.spans.map((s) => s.spanId)]), [['openai-key', 3, ['s2', 's3']]]);
  assert.equal(gate.nextDue(), null);
});

test('each rule has its own quiet period; personal-data rules do not alert', () => {
  const gate = new RedactionAlertGate(1000);
  assert.equal(gate.add(report({ 'openai-key': 1 }), 0).length, 1);
  assert.deepEqual(gate.add(report({ 'aws-key': 1, email: 3, 'key:*password*': 1 }), 10).map((a) => a.rule).sort(),
    ['aws-key', 'key:*password*']);
  assert.deepEqual(gate.add(report({ email: 1, 'credit-card': 1 }), 5000), []);
  assert.equal(gate.add(report({ 'openai-key': 1 }), 5000).length, 1, 'after the quiet period it alerts at once again');
});

test('the status bar counts redactions when there are some', () => {
  const status = { state: 'listening' as const, httpEndpoint: 'http://127.0.0.1:4318', grpcEndpoint: null, error: null };
  const stats = { traces: 1, spans: 2, errorSpans: 0, errorTraces: 0 };
  assert.ok(!statusText(status, stats).includes('shield'));
  assert.match(statusText(status, { ...stats, redactions: 3 }), /\$\(shield\) 3$/);
  assert.match(statusTooltip(status, { ...stats, redactions: 3 }), /3 values redacted at ingest/);
});

test('the warning names what arrived, where and the rule, never the value', () => {
  const one = alertMessage({ rule: 'openai-key', hits: 2, spans: [{ traceId: 't', spanId: 'a' }, { traceId: 't', spanId: 'a' }] });
  assert.equal(one, 'Agent Trace Lens: an OpenAI API key (sk-..., sk-proj-...) arrived in a span (2×, rule openai-key). '
    + 'It was redacted before anything was stored.');
  assert.match(alertMessage({ rule: 'key:*password*', hits: 3, spans: [{ traceId: 't', spanId: 'a' }, { traceId: 't', spanId: 'b' }] }),
    /a value under a key matching '\*password\*' arrived in 2 spans \(3×/);
  assert.match(alertMessage({ rule: 'ticket-pin', hits: 1, spans: [] }), /a match of 'ticket-pin' arrived in a log record without a span/);
});
