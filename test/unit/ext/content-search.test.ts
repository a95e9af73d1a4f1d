// The panel's host-side content search: progress in scan order with each trace's row sent once, a newer
// search or a cancel stopping the running one, and hits kept when trace rows cannot be read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TraceSummary } from '../../../src/core/model/types';
import type {
  ContentMatch, ContentSearchProgress, ContentSearchQuery, ContentSearchResult, SpanStructure, TraceFilter,
} from '../../../src/core/model/store-types';
import { TraceStore } from '../../../src/core/store';
import type { ContentSearchProgressParams, TraceRow } from '../../../src/protocol/messages';
import { PanelContentSearch, newTraceIds, type ContentSearchPanel } from '../../../src/ext/content-search';
import type { ContentSearchStore } from '../../../src/core/store/views';
import { NEEDLE, contentTraceId, contentTraceRequest } from '../store-worker/content-search-helpers';

function match(traceId: string, spanId: string): ContentMatch {
  const span = { traceId, spanId, name: `span ${spanId}`, kind: 'llm' } as SpanStructure;
  return { span, snippet: `…${spanId}…` };
}

/** A store whose search the test drives: it emits chunks on demand and ends when told (or when aborted). */
class ScriptedSearchStore implements ContentSearchStore {
  readonly runs: Array<{
    query: ContentSearchQuery;
    signal: AbortSignal | undefined;
    emit(matches: ContentMatch[], scannedBytes: number): void;
    finish(): void;
  }> = [];
  listed: string[][] = [];
  listFails = false;

  searchContent(
    query: ContentSearchQuery, onProgress: (p: ContentSearchProgress) => void, options?: { signal?: AbortSignal },
  ): Promise<ContentSearchResult> {
    return new Promise((resolve) => {
      let matchCount = 0;
      let scanned = 0;
      const end = (complete: boolean): void => resolve({ matchCount, scannedBytes: scanned, totalBytes: 100, complete });
      options?.signal?.addEventListener('abort', () => end(false));
      this.runs.push({
        query,
        signal: options?.signal,
        emit: (matches, scannedBytes) => {
          matchCount += matches.length;
          scanned = scannedBytes;
          onProgress({ matches, scannedBytes, totalBytes: 100 });
        },
        finish: () => end(true),
      });
    });
  }

  async listTraces(filter: TraceFilter): Promise<TraceSummary[]> {
    if (this.listFails) throw new Error('worker restarting');
    this.listed.push([...(filter.traceIds ?? [])]);
    // Deliberately in another order than asked.
    return [...(filter.traceIds ?? [])].reverse().map((traceId) => ({ traceId, rootName: `root of ${traceId}` }) as TraceSummary);
  }
}

function recordingPanel(): { panel: ContentSearchPanel; sent: ContentSearchProgressParams[] } {
  const sent: ContentSearchProgressParams[] = [];
  return {
    sent,
    panel: {
      progress: (p) => sent.push(p),
      decorate: async (rows: TraceRow[]) => rows.map((r) => ({ ...r, badges: [{ text: 'b', severity: 'info' as const }] })),
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('PanelContentSearch', () => {
  it('sends each chunk in order: the hits, and rows (decorated, in first-seen order) only for traces not sent before', async () => {
    const store = new ScriptedSearchStore();
    const { panel, sent } = recordingPanel();
    const search = new PanelContentSearch(() => store, panel);
    const done = search.search({ searchId: 7, text: 'needle' });
    const run = store.runs[0]!;
    assert.equal(run.query.text, 'needle');
    run.emit([match('t1', 'a'), match('t2', 'b'), match('t1', 'c')], 40);
    run.emit([match('t2', 'd'), match('t3', 'e')], 80);
    run.emit([], 100);
    run.finish();
    const outcome = await done;
    assert.deepEqual(outcome, { matchCount: 5, scannedBytes: 100, totalBytes: 100, complete: true, cancelled: false });
    assert.deepEqual(sent.map((p) => p.traces.map((t) => t.traceId)), [['t1', 't2'], ['t3'], []]);
    assert.deepEqual(sent.map((p) => p.hits.map((h) => h.spanId)), [['a', 'b', 'c'], ['d', 'e'], []]);
    assert.deepEqual(sent.map((p) => [p.searchId, p.matchCount, p.scannedBytes]), [[7, 3, 40], [7, 5, 80], [7, 5, 100]]);
    assert.deepEqual(sent[0]!.hits[0], { traceId: 't1', spanId: 'a', name: 'span a', kind: 'llm', snippet: '…a…' });
    assert.equal(sent[0]!.traces[0]!.badges?.length, 1, 'rows are decorated like the trace list');
    assert.deepEqual(store.listed, [['t1', 't2'], ['t3']], 'no lookup for a chunk without new traces');
  });

  it('a new search cancels the running one, whose late progress is dropped', async () => {
    const store = new ScriptedSearchStore();
    const { panel, sent } = recordingPanel();
    const search = new PanelContentSearch(() => store, panel);
    const first = search.search({ searchId: 1, text: 'old' });
    store.runs[0]!.emit([match('t1', 'a')], 10);
    const second = search.search({ searchId: 2, text: 'new' });
    assert.equal(store.runs[0]!.signal?.aborted, true);
    assert.deepEqual(await first, { matchCount: 1, scannedBytes: 10, totalBytes: 100, complete: false, cancelled: true });
    store.runs[1]!.emit([match('t9', 'z')], 50);
    store.runs[1]!.finish();
    assert.equal((await second).cancelled, false);
    assert.deepEqual(sent.map((p) => p.searchId), [2], 'the first search\'s chunk was still fetching rows when it was cancelled');
  });

  it('cancel stops only the search it names', async () => {
    const store = new ScriptedSearchStore();
    const search = new PanelContentSearch(() => store, recordingPanel().panel);
    const running = search.search({ searchId: 5, text: 'x' });
    search.cancel(4);
    assert.equal(store.runs[0]!.signal?.aborted, false, 'an older id does not stop a newer search');
    search.cancel(5);
    assert.equal((await running).cancelled, true);
  });

  it('cancelRunning (panel gone) stops the search; a stopped store fails the request', async () => {
    const store = new ScriptedSearchStore();
    const search = new PanelContentSearch(() => store, recordingPanel().panel);
    const running = search.search({ searchId: 1, text: 'x' });
    search.cancelRunning();
    assert.equal((await running).cancelled, true);
    const closed = new PanelContentSearch(() => { throw new Error('Trace storage is not open yet.'); }, recordingPanel().panel);
    await assert.rejects(closed.search({ searchId: 2, text: 'x' }), /not open yet/);
  });

  it('hits still go out (without rows) when the trace rows cannot be read', async () => {
    const store = new ScriptedSearchStore();
    store.listFails = true;
    const { panel, sent } = recordingPanel();
    const search = new PanelContentSearch(() => store, panel);
    const done = search.search({ searchId: 1, text: 'x' });
    store.runs[0]!.emit([match('t1', 'a')], 100);
    await tick();
    store.runs[0]!.finish();
    await done;
    assert.deepEqual(sent.map((p) => [p.hits.length, p.traces.length]), [[1, 0]]);
  });

  it('newTraceIds keeps first-seen order and remembers what was sent', () => {
    const sentIds = new Set(['t0']);
    assert.deepEqual(newTraceIds([match('t2', 'a'), match('t0', 'b'), match('t1', 'c'), match('t2', 'd')], sentIds), ['t2', 't1']);
    assert.deepEqual([...sentIds], ['t0', 't2', 't1']);
  });

  it('against a real in-memory store: the needle spans, grouped under their traces with their root names', async () => {
    const store = await TraceStore.open({ dir: null });
    for (let n = 0; n < 4; n++) store.ingestRequest(new TextEncoder().encode(contentTraceRequest(n, 3, n % 2 === 0)), 'traces', 'json');
    const asWorker: ContentSearchStore = {
      searchContent: (query, onProgress, options) => store.searchContent(query, onProgress, options),
      listTraces: async (filter) => store.listTraces(filter),
    };
    const { panel, sent } = recordingPanel();
    const outcome = await new PanelContentSearch(() => asWorker, panel).search({ searchId: 1, text: NEEDLE.toUpperCase() });
    assert.equal(outcome.complete, true);
    assert.equal(outcome.matchCount, 2);
    const traces = sent.flatMap((p) => p.traces);
    assert.deepEqual(traces.map((t) => t.traceId).sort(), [contentTraceId(0), contentTraceId(2)].sort());
    assert.ok(traces.every((t) => /^agent run \d$/.test(t.rootName ?? '')));
    assert.ok(sent.flatMap((p) => p.hits).every((h) => h.name === 'llm call 1' && h.snippet.includes(NEEDLE)));
    await store.close();
  });
});
