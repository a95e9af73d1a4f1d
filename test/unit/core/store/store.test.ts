import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TraceStore } from '../../../../src/core/store';
import { OtlpDecodeError } from '../../../../src/core/otlp';
import { ingestFileContent } from '../../../../src/store-worker/import-files';
import { llmAttributes, logsBody, makeLog, makeSpan, nanos, spanId, traceId, tracesBody } from './helpers';

function memoryStore(retention?: { maxSpans?: number; maxBytes?: number }): Promise<TraceStore> {
  return TraceStore.open({ dir: null, retention });
}

describe('TraceStore ingest and queries', () => {
  let store: TraceStore;

  before(async () => {
    store = await TraceStore.open({ dir: null, normalize: { prices: { 'gpt-4o': { inputPerMTok: 2, outputPerMTok: 10 } } } });
    // trace 1: agent root with two LLM children (gpt-4o), svc-a, workload w1, one error
    store.ingestDecoded({
      spans: [
        makeSpan({ trace: 1, span: 1, name: 'agent run', startMs: 0, endMs: 100, attributes: { 'workload.id': 'w1' } }),
        makeSpan({ trace: 1, span: 2, parent: 1, name: 'chat gpt-4o', startMs: 10, endMs: 40,
          attributes: llmAttributes('gpt-4o', 100, 20) }),
        makeSpan({ trace: 1, span: 3, parent: 1, name: 'chat gpt-4o', startMs: 50, endMs: 90, error: true,
          attributes: { ...llmAttributes('gpt-4o', 30, 5), 'code.file.path': '/src/agent.py', 'code.line.number': 42 } }),
      ],
      logs: [],
    });
    // trace 2: later, svc-b, healthy, other model
    store.ingestDecoded({
      spans: [
        makeSpan({ trace: 2, span: 1, name: 'pipeline', startMs: 1000, endMs: 1200, service: 'svc-b' }),
        makeSpan({ trace: 2, span: 2, parent: 1, name: 'lookup_weather', startMs: 1010, endMs: 1020, service: 'svc-b',
          attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_weather' } }),
        makeSpan({ trace: 2, span: 3, parent: 1, name: 'chat claude', startMs: 1030, endMs: 1100, service: 'svc-b',
          attributes: llmAttributes('claude-sonnet-4', 7, 3) }),
      ],
      logs: [],
    });
  });

  after(() => store.close());

  it('keeps a rollup per trace', () => {
    const summary = store.getTraceSummary(traceId(1));
    assert.ok(summary);
    assert.equal(summary.rootName, 'agent run');
    assert.equal(summary.service, 'svc-a');
    assert.equal(summary.workloadId, 'w1');
    assert.equal(summary.spanCount, 3);
    assert.equal(summary.errorCount, 1);
    assert.equal(summary.inputTokens, 130);
    assert.equal(summary.outputTokens, 25);
    assert.deepEqual(summary.models, ['gpt-4o']);
    assert.equal(summary.startTimeUnixNano, nanos(0));
    assert.equal(summary.endTimeUnixNano, nanos(100));
    assert.equal(summary.durationMs, 100);
    assert.equal(summary.costUsd, (130 * 2 + 25 * 10) / 1e6, 'priced from the configured table');
    assert.deepEqual(store.stats(), { traces: 2, spans: 6, errorSpans: 1, errorTraces: 1 });
  });

  it('lists newest first and filters', () => {
    assert.deepEqual(store.listTraces().map((t) => t.traceId), [traceId(2), traceId(1)]);
    assert.deepEqual(store.listTraces({ service: 'svc-a' }).map((t) => t.traceId), [traceId(1)]);
    assert.deepEqual(store.listTraces({ workloadId: 'w1' }).map((t) => t.traceId), [traceId(1)]);
    assert.deepEqual(store.listTraces({ status: 'error' }).map((t) => t.traceId), [traceId(1)]);
    assert.deepEqual(store.listTraces({ status: 'ok' }).map((t) => t.traceId), [traceId(2)]);
    assert.deepEqual(store.listTraces({ model: 'claude-sonnet-4' }).map((t) => t.traceId), [traceId(2)]);
    assert.deepEqual(store.listTraces({ model: 'claude' }), [], 'model matches exactly');
    assert.deepEqual(store.listTraces({ text: 'WEATHER' }).map((t) => t.traceId), [traceId(2)], 'span name, any case');
    assert.deepEqual(store.listTraces({ text: traceId(1).slice(-8) }).map((t) => t.traceId), [traceId(1)]);
    assert.deepEqual(store.listTraces({ text: '100%' }), [], 'LIKE wildcards are literal');
    assert.deepEqual(store.listTraces({ fromUnixNano: nanos(500) }).map((t) => t.traceId), [traceId(2)]);
    assert.deepEqual(store.listTraces({ toUnixNano: nanos(500) }).map((t) => t.traceId), [traceId(1)]);
    assert.deepEqual(store.listTraces({ limit: 1, offset: 1 }).map((t) => t.traceId), [traceId(1)]);
    assert.deepEqual(store.listTraces({ traceIds: [traceId(1), traceId(9)] }).map((t) => t.traceId), [traceId(1)]);
    assert.deepEqual(store.listTraces({ traceIds: [traceId(1)], status: 'ok' }), [], 'with the other filters');
    assert.deepEqual(store.listTraces({ traceIds: [] }), []);
  });

  it('returns structure without payload, and full spans', () => {
    const structure = store.getTraceStructure(traceId(1));
    assert.deepEqual(structure.map((s) => s.spanId), [spanId(1, 1), spanId(1, 2), spanId(1, 3)]);
    const failing = structure[2]!;
    assert.equal(failing.status, 'error');
    assert.equal(failing.parentSpanId, spanId(1, 1));
    assert.equal(failing.kind, 'llm');
    assert.equal(failing.requestModel, 'gpt-4o');
    assert.equal(failing.inputTokens, 30);
    assert.equal(failing.startTimeUnixNano, nanos(50));
    assert.equal(failing.code?.filePath, '/src/agent.py');
    assert.equal(failing.code?.line, 42);
    assert.equal('attributes' in failing, false);

    const spans = store.getTraceSpans(traceId(1));
    assert.equal(spans.length, 3);
    assert.equal(spans[1]!.attributes['gen_ai.request.model'], 'gpt-4o');
    assert.deepEqual(store.getSpan(traceId(1), spanId(1, 3)), spans[2]);
    assert.equal(store.getSpan(traceId(1), spanId(9, 9)), null);
    assert.deepEqual(store.codeLocationStats().map((s) => [s.codeFile, s.latest.spanId]), [['/src/agent.py', spanId(1, 3)]]);
  });

  it('searches spans by name, text and kind', () => {
    assert.deepEqual(store.searchSpans({ kind: 'tool' }).map((s) => s.spanId), [spanId(2, 2)]);
    assert.deepEqual(store.searchSpans({ name: 'chat', traceId: traceId(2) }).map((s) => s.spanId), [spanId(2, 3)]);
    assert.deepEqual(store.searchSpans({ text: 'agent.py' }).map((s) => s.spanId), [spanId(1, 3)], 'payload text');
    assert.equal(store.searchSpans({ name: 'chat', limit: 2 }).length, 2);
  });
});

describe('TraceStore ingest rules', () => {
  it('stores a span delivered twice once and counts it once', async () => {
    const store = await memoryStore();
    const spans = [makeSpan({ trace: 1, span: 1 }), makeSpan({ trace: 1, span: 2, parent: 1, error: true })];
    store.ingestDecoded({ spans, logs: [] });
    const again = store.ingestDecoded({ spans: [...spans, makeSpan({ trace: 1, span: 3, parent: 1 })], logs: [] });
    assert.equal(again.acceptedSpans, 3);
    const summary = store.getTraceSummary(traceId(1));
    assert.equal(summary?.spanCount, 3);
    assert.equal(summary?.errorCount, 1);
    assert.equal(store.getTraceStructure(traceId(1)).length, 3);
    assert.deepEqual(store.stats(), { traces: 1, spans: 3, errorSpans: 1, errorTraces: 1 });
    await store.close();
  });

  it('rejects spans with invalid ids and says why', async () => {
    const store = await memoryStore();
    const bad = { ...makeSpan({ trace: 1, span: 1 }), spanId: '0000000000000000' };
    const result = store.ingestDecoded({ spans: [bad, makeSpan({ trace: 1, span: 2 })], logs: [] });
    assert.equal(result.acceptedSpans, 1);
    assert.equal(result.rejectedSpans, 1);
    assert.match(result.message ?? '', /invalid/);
    assert.deepEqual(result.traceIds, [traceId(1)]);
    await store.close();
  });

  it('finds the root when children arrive first, and when the parent is missing', async () => {
    const store = await memoryStore();
    store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 3, parent: 2, name: 'leaf', startMs: 20 })], logs: [] });
    assert.equal(store.getTraceSummary(traceId(1))?.rootName, 'leaf', 'orphan stands in for the root');
    assert.equal(store.getTraceSummary(traceId(1))?.rootPending, true, 'the list can mark it in progress');
    store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 2, parent: 1, name: 'middle', startMs: 10 })], logs: [] });
    assert.equal(store.getTraceSummary(traceId(1))?.rootName, 'middle');
    assert.equal(store.listTraces()[0]?.rootPending, true, 'the listed row says so too');
    store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 1, name: 'real root', startMs: 30, service: 'svc-root' })],
      logs: [] });
    const summary = store.getTraceSummary(traceId(1));
    assert.equal(summary?.rootName, 'real root', 'a span without parent wins even if it starts later');
    assert.equal(summary?.service, 'svc-root');
    assert.equal(summary?.rootPending, undefined, 'the root arrived: no longer pending');
    assert.equal(store.listTraces()[0]?.rootPending, undefined);
    await store.close();
  });

  it('does not double-count tokens of a parent that repeats its children\'s usage', async () => {
    const store = await memoryStore();
    // Vercel AI SDK shape: ai.generateText (50/13) = doGenerate (20/5) + doGenerate (30/8). Children first.
    store.ingestDecoded({
      spans: [
        makeSpan({ trace: 1, span: 2, parent: 1, name: 'doGenerate', attributes: llmAttributes('m', 20, 5) }),
        makeSpan({ trace: 1, span: 4, parent: 3, name: 'tool', attributes: { 'gen_ai.tool.name': 't' } }),
      ],
      logs: [],
    });
    store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 1, name: 'generateText', attributes: llmAttributes('m', 50, 13) })],
      logs: [] });
    assert.deepEqual([store.getTraceSummary(traceId(1))?.inputTokens, store.getTraceSummary(traceId(1))?.outputTokens],
      [20, 5]);
    store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 3, parent: 1, name: 'doGenerate', attributes: llmAttributes('m', 30, 8) })],
      logs: [] });
    const summary = store.getTraceSummary(traceId(1));
    assert.deepEqual([summary?.inputTokens, summary?.outputTokens], [50, 13]);
    // Parent first, children later: the parent leaves the totals.
    store.ingestDecoded({ spans: [makeSpan({ trace: 2, span: 1, attributes: llmAttributes('m', 50, 13) })], logs: [] });
    assert.equal(store.getTraceSummary(traceId(2))?.inputTokens, 50);
    store.ingestDecoded({ spans: [makeSpan({ trace: 2, span: 2, parent: 1, attributes: llmAttributes('m', 20, 5) })], logs: [] });
    assert.equal(store.getTraceSummary(traceId(2))?.inputTokens, 20);
    await store.close();
  });

  it('attaches logs that arrive before or after their span', async () => {
    const store = await memoryStore();
    const early = store.ingestDecoded({ spans: [], logs: [makeLog(1, 1, 'hello before')] });
    assert.equal(early.acceptedLogs, 1);
    store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 1 }), makeSpan({ trace: 1, span: 2, parent: 1 })], logs: [] });
    const late = store.ingestDecoded({ spans: [], logs: [makeLog(1, 2, 'hello after', 6)] });
    assert.deepEqual(late.traceIds, [traceId(1)]);
    const bodies = (id: string) => JSON.stringify(store.getSpan(traceId(1), id)?.events);
    assert.match(bodies(spanId(1, 1)), /hello before/);
    assert.doesNotMatch(bodies(spanId(1, 1)), /hello after/);
    assert.match(bodies(spanId(1, 2)), /hello after/);
    assert.equal(store.getTraceSummary(traceId(1))?.spanCount, 2);
    await store.close();
  });

  it('re-normalizes a span when a late log changes what it reports', async () => {
    const store = await memoryStore();
    store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 1, attributes: { 'gen_ai.operation.name': 'chat' } })],
      logs: [] });
    const before = JSON.stringify(store.getSpan(traceId(1), spanId(1, 1)));
    store.ingestDecoded({ spans: [], logs: [makeLog(1, 1, 'What is the weather?')] });
    assert.notEqual(JSON.stringify(store.getSpan(traceId(1), spanId(1, 1))), before);
    assert.equal(store.getTraceSummary(traceId(1))?.spanCount, 1);
    await store.close();
  });
});

describe('TraceStore retention', () => {
  it('evicts the oldest healthy traces before traces with errors', async () => {
    const store = await memoryStore({ maxSpans: 6 });
    const trace = (n: number, startMs: number, error: boolean) => [
      makeSpan({ trace: n, span: 1, startMs }),
      makeSpan({ trace: n, span: 2, parent: 1, startMs: startMs + 1, error }),
    ];
    store.ingestDecoded({ spans: trace(1, 0, true), logs: [] }); // oldest, error
    store.ingestDecoded({ spans: trace(2, 100, false), logs: [] }); // healthy
    store.ingestDecoded({ spans: trace(3, 200, false), logs: [] }); // healthy
    assert.equal(store.stats().spans, 6);
    store.ingestDecoded({ spans: trace(4, 300, true), logs: [makeLog(2, 1, 'x')] });
    assert.deepEqual(store.listTraces().map((t) => t.traceId).sort(), [traceId(1), traceId(3), traceId(4)].sort());
    store.ingestDecoded({ spans: trace(5, 400, true), logs: [] });
    assert.deepEqual(store.listTraces().map((t) => t.traceId).sort(), [traceId(1), traceId(4), traceId(5)].sort());
    store.ingestDecoded({ spans: trace(6, 500, true), logs: [] });
    assert.deepEqual(store.listTraces().map((t) => t.traceId).sort(), [traceId(4), traceId(5), traceId(6)].sort(),
      'with only error traces left, the oldest goes');
    assert.deepEqual(store.stats(), { traces: 3, spans: 6, errorSpans: 3, errorTraces: 3 });
    assert.equal(store.getTraceStructure(traceId(1)).length, 0);
    await store.close();
  });

  it('evicts log records of traces that never arrived before evicting traces', async () => {
    const store = await memoryStore({ maxBytes: 20_000 });
    const big = 'y'.repeat(2000);
    for (let n = 100; n < 130; n++) store.ingestDecoded({ spans: [], logs: [makeLog(n, 1, `${big}${n}`, n)] });
    assert.ok(store.payloadBytes() <= 20_000, 'orphan logs were evicted to stay under the cap');
    store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 1, startMs: 1 })], logs: [] });
    assert.deepEqual(store.listTraces().map((t) => t.traceId), [traceId(1)], 'a new trace survives');
    await store.close();
  });

  it('keeps everything when a limit is 0 (no limit)', async () => {
    const store = await memoryStore({ maxSpans: 0, maxBytes: 0 });
    for (let n = 1; n <= 5; n++) store.ingestDecoded({ spans: [makeSpan({ trace: n, span: 1, startMs: n })], logs: [] });
    assert.equal(store.stats().traces, 5);
    await store.close();
  });

  it('evicts by payload bytes', async () => {
    const store = await memoryStore({ maxBytes: 20_000 });
    const big = 'x'.repeat(3000);
    for (let n = 1; n <= 10; n++) {
      store.ingestDecoded({ spans: [makeSpan({ trace: n, span: 1, startMs: n, attributes: { big } })], logs: [] });
    }
    assert.ok(store.payloadBytes() <= 20_000);
    const kept = store.listTraces().map((t) => t.traceId);
    assert.ok(kept.length >= 4 && kept.length < 10);
    assert.equal(kept[0], traceId(10), 'the newest stays');
    await store.close();
  });
});

describe('TraceStore OTLP requests and export', () => {
  it('rejects a malformed body before writing anything', async () => {
    const store = await memoryStore();
    assert.throws(() => store.ingestRequest(Buffer.from('{"resourceSpans": 5'), 'traces', 'json'), OtlpDecodeError);
    assert.deepEqual(store.stats(), { traces: 0, spans: 0, errorSpans: 0, errorTraces: 0 });
    await store.close();
  });

  it('exports OTLP/JSON lines that import back to identical spans', async () => {
    const source = await memoryStore();
    source.ingestRequest(tracesBody([
      makeSpan({ trace: 1, span: 1, attributes: { 'workload.id': 'w', nested: { a: [1, 'two', true] } } }),
      makeSpan({ trace: 1, span: 2, parent: 1, error: true, attributes: llmAttributes('gpt-4o', 3, 4) }),
      makeSpan({ trace: 2, span: 1, service: 'other' }),
    ]), 'traces', 'json');
    source.ingestRequest(logsBody([makeLog(1, 2, 'a log line')]), 'logs', 'json');

    const all = source.exportOtlpJson();
    assert.equal(all.trimEnd().split('\n').length, 2, 'one traces line, one logs line');
    const target = await memoryStore();
    const result = ingestFileContent(target, 'all.jsonl', new TextEncoder().encode(all));
    assert.equal(result.acceptedSpans, 3);
    assert.equal(result.acceptedLogs, 1);
    for (const id of [traceId(1), traceId(2)]) {
      assert.deepEqual(target.getTraceSpans(id), source.getTraceSpans(id));
      assert.deepEqual(target.getTraceSummary(id), source.getTraceSummary(id));
    }

    const one = source.exportOtlpJson([traceId(2)]);
    assert.equal(one.trimEnd().split('\n').length, 1, 'no logs for trace 2');
    const single = await memoryStore();
    ingestFileContent(single, 'one.jsonl', new TextEncoder().encode(one));
    assert.deepEqual(single.listTraces().map((t) => t.traceId), [traceId(2)]);
    assert.equal((await memoryStore()).exportOtlpJson(), '');
    await Promise.all([source.close(), target.close(), single.close()]);
  });

  it('clears everything', async () => {
    const store = await memoryStore();
    store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 1 })], logs: [makeLog(1, 2, 'pending')] });
    store.clear();
    assert.deepEqual(store.stats(), { traces: 0, spans: 0, errorSpans: 0, errorTraces: 0 });
    assert.deepEqual(store.listTraces(), []);
    assert.equal(store.exportOtlpJson(), '');
    await store.close();
  });
});

describe('TraceStore prompt versions from ancestors', () => {
  it('fills a chat span\'s missing prompt version from its agent span, whichever arrives first', async () => {
    const store = await TraceStore.open({ dir: null });
    try {
      const promptContext = { 'ai.settings.context.promptName': 'weather', 'ai.settings.context.promptVersion': '7' };
      const chat = makeSpan({ trace: 1, span: 3, parent: 2, name: 'chat', attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.prompt.name': 'weather' } });
      store.ingestDecoded({ spans: [chat], logs: [] });
      assert.equal(store.getSpan(traceId(1), spanId(1, 3))?.promptVersion, null, 'no ancestor yet');
      store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 2, parent: 1, name: 'step' })], logs: [] });
      store.ingestDecoded({ spans: [makeSpan({ trace: 1, span: 1, name: 'invoke_agent', attributes: promptContext })], logs: [] });
      assert.equal(store.getSpan(traceId(1), spanId(1, 3))?.promptVersion, '7', 'the ancestor arrived later, in another request');
      const spans = store.getTraceSpans(traceId(1));
      assert.deepEqual(spans.map((s) => [s.name, s.promptName, s.promptVersion]), [
        ['invoke_agent', 'weather', '7'], ['step', null, null], ['chat', 'weather', '7'],
      ]);
    } finally {
      await store.close();
    }
  });
});
