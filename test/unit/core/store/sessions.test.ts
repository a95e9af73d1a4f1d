import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TraceStore } from '../../../../src/core/store';
import { usageBreakdown } from '../../../../src/core/insights/cost';
import { addTraceSessionKeys } from '../../../../src/core/store/schema';
import { internals, llmAttributes, makeSpan, traceId } from './helpers';

const PRICES = { m: { inputPerMTok: 2, outputPerMTok: 10 } };

describe('sessions: traces grouped by conversation or user id from every vocabulary', () => {
  let store: TraceStore;

  before(async () => {
    store = await TraceStore.open({ dir: null, normalize: { prices: PRICES } });
    store.ingestDecoded({
      spans: [
        // Session "chat-1": OTel id on the root of trace 1, OpenInference/OTel `session.id` on a child of trace 2,
        // Langfuse on trace 3 (an error turn); trace 4 is Vercel's metadata for another session; trace 5 has none.
        makeSpan({ trace: 1, span: 1, name: 'turn', startMs: 0, endMs: 100,
          attributes: { 'gen_ai.conversation.id': 'chat-1', 'user.id': 'ann' } }),
        makeSpan({ trace: 1, span: 2, parent: 1, startMs: 10, endMs: 50, attributes: llmAttributes('m', 100, 10) }),
        makeSpan({ trace: 2, span: 1, name: 'turn', startMs: 200, endMs: 300 }),
        makeSpan({ trace: 2, span: 2, parent: 1, startMs: 210, endMs: 290,
          attributes: { ...llmAttributes('m', 50, 5), 'session.id': 'chat-1' } }),
        makeSpan({ trace: 3, span: 1, name: 'turn', startMs: 400, endMs: 450, error: true,
          attributes: { 'langfuse.session.id': 'chat-1', 'langfuse.user.id': 'ann' } }),
        makeSpan({ trace: 4, span: 1, name: 'turn', startMs: 500, endMs: 600,
          attributes: { 'ai.telemetry.metadata.sessionId': 'chat-2', 'ai.telemetry.metadata.userId': 'bob' } }),
        makeSpan({ trace: 5, span: 1, name: 'lonely', startMs: 700, endMs: 800 }),
        makeSpan({ trace: 6, span: 1, name: 'turn', startMs: 900, endMs: 950,
          attributes: { 'traceloop.association.properties.session_id': 'chat-3' } }),
      ],
      logs: [],
    });
  });

  it('lists one row per session, newest activity first, with its turns oldest first', () => {
    const sessions = store.listSessions();
    assert.deepEqual(sessions.map((s) => s.sessionId), ['chat-3', 'chat-2', 'chat-1']);
    const chat1 = sessions.find((s) => s.sessionId === 'chat-1')!;
    assert.equal(chat1.turns, 3);
    assert.deepEqual(chat1.traceIds, [traceId(1), traceId(2), traceId(3)]);
    assert.equal(chat1.inputTokens, 150);
    assert.equal(chat1.outputTokens, 15);
    assert.ok(Math.abs(chat1.costUsd - (150 * 2 + 15 * 10) / 1e6) < 1e-12);
    assert.equal(chat1.errorCount, 1);
    assert.equal(chat1.errorTurns, 1);
    const first = store.getTraceSummary(traceId(1))!;
    const last = store.getTraceSummary(traceId(3))!;
    assert.equal(chat1.startTimeUnixNano, first.startTimeUnixNano);
    assert.equal(chat1.endTimeUnixNano, last.endTimeUnixNano);
  });

  it('groups by user id, filters by text and limits', () => {
    const users = store.listSessions({ by: 'user' });
    assert.deepEqual(users.map((s) => [s.sessionId, s.turns]), [['bob', 1], ['ann', 2]]);
    assert.equal(users[0]!.by, 'user');
    assert.deepEqual(store.listSessions({ text: 'CHAT-2' }).map((s) => s.sessionId), ['chat-2']);
    assert.equal(store.listSessions({ limit: 1 }).length, 1);
  });

  it('usage spans leave out a wrapper that sums its children, matching the trace totals', async () => {
    const s = await TraceStore.open({ dir: null, normalize: { prices: PRICES } });
    s.ingestDecoded({
      spans: [
        makeSpan({ trace: 9, span: 1, name: 'agent', startMs: 0, endMs: 100, attributes: llmAttributes('m', 300, 30) }),
        makeSpan({ trace: 9, span: 2, parent: 1, startMs: 10, endMs: 40, attributes: llmAttributes('m', 100, 10) }),
        makeSpan({ trace: 9, span: 3, parent: 1, startMs: 50, endMs: 90, attributes: llmAttributes('m', 200, 20) }),
      ],
      logs: [],
    });
    const spans = s.getUsageSpans([traceId(9)]);
    assert.deepEqual(spans.map((x) => x.name).sort(), ['span-2', 'span-3']);
    const summary = s.getTraceSummary(traceId(9))!;
    const b = usageBreakdown(spans, PRICES);
    assert.equal(b.total.buckets.input.tokens, summary.inputTokens);
    assert.equal(b.total.buckets.output.tokens, summary.outputTokens);
    assert.ok(Math.abs((b.total.totalUsd ?? NaN) - summary.costUsd) < 1e-12);
    // The full trace gives the same answer: the budget rule's deepest-span logic drops the wrapper.
    const full = usageBreakdown(s.getTraceSpans(traceId(9)), PRICES);
    assert.equal(full.total.calls, 2);
    assert.ok(Math.abs((full.total.totalUsd ?? NaN) - summary.costUsd) < 1e-12);
  });
});

describe('sessions: the keys each trace keeps', () => {
  it('a trace joins its session when a later span names it; an index from before the keys gains them', async () => {
    const store = await TraceStore.open({ dir: null });
    try {
      store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 1, startMs: 0, endMs: 100 })], logs: [] });
      assert.deepEqual(store.listSessions(), []);
      // The child arrives later and names the conversation and the user.
      store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 2, parent: 1, startMs: 5, endMs: 50,
        attributes: { 'gen_ai.conversation.id': 'late', 'user.id': 'cy' } })], logs: [] });
      store.ingestDecoded({ spans: [makeSpan({ trace: 2, span: 1, startMs: 200, endMs: 300,
        attributes: { 'session.id': 'late' } })], logs: [] });
      const sessions = (): string[] => store.listSessions().map((s) => `${s.sessionId}:${s.traceIds.join(',')}`);
      assert.deepEqual(sessions(), [`late:${traceId(1)},${traceId(2)}`]);
      assert.deepEqual(store.listSessions({ by: 'user' }).map((s) => s.sessionId), ['cy']);

      const { sql } = internals(store).data;
      sql.db.exec(`DROP INDEX traces_by_conversation; DROP INDEX traces_by_user;
        ALTER TABLE traces DROP COLUMN conversation_key; ALTER TABLE traces DROP COLUMN user_key;`);
      addTraceSessionKeys(sql);
      assert.deepEqual(sessions(), [`late:${traceId(1)},${traceId(2)}`]);
      assert.deepEqual(store.listSessions({ by: 'user' }).map((s) => s.traceIds), [[traceId(1)]]);
    } finally {
      await store.close();
    }
  });
});
