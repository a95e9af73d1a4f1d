import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActionResult, TraceRow, TreeSpan } from '../../../../src/protocol/messages';
import { packWire } from '../../../../src/protocol/structure-codec';
import { TraceController, type TraceHost } from '../../../../webview/controllers/trace';
import { span } from '../helpers';
import { FakeChannel, settle } from './fakes';

const spans: TreeSpan[] = [span('root', null, 0, 100), span('a', 'root', 10, 20), span('b', 'a', 12, 5), span('c', 'root', 40, 30)];
const summary = (spanCount: number): TraceRow => ({ traceId: 't1', spanCount, endTimeUnixNano: String(spanCount) } as unknown as TraceRow);

function setup(traces: Record<string, TreeSpan[]> = { t1: spans }) {
  const store = { traces, summaries: { t1: summary(spans.length) } as Record<string, TraceRow | null> };
  const channel = new FakeChannel({
    'trace/get': ({ traceId }: { traceId: string }) => ({ summary: store.summaries[traceId] ?? null, packed: packWire(store.traces[traceId] ?? []), ghosts: [] }),
    'trace/summary': ({ traceId }: { traceId: string }) => store.summaries[traceId] ?? null,
    'span/get': ({ traceId, spanId }: { traceId: string; spanId: string }) => ({ traceId, spanId, name: spanId }),
  });
  const events: string[] = [];
  let detailsTab = 2;
  const host: TraceHost = {
    requestUpdate: () => undefined,
    requestFrame: () => undefined,
    selectSpanInRoute: (id) => events.push(`route:${id}`),
    notFound: (m) => events.push(`notFound:${m}`),
    backAction: () => null,
    run: async (a: Promise<ActionResult>) => void (await a),
    openReplay: (ref) => events.push(`replay:${ref.spanId}`),
    detailsTab: () => detailsTab,
    setDetailsTab: (t) => { detailsTab = t; },
    openInEditor: null,
    split: () => undefined,
    setSplit: () => undefined,
  };
  const controller = new TraceController(host, channel.send, channel.notify);
  return { controller, channel, events, store };
}

const selectedName = (c: TraceController): string | null => c.selectedSpanId();

test('entering opens the trace at the root, reports the selection and loads its details', async () => {
  const { controller, channel, events } = setup();
  controller.enter({ traceId: 't1', spanId: null });
  await settle();
  assert.equal(selectedName(controller), 'root');
  assert.deepEqual(events, ['route:root']);
  assert.deepEqual(channel.notifications, [{ method: 'span/selected', params: { traceId: 't1', spanId: 'root' } }]);
  assert.equal(controller.details?.spanId, 'root');
});

test('a span named by the route is selected and its ancestors are expanded', async () => {
  const { controller } = setup();
  controller.enter({ traceId: 't1', spanId: 'b' });
  await settle();
  assert.equal(selectedName(controller), 'b');
  const shown = controller.open!.rows.map((r) => (r.type === 'span' ? r.span.spanId : '?'));
  assert.ok(shown.includes('a') && shown.includes('b'), shown.join());
});

test('a trace that is gone is reported, not shown', async () => {
  const { controller, events } = setup({});
  controller.enter({ traceId: 'nope', spanId: null });
  await settle();
  assert.equal(controller.open, null);
  assert.deepEqual(events, ['notFound:Trace not found (it may have been cleared).']);
});

test('leaving drops the answer still on its way and clears the selection on the host', async () => {
  const { controller, channel } = setup();
  controller.enter({ traceId: 't1', spanId: null });
  await settle();
  channel.hold('trace/get');
  controller.leave();
  controller.enter({ traceId: 't1', spanId: 'c' });
  controller.leave();
  channel.release('trace/get');
  await settle();
  assert.equal(controller.open, null);
  assert.deepEqual(channel.notifications.at(-1), { method: 'span/selected', params: null });
});

test('store changes refetch only when the trace grew, keeping the selection and expansion', async () => {
  const { controller, channel, store } = setup();
  controller.enter({ traceId: 't1', spanId: 'c' });
  await settle();
  controller.storeChanged({ data: true, decorations: false });
  await settle();
  assert.equal(channel.count('trace/get'), 1, 'same extent: no refetch');
  store.traces.t1 = [...spans, span('d', 'c', 50, 1)];
  store.summaries.t1 = summary(5);
  controller.storeChanged({ data: true, decorations: false });
  await settle();
  assert.equal(channel.count('trace/get'), 2);
  assert.equal(selectedName(controller), 'c');
  assert.equal(controller.open!.index.spans.size, 5);
});

test('expand all and collapse all keep the selected span selected when it stays visible', async () => {
  const { controller } = setup();
  controller.enter({ traceId: 't1', spanId: null });
  await settle();
  controller.expandAll();
  assert.equal(controller.open!.rows.length, 4);
  controller.collapseAll();
  assert.equal(controller.open!.rows.length, 1);
  assert.equal(selectedName(controller), 'root');
});

test('showing another span of the open trace selects it without fetching again', async () => {
  const { controller, channel } = setup();
  controller.enter({ traceId: 't1', spanId: null });
  await settle();
  assert.equal(controller.showSpan('t1', 'b'), true);
  assert.equal(selectedName(controller), 'b');
  assert.equal(channel.count('trace/get'), 1);
  assert.equal(controller.showSpan('t1', 'nope'), false);
  assert.equal(controller.showSpan('t2', 'b'), false);
});

/** t1 as a big trace: its preview (the top level and its children) answers before the whole structure. */
function setupBig() {
  const made = setup();
  const preview = { summary: summary(5000), spans: [spans[0]!, spans[1]!, spans[3]!], spanCount: 5000, childCounts: { root: 2, a: 1 } };
  made.channel.handlers['trace/preview'] = () => preview;
  return made;
}

const previewOf = (c: TraceController): number | undefined => c.open?.previewOf;
const shownIds = (c: TraceController): string[] => c.open!.rows.map((r) => (r.type === 'span' ? r.span.spanId : '?'));

test('a big trace paints its preview first; the whole tree keeps its selection and the expansion asked for meanwhile', async () => {
  const { controller, channel } = setupBig();
  channel.hold('trace/get');
  controller.enter({ traceId: 't1', spanId: null });
  await settle();
  assert.equal(previewOf(controller), 5000);
  // Big: the top level open, the level below collapsed; "a" shows it has children not loaded yet.
  assert.deepEqual(shownIds(controller), ['root', 'a', 'c']);
  assert.equal(controller.open!.rows[1]!.type === 'span' && controller.open!.rows[1]!.hasChildren, true);
  assert.equal(selectedName(controller), 'root');
  assert.ok(channel.requests.findIndex((r) => r.method === 'trace/preview') < channel.requests.findIndex((r) => r.method === 'trace/get'),
    'the preview is asked for first (the store answers in order)');
  controller.select(2);

  channel.release('trace/get');
  await settle();
  assert.equal(previewOf(controller), undefined);
  assert.equal(controller.open!.index.spans.size, 4);
  assert.equal(selectedName(controller), 'c');
  assert.deepEqual(shownIds(controller), ['root', 'a', 'b', 'c']);

  // Asked for while the preview shows, "collapse all" applies to the whole tree too.
  controller.leave();
  channel.hold('trace/get');
  controller.enter({ traceId: 't1', spanId: null });
  await settle();
  controller.collapseAll();
  assert.deepEqual(shownIds(controller), ['root']);
  channel.release('trace/get');
  await settle();
  assert.equal(previewOf(controller), undefined);
  assert.deepEqual(shownIds(controller), ['root']);
  assert.equal(selectedName(controller), 'root');
});

test('a preview that answers after the whole tree is dropped; a span the route names shows in the preview only if it is there', async () => {
  const { controller, channel } = setupBig();
  channel.hold('trace/preview');
  controller.enter({ traceId: 't1', spanId: null });
  await settle();
  channel.release('trace/preview');
  await settle();
  assert.equal(previewOf(controller), undefined);
  assert.deepEqual(shownIds(controller), ['root', 'a', 'b', 'c']);

  // "c" is in the preview: it shows selected at once.
  controller.leave();
  channel.hold('trace/get');
  controller.enter({ traceId: 't1', spanId: 'c' });
  await settle();
  assert.equal(previewOf(controller), 5000);
  assert.equal(selectedName(controller), 'c');
  channel.release('trace/get');
  await settle();
  assert.equal(selectedName(controller), 'c');

  // "b" lies below the preview: the view waits for the whole tree.
  controller.leave();
  channel.hold('trace/get');
  controller.enter({ traceId: 't1', spanId: 'b' });
  await settle();
  assert.equal(controller.open, null);
  channel.release('trace/get');
  await settle();
  assert.equal(previewOf(controller), undefined);
  assert.equal(selectedName(controller), 'b');
});

test('a store change while the preview shows is looked at again once the whole tree is in', async () => {
  const { controller, channel, store } = setupBig();
  const live = channel.handlers['trace/get']!;
  const readBeforeTheChange = { summary: summary(4), packed: packWire(spans), ghosts: [] };
  channel.handlers['trace/get'] = () => readBeforeTheChange;
  channel.hold('trace/get');
  controller.enter({ traceId: 't1', spanId: null });
  await settle();
  assert.equal(previewOf(controller), 5000);
  store.traces.t1 = [...spans, span('d', 'root', 80, 5)];
  store.summaries.t1 = summary(5);
  channel.handlers['trace/get'] = live;
  controller.storeChanged({ data: true, decorations: false });
  channel.release('trace/get');
  await settle(20);
  assert.equal(controller.open!.index.spans.size, 5);
  assert.ok(shownIds(controller).includes('d'));
});
