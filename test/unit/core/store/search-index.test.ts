import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TraceSearchIndex } from '../../../../src/core/store/search-index';
import { TraceStore } from '../../../../src/core/store';
import { makeSpan, traceId } from './helpers';

describe('TraceSearchIndex', () => {
  const idA = 'aa'.repeat(16);
  const idB = 'bb'.repeat(16);

  it('matches a needle inside any line, the trace id included', () => {
    const index = new TraceSearchIndex();
    index.set(idA, `${idA}\nsvc-a\nw1\nagent run\nchat gpt-4o`);
    index.set(idB, `${idB}\nsvc-b\n\npipeline\nchat claude`);
    assert.deepEqual([...index.matching('chat')!].sort(), [idA, idB]);
    assert.deepEqual([...index.matching('gpt')!], [idA]);
    assert.deepEqual([...index.matching('abab')!], []);
    assert.deepEqual([...index.matching('bbbb')!], [idB], 'id fragment');
    assert.deepEqual([...index.matching('no-such-thing')!], []);
    assert.equal(index.matching('chat', 1), null, 'more matches than asked for: scan instead');
    assert.deepEqual([...index.matching('gpt', 1)!], [idA]);
  });

  it('forgets lines a trace no longer has, and deleted traces', () => {
    const index = new TraceSearchIndex();
    index.set(idA, `${idA}\nsvc-a\n\nfirst`);
    index.set(idA, `${idA}\nsvc-a\n\nsecond`);
    assert.deepEqual([...index.matching('first')!], []);
    assert.deepEqual([...index.matching('second')!], [idA]);
    index.delete(idA);
    assert.deepEqual([...index.matching('second')!], []);
    assert.deepEqual([...index.matching('aaaa')!], []);
  });

  it('leaves a needle spanning lines to the caller', () => {
    const index = new TraceSearchIndex();
    index.set(idA, `${idA}\nsvc-a`);
    assert.equal(index.matching('a\nsvc'), null);
  });
});

describe('listTraces text filter through the search index', () => {
  /** Trace n: service svc-<n % 3>, root "run <n>", children "tool <n % 7>" and "chat model-<n % 2>". */
  function spansOf(n: number, extraName?: string) {
    const service = `Svc-${n % 3}`;
    const spans = [
      makeSpan({ trace: n, span: 1, name: `Run ${n}`, startMs: n * 100, service }),
      makeSpan({ trace: n, span: 2, parent: 1, name: `tool ${n % 7}`, startMs: n * 100 + 1, service }),
      makeSpan({ trace: n, span: 3, parent: 1, name: `chat model-${n % 2}`, startMs: n * 100 + 2, service }),
    ];
    if (extraName) spans.push(makeSpan({ trace: n, span: 4, parent: 1, name: extraName, startMs: n * 100 + 3, service }));
    return spans;
  }

  /** What a scan of every trace's search fields finds (id, service, no workload, root, names), newest first. */
  function expected(names: Map<number, string[]>, needle: string, limit: number): string[] {
    const lower = needle.toLowerCase();
    return [...names.entries()]
      .filter(([n, list]) => [traceId(n), `svc-${n % 3}`, '', `run ${n}`, ...list].join('\n').toLowerCase().includes(lower))
      .sort(([a], [b]) => b - a)
      .slice(0, limit)
      .map(([n]) => traceId(n));
  }

  it('finds what a scan finds, before and after traces change', async () => {
    const store = await TraceStore.open({ dir: null, retention: { maxSpans: 0, maxBytes: 0 } });
    const names = new Map<number, string[]>();
    for (let n = 1; n <= 300; n++) {
      store.ingestDecoded({ spans: spansOf(n), logs: [] });
      names.set(n, [`run ${n}`, `tool ${n % 7}`, `chat model-${n % 2}`]);
    }
    const check = (needle: string, limit = 20): void => {
      assert.deepEqual(store.listTraces({ text: needle, limit }).map((t) => t.traceId), expected(names, needle, limit),
        `needle ${JSON.stringify(needle)}`);
    };
    // Few matches (fetched by id), many (walked newest first), none, id fragments, any case, across lines.
    for (const needle of ['RUN 17', 'run 1', 'Tool 3', 'chat', 'model-1', 'no-such-thing', traceId(42).slice(-6),
      '00000', 'svc-2', 'svc-1\n\nrun 1', 'svc-1\nrun 1', '%', '']) check(needle);
    check('run 1', 300);

    store.ingestDecoded({ spans: spansOf(17, 'Late Arrival'), logs: [] });
    names.get(17)!.push('late arrival');
    store.ingestDecoded({ spans: spansOf(301, 'late arrival'), logs: [] });
    names.set(301, ['run 301', `tool ${301 % 7}`, `chat model-${301 % 2}`, 'late arrival']);
    check('late arrival');
    check('run 301');

    store.clear();
    names.clear();
    check('run 1');
    store.ingestDecoded({ spans: spansOf(5), logs: [] });
    names.set(5, ['run 5', 'tool 5', 'chat model-1']);
    check('run 5');
    await store.close();
  });

  it('drops evicted traces from the matches', async () => {
    const store = await TraceStore.open({ dir: null, retention: { maxSpans: 30, maxBytes: 0 } });
    for (let n = 1; n <= 10; n++) store.ingestDecoded({ spans: spansOf(n), logs: [] });
    assert.deepEqual(store.listTraces({ text: 'run 1' }).map((t) => t.traceId), [traceId(10), traceId(1)]);
    for (let n = 11; n <= 12; n++) store.ingestDecoded({ spans: spansOf(n), logs: [] });
    assert.deepEqual(store.listTraces({ text: 'run 1' }).map((t) => t.traceId),
      [traceId(12), traceId(11), traceId(10)], 'traces 1 and 2 were evicted');
    await store.close();
  });
});
