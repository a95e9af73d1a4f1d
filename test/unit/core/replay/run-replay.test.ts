// Every run is a trace in the same store: ingested through the normal OTLP path, under the replay service name,
// linked to the original span, with the edits as attributes, read back by the normalizer (messages, tokens, cost);
// a failed run is stored with error status. Compare and spread over the stored spans.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareReplay, runSpread } from '../../../../src/core/compare';
import { REPLAY_ATTR, REPLAY_SERVICE, applyEdits, replayRequestFromSpan, runReplay } from '../../../../src/core/replay';
import { TraceStore } from '../../../../src/core/store';
import { ingestRun } from '../agents/fixture-store';
import { startFakeProvider, type FakeProvider } from './fake-providers';

const KEY = 'sk-test-run-0123456789abcdefghijklmnop';
const opened: Array<{ close(): Promise<void> }> = [];
after(async () => {
  for (const o of opened) await o.close();
});

async function setUp(script?: FakeProvider['script']): Promise<{ store: TraceStore; fake: FakeProvider }> {
  const store = await TraceStore.open({ dir: null });
  ingestRun(store, 'live-ai-v7-otel');
  const fake = await startFakeProvider('openai', script);
  opened.push(store, fake);
  return { store, fake };
}

const ORIGINAL = { traceId: '4089529f33c8aa54eae7d73301aa01b1', spanId: 'fda2518437614a5f' };

test('a replay is stored as its own trace, linked to the original, in the GenAI vocabulary, priced', async () => {
  const { store, fake } = await setUp([{ kind: 'answer', text: 'It is sunny in Paris today.' }]);
  const original = store.getSpan(ORIGINAL.traceId, ORIGINAL.spanId)!;
  const { request, applied } = applyEdits(replayRequestFromSpan(original), { model: 'gpt-4o-mini', system: 'Be brief.', parameters: { temperature: 0.7 } });
  const streamed: string[] = [];
  const [result] = await runReplay({
    request, applied, endpoint: { provider: 'openai', baseUrl: fake.baseUrl, apiKey: KEY },
    ingest: (body) => void store.ingestRequest(body, 'traces', 'json'),
    onText: (_run, t) => streamed.push(t),
  });
  assert.ok(result && result.ok);
  assert.equal(streamed.join(''), 'It is sunny in Paris today.');
  const listed = store.listTraces().find((t) => t.traceId === result.traceId);
  assert.ok(listed, 'the replay shows in the trace list');
  assert.equal(listed.service, REPLAY_SERVICE);
  const span = store.getSpan(result.traceId, result.spanId)!;
  assert.equal(span.kind, 'llm');
  assert.deepEqual(span.links.map((l) => [l.traceId, l.spanId]), [[ORIGINAL.traceId, ORIGINAL.spanId]]);
  assert.equal(span.attributes[REPLAY_ATTR.ofSpan], ORIGINAL.spanId);
  assert.deepEqual(span.attributes[REPLAY_ATTR.edits], ['system instructions replaced', 'model = gpt-4o-mini', 'temperature = 0.7']);
  assert.equal(span.requestModel, 'gpt-4o-mini');
  assert.equal(span.provider, 'openai');
  assert.deepEqual(span.systemInstructions, [{ type: 'text', content: 'Be brief.' }]);
  assert.deepEqual(span.inputMessages?.map((m) => m.role), ['user', 'assistant', 'tool']);
  assert.deepEqual(span.outputMessages, [{ role: 'assistant', parts: [{ type: 'text', content: 'It is sunny in Paris today.' }], finishReason: 'stop' }]);
  assert.equal(span.inputTokens, 20);
  assert.equal(span.outputTokens, 8);
  assert.equal(span.cacheReadTokens, 4);
  assert.ok(span.costUsd !== null && span.costUsd > 0, 'priced from the request model with the built-in table');
  assert.equal(span.status, 'unset');
  assert.equal(span.attributes['gen_ai.request.temperature'], 0.7);

  const comparison = compareReplay(original, span);
  assert.equal(comparison.originalText, 'Fake answer: {"city":"Paris","forecast":"sunny"}');
  assert.equal(comparison.sameText, false);
  assert.equal(comparison.diff.filter((d) => d.op !== 'added').map((d) => d.text).join(''), comparison.originalText);
  assert.equal(comparison.diff.filter((d) => d.op !== 'removed').map((d) => d.text).join(''), 'It is sunny in Paris today.');
  assert.equal(comparison.finishReason.changed, false);
  assert.equal(comparison.outputTokens.replay, 8);
  assert.ok(comparison.latencyMs.replay !== null && comparison.latencyMs.replay >= 0);
});

test('a failed run is stored with error status, the error type and the endpoint, never the key', async () => {
  const { store, fake } = await setUp([{ kind: 'status', status: 429, headers: { 'retry-after': '5' }, body: '{"error":{"message":"slow down"}}' }]);
  const original = store.getSpan(ORIGINAL.traceId, ORIGINAL.spanId)!;
  const [result] = await runReplay({
    request: replayRequestFromSpan(original), applied: [], endpoint: { provider: 'openai', baseUrl: fake.baseUrl, apiKey: KEY },
    ingest: (body) => void store.ingestRequest(body, 'traces', 'json'),
  });
  assert.ok(result && !result.ok);
  assert.equal(result.error.kind, 'rate-limit');
  const span = store.getSpan(result.traceId, result.spanId)!;
  assert.equal(span.status, 'error');
  assert.equal(span.errorType, 'rate-limit');
  assert.match(span.statusMessage ?? '', /HTTP 429.*retry after 5 s/);
  assert.ok(!store.exportOtlpJson().includes(KEY));
});

test('Run ×3: three traces of one batch and their spread (distinct answers, tokens, latency)', async () => {
  const { store, fake } = await setUp([
    { kind: 'answer', text: 'Sunny.' }, { kind: 'answer', text: 'Rainy.' }, { kind: 'answer', text: 'Sunny.' },
  ]);
  const original = store.getSpan(ORIGINAL.traceId, ORIGINAL.spanId)!;
  const results = await runReplay({
    request: replayRequestFromSpan(original), applied: [], runs: 3,
    endpoint: { provider: 'openai', baseUrl: fake.baseUrl, apiKey: KEY },
    ingest: (body) => void store.ingestRequest(body, 'traces', 'json'),
  });
  assert.equal(results.length, 3);
  assert.equal(new Set(results.map((r) => r.traceId)).size, 3);
  const spans = results.map((r) => store.getSpan(r.traceId, r.spanId)!);
  assert.deepEqual(spans.map((s) => s.attributes[REPLAY_ATTR.run]), [1, 2, 3]);
  assert.equal(new Set(spans.map((s) => s.attributes[REPLAY_ATTR.batch])).size, 1);
  const spread = runSpread(spans);
  assert.deepEqual(spread.distinctAnswers, [{ text: 'Sunny.', count: 2 }, { text: 'Rainy.', count: 1 }]);
  assert.deepEqual(spread.outputTokens, { min: 8, max: 8, mean: 8 });
  assert.equal(spread.failed, 0);
  assert.ok(spread.latencyMs && spread.latencyMs.min <= spread.latencyMs.median && spread.latencyMs.median <= spread.latencyMs.max);
});
