import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceRow } from '../../../src/protocol/messages';
import {
  EMPTY_LIST, fromRefresh, olderPageQuery, refreshLimit, scorecardScope, shownText, withOlderPage, type LoadedList,
} from '../../../webview/model/listPaging';

function row(id: string, startMs: number): TraceRow {
  const start = (1_700_000_000_000_000_000n + BigInt(startMs) * 1_000_000n).toString();
  return { traceId: id, startTimeUnixNano: start } as TraceRow;
}

const list = (rows: TraceRow[], hasMore: boolean, total: number | null): LoadedList => ({ rows, hasMore, total });

test('a refresh fetches as many pages as are loaded, at least one', () => {
  assert.equal(refreshLimit(EMPTY_LIST, 1000), 1000);
  assert.equal(refreshLimit(list(Array.from({ length: 40 }, (_, i) => row(`t${i}`, 100 - i)), false, 40), 1000), 1000);
  const twoPages = Array.from({ length: 2000 }, (_, i) => row(`t${i}`, 5000 - i));
  assert.equal(refreshLimit(list(twoPages, true, 4000), 1000), 2000);
  // A short last page still counts as a page: a trace arriving later does not push the oldest out.
  assert.equal(refreshLimit(list(twoPages.slice(0, 1008), false, 1008), 1000), 2000);
});

test('the older-page query continues from the oldest loaded start time with the same filter', () => {
  const rows = [row('a', 50), row('b', 40), row('c', 30)];
  const q = olderPageQuery({ status: 'error', text: 'chat', limit: 3 }, rows, 3);
  assert.deepEqual(q, { status: 'error', text: 'chat', limit: 3 + 1, offset: 0, toUnixNano: rows[2]!.startTimeUnixNano });
  assert.equal(olderPageQuery({}, [], 3), null, 'nothing loaded: no cursor');
});

test('loaded rows sharing the oldest start time widen the page by as many (they come back and are dropped)', () => {
  const rows = [row('a', 50), row('b', 30), row('c', 30), row('d', 30)];
  assert.equal(olderPageQuery({}, rows, 10)!.limit, 13);
});

test('an older page is appended without the rows already loaded; the total is kept', () => {
  const loaded = list([row('a', 50), row('b', 40), row('c', 40)], true, 9);
  const next = withOlderPage(loaded, { rows: [row('b', 40), row('c', 40), row('d', 40), row('e', 30)], hasMore: true, total: null });
  assert.deepEqual(next.rows.map((r) => r.traceId), ['a', 'b', 'c', 'd', 'e']);
  assert.equal(next.hasMore, true);
  assert.equal(next.total, 9);
  const last = withOlderPage(next, { rows: [row('f', 20)], hasMore: false, total: null });
  assert.equal(last.hasMore, false);
  assert.deepEqual(last.rows.map((r) => r.traceId), ['a', 'b', 'c', 'd', 'e', 'f']);
});

test('a page that brings nothing new ends paging instead of offering the same page again', () => {
  const loaded = list([row('a', 50), row('b', 40)], true, null);
  const next = withOlderPage(loaded, { rows: [row('b', 40)], hasMore: true, total: null });
  assert.equal(next.hasMore, false);
  assert.equal(next.rows, loaded.rows);
});

test('a refresh replaces the list with the page as sent', () => {
  const page = { rows: [row('x', 1)], hasMore: true, total: 12 };
  assert.deepEqual(fromRefresh(page), { rows: page.rows, hasMore: true, total: 12 });
});

test('the count line names the total when known and larger than what is shown', () => {
  const thousand = Array.from({ length: 1000 }, (_, i) => row(`t${i}`, 5000 - i));
  assert.equal(shownText(list(thousand, true, 4210)), 'Showing 1,000 of 4,210 traces');
  assert.equal(shownText(list(thousand, true, null)), 'Showing 1,000 traces');
  assert.equal(shownText(list(thousand.slice(0, 37), false, 37)), 'Showing 37 traces');
  assert.equal(shownText(list(thousand.slice(0, 1), false, 1)), 'Showing 1 trace');
});

test('the scorecards say they cover only the loaded traces when older ones exist', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => row(`t${i}`, 5000 - i));
  assert.equal(scorecardScope(list(rows, false, 1000)), null, 'every matching trace is loaded: nothing to qualify');
  assert.match(scorecardScope(list(rows, true, 4210))!, /newest 1,000 of 4,210 traces/);
  assert.match(scorecardScope(list(rows, true, null))!, /newest 1,000 traces/);
});
