// Store layout: resource + scope stored once (one Resource record, one row), span records holding only
// the span's own fields, exports giving every span back exactly as ingested, the listTraces text column,
// and an index of an unknown schema refused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { RawSpan } from '../../../../src/core/model/types';
import { TraceStore } from '../../../../src/core/store';
import { listSegments, scanSegment } from '../../../../src/core/store/segment-files';
import { RecordKind, recordBody } from '../../../../src/core/store/segment-records';
import { loadSqlJs } from '../../../../src/core/store/sqljs';
import { exportedSpans, indexRows, makeSpan, removeDir, sampleSpans, tempDir, traceId } from './helpers';


const byKey = (a: RawSpan, b: RawSpan): number => `${a.traceId}${a.spanId}`.localeCompare(`${b.traceId}${b.spanId}`);

/** Every record of every segment of `dir`: kind and body. */
function records(dir: string): Array<{ kind: number; body: string }> {
  const out: Array<{ kind: number; body: string }> = [];
  for (const seg of listSegments(dir)) {
    scanSegment(dir, seg, 0, ({ header, pointer, data, at }) => {
      out.push({ kind: header.kind, body: recordBody(data, at, pointer.len) });
    });
  }
  return out;
}

describe('store layout', () => {
  it('keeps each resource and scope once and exports every span as ingested', async () => {
    const dir = tempDir('layout');
    try {
      const store = await TraceStore.open({ dir });
      const spans = sampleSpans();
      store.ingestDecoded({ spans: spans.slice(0, 2), logs: [] });
      store.ingestDecoded({ spans: spans.slice(2), logs: [] });
      assert.deepEqual(indexRows(store, 'SELECT COUNT(*) FROM resources'), [[2]], 'svc-a and Other-Svc');
      const written = records(dir);
      assert.equal(written.filter((r) => r.kind === RecordKind.Resource).length, 2, 'one resource record each');
      const spanBodies = written.filter((r) => r.kind === RecordKind.Span).map((r) => r.body);
      assert.equal(spanBodies.length, 4);
      for (const body of spanBodies) {
        assert.ok(!body.includes('service.name') && !body.includes('test-scope') && !body.includes(traceId(1)), body);
      }
      assert.deepEqual(exportedSpans(store.exportOtlpJson()).sort(byKey), [...spans].sort(byKey));
      await store.close();
      const reopened = await TraceStore.open({ dir, readOnly: true });
      assert.deepEqual(exportedSpans(reopened.exportOtlpJson()).sort(byKey), [...spans].sort(byKey), 'after a reopen');
      await reopened.close();
    } finally {
      removeDir(dir);
    }
  });

  it('gives a span back exactly as ingested even when its time is not in canonical form', async () => {
    const store = await TraceStore.open({ dir: null });
    const odd = { ...makeSpan({ trace: 3, span: 1 }), startTimeUnixNano: '0001760000000000000000' };
    store.ingestDecoded({ spans: [odd], logs: [] });
    const exported = store.exportOtlpJson();
    assert.ok(exported.includes('"startTimeUnixNano":"0001760000000000000000"'), exported);
    assert.deepEqual(exportedSpans(exported), [{ ...odd, startTimeUnixNano: '1760000000000000000' }], 'decodes to the same span');
    assert.equal(store.getTraceStructure(traceId(3))[0]!.startTimeUnixNano, '1760000000000000000', 'the index is canonical');
    await store.close();
  });

  it('matches the listTraces text filter case-insensitively on names, service, workload and trace id', async () => {
    const store = await TraceStore.open({ dir: null });
    store.ingestDecoded({ spans: sampleSpans(), logs: [] });
    const ids = (text: string): string[] => store.listTraces({ text }).map((t) => t.traceId).sort();
    assert.deepEqual(ids('agent run'), [traceId(1)]);
    assert.deepEqual(ids('ORPHAN'), [traceId(1)]);
    assert.deepEqual(ids('other-svc'), [traceId(2)]);
    assert.deepEqual(ids('w-1'), [traceId(1)]);
    assert.deepEqual(ids(traceId(2).slice(20).toUpperCase()), [traceId(2)]);
    assert.deepEqual(ids('no such thing'), []);
    await store.close();
  });

  it('still finds spans by resource attributes and trace id in searchSpans', async () => {
    const store = await TraceStore.open({ dir: null });
    store.ingestDecoded({ spans: sampleSpans(), logs: [] });
    assert.deepEqual(store.searchSpans({ text: 'Other-Svc' }).map((s) => s.traceId), [traceId(2)]);
    assert.equal(store.searchSpans({ text: traceId(1) }).length, 3);
    await store.close();
  });
});

describe('opening an index of an unknown schema', () => {
  it('refuses it, says to clear the store, and leaves the writer lock free', async () => {
    const dir = tempDir('schema99');
    try {
      const SQL = await loadSqlJs();
      const db = new SQL.Database();
      db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '99');");
      fs.writeFileSync(path.join(dir, 'index.sqlite'), db.export());
      db.close();
      await assert.rejects(TraceStore.open({ dir }), /schema 99.*clear the trace store/);
      assert.equal(fs.existsSync(path.join(dir, 'writer.lock')), false);
      await assert.rejects(TraceStore.open({ dir, readOnly: true }), /schema 99/);
    } finally {
      removeDir(dir);
    }
  });
});
