import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as messages from '../../../src/protocol/messages';

type Descriptor = { kind: 'request' | 'notification'; method: string; direction: string };
const descriptors = (Object.values(messages) as unknown[]).filter(
  (v): v is Descriptor => typeof v === 'object' && v !== null && 'kind' in v,
);

test('every descriptor has its own method name and a direction', () => {
  assert.ok(descriptors.length > 30, `descriptors found: ${descriptors.length}`);
  const methods = descriptors.map((d) => d.method);
  assert.deepEqual(methods.filter((m, i) => methods.indexOf(m) !== i), []);
  for (const d of descriptors) assert.ok(d.direction === 'toHost' || d.direction === 'toPage', d.method);
});

test('requests go from the page to the host; the handshake too, the snapshot the other way', () => {
  assert.deepEqual(descriptors.filter((d) => d.kind === 'request' && d.direction !== 'toHost').map((d) => d.method), []);
  assert.equal(messages.Ready.direction, 'toHost');
  assert.equal(messages.Snapshot.direction, 'toPage');
  assert.ok(messages.isRequestType(messages.GetTrace));
  assert.ok(!messages.isRequestType(messages.Snapshot));
});
