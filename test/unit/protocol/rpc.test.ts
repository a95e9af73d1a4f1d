import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetTrace, ListTraces, Ready, Snapshot, isWireMessage, type WireMessage } from '../../../src/protocol/messages';
import { RpcEndpoint } from '../../../src/protocol/rpc';
import { packWire } from '../../../src/protocol/structure-codec';

/** Two endpoints joined by structured clone, as postMessage joins them. */
function pair(): { host: RpcEndpoint<'host'>; view: RpcEndpoint<'page'>; wire: WireMessage[] } {
  const wire: WireMessage[] = [];
  let host!: RpcEndpoint<'host'>;
  let view!: RpcEndpoint<'page'>;
  host = new RpcEndpoint('host', (m) => { wire.push(m); queueMicrotask(() => view.handleMessage(structuredClone(m))); });
  view = new RpcEndpoint('page', (m) => { wire.push(m); queueMicrotask(() => host.handleMessage(structuredClone(m))); });
  return { host, view, wire };
}

test('a request gets the handler result back, matched by id', async () => {
  const { host, view } = pair();
  host.onRequest(ListTraces, (filter) => ({ rows: [{ traceId: `t-${filter.limit}` }] as never, hasMore: true, total: null }));
  host.onRequest(GetTrace, async ({ traceId }) => ({ summary: null, packed: packWire([]), ghosts: [{ ghost: true as const, parentSpanId: null, label: traceId }] }));
  const [a, b] = await Promise.all([
    view.sendRequest(ListTraces, { limit: 7 }),
    view.sendRequest(GetTrace, { traceId: 'abc' }),
  ]);
  assert.deepEqual(a, { rows: [{ traceId: 't-7' }], hasMore: true, total: null });
  assert.equal(b.ghosts[0]?.label, 'abc');
});

test('a throwing handler rejects the request with its message', async () => {
  const { host, view } = pair();
  host.onRequest(GetTrace, () => { throw new Error('store closed'); });
  await assert.rejects(view.sendRequest(GetTrace, { traceId: 'x' }), /store closed/);
});

test('a request without a handler is rejected, not left hanging', async () => {
  const { view } = pair();
  await assert.rejects(view.sendRequest(ListTraces, {}), /no handler for traces\/list/);
});

test('notifications reach every listener until unsubscribed', async () => {
  const { host, view } = pair();
  const seen: number[] = [];
  const off = view.onNotification(Snapshot, (s) => seen.push(s.storeVersion));
  view.onNotification(Snapshot, (s) => seen.push(s.storeVersion * 10));
  const snap = { receiver: { state: 'listening' as const, httpEndpoint: null, grpcEndpoint: null, error: null },
    stats: { traces: 0, spans: 0, errorSpans: 0, errorTraces: 0 }, storeVersion: 3, decorationVersion: 0, workloadAttribute: 'workload.id', openTracesIn: 'sidebar' as const };
  host.sendNotification(Snapshot, snap);
  await new Promise((r) => setTimeout(r, 5));
  off();
  host.sendNotification(Snapshot, { ...snap, storeVersion: 4 });
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(seen, [3, 30, 40]);
});

test('dispose rejects outstanding requests', async () => {
  const page = new RpcEndpoint('page', () => undefined); // never answered
  const pending = page.sendRequest(GetTrace, { traceId: 'x' });
  page.dispose('webview closed');
  await assert.rejects(pending, /webview closed/);
});

test('malformed messages are ignored', () => {
  const e = new RpcEndpoint('host', () => undefined);
  for (const m of [null, 1, 'x', {}, { type: 'request' }, { type: 'response' }, { type: 'notification', method: 5 }]) {
    assert.equal(e.handleMessage(m), false);
    assert.equal(isWireMessage(m), false);
  }
  assert.equal(isWireMessage({ type: 'notification', method: Ready.method, params: {} }), true);
});

test('every message on the wire survives a structured clone unchanged', async () => {
  const { host, view, wire } = pair();
  host.onRequest(GetTrace, () => ({ summary: null, packed: packWire([]), ghosts: [] }));
  await view.sendRequest(GetTrace, { traceId: 'abc' });
  assert.ok(wire.length >= 2);
  for (const m of wire) assert.deepEqual(structuredClone(m), m);
});

test('an endpoint sends and handles only what its side may (checked by the compiler)', () => {
  const { host, view } = pair();
  const misuse = [
    // @ts-expect-error the host does not send page requests
    () => host.sendRequest(GetTrace, { traceId: 'x' }),
    // @ts-expect-error the page does not answer requests meant for the host
    () => view.onRequest(GetTrace, () => ({ summary: null, packed: packWire([]), ghosts: [] })),
    // @ts-expect-error the host does not listen to its own notifications
    () => host.onNotification(Snapshot, () => undefined),
    // @ts-expect-error the page does not send host notifications
    () => view.sendNotification(Snapshot, {} as never),
    // @ts-expect-error the host does not send the page's handshake
    () => host.sendNotification(Ready, {}),
  ];
  assert.equal(misuse.length, 5);
  assert.equal(GetTrace.direction, 'toHost');
  assert.equal(Snapshot.direction, 'toPage');
  assert.equal(Ready.direction, 'toHost');
});
