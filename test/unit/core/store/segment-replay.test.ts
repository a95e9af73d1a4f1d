// Replay at open: a torn tail of the newest segment is cut off (with a warning counting its bytes) while
// every complete record stays; a damaged record inside a sealed segment is skipped, and a span whose
// record was damaged after it was indexed reads as a stand-in.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TraceStore } from '../../../../src/core/store';
import { listSegments, scanSegment, segmentFileName, type PayloadPointer } from '../../../../src/core/store/segment-files';
import { RECORD_HEADER_BYTES, RecordKind, encodeRecord } from '../../../../src/core/store/segment-records';
import { spanBody } from '../../../../src/core/store/span-rows';
import { makeSpan, removeDir, spanId, tempDir, traceId, tracesBody } from './helpers';

function segmentPath(dir: string, seg: number): string {
  return path.join(dir, segmentFileName(seg));
}

/** Span records of one segment, in file order. */
function spanRecords(dir: string, seg: number): Array<{ traceId: string; spanId: string; pointer: PayloadPointer }> {
  const out: Array<{ traceId: string; spanId: string; pointer: PayloadPointer }> = [];
  scanSegment(dir, seg, 0, ({ header, pointer }) => {
    if (header.kind === RecordKind.Span) out.push({ traceId: header.traceId!, spanId: header.spanId!, pointer });
  });
  return out;
}

function traceSpans(n: number) {
  return [
    makeSpan({ trace: n, span: 1, startMs: n * 10, attributes: { pad: 'x'.repeat(300), n } }),
    makeSpan({ trace: n, span: 2, parent: 1, startMs: n * 10 + 1, attributes: { pad: 'y'.repeat(300), n } }),
  ];
}

async function fill(dir: string, traces: number, options: { segmentMaxBytes?: number } = {}): Promise<TraceStore> {
  const store = await TraceStore.open({ dir, snapshotTailBytes: 1e9, ...options });
  for (let n = 1; n <= traces; n++) store.ingestRequest(tracesBody(traceSpans(n)), 'traces', 'json');
  return store;
}

/** What a fresh memory store holds for the same traces (the truth to compare with). */
async function reference(traces: number): Promise<TraceStore> {
  const store = await TraceStore.open({ dir: null });
  for (let n = 1; n <= traces; n++) store.ingestRequest(tracesBody(traceSpans(n)), 'traces', 'json');
  return store;
}

/** Simulates a crash of a store: its files stay as they are, its handles and lock go without a snapshot. */
function abandon(store: TraceStore): void {
  const inside = store as unknown as { closed: boolean; payloads: { close(): void }; releaseLock: (() => void) | null };
  inside.payloads.close();
  inside.releaseLock?.();
  inside.closed = true;
}

describe('torn segment tail', () => {
  it('cuts garbage after the last record off with a warning counting its bytes; everything stays', async () => {
    const dir = tempDir('torn-garbage');
    try {
      await (await fill(dir, 3)).close();
      const [seg] = listSegments(dir).slice(-1);
      const clean = fs.statSync(segmentPath(dir, seg!)).size;
      fs.appendFileSync(segmentPath(dir, seg!), Buffer.from('ATS1 garbage of a write that never finished'));
      const garbage = fs.statSync(segmentPath(dir, seg!)).size - clean;

      const warnings: string[] = [];
      const store = await TraceStore.open({ dir, onWarning: (m) => warnings.push(m) });
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0]!, new RegExp(`truncated ${garbage} damaged byte\\(s\\) at the end of ${segmentFileName(seg!)}`));
      assert.equal(fs.statSync(segmentPath(dir, seg!)).size, clean);
      assert.equal(store.stats().spans, 6);
      store.ingestRequest(tracesBody(traceSpans(4)), 'traces', 'json');
      await store.close();

      const again: string[] = [];
      const reopened = await TraceStore.open({ dir, onWarning: (m) => again.push(m) });
      assert.deepEqual(again, []);
      const truth = await reference(4);
      for (let n = 1; n <= 4; n++) assert.deepEqual(reopened.getTraceSpans(traceId(n)), truth.getTraceSpans(traceId(n)));
      await Promise.all([reopened.close(), truth.close()]);
    } finally {
      removeDir(dir);
    }
  });

  it('cuts a record torn mid-body after a crash, keeps every complete record, and appends after them', async () => {
    const dir = tempDir('torn-cut');
    try {
      const crashed = await fill(dir, 3);
      abandon(crashed);
      assert.equal(fs.existsSync(path.join(dir, 'index.sqlite')), false, 'nothing but segments: all is replayed');
      const [seg] = listSegments(dir).slice(-1);
      const last = spanRecords(dir, seg!).at(-1)!;
      assert.equal(last.traceId, traceId(3));
      const size = fs.statSync(segmentPath(dir, seg!)).size;
      assert.equal(last.pointer.off + last.pointer.len, size, 'the span record is the last one');
      fs.truncateSync(segmentPath(dir, seg!), size - 10);

      const before = fs.readFileSync(segmentPath(dir, seg!));
      const readerWarnings: string[] = [];
      const reader = await TraceStore.open({ dir, readOnly: true, onWarning: (m) => readerWarnings.push(m) });
      assert.deepEqual(readerWarnings, [], 'a reader leaves the tail alone (the writer may be mid-write)');
      assert.equal(reader.stats().spans, 5);
      await reader.close();
      assert.deepEqual(fs.readFileSync(segmentPath(dir, seg!)), before);

      const warnings: string[] = [];
      const store = await TraceStore.open({ dir, onWarning: (m) => warnings.push(m) });
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0]!, new RegExp(`truncated ${last.pointer.len - 10} damaged byte\\(s\\)`));
      assert.equal(fs.statSync(segmentPath(dir, seg!)).size, last.pointer.off);
      const truth = await reference(3);
      for (let n = 1; n <= 2; n++) assert.deepEqual(store.getTraceSpans(traceId(n)), truth.getTraceSpans(traceId(n)));
      assert.deepEqual(store.getTraceStructure(traceId(3)).map((s) => s.spanId), [spanId(3, 1)], 'span 3/1 was complete');
      store.ingestRequest(tracesBody(traceSpans(3)), 'traces', 'json');
      abandon(store);

      const again: string[] = [];
      const reopened = await TraceStore.open({ dir, onWarning: (m) => again.push(m) });
      assert.deepEqual(again, [], 'the redelivered span was appended after the cut');
      for (let n = 1; n <= 3; n++) assert.deepEqual(reopened.getTraceSpans(traceId(n)), truth.getTraceSpans(traceId(n)));
      await Promise.all([reopened.close(), truth.close()]);
    } finally {
      removeDir(dir);
    }
  });
});

describe('a damaged record inside a sealed segment', () => {
  async function damagedStore(): Promise<{ dir: string; victim: { traceId: string; spanId: string }; truth: TraceStore }> {
    const dir = tempDir('damaged');
    await (await fill(dir, 12, { segmentMaxBytes: 4096 })).close();
    const segments = listSegments(dir);
    assert.ok(segments.length >= 3, `${segments.length} segments`);
    const records = spanRecords(dir, segments[0]!);
    assert.ok(records.length >= 3);
    const victim = records[1]!;
    const fd = fs.openSync(segmentPath(dir, segments[0]!), 'r+');
    const byte = Buffer.alloc(1);
    const at = victim.pointer.off + RECORD_HEADER_BYTES + 20;
    fs.readSync(fd, byte, 0, 1, at);
    byte[0] ^= 0x20;
    fs.writeSync(fd, byte, 0, 1, at);
    fs.closeSync(fd);
    return { dir, victim, truth: await reference(12) };
  }

  it('reads that span as unavailable with a warning, every other span intact', async () => {
    const { dir, victim, truth } = await damagedStore();
    try {
      const warnings: string[] = [];
      const store = await TraceStore.open({ dir, onWarning: (m) => warnings.push(m) });
      assert.deepEqual(warnings, [], 'the index snapshot covers the segment: nothing is replayed');
      const span = store.getSpan(victim.traceId, victim.spanId)!;
      assert.match(String(span.attributes['agent_trace_lens.payload']), /unavailable/);
      const expected = truth.getSpan(victim.traceId, victim.spanId)!;
      assert.deepEqual([span.name, span.startTimeUnixNano, span.endTimeUnixNano, span.parentSpanId],
        [expected.name, expected.startTimeUnixNano, expected.endTimeUnixNano, expected.parentSpanId], 'what the index holds');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, new RegExp(`payload of span ${victim.spanId} .*unreadable`));

      const inTrace = store.getTraceSpans(victim.traceId);
      assert.equal(inTrace.length, 2);
      for (const s of inTrace) {
        if (s.spanId === victim.spanId) assert.match(String(s.attributes['agent_trace_lens.payload']), /unavailable/);
        else assert.deepEqual(s, truth.getSpan(s.traceId, s.spanId));
      }
      for (let n = 1; n <= 12; n++) {
        if (traceId(n) === victim.traceId) continue;
        assert.deepEqual(store.getTraceSpans(traceId(n)), truth.getTraceSpans(traceId(n)), `trace ${n}`);
      }
      assert.ok(store.exportOtlpJson().includes('agent_trace_lens.payload'), 'the export carries the stand-in');
      await store.close();
    } finally {
      await truth.close();
      removeDir(dir);
    }
  });

  it('is skipped by a replay with a warning, and the records after it are replayed', async () => {
    const { dir, victim, truth } = await damagedStore();
    try {
      fs.rmSync(path.join(dir, 'index.sqlite'));
      const warnings: string[] = [];
      const store = await TraceStore.open({ dir, readOnly: true, onWarning: (m) => warnings.push(m) });
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0]!, new RegExp(`skipped 1 damaged record\\(s\\) in ${segmentFileName(listSegments(dir)[0]!)}`));
      assert.equal(store.getSpan(victim.traceId, victim.spanId), null);
      assert.equal(store.stats().spans, 23);
      for (let n = 1; n <= 12; n++) {
        const expected = truth.getTraceSpans(traceId(n)).filter((s) => s.spanId !== victim.spanId);
        assert.deepEqual(store.getTraceSpans(traceId(n)), expected, `trace ${n}`);
      }
      await store.close();
    } finally {
      await truth.close();
      removeDir(dir);
    }
  });
});

describe('replay of relocation records', () => {
  it('indexes a relocated span its snapshot never knew (a reader whose snapshot is older than a compaction)', async () => {
    const dir = tempDir('relocated');
    try {
      const raw = makeSpan({ trace: 3, span: 1, name: 'moved', attributes: { note: 'copied forward' } });
      const resource = JSON.stringify({ resource: raw.resource, scope: raw.scope });
      const records = Buffer.concat([
        encodeRecord(RecordKind.Resource, 1, null, null, JSON.stringify({ service: 'svc-a', json: resource })),
        encodeRecord(RecordKind.RelocatedSpan, 1, raw.traceId, raw.spanId, spanBody(raw)),
      ]);
      fs.writeFileSync(segmentPath(dir, 2), records); // segment 1, which held the original record, is gone
      const store = await TraceStore.open({ dir, readOnly: true });
      const [span] = store.getTraceSpans(traceId(3));
      assert.equal(span?.name, 'moved');
      assert.equal(span?.attributes['note'], 'copied forward');
      assert.equal(span?.service, 'svc-a');
      assert.equal(store.stats().spans, 1);
      await store.close();
    } finally {
      removeDir(dir);
    }
  });
});
