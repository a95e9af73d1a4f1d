// Schema 2 layout: resource + scope stored once, slim span JSON rebuilt exactly, the listTraces text
// column, and opening a schema 1 database (migrated) or an unknown one (refused).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_NORMALIZE_OPTIONS } from '../../../../src/core/model/normalize';
import type { RawSpan } from '../../../../src/core/model/types';
import { decodeRequest } from '../../../../src/core/otlp';
import { loadSqlJs } from '../../../../src/core/store/sqljs';
import { StoreDatabase } from '../../../../src/core/store/store-db';
import { llmAttributes, makeLog, makeSpan, spanId, traceId } from './helpers';

const LIMITS = { maxSpans: 1_000_000, maxBytes: 1024 ** 3 };

async function memoryDb(bytes?: Uint8Array): Promise<StoreDatabase> {
  const SQL = await loadSqlJs();
  return new StoreDatabase(new SQL.Database(bytes), DEFAULT_NORMALIZE_OPTIONS, LIMITS);
}

function scalar(data: StoreDatabase, sql: string): unknown {
  return data.db.exec(sql)[0]?.values[0]?.[0];
}

function sampleSpans(): RawSpan[] {
  return [
    makeSpan({ trace: 1, span: 1, name: 'Agent Run', attributes: { 'workload.id': 'W-1', nested: { a: [1, 'x'] } } }),
    makeSpan({ trace: 1, span: 2, parent: 1, error: true, attributes: llmAttributes('gpt-4o', 3, 4) }),
    makeSpan({ trace: 1, span: 3, parent: 9, name: 'orphan' }),
    makeSpan({ trace: 2, span: 1, service: 'Other-Svc' }),
  ];
}

/** The spans of every traces line of an export, in export order. */
function exportedSpans(data: StoreDatabase): RawSpan[] {
  return data.exportOtlpJson().trimEnd().split('\n')
    .filter((line) => line.includes('esourceSpans'))
    .flatMap((line) => decodeRequest(Buffer.from(line, 'utf8'), 'traces', 'json').spans);
}

const byKey = (a: RawSpan, b: RawSpan): number => `${a.traceId}${a.spanId}`.localeCompare(`${b.traceId}${b.spanId}`);

describe('store layout', () => {
  it('keeps each resource and scope once and exports every span as ingested', async () => {
    const data = await memoryDb();
    const spans = sampleSpans();
    data.ingest({ spans, logs: [] });
    assert.equal(scalar(data, 'SELECT COUNT(*) FROM resources'), 2, 'svc-a and Other-Svc');
    assert.equal(scalar(data, `SELECT COUNT(*) FROM spans WHERE raw LIKE '%service.name%' OR raw LIKE '%test-scope%'
      OR raw LIKE '%${traceId(1)}%'`), 0);
    assert.deepEqual(exportedSpans(data).sort(byKey), [...spans].sort(byKey));
    data.close();
  });

  it('keeps a field in the span JSON when its column would not give it back unchanged', async () => {
    const data = await memoryDb();
    const odd = { ...makeSpan({ trace: 3, span: 1 }), startTimeUnixNano: '0001760000000000000000' };
    data.ingest({ spans: [odd], logs: [] });
    const raw = String(scalar(data, 'SELECT raw FROM spans'));
    assert.ok(raw.includes('"startTimeUnixNano":"0001760000000000000000"'), raw);
    assert.ok(!raw.includes('endTimeUnixNano'), raw);
    data.close();
  });

  it('matches the listTraces text filter case-insensitively on names, service, workload and trace id', async () => {
    const data = await memoryDb();
    data.ingest({ spans: sampleSpans(), logs: [] });
    const ids = (text: string): string[] => data.listTraces({ text }).map((t) => t.traceId).sort();
    assert.deepEqual(ids('agent run'), [traceId(1)]);
    assert.deepEqual(ids('ORPHAN'), [traceId(1)]);
    assert.deepEqual(ids('other-svc'), [traceId(2)]);
    assert.deepEqual(ids('w-1'), [traceId(1)]);
    assert.deepEqual(ids(traceId(2).slice(20).toUpperCase()), [traceId(2)]);
    assert.deepEqual(ids('no such thing'), []);
    data.close();
  });

  it('still finds spans by resource attributes and trace id in searchSpans', async () => {
    const data = await memoryDb();
    data.ingest({ spans: sampleSpans(), logs: [] });
    assert.deepEqual(data.searchSpans({ text: 'Other-Svc' }).map((s) => s.traceId), [traceId(2)]);
    assert.equal(data.searchSpans({ text: traceId(1) }).length, 3);
    data.close();
  });
});

/** A schema 1 database as its code wrote it: whole RawSpan JSON per span (light columns unused by the migration). */
async function schemaOneDatabase(spans: RawSpan[]): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('schema_version', '1'), ('covered_generation', '7');
    CREATE TABLE spans (trace_id TEXT NOT NULL, span_id TEXT NOT NULL, parent_span_id TEXT, name TEXT NOT NULL,
      kind TEXT NOT NULL, service TEXT, start_ns TEXT NOT NULL, end_ns TEXT NOT NULL, duration_ms REAL NOT NULL,
      status TEXT NOT NULL, error_type TEXT, request_model TEXT, input_tokens INTEGER, output_tokens INTEGER,
      cost_usd REAL, tool_name TEXT, workload_id TEXT, code_file TEXT, code_line INTEGER, code_json TEXT,
      has_usage INTEGER NOT NULL, usage_below INTEGER NOT NULL DEFAULT 0, payload_bytes INTEGER NOT NULL,
      raw TEXT NOT NULL, PRIMARY KEY (trace_id, span_id));
    CREATE INDEX spans_by_parent ON spans (trace_id, parent_span_id);
    CREATE INDEX spans_by_start ON spans (trace_id, start_ns, span_id, name);
    CREATE INDEX spans_by_code_file ON spans (code_file) WHERE code_file IS NOT NULL;
    CREATE TABLE traces (trace_id TEXT PRIMARY KEY, names TEXT NOT NULL);
    CREATE INDEX traces_by_start ON traces (trace_id);
    CREATE TABLE logs (id INTEGER PRIMARY KEY, trace_id TEXT, span_id TEXT, time_ns TEXT NOT NULL,
      digest TEXT NOT NULL UNIQUE, payload_bytes INTEGER NOT NULL, raw TEXT NOT NULL);
    CREATE INDEX logs_by_span ON logs (trace_id, span_id);`);
  const insert = db.prepare(`INSERT INTO spans (trace_id, span_id, name, kind, start_ns, end_ns, duration_ms, status,
    has_usage, payload_bytes, raw) VALUES (?, ?, 'x', 'x', '0', '0', 0, 'ok', 0, 0, ?)`);
  for (const span of spans) insert.run([span.traceId, span.spanId, JSON.stringify(span)]);
  insert.free();
  const log = makeLog(1, 2, 'a log line');
  db.run(`INSERT INTO logs (trace_id, span_id, time_ns, digest, payload_bytes, raw) VALUES (?, ?, '0', 'd', 1, ?)`,
    [traceId(1), spanId(1, 2), JSON.stringify(log)]);
  const bytes = db.export();
  db.close();
  return bytes;
}

describe('opening older or unknown databases', () => {
  it('migrates a schema 1 database to the same contents a fresh ingest gives', async () => {
    const spans = sampleSpans();
    const migrated = await memoryDb(await schemaOneDatabase(spans));
    const fresh = await memoryDb();
    fresh.ingest({ spans: [], logs: [makeLog(1, 2, 'a log line')] });
    fresh.ingest({ spans, logs: [] });
    assert.equal(migrated.getMeta('schema_version'), '2');
    assert.equal(migrated.getMeta('covered_generation'), '7');
    assert.equal(scalar(migrated, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'spans_v1'"), 0);
    assert.deepEqual(migrated.stats(), fresh.stats());
    for (const id of [traceId(1), traceId(2)]) {
      assert.deepEqual(migrated.getTraceSpans(id), fresh.getTraceSpans(id));
      assert.deepEqual(migrated.getTraceSummary(id), fresh.getTraceSummary(id));
      assert.deepEqual(migrated.getTraceStructure(id), fresh.getTraceStructure(id));
    }
    const withLog = migrated.getSpan(traceId(1), spanId(1, 2))!;
    assert.equal(withLog.events.length, 1, 'the stored log is attached to its re-ingested span');
    migrated.close();
    fresh.close();
  });

  it('refuses a database of an unknown schema version and says to clear the store', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '99');");
    assert.throws(() => new StoreDatabase(db, DEFAULT_NORMALIZE_OPTIONS, LIMITS), /schema 99.*clear the trace store/);
    db.close();
  });
});
