// A read-only store following a live writer: open, refresh() for what was appended since, and a reload
// once the writer compacted, retired and deleted segments the reader pointed into.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TraceStore } from '../../../../src/core/store';
import { listSegments } from '../../../../src/core/store/segment-files';
import { logsBody, makeLog, makeSpan, removeDir, spanId, tempDir, traceId, tracesBody } from './helpers';

function trace(n: number, error = false): Uint8Array {
  return tracesBody([
    makeSpan({ trace: n, span: 1, startMs: n * 10, attributes: { pad: 'r'.repeat(400), n } }),
    makeSpan({ trace: n, span: 2, parent: 1, startMs: n * 10 + 1, error }),
  ]);
}

function ids(store: TraceStore): string[] {
  return store.listTraces({ limit: 100_000 }).map((t) => t.traceId).sort();
}

describe('a read-only store following a writer', () => {
  it('sees what the writer acknowledged, and refresh() returns and shows the new traces', async () => {
    const dir = tempDir('reader');
    try {
      const writer = await TraceStore.open({ dir, snapshotTailBytes: 1e9 });
      writer.ingestRequest(trace(1), 'traces', 'json');
      writer.ingestRequest(trace(2), 'traces', 'json');
      const reader = await TraceStore.open({ dir, readOnly: true });
      assert.deepEqual(ids(reader), [traceId(1), traceId(2)]);
      assert.deepEqual(reader.refresh(), [], 'nothing new');

      writer.ingestRequest(trace(3), 'traces', 'json');
      writer.ingestRequest(logsBody([makeLog(1, 2, 'late log for trace 1')]), 'logs', 'json');
      writer.ingestRequest(tracesBody([makeSpan({ trace: 2, span: 3, parent: 1, startMs: 25 })]), 'traces', 'json');
      assert.deepEqual(reader.refresh().sort(), [traceId(1), traceId(2), traceId(3)]);
      assert.deepEqual(ids(reader), [traceId(1), traceId(2), traceId(3)]);
      assert.deepEqual(reader.stats(), writer.stats());
      for (const id of ids(writer)) assert.deepEqual(reader.getTraceSpans(id), writer.getTraceSpans(id), id);
      assert.match(JSON.stringify(reader.getSpan(traceId(1), spanId(1, 2))!.events), /late log/);
      assert.deepEqual(reader.refresh(), []);
      await reader.close();
      await writer.close();
    } finally {
      removeDir(dir);
    }
  });

  it('keeps following after the writer compacted, retired and deleted segments and snapshotted', async () => {
    const dir = tempDir('reader-compact');
    try {
      const writer = await TraceStore.open({
        dir, segmentMaxBytes: 4096, snapshotTailBytes: 8192, retention: { maxSpans: 20, maxBytes: 0 },
      });
      for (let n = 1; n <= 5; n++) writer.ingestRequest(trace(n, n === 2), 'traces', 'json');
      const warnings: string[] = [];
      const reader = await TraceStore.open({ dir, readOnly: true, onWarning: (m) => warnings.push(m) });
      assert.deepEqual(ids(reader), ids(writer));
      const firstSegments = listSegments(dir);

      for (let n = 6; n <= 60; n++) writer.ingestRequest(trace(n, n % 9 === 0), 'traces', 'json');
      assert.ok(!listSegments(dir).includes(firstSegments[0]!), 'the writer deleted segments the reader knew');
      await writer.flush(); // so the reader's reload finds no evictions after the snapshot to show still
      const changed = reader.refresh();
      assert.ok(changed.includes(traceId(60)), 'the newest trace is reported');
      assert.ok(changed.includes(traceId(1)), 'and an evicted one');
      assert.deepEqual(ids(reader), ids(writer), 'the reader shows what the writer keeps');
      assert.deepEqual(reader.stats(), writer.stats());
      for (const id of ids(writer)) assert.deepEqual(reader.getTraceSpans(id), writer.getTraceSpans(id), id);

      for (let n = 61; n <= 64; n++) writer.ingestRequest(trace(n), 'traces', 'json');
      // (A compaction meanwhile makes the reader reload, and then it reports every trace it showed or shows.)
      const followed = new Set(reader.refresh());
      for (const id of [61, 62, 63, 64].map(traceId)) assert.ok(followed.has(id), `and it goes on following: ${id}`);
      // Evictions since the writer's snapshot reach a reader with the next reload; until then it shows more.
      const shown = new Set(ids(reader));
      for (const id of ids(writer)) {
        assert.ok(shown.has(id), id);
        assert.deepEqual(reader.getTraceSpans(id), writer.getTraceSpans(id), id);
      }
      assert.deepEqual(warnings.filter((w) => /unreadable/.test(w)), []);
      await reader.close();
      await writer.close();
    } finally {
      removeDir(dir);
    }
  });

  it('switches to the segments once the writer converted the schema 2 folder the reader converted in memory', async () => {
    const dir = tempDir('reader-v2');
    const fixture = path.join(__dirname, '..', '..', '..', 'fixtures', 'store-v2', 'store');
    try {
      for (const name of fs.readdirSync(fixture)) fs.copyFileSync(path.join(fixture, name), path.join(dir, name));
      const reader = await TraceStore.open({ dir, readOnly: true });
      const converted = ids(reader);
      assert.ok(converted.length > 0);
      const writer = await TraceStore.open({ dir, onWarning: () => undefined });
      writer.ingestRequest(trace(99), 'traces', 'json');
      assert.ok(reader.refresh().includes(traceId(99)));
      assert.deepEqual(ids(reader), [...converted, traceId(99)].sort());
      assert.deepEqual(reader.stats(), writer.stats());
      for (const id of ids(writer)) assert.deepEqual(reader.getTraceSpans(id), writer.getTraceSpans(id), id);
      await reader.close();
      await writer.close();
    } finally {
      removeDir(dir);
    }
  });
});
