import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceStore } from '../../../src/core/store';
import { listSessionRows, sessionDetail, spanInsights, usageOf, type InsightDeps } from '../../../src/ext/insights';
import type { InsightStore } from '../../../src/core/store/views';
import type { TraceRow } from '../../../src/protocol/messages';
import { llmAttributes, makeSpan, spanId, traceId } from '../core/store/helpers';
import { ingestRun } from '../core/agents/fixture-store';

const PRICES = { m: { inputPerMTok: 2, outputPerMTok: 10 } };

/** The worker's promise-returning reads over an in-process store. */
function insightStore(store: TraceStore): InsightStore {
  return {
    listSessions: async (f) => store.listSessions(f),
    listTraces: async (f) => store.listTraces(f),
    getTraceSpans: async (id) => store.getTraceSpans(id),
    getUsageSpans: async (ids) => store.getUsageSpans(ids),
    getSpan: async (t, s) => store.getSpan(t, s),
    sessionFigures: async (ids) => store.sessionFigures(ids),
  };
}

async function setup(): Promise<{ store: TraceStore; deps: InsightDeps }> {
  const store = await TraceStore.open({ dir: null, normalize: { prices: PRICES } });
  const turn = (n: number, start: number, question: string, answer: string) => [
    makeSpan({ trace: n, span: 1, name: 'handle turn', startMs: start, endMs: start + 100,
      attributes: { 'session.id': 'sess-1' } }),
    makeSpan({ trace: n, span: 2, parent: 1, startMs: start + 10, endMs: start + 60, attributes: {
      ...llmAttributes('m', 100 * n, 10 * n),
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: question }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }] }]),
      'gen_ai.response.time_to_first_chunk': 0.02,
    } }),
  ];
  store.ingestDecoded({ spans: [...turn(1, 0, 'hi', 'hello'), ...turn(2, 1000, 'refund?', 'yes')], logs: [] });
  const deps: InsightDeps = {
    openStore: async () => insightStore(store),
    prices: () => PRICES,
    violatingTraceIds: () => new Set([traceId(2)]),
    decorate: async (rows: TraceRow[]) => rows.map((r) => ({ ...r, badges: [{ text: 'x', severity: 'error' as const }] })),
  };
  return { store, deps };
}

test('session rows count the turns that break a contract', async () => {
  const { deps } = await setup();
  const rows = await listSessionRows(deps, { by: 'conversation' });
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.turns, 2);
  assert.equal(rows[0]!.contractFailures, 1);
});

test('a session reads as a transcript, oldest turn first, with its usage equal to the trace totals', async () => {
  const { store, deps } = await setup();
  const d = await sessionDetail(deps, 'sess-1', 'conversation');
  assert.deepEqual(d.turns.map((t) => [t.trace.traceId, t.transcript?.userInput?.text, t.transcript?.assistantOutput?.text, t.contractFailed]),
    [[traceId(1), 'hi', 'hello', false], [traceId(2), 'refund?', 'yes', true]]);
  assert.equal(d.turns[0]!.trace.badges?.[0]?.text, 'x', 'turn rows carry their contract badges');
  const cost = store.getTraceSummary(traceId(1))!.costUsd + store.getTraceSummary(traceId(2))!.costUsd;
  assert.ok(Math.abs((d.usage.total.totalUsd ?? NaN) - cost) < 1e-12);
  assert.equal(d.omittedTurns, 0);
  const missing = await sessionDetail(deps, 'sess', 'conversation');
  assert.equal(missing.session, null, 'an id is matched exactly, not as a substring');
});

test('usage of a trace and insights of one span', async () => {
  const { deps } = await setup();
  const u = await usageOf(deps, [traceId(2), traceId(2)]);
  assert.equal(u.traces, 1);
  assert.equal(u.usage.total.buckets.input.tokens, 200);
  assert.equal(u.usage.byModel[0]!.model, 'm');
  const i = await spanInsights(deps, { traceId: traceId(2), spanId: spanId(2, 2) });
  assert.equal(i.timing?.ttftMs, 20);
  assert.equal(i.timing?.generationMs, 30);
  assert.ok(Math.abs((i.cost?.totalUsd ?? NaN) - (200 * 2 + 20 * 10) / 1e6) < 1e-12);
  const root = await spanInsights(deps, { traceId: traceId(2), spanId: spanId(2, 1) });
  assert.equal(root.cost, null);
  assert.equal(root.timing, null);
});

test('a coding agent\'s session names its agent in the list and carries its figures: tools with decisions, tokens, cost source', async () => {
  const store = await TraceStore.open({ dir: null });
  ingestRun(store, 'live-claude-code-events');
  const deps: InsightDeps = {
    openStore: async () => insightStore(store),
    prices: () => PRICES,
    violatingTraceIds: () => null,
    decorate: async (rows: TraceRow[]) => rows,
  };
  const [row] = await listSessionRows(deps, { by: 'conversation' });
  assert.equal(row!.agent, 'claude-code');
  const d = await sessionDetail(deps, row!.sessionId, 'conversation');
  assert.equal(d.coding?.agentLabel, 'Claude Code');
  assert.equal(d.coding?.costSource, 'reported');
  assert.deepEqual(d.coding?.tools.map((t) => [t.name, t.calls, t.accepted, t.decidedBy]), [['Bash', 1, 1, { config: 1 }]]);
  assert.equal(d.coding?.tokens.input, store.listTraces({})[0]!.inputTokens);
  assert.ok((d.coding?.figures.active_time_s ?? 0) > 0);
  await store.close();
});
