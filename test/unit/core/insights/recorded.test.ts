// Sessions, cost and timing read from recorded exports of real instrumentation libraries (test/fixtures/otlp).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spanCostBreakdown } from '../../../../src/core/insights/cost';
import { spanTiming } from '../../../../src/core/insights/timing';
import { DEFAULT_NORMALIZE_OPTIONS, normalizeSpan } from '../../../../src/core/model/normalize';
import { TraceStore } from '../../../../src/core/store';
import { loadFixture } from '../model/otlp-json-loader';

const PRICES = { 'gpt-fake*': { inputPerMTok: 1, outputPerMTok: 4, cacheReadPerMTok: 0.1 } };

for (const dir of ['ai-v6-experimental-telemetry', 'ai-v7-otel-legacy']) {
  test(`${dir}: the streamed call's first chunk, tokens per second and cached input`, () => {
    const { spans, logs } = loadFixture(dir);
    const normalized = spans.map((s) => normalizeSpan(s, logs.filter((l) => l.spanId === s.spanId), DEFAULT_NORMALIZE_OPTIONS));
    const doStream = normalized.find((s) => s.attributes['ai.operationId'] === 'ai.streamText.doStream');
    assert.ok(doStream, 'the fixture has a streamed model call');
    const timing = spanTiming(doStream)!;
    assert.ok(timing.ttftMs !== null && Math.abs(timing.ttftMs - Number(doStream.attributes['ai.response.msToFirstChunk'])) < 1e-9);
    assert.equal(timing.tokensPerSecondSource, 'producer');
    assert.ok(timing.generationMs > 0 && timing.generationMs < doStream.durationMs);
    const cost = spanCostBreakdown(doStream, PRICES);
    const cached = doStream.cacheReadTokens ?? 0;
    assert.equal(cost.buckets.cacheRead.tokens, cached);
    assert.equal(cost.buckets.input.tokens, (doStream.inputTokens ?? 0) - cached, 'cached input is not charged twice');
    assert.ok(cost.totalUsd !== null && cost.totalUsd > 0);
  });
}

const SESSIONS: Record<string, string> = {
  'ai-v6-experimental-telemetry': 'sess-1', // ai.telemetry.metadata.sessionId
  'openinference-openai': 'sess-1', // session.id
  'otel-openai-contrib-json': 'conv-1', // gen_ai.conversation.id
  'traceloop-0.22.2-openai-legacy': 'sess-1', // traceloop.association.properties.session_id
};

for (const [dir, id] of Object.entries(SESSIONS)) {
  test(`${dir}: its traces group into session ${id}`, async () => {
    const { spans, logs } = loadFixture(dir);
    const store = await TraceStore.open({ dir: null });
    store.ingestDecoded({ spans, logs });
    const sessions = store.listSessions();
    const session = sessions.find((s) => s.sessionId === id);
    assert.ok(session, JSON.stringify(sessions.map((s) => s.sessionId)));
    assert.ok(session.turns >= 1);
    assert.deepEqual(session.traceIds.filter((t) => spans.some((s) => s.traceId === t)), session.traceIds);
  });
}
