// Folding a coding agent's bookkeeping spans: the recorded Codex prompt trace keeps its root, model calls and tool
// call, each under its nearest kept ancestor; other traces are left alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldAgentInternals, foldsInternals } from '../../../webview/model/agentInternals';
import { buildTreeIndex } from '../../../webview/model/tree';
import { storeWithRun } from '../core/agents/fixture-store';

test('the Codex prompt trace folds to its root, model calls and tool call', async () => {
  const store = await storeWithRun('live-codex-spans-json');
  const [turn] = store.listTraces({ limit: 50 }).filter((t) => t.rootName === 'turn/start');
  const spans = store.getTraceStructure(turn!.traceId);
  assert.ok(foldsInternals(spans));
  const folded = foldAgentInternals(spans);
  assert.equal(folded.hidden, spans.length - folded.spans.length);
  assert.deepEqual(folded.spans.map((s) => s.kind).sort(), ['llm', 'llm', 'other', 'tool']);
  const index = buildTreeIndex(folded.spans);
  const root = index.children.get('')!;
  assert.equal(root.length, 1, 'one root, nothing orphaned');
  assert.deepEqual(index.children.get(root[0]!.spanId)!.map((s) => s.kind).sort(), ['llm', 'llm', 'tool']);
  assert.equal(index.orphans.size, 0);
  await store.close();
});

test('a trace that is not a coding agent\'s is not folded', async () => {
  const store = await storeWithRun('live-claude-code-events');
  const [trace] = store.listTraces({ limit: 5 });
  assert.equal(foldsInternals(store.getTraceStructure(trace!.traceId)), false);
  await store.close();
});

test('an error span stays visible under its nearest kept ancestor', () => {
  const span = (id: string, parent: string | null, kind: string, status = 'ok') => ({
    traceId: 't', spanId: id, parentSpanId: parent, name: id, kind, service: 'codex_exec', startTimeUnixNano: '1',
    endTimeUnixNano: '2', durationMs: 0, status, errorType: null, requestModel: null, inputTokens: null, outputTokens: null,
    costUsd: null, toolName: null, code: null,
  }) as Parameters<typeof foldAgentInternals>[0][number];
  const folded = foldAgentInternals([span('r', null, 'other'), span('a', 'r', 'other'), span('b', 'a', 'other'),
    span('e', 'b', 'other', 'error'), span('l', 'b', 'llm')]);
  assert.deepEqual(folded.spans.map((s) => [s.spanId, s.parentSpanId]), [['r', null], ['e', 'r'], ['l', 'r']]);
  assert.equal(folded.hidden, 2);
});
