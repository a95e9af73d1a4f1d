import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceListPage, TraceListQuery, TraceRow } from '../../../../src/protocol/messages';
import { ContentSearchController } from '../../../../webview/controllers/contentSearch';
import { ListController } from '../../../../webview/controllers/list';
import { settle } from './fakes';

const row = (traceId: string): TraceRow => ({ traceId, rootName: traceId, models: [] } as unknown as TraceRow);

function setup(pages: (q: TraceListQuery) => Promise<TraceListPage>) {
  const queries: TraceListQuery[] = [];
  let persisted = 0;
  const contentSearch = new ContentSearchController(() => undefined, { search: () => new Promise(() => undefined), cancel: () => undefined });
  const controller = new ListController({
    requestUpdate: () => undefined, requestFrame: () => undefined, persist: () => { persisted++; },
    openTrace: () => undefined, openTraceInEditor: () => undefined, snapshot: () => null,
  }, (q) => {
    queries.push(q);
    return pages(q);
  }, contentSearch, { filter: { text: 'saved' } as never });
  return { controller, queries, persisted: () => persisted };
}

test('entering an empty list fetches it with the saved filter', async () => {
  const { controller, queries } = setup(async () => ({ rows: [row('a'), row('b')], hasMore: false, total: 2 }));
  assert.equal(controller.prefs.filter.text, 'saved');
  controller.enter();
  await settle();
  assert.deepEqual(controller.rows.map((r) => r.traceId), ['a', 'b']);
  assert.equal(queries.length, 1);
  assert.equal(queries[0]!.text, 'saved');
});

test('an answer for an earlier filter is dropped when the filter changed meanwhile', async () => {
  const pending: { release?: () => void } = {};
  const { controller, queries, persisted } = setup((q) => q.text === 'slow'
    ? new Promise((r) => { pending.release = () => r({ rows: [row('stale')], hasMore: false, total: 1 }); })
    : Promise.resolve({ rows: [row('fresh')], hasMore: false, total: 1 }));
  controller.setFilter({ text: 'slow' });
  await settle(200);
  assert.ok(pending.release, 'the first query is on its way');
  controller.setFilter({ errorsOnly: true, text: 'other' });
  pending.release!();
  await settle(200);
  assert.deepEqual(controller.rows.map((r) => r.traceId), ['fresh']);
  assert.equal(queries.at(-1)!.status, 'error');
  assert.equal(persisted(), 2);
});

test('store changes while the list is loaded refresh it once, later', async () => {
  const { controller, queries } = setup(async () => ({ rows: [row('a')], hasMore: false, total: 1 }));
  controller.enter();
  await settle();
  controller.storeChanged({ data: true, decorations: false });
  controller.storeChanged({ data: true, decorations: false });
  await settle(10);
  assert.equal(queries.length, 1, 'coalesced and delayed');
  await settle(400);
  assert.equal(queries.length, 2);
});
