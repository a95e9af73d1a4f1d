// Converting a schema 2 folder (snapshot.sqlite + requests-*.log) and a schema 1 snapshot once at open.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { RawSpan } from '../../../../src/core/model/types';
import { TraceStore } from '../../../../src/core/store';
import { encodeRecord as encodeLogRecord, logFileName } from '../../../../src/core/store/request-log';
import { listSegments } from '../../../../src/core/store/segment-files';
import { loadSqlJs } from '../../../../src/core/store/sqljs';
import {
  listing, makeLog, makeSpan, removeDir, sampleSpans, spanId, tempDir, traceId, tracesBody,
} from './helpers';

const FIXTURE = path.join(__dirname, '..', '..', '..', 'fixtures', 'store-v2');

function copyFixture(): string {
  const dir = tempDir('v2');
  for (const name of fs.readdirSync(path.join(FIXTURE, 'store'))) {
    fs.copyFileSync(path.join(FIXTURE, 'store', name), path.join(dir, name));
  }
  return dir;
}

const expected = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'expected-list.json'), 'utf8')) as {
  stats: unknown; traces: unknown[];
};
const expectedExport = fs.readFileSync(path.join(FIXTURE, 'expected-export.jsonl'), 'utf8');

function assertAnswersLikeV2(store: TraceStore, label: string): void {
  assert.deepEqual(store.stats(), expected.stats, `${label}: stats`);
  assert.deepEqual(store.listTraces({ limit: 1000 }), expected.traces, `${label}: list`);
  assert.equal(store.exportOtlpJson(), expectedExport, `${label}: export`);
}

describe('converting a schema 2 store', () => {
  it('answers as the old store did, removes the old files, and reopens the same', async () => {
    const dir = copyFixture();
    try {
      const warnings: string[] = [];
      const store = await TraceStore.open({ dir, onWarning: (m) => warnings.push(m) });
      assertAnswersLikeV2(store, 'converted');
      assert.ok(warnings.some((w) => /converted the trace store .* \(\d+ span\(s\)\)/.test(w)), warnings.join('\n'));
      const left = fs.readdirSync(dir);
      assert.ok(!left.includes('snapshot.sqlite') && !left.some((f) => f.startsWith('requests-')), left.join(', '));
      assert.ok(left.includes('index.sqlite'));
      assert.ok(listSegments(dir).length > 0);
      await store.close();

      const again: string[] = [];
      const reopened = await TraceStore.open({ dir, onWarning: (m) => again.push(m) });
      assertAnswersLikeV2(reopened, 'reopened');
      assert.deepEqual(again, [], 'converted once only');
      await reopened.close();
      const reader = await TraceStore.open({ dir, readOnly: true });
      assertAnswersLikeV2(reader, 'read-only');
      await reader.close();
    } finally {
      removeDir(dir);
    }
  });

  it('converts in memory for a read-only open, without touching the files', async () => {
    const dir = copyFixture();
    try {
      const before = listing(dir);
      const warnings: string[] = [];
      const reader = await TraceStore.open({ dir, readOnly: true, onWarning: (m) => warnings.push(m) });
      assertAnswersLikeV2(reader, 'read-only conversion');
      await reader.close();
      assert.equal(listing(dir), before);
      assert.deepEqual(warnings, []);
    } finally {
      removeDir(dir);
    }
  });

  it('converts again after a crash midway (segments written, old files still there)', async () => {
    const dir = copyFixture();
    try {
      // A conversion that died before the old files were removed leaves stray new files behind.
      fs.writeFileSync(path.join(dir, 'segment-000000000001.atl'), Buffer.from('half a conversion'));
      const store = await TraceStore.open({ dir, onWarning: () => undefined });
      assertAnswersLikeV2(store, 'second conversion');
      await store.close();
    } finally {
      removeDir(dir);
    }
  });
});


/** A schema 1 snapshot as its code wrote it: whole RawSpan JSON per span (light columns unused by the conversion). */
async function schemaOneSnapshot(spans: RawSpan[], coveredGeneration: number): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('schema_version', '1'), ('covered_generation', '${coveredGeneration}');
    CREATE TABLE spans (trace_id TEXT NOT NULL, span_id TEXT NOT NULL, parent_span_id TEXT, name TEXT NOT NULL,
      kind TEXT NOT NULL, service TEXT, start_ns TEXT NOT NULL, end_ns TEXT NOT NULL, duration_ms REAL NOT NULL,
      status TEXT NOT NULL, error_type TEXT, request_model TEXT, input_tokens INTEGER, output_tokens INTEGER,
      cost_usd REAL, tool_name TEXT, workload_id TEXT, code_file TEXT, code_line INTEGER, code_json TEXT,
      has_usage INTEGER NOT NULL, usage_below INTEGER NOT NULL DEFAULT 0, payload_bytes INTEGER NOT NULL,
      raw TEXT NOT NULL, PRIMARY KEY (trace_id, span_id));
    CREATE TABLE traces (trace_id TEXT PRIMARY KEY, names TEXT NOT NULL);
    CREATE TABLE logs (id INTEGER PRIMARY KEY, trace_id TEXT, span_id TEXT, time_ns TEXT NOT NULL,
      digest TEXT NOT NULL UNIQUE, payload_bytes INTEGER NOT NULL, raw TEXT NOT NULL);`);
  const insert = db.prepare(`INSERT INTO spans (trace_id, span_id, name, kind, start_ns, end_ns, duration_ms, status,
    has_usage, payload_bytes, raw) VALUES (?, ?, 'x', 'x', '0', '0', 0, 'ok', 0, 0, ?)`);
  for (const span of spans) insert.run([span.traceId, span.spanId, JSON.stringify(span)]);
  insert.free();
  db.run(`INSERT INTO logs (trace_id, span_id, time_ns, digest, payload_bytes, raw) VALUES (?, ?, '0', 'd', 1, ?)`,
    [traceId(1), spanId(1, 2), JSON.stringify(makeLog(1, 2, 'a log line'))]);
  const bytes = db.export();
  db.close();
  return bytes;
}

describe('converting a schema 1 snapshot', () => {
  it('gives the same contents a fresh ingest gives, with the request logs it did not cover', async () => {
    const dir = tempDir('v1');
    try {
      const spans = sampleSpans();
      fs.writeFileSync(path.join(dir, 'snapshot.sqlite'), await schemaOneSnapshot(spans, 7));
      const late = makeSpan({ trace: 3, span: 1, name: 'late' });
      const covered = makeSpan({ trace: 4, span: 1, name: 'already in the snapshot' });
      fs.writeFileSync(path.join(dir, logFileName(6)),
        encodeLogRecord({ signal: 'traces', encoding: 'json', body: tracesBody([covered]) }));
      fs.writeFileSync(path.join(dir, logFileName(7)),
        encodeLogRecord({ signal: 'traces', encoding: 'json', body: tracesBody([late]) }));

      const migrated = await TraceStore.open({ dir, onWarning: () => undefined });
      const fresh = await TraceStore.open({ dir: null });
      fresh.ingestDecoded({ spans: [], logs: [makeLog(1, 2, 'a log line')] });
      fresh.ingestDecoded({ spans, logs: [] });
      fresh.ingestDecoded({ spans: [late], logs: [] });
      assert.deepEqual(migrated.stats(), fresh.stats());
      assert.equal(migrated.getTraceSummary(traceId(4)), null, 'a generation the snapshot covered is not replayed');
      for (const id of [traceId(1), traceId(2), traceId(3)]) {
        assert.deepEqual(migrated.getTraceSpans(id), fresh.getTraceSpans(id));
        assert.deepEqual(migrated.getTraceSummary(id), fresh.getTraceSummary(id));
        assert.deepEqual(migrated.getTraceStructure(id), fresh.getTraceStructure(id));
      }
      assert.equal(migrated.getSpan(traceId(1), spanId(1, 2))!.events.length, 1, 'the stored log is attached');
      await Promise.all([migrated.close(), fresh.close()]);
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.log') || f === 'snapshot.sqlite'), []);
    } finally {
      removeDir(dir);
    }
  });
});
