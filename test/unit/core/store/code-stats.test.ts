import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Attributes, RawSpan } from '../../../../src/core/model/types';
import { TraceStore, type CodeLocationStat } from '../../../../src/core/store';
import { StoreWorker } from '../../../../src/store-worker';
import { llmAttributes, makeSpan, spanId, traceId } from './helpers';

function at(file: string, line: number, extra: Attributes = {}): Attributes {
  return { 'code.file.path': file, 'code.line.number': line, ...extra };
}

/** 20 `llm.generate` spans on agent.ts:12 lasting 1..20 ms (every 5th fails), one tool span, one span without code. */
function sampleSpans(): RawSpan[] {
  const spans: RawSpan[] = [];
  for (let i = 1; i <= 20; i++) {
    spans.push(makeSpan({
      trace: i, span: 1, name: 'llm.generate', startMs: i * 100, endMs: i * 100 + i, error: i % 5 === 0,
      attributes: at('/app/src/agent.ts', 12, llmAttributes('gpt-x', 10, i)),
    }));
  }
  // Old attribute names land in the same columns.
  spans.push(makeSpan({
    trace: 1, span: 2, parent: 1, name: 'tool.lookup', startMs: 150, endMs: 190,
    attributes: { 'code.filepath': '/app/src/tools.ts', 'code.lineno': 7 },
  }));
  spans.push(makeSpan({ trace: 1, span: 3, parent: 1, name: 'no-code', startMs: 160, endMs: 170 }));
  return spans;
}

function byKey(stats: CodeLocationStat[]): Map<string, CodeLocationStat> {
  return new Map(stats.map((s) => [`${s.codeFile}:${s.codeLine}:${s.spanName}`, s]));
}

describe('TraceStore.codeLocationStats', () => {
  let store: TraceStore;
  before(async () => {
    store = await TraceStore.open({ dir: null });
    store.ingestDecoded({ spans: sampleSpans(), logs: [] });
  });
  after(() => store.close());

  it('groups by recorded file, line and span name with count, p95, errors, tokens and latest span', () => {
    const stats = byKey(store.codeLocationStats());
    assert.equal(stats.size, 2, [...stats.keys()].join(', '));
    const llm = stats.get('/app/src/agent.ts:12:llm.generate');
    assert.ok(llm);
    assert.equal(llm.count, 20);
    // nearest rank: ceil(0.95 * 20) = 19th of 1..20 ms
    assert.equal(llm.p95DurationMs, 19);
    assert.equal(llm.errorCount, 4);
    // 20 × 10 input + (1 + … + 20) output
    assert.equal(llm.totalTokens, 200 + 210);
    assert.deepEqual({ traceId: llm.latest.traceId, spanId: llm.latest.spanId }, { traceId: traceId(20), spanId: spanId(20, 1) });

    const tool = stats.get('/app/src/tools.ts:7:tool.lookup');
    assert.ok(tool);
    assert.equal(tool.count, 1);
    assert.equal(tool.p95DurationMs, 40);
    assert.equal(tool.errorCount, 0);
    assert.equal(tool.totalTokens, 0);
  });

  it('restricts to the given recorded paths and returns nothing for an empty list', () => {
    const only = store.codeLocationStats({ codeFiles: ['/app/src/tools.ts'] });
    assert.deepEqual(only.map((s) => s.spanName), ['tool.lookup']);
    assert.deepEqual(store.codeLocationStats({ codeFiles: [] }), []);
    assert.deepEqual(store.codeLocationStats({ codeFiles: ['/elsewhere.ts'] }), []);
  });

  it('keeps separate lines and names of one file apart, and a file without line', async () => {
    const other = await TraceStore.open({ dir: null });
    try {
      other.ingestDecoded({
        spans: [
          makeSpan({ trace: 1, span: 1, name: 'a', attributes: at('x.py', 3) }),
          makeSpan({ trace: 1, span: 2, name: 'b', attributes: at('x.py', 3) }),
          makeSpan({ trace: 1, span: 3, name: 'a', attributes: at('x.py', 9) }),
          makeSpan({ trace: 1, span: 4, name: 'c', attributes: { 'code.file.path': 'x.py' } }),
        ],
        logs: [],
      });
      const keys = other.codeLocationStats().map((s) => `${s.codeLine}:${s.spanName}:${s.count}`);
      assert.deepEqual(keys.sort(), ['3:a:1', '3:b:1', '9:a:1', 'null:c:1'].sort());
    } finally {
      await other.close();
    }
  });
});

describe('StoreWorker.codeLocationStats', () => {
  let worker: StoreWorker;
  before(async () => {
    worker = await StoreWorker.start({ dir: null });
  });
  after(() => worker.stop());

  it('answers from the worker thread after an ingest', async () => {
    assert.deepEqual(await worker.codeLocationStats(), []);
    const { encodeTracesJson } = await import('../../../../src/core/otlp');
    const body = Buffer.from(JSON.stringify(encodeTracesJson(sampleSpans())), 'utf8');
    await worker.submit(body, 'traces', 'json');
    const stats = await worker.codeLocationStats({ codeFiles: ['/app/src/agent.ts'] });
    assert.equal(stats.length, 1);
    assert.equal(stats[0]!.count, 20);
    assert.equal(stats[0]!.errorCount, 4);
  });
});
