// Segment files: group commit, reads of pending and committed records, a write that fails (disk full)
// keeping nothing of its group, and duplicate delivery writing nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { StorageWriteError, TraceStore } from '../../../../src/core/store';
import { SegmentReader, SegmentWriter, listSegments, scanSegment, segmentFileName } from '../../../../src/core/store/segment-files';
import { RecordKind, encodeRecord } from '../../../../src/core/store/segment-records';
import {
  folderBytes, internals, logsBody, makeLog, makeSpan, removeDir, spanId, tempDir, traceId, tracesBody,
} from './helpers';

describe('SegmentWriter and SegmentReader', () => {
  it('keeps appended records in memory until commit writes them together, readable by pointer throughout', () => {
    const dir = tempDir('writer');
    try {
      const writer = new SegmentWriter(dir, 1, 1 << 20);
      const reader = new SegmentReader(dir, writer);
      const a = encodeRecord(RecordKind.Span, 1, traceId(1), spanId(1, 1), '{"a":1}');
      const b = encodeRecord(RecordKind.Span, 1, traceId(1), spanId(1, 2), '{"b":2}');
      const pa = writer.append(a);
      const pb = writer.append(b);
      assert.deepEqual(pb, { seg: 1, off: a.length, len: b.length });
      assert.equal(fs.statSync(path.join(dir, segmentFileName(1))).size, 0, 'nothing written before commit');
      assert.deepEqual(reader.read(pb), b, 'a pending record reads back');
      assert.equal(writer.commit(), a.length + b.length);
      assert.equal(fs.statSync(path.join(dir, segmentFileName(1))).size, a.length + b.length);
      assert.deepEqual(reader.readMany([pb, pa]), [b, a]);
      writer.append(encodeRecord(RecordKind.Span, 1, traceId(1), spanId(1, 3), '{"c":3}'));
      writer.discardPending();
      assert.equal(writer.commit(), 0);
      assert.equal(writer.activeBytes, a.length + b.length);
      assert.equal(writer.rollIfFull(), null, 'not full');
      assert.equal(writer.rollIfFull(true), 1);
      assert.deepEqual(listSegments(dir), [1, 2]);
      const seen: string[] = [];
      const scan = scanSegment(dir, 1, 0, ({ header }) => seen.push(header.spanId!));
      assert.deepEqual(seen, [spanId(1, 1), spanId(1, 2)]);
      assert.deepEqual(scan, { end: a.length + b.length, tornBytes: 0, skipped: 0 });
      reader.close();
      writer.close();
    } finally {
      removeDir(dir);
    }
  });
});

describe('a group larger than the writer group buffer', () => {
  it('grows the buffer in place: every record of a 10 MB request reads back intact after a reopen', async () => {
    const dir = tempDir('big-group');
    try {
      const spans = Array.from({ length: 40 }, (_, i) => makeSpan({
        trace: 1, span: i + 1, parent: i === 0 ? null : 1, attributes: { blob: `${i}:`.padEnd(250_000, String.fromCharCode(97 + (i % 26))) },
      }));
      let store = await TraceStore.open({ dir });
      store.ingestRequest(tracesBody(spans), 'traces', 'json');
      await store.close();
      store = await TraceStore.open({ dir, readOnly: true });
      const read = store.getTraceSpans(traceId(1));
      assert.equal(read.length, 40);
      for (const span of read) {
        const i = Number.parseInt(span.spanId.slice(8), 16) - 1;
        assert.equal(span.attributes['blob'], `${i}:`.padEnd(250_000, String.fromCharCode(97 + (i % 26))), span.spanId);
      }
      await store.close();
    } finally {
      removeDir(dir);
    }
  });
});

describe('duplicate delivery', () => {
  it('stores the same request twice once: counts unchanged, no extra segment bytes', async () => {
    const dir = tempDir('dup');
    try {
      const store = await TraceStore.open({ dir });
      const spans = tracesBody([makeSpan({ trace: 1, span: 1 }), makeSpan({ trace: 1, span: 2, parent: 1, error: true })]);
      const logs = logsBody([makeLog(1, 2, 'once')]);
      store.ingestRequest(spans, 'traces', 'json');
      store.ingestRequest(logs, 'logs', 'json');
      const stats = store.stats();
      const bytes = folderBytes(dir);
      const payload = store.payloadBytes();
      const spansBefore = store.getTraceSpans(traceId(1));
      const again = store.ingestRequest(spans, 'traces', 'json');
      assert.deepEqual(again.traceIds, [], 'nothing new in any trace');
      store.ingestRequest(logs, 'logs', 'json');
      store.ingestGroup([{ body: spans, signal: 'traces', encoding: 'json' }, { body: logs, signal: 'logs', encoding: 'json' }]);
      assert.deepEqual(store.stats(), stats);
      assert.equal(folderBytes(dir), bytes);
      assert.equal(store.payloadBytes(), payload);
      assert.deepEqual(store.getTraceSpans(traceId(1)), spansBefore);
      assert.equal(store.getSpan(traceId(1), spanId(1, 2))!.events.length, 1, 'the log is attached once');
      await store.close();
    } finally {
      removeDir(dir);
    }
  });
});

/** A size-capped folder: a 2 MiB tmpfs where the sandbox lets us mount one, else null. */
function mountSmallDisk(dir: string): boolean {
  if (process.platform !== 'linux' || process.env.ATL_TEST_NO_MOUNT) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function bigTrace(n: number): Uint8Array {
  return tracesBody([
    makeSpan({ trace: n, span: 1, startMs: n, attributes: { big: `${n}`.padEnd(60_000, 'z') } }),
    makeSpan({ trace: n, span: 2, parent: 1, startMs: n + 1, attributes: { big: `${n}`.padEnd(60_000, 'w') } }),
  ]);
}

describe('a disk that fills up', () => {
  const root = tempDir('full');
  const dir = path.join(root, 'store');
  let mounted = false;

  before(() => {
    fs.mkdirSync(dir);
    mounted = mountSmallDisk(dir);
  });

  after(() => {
    if (mounted) execFileSync('umount', [dir]);
    removeDir(root);
  });

  it('fails the ingest with StorageWriteError naming the folder, keeps nothing of the group, recovers once writes succeed', async () => {
    const filler = path.join(dir, 'filler');
    if (mounted) fs.writeFileSync(filler, Buffer.alloc(512 * 1024));
    const store = await TraceStore.open({ dir, snapshotTailBytes: 1e9, onWarning: () => undefined });
    const writer = internals(store).writer!;
    // Without a small file system, the writer's test hook fails writes past the same budget.
    if (!mounted) writer.failWrites = () => (folderBytes(dir) > 1_300_000 ? Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }) : null);
    let n = 0;
    let failure: unknown = null;
    let before = store.stats();
    let sizeBefore = 0;
    while (failure === null && n < 100) {
      n++;
      before = store.stats();
      sizeBefore = writer.activeBytes;
      try {
        store.ingestRequest(bigTrace(n), 'traces', 'json');
      } catch (error) {
        failure = error;
      }
    }
    assert.ok(failure instanceof StorageWriteError, `expected a StorageWriteError, got ${String(failure)}`);
    assert.ok(failure.message.includes(dir), failure.message);
    assert.equal(failure.code, 'ENOSPC');
    assert.ok(n > 3, `the first ${n - 1} traces fit`);
    assert.deepEqual(store.stats(), before, 'stats unchanged');
    assert.equal(store.getTraceSummary(traceId(n)), null, 'no partial trace');
    assert.deepEqual(store.getTraceStructure(traceId(n)), []);
    assert.equal(writer.activeBytes, sizeBefore);
    assert.equal(fs.statSync(path.join(dir, segmentFileName(writer.activeSegment))).size, sizeBefore, 'the file was cut back');
    for (let m = 1; m < n; m++) {
      const spans = store.getTraceSpans(traceId(m));
      assert.equal(spans.length, 2, `trace ${m}`);
      assert.equal(String(spans[0]!.attributes['big']).length, 60_000);
    }
    // A log group fails too, and so does a mixed group, as a whole.
    assert.throws(() => store.ingestGroup([
      { body: tracesBody([makeSpan({ trace: 500, span: 1 })]), signal: 'traces', encoding: 'json' },
      { body: bigTrace(501), signal: 'traces', encoding: 'json' },
    ]), StorageWriteError);
    assert.equal(store.getTraceSummary(traceId(500)), null, 'nothing of the group is visible');

    if (mounted) fs.rmSync(filler);
    else writer.failWrites = null;
    store.ingestRequest(bigTrace(n), 'traces', 'json');
    assert.equal(store.getTraceSpans(traceId(n)).length, 2);
    assert.equal(store.stats().traces, n);
    await store.close();
    const reopened = await TraceStore.open({ dir, readOnly: true });
    assert.equal(reopened.stats().traces, n);
    assert.equal(reopened.getTraceSummary(traceId(500)), null);
    await reopened.close();
  });

  it('does not fail an ingest that was stored when only the index snapshot cannot be written', async () => {
    const other = tempDir('snapshot-fails');
    const blocker = path.join(other, `index.sqlite.${process.pid}.tmp`);
    try {
      const warnings: string[] = [];
      const store = await TraceStore.open({ dir: other, snapshotTailBytes: 1, onWarning: (m) => warnings.push(m) });
      fs.mkdirSync(blocker); // the snapshot's temp file cannot be created
      const result = store.ingestRequest(tracesBody([makeSpan({ trace: 1, span: 1 })]), 'traces', 'json');
      assert.deepEqual(result.traceIds, [traceId(1)]);
      assert.equal(store.stats().traces, 1);
      assert.ok(warnings.some((w) => w.includes(other)), warnings.join('\n'));
      fs.rmdirSync(blocker);
      store.ingestRequest(tracesBody([makeSpan({ trace: 2, span: 1 })]), 'traces', 'json');
      assert.ok(fs.existsSync(path.join(other, 'index.sqlite')), 'the next snapshot lands');
      await store.close();
      const reopened = await TraceStore.open({ dir: other, readOnly: true });
      assert.equal(reopened.stats().traces, 2);
      await reopened.close();
    } finally {
      removeDir(other);
    }
  });
});
