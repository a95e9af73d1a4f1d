// The forward queue: order, restart, the byte bound (drops oldest, counts), torn tails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ForwardQueue, type QueuedRequest } from '../../../../src/core/forward/queue';
import { tempDir } from '../../receiver/helpers';

const request = (text: string, items = 1): QueuedRequest => ({
  signal: 'traces', encoding: 'json', body: new TextEncoder().encode(text), items,
});

function drain(queue: ForwardQueue): string[] {
  const out: string[] = [];
  for (let entry = queue.peek(); entry; entry = queue.peek()) {
    out.push(Buffer.from(queue.read(entry).body).toString());
    queue.remove(entry);
  }
  return out;
}

test('delivers in order and keeps what was not delivered across a reopen', () => {
  const folder = tempDir();
  try {
    const first = ForwardQueue.open(folder.dir);
    for (const t of ['a', 'b', 'c']) first.push(request(t, 2));
    const head = first.peek()!;
    assert.equal(Buffer.from(first.read(head).body).toString(), 'a');
    first.remove(head);
    first.close();
    const second = ForwardQueue.open(folder.dir);
    assert.deepEqual(second.counts(), { queuedRequests: 2, queuedItems: 4, queuedBytes: 2 * 13, droppedRequests: 0, droppedItems: 0 });
    assert.deepEqual(drain(second), ['b', 'c']);
    second.push(request('d'));
    assert.deepEqual(drain(second), ['d']);
    second.close();
    assert.deepEqual(drain(ForwardQueue.open(folder.dir)), []);
  } finally {
    folder.remove();
  }
});

test('at the bound the oldest records go, counted and warned about, never the one in flight', () => {
  const folder = tempDir();
  const warnings: string[] = [];
  try {
    // Each record is 12 header bytes + 10 body bytes: room for three.
    const queue = ForwardQueue.open(folder.dir, 70, (m) => warnings.push(m));
    for (let i = 0; i < 3; i++) queue.push(request(`record-00${i}`, 5));
    const inFlight = queue.peek()!;
    queue.push(request('record-003', 5));
    queue.push(request('record-004', 5));
    assert.equal(queue.counts().droppedRequests, 2);
    assert.equal(queue.counts().droppedItems, 10);
    assert.match(warnings.join('\n'), /dropped the 1 oldest request/);
    queue.remove(inFlight);
    assert.deepEqual(drain(queue), ['record-003', 'record-004']);
    queue.close();
    const reopened = ForwardQueue.open(folder.dir, 70);
    assert.equal(reopened.counts().droppedRequests, 2, 'the drop count survives a reopen');
    reopened.close();
  } finally {
    folder.remove();
  }
});

test('a request larger than the whole bound is dropped on arrival', () => {
  const folder = tempDir();
  try {
    const queue = ForwardQueue.open(folder.dir, 20);
    queue.push(request('x'.repeat(64), 3));
    assert.equal(queue.peek(), null);
    assert.equal(queue.counts().droppedItems, 3);
  } finally {
    folder.remove();
  }
});

test('an unfinished record at the end (a crash mid-write) is cut at reopen, the rest survives', () => {
  const folder = tempDir();
  const warnings: string[] = [];
  try {
    const queue = ForwardQueue.open(folder.dir);
    queue.push(request('whole'));
    queue.close();
    const segment = readdirSync(folder.dir).find((n) => n.endsWith('.bin'))!;
    appendFileSync(join(folder.dir, segment), Buffer.from([0xa7, 0, 1, 0, 200, 0, 0, 0, 1, 0, 0, 0, 1, 2]));
    const reopened = ForwardQueue.open(folder.dir, undefined, (m) => warnings.push(m));
    assert.deepEqual(drain(reopened), ['whole']);
    reopened.close();
    assert.match(warnings.join('\n'), /cut 14 byte\(s\)/);
  } finally {
    folder.remove();
  }
});

test('a delayed cursor save that fails (folder gone) is a warning, not an uncaught error', async () => {
  const folder = tempDir();
  const warnings: string[] = [];
  const queue = ForwardQueue.open(folder.dir, undefined, (m) => warnings.push(m));
  queue.push(request('gone'));
  drain(queue);
  folder.remove();
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.match(warnings.join('\n'), /could not save the delivery cursor/);
});
