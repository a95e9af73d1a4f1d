// A damaged length field in the middle of the newest segment costs only that record: the intact, acknowledged records after it are kept.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { TraceStore } from '../../../../src/core/store';
import { listSegments, scanSegment, segmentFileName, type PayloadPointer } from '../../../../src/core/store/segment-files';
import { RecordKind } from '../../../../src/core/store/segment-records';
import { makeSpan, removeDir, tempDir, traceId, tracesBody } from './helpers';

it('keeps the intact records after a record whose length field is damaged (no truncation of acked data)', async () => {
  const dir = tempDir('resync');
  try {
    const store = await TraceStore.open({ dir, snapshotTailBytes: 1e9 });
    for (let n = 1; n <= 6; n++) store.ingestRequest(tracesBody([makeSpan({ trace: n, span: 1, startMs: n })]), 'traces', 'json');
    await store.close();
    fs.rmSync(path.join(dir, 'index.sqlite')); // everything is replayed, as after a crash before the first snapshot
    const [seg] = listSegments(dir);
    const spans: PayloadPointer[] = [];
    scanSegment(dir, seg!, 0, ({ header, pointer }) => { if (header.kind === RecordKind.Span) spans.push(pointer); });
    const victim = spans[2]!;
    const file = path.join(dir, segmentFileName(seg!));
    const data = fs.readFileSync(file);
    data.writeUInt32LE(data.readUInt32LE(victim.off + 8) ^ 0x10000, victim.off + 8); // bit rot in the length
    fs.writeFileSync(file, data);

    const warnings: string[] = [];
    const reopened = await TraceStore.open({ dir, onWarning: (m) => warnings.push(m) });
    const kept = reopened.listTraces().map((t) => t.traceId).sort();
    await reopened.close();
    assert.equal(fs.statSync(file).size, data.length, `the segment was cut: ${warnings.join('; ')}`);
    assert.deepEqual(kept, [1, 2, 4, 5, 6].map(traceId), 'only the damaged span is lost');
  } finally {
    removeDir(dir);
  }
});
