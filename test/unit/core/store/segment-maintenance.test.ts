// Retention + compaction with tiny segments: the span limit holds, error traces stay longest, segment
// files are deleted so the folder stays bounded, and every span left reads back as ingested.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { RawSpan } from '../../../../src/core/model/types';
import { TraceStore } from '../../../../src/core/store';
import { listSegments } from '../../../../src/core/store/segment-files';
import { exportedSpans, folderBytes, logsBody, makeLog, makeSpan, removeDir, tempDir, traceId, tracesBody } from './helpers';

const SEGMENT_MAX = 8 * 1024;
const SNAPSHOT_TAIL = 16 * 1024;
const MAX_SPANS = 60;
const ERROR_EVERY = 20;

function spansOf(n: number): RawSpan[] {
  return [
    makeSpan({ trace: n, span: 1, startMs: n * 10, name: 'agent', attributes: { pad: `${n}`.padEnd(200 + (n % 7) * 50, 'q') } }),
    makeSpan({ trace: n, span: 2, parent: 1, startMs: n * 10 + 1, error: n % ERROR_EVERY === 0, attributes: { n } }),
    makeSpan({ trace: n, span: 3, parent: 1, startMs: n * 10 + 2, attributes: { tool: `tool-${n}` } }),
  ];
}

describe('segment maintenance under retention', () => {
  it('keeps the span limit and error traces, deletes segments, bounds the folder, and keeps spans intact', async () => {
    const dir = tempDir('maintenance');
    const reference = await TraceStore.open({ dir: null, retention: { maxSpans: 0, maxBytes: 0 } });
    try {
      const store = await TraceStore.open({
        dir, segmentMaxBytes: SEGMENT_MAX, snapshotTailBytes: SNAPSHOT_TAIL, retention: { maxSpans: MAX_SPANS, maxBytes: 0 },
        onWarning: (m) => assert.fail(`unexpected warning: ${m}`),
      });
      let largestRequest = 0;
      let peak = 0;
      const total = 200;
      for (let n = 1; n <= total; n++) {
        const body = tracesBody(spansOf(n));
        reference.ingestRequest(body, 'traces', 'json');
        store.ingestRequest(body, 'traces', 'json');
        const log = logsBody([makeLog(n, 2, `log of ${n}`, n * 10 + 1)]);
        reference.ingestRequest(log, 'logs', 'json');
        store.ingestRequest(log, 'logs', 'json');
        largestRequest = Math.max(largestRequest, body.length + log.length);
        assert.ok(store.stats().spans <= MAX_SPANS, `after trace ${n}: ${store.stats().spans} spans`);
        // Live records at most ~MAX_SPANS spans (+ their logs); each sealed segment is at least half live
        // (or is compacted); plus the active segment, one segment being retired, and the index snapshot.
        const live = store.payloadBytes();
        // The index snapshot is a base plus a delta of changed pages (a new base once the delta passes half of it).
        const size = (name: string): number => (fs.existsSync(path.join(dir, name)) ? fs.statSync(path.join(dir, name)).size : 0);
        const indexBytes = size('index.sqlite') + size('index.delta');
        const bound = indexBytes + 2 * live + 3 * (SEGMENT_MAX + largestRequest) + SNAPSHOT_TAIL;
        const bytes = folderBytes(dir);
        peak = Math.max(peak, bytes);
        assert.ok(bytes <= bound, `after trace ${n}: folder ${bytes} bytes > bound ${bound} (live ${live})`);
      }
      const segments = listSegments(dir);
      assert.ok(segments[0]! > 5, `early segments deleted (${segments.join(',')})`);
      assert.ok(segments.length < 12, `${segments.length} segment files left`);

      const kept = store.listTraces({ limit: 1000 }).map((t) => Number.parseInt(t.traceId.slice(1), 16));
      const errorTraces = Array.from({ length: total / ERROR_EVERY }, (_, i) => (i + 1) * ERROR_EVERY);
      for (const n of errorTraces) assert.ok(kept.includes(n), `error trace ${n} was kept`);
      const healthyKept = kept.filter((n) => n % ERROR_EVERY !== 0).sort((a, b) => a - b);
      assert.ok(healthyKept.length > 0);
      const newestHealthy = Array.from({ length: total }, (_, i) => i + 1).filter((n) => n % ERROR_EVERY !== 0).slice(-healthyKept.length);
      assert.deepEqual(healthyKept, newestHealthy, 'the newest healthy traces are the ones kept');

      const check = (s: TraceStore, label: string): void => {
        for (const n of kept) {
          assert.deepEqual(s.getTraceSpans(traceId(n)), reference.getTraceSpans(traceId(n)), `${label}: trace ${n}`);
        }
        const exported = exportedSpans(s.exportOtlpJson());
        const expected = kept.flatMap(spansOf);
        const key = (x: RawSpan) => `${x.traceId}/${x.spanId}`;
        assert.deepEqual(exported.sort((a, b) => key(a).localeCompare(key(b))), expected.sort((a, b) => key(a).localeCompare(key(b))),
          `${label}: export round trip`);
      };
      check(store, 'live');
      await store.close();
      const reopened = await TraceStore.open({ dir, readOnly: true });
      check(reopened, 'reopened');
      await reopened.close();
      assert.ok(peak > 0);
    } finally {
      await reference.close();
      removeDir(dir);
    }
  });

  it('retires everything on clear() and deletes the old segments once the snapshot is written', async () => {
    const dir = tempDir('clear');
    try {
      const store = await TraceStore.open({ dir, segmentMaxBytes: SEGMENT_MAX, snapshotTailBytes: 1e9 });
      for (let n = 1; n <= 20; n++) store.ingestRequest(tracesBody(spansOf(n)), 'traces', 'json');
      assert.ok(listSegments(dir).length > 2);
      const newest = Math.max(...listSegments(dir));
      store.clear();
      assert.deepEqual(listSegments(dir), [newest + 1], 'only a fresh active segment is left');
      store.ingestRequest(tracesBody(spansOf(99)), 'traces', 'json');
      await store.close();
      const reopened = await TraceStore.open({ dir, readOnly: true });
      assert.deepEqual(reopened.listTraces().map((t) => t.traceId), [traceId(99)]);
      await reopened.close();
    } finally {
      removeDir(dir);
    }
  });
});
