// The panel's trace-list pages against a real in-memory store, paged the way the webview pages them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TraceStore } from '../../../src/core/store';
import type { TraceListQuery, TraceRow } from '../../../src/protocol/messages';
import { listTracePage, type TraceListDecorations } from '../../../src/ext/trace-list-page';
import type { TraceListStore } from '../../../src/core/store/views';
import { fromRefresh, olderPageQuery, withOlderPage, type LoadedList } from '../../../webview/model/listPaging';
import { makeSpan, traceId } from '../core/store/helpers';

const noDecorations: TraceListDecorations = {
  violatingTraceIds: () => null,
  applyToTraces: async (rows) => rows,
};

/** Trace n starts at `startMs(n)`; every third one has an error span. */
async function storeWith(count: number, startMs: (n: number) => number = (n) => n * 10): Promise<{ store: TraceStore; source: TraceListStore }> {
  const store = await TraceStore.open({ dir: null, retention: { maxSpans: 0, maxBytes: 0 } });
  for (let n = 1; n <= count; n++) add(store, n, startMs(n));
  return { store, source: { listTraces: async (f) => store.listTraces(f), stats: async () => store.stats() } };
}

function add(store: TraceStore, n: number, startMs: number): void {
  store.ingestDecoded({ spans: [makeSpan({ trace: n, span: 1, name: `run ${n}`, startMs, error: n % 3 === 0 })], logs: [] });
}

/** Newest first, as the store orders them (start time descending, then trace id). */
function expectedOrder(ids: number[], startMs: (n: number) => number): string[] {
  return ids
    .map((n) => ({ id: traceId(n), start: startMs(n) }))
    .sort((a, b) => b.start - a.start || (a.id < b.id ? -1 : 1))
    .map((t) => t.id);
}

async function loadAll(source: TraceListStore, base: TraceListQuery, pageSize: number, decorations = noDecorations): Promise<LoadedList> {
  let list = fromRefresh(await listTracePage(source, decorations, { ...base, limit: pageSize }));
  for (let guard = 0; list.hasMore && guard < 100; guard++) {
    const query = olderPageQuery(base, list.rows, pageSize);
    assert.ok(query);
    list = withOlderPage(list, await listTracePage(source, decorations, query));
  }
  return list;
}

const ids = (rows: readonly TraceRow[]): string[] => rows.map((r) => r.traceId);

describe('listTracePage', () => {
  it('says whether older traces follow and gives the unfiltered total from the store totals', async () => {
    const { source } = await storeWith(25);
    const first = await listTracePage(source, noDecorations, { limit: 10 });
    assert.equal(first.rows.length, 10);
    assert.equal(first.hasMore, true);
    assert.equal(first.total, 25);
    assert.deepEqual(ids(first.rows), expectedOrder(Array.from({ length: 25 }, (_, i) => i + 1), (n) => n * 10).slice(0, 10));

    const everything = await listTracePage(source, noDecorations, { limit: 25 });
    assert.equal(everything.hasMore, false, 'exactly the limit left: nothing older');
    assert.equal(everything.total, 25);
  });

  it('counts "errors only" from the totals, and leaves other filtered totals unknown unless all rows fit', async () => {
    const { source } = await storeWith(25);
    const errors = await listTracePage(source, noDecorations, { status: 'error', limit: 3 });
    assert.equal(errors.total, 8, 'traces 3, 6, …, 24');
    assert.ok(errors.rows.every((r) => r.errorCount > 0));
    const text = await listTracePage(source, noDecorations, { text: 'run 1', limit: 3 });
    assert.equal(text.hasMore, true);
    assert.equal(text.total, null);
    const fits = await listTracePage(source, noDecorations, { text: 'run 2', limit: 50 });
    assert.deepEqual(fits.total, fits.rows.length, 'run 2, run 20…25: every match is on the page');
    assert.equal(fits.rows.length, 7);
  });

  it('pages "violations only" through the decorations and counts them', async () => {
    const { source } = await storeWith(30);
    const violating = new Set([2, 5, 9, 14, 20, 27].map(traceId));
    const decorations: TraceListDecorations = { violatingTraceIds: () => violating, applyToTraces: async (rows) => rows };
    const first = await listTracePage(source, decorations, { violationsOnly: true, limit: 4 });
    assert.deepEqual(ids(first.rows), [27, 20, 14, 9].map(traceId));
    assert.equal(first.hasMore, true);
    assert.equal(first.total, 6);
    const list = await loadAll(source, { violationsOnly: true }, 4, decorations);
    assert.deepEqual(ids(list.rows), [27, 20, 14, 9, 5, 2].map(traceId));
    assert.equal(list.hasMore, false);
  });

  it('finds violating traces however old, and counts only those the store still has', async () => {
    const { store, source } = await storeWith(30);
    const newer = Array.from({ length: 25_000 }, (_, i) => makeSpan({ trace: 31 + i, span: 1, startMs: (31 + i) * 10 }));
    for (let i = 0; i < newer.length; i += 1000) store.ingestDecoded({ spans: newer.slice(i, i + 1000), logs: [] });
    const violating = new Set([...[1, 3].map(traceId), 'f'.repeat(32) /* evicted or never stored */]);
    const decorations: TraceListDecorations = { violatingTraceIds: () => violating, applyToTraces: async (rows) => rows };
    const page = await listTracePage(source, decorations, { violationsOnly: true, limit: 1 });
    assert.deepEqual(ids(page.rows), [traceId(3)], 'past the newest 25,000 traces');
    assert.equal(page.hasMore, true);
    assert.equal(page.total, 2);
    const errorsOnly = await listTracePage(source, decorations, { violationsOnly: true, status: 'error', limit: 10 });
    assert.deepEqual(ids(errorsOnly.rows), [traceId(3)], 'other filters still apply');
  });
});

describe('paging the list with older pages', () => {
  it('loads every trace exactly once, in order, across pages', async () => {
    const { source } = await storeWith(57);
    const list = await loadAll(source, {}, 10);
    assert.deepEqual(ids(list.rows), expectedOrder(Array.from({ length: 57 }, (_, i) => i + 1), (n) => n * 10));
    assert.equal(list.total, 57);
  });

  it('does not skip or repeat traces that share a start time across a page boundary', async () => {
    // Five traces start at each instant: page boundaries fall inside groups of equal start times.
    const startMs = (n: number): number => Math.ceil(n / 5) * 10;
    const { source } = await storeWith(43, startMs);
    for (const pageSize of [3, 4, 7, 10]) {
      const list = await loadAll(source, {}, pageSize);
      assert.deepEqual(ids(list.rows), expectedOrder(Array.from({ length: 43 }, (_, i) => i + 1), startMs), `page size ${pageSize}`);
    }
  });

  it('keeps its place when new traces arrive between pages', async () => {
    const { store, source } = await storeWith(30);
    let list = fromRefresh(await listTracePage(source, noDecorations, { limit: 10 }));
    for (let n = 31; n <= 35; n++) add(store, n, n * 10); // newer than everything loaded
    const older = olderPageQuery({}, list.rows, 10);
    list = withOlderPage(list, await listTracePage(source, noDecorations, older!));
    assert.deepEqual(ids(list.rows), expectedOrder(Array.from({ length: 20 }, (_, i) => 30 - i), (n) => n * 10),
      'the second page continues right after the first, whatever arrived meanwhile');
  });

  it('filters the older pages with the same filter', async () => {
    const { source } = await storeWith(40);
    const list = await loadAll(source, { status: 'error' }, 4);
    assert.deepEqual(ids(list.rows), [39, 36, 33, 30, 27, 24, 21, 18, 15, 12, 9, 6, 3].map(traceId));
    assert.equal(list.total, 13);
  });
});
