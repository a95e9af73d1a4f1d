// Reading a schema 2 store folder (`snapshot.sqlite` holding whole span payloads, plus `requests-*.log`
// generations it does not cover) as a stream of decoded requests, so today's ingest can convert it once.
// Schema 1 snapshots (whole RawSpan JSON in `spans.raw`) are read too.
import fs from 'node:fs';
import path from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import type { DecodedRequest, RawLogRecord, RawSpan } from '../model/types';
import { OtlpDecodeError, decodeRequest } from '../otlp';
import { V2_SNAPSHOT_FILE, readSnapshot } from './files';
import { unpadNanos } from './nanos';
import { listLogGenerations, logFileName, readLogFile } from './request-log';
import { Sql } from './sql';

const CHUNK = 2000;

export function hasV2Store(dir: string): boolean {
  return fs.existsSync(path.join(dir, V2_SNAPSHOT_FILE)) || listLogGenerations(dir).length > 0;
}

export function removeV2Files(dir: string): void {
  fs.rmSync(path.join(dir, V2_SNAPSHOT_FILE), { force: true });
  for (const generation of listLogGenerations(dir)) fs.rmSync(path.join(dir, logFileName(generation)), { force: true });
}

function* chunked<T>(items: Iterable<T>, wrap: (chunk: T[]) => DecodedRequest): Generator<DecodedRequest> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === CHUNK) {
      yield wrap(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) yield wrap(chunk);
}

/** A schema 2 row back to the RawSpan it was stored from (what its JSON kept wins over the columns). */
function* v2Spans(db: Sql): Generator<RawSpan> {
  const resources = new Map<number, Pick<RawSpan, 'resource' | 'scope'>>();
  for (const [id, json] of db.each('SELECT id, json FROM resources')) {
    resources.set(Number(id), JSON.parse(String(json)) as Pick<RawSpan, 'resource' | 'scope'>);
  }
  const sql = `SELECT trace_id, span_id, parent_span_id, name, start_ns, end_ns, resource_id, raw FROM spans
    ORDER BY trace_id, start_ns, span_id`;
  for (const row of db.each(sql)) {
    const span = JSON.parse(String(row[7])) as Partial<RawSpan>;
    const shared = resources.get(Number(row[6])) ?? { resource: {}, scope: { name: '', version: '' } };
    yield {
      traceId: span.traceId ?? String(row[0]),
      spanId: span.spanId ?? String(row[1]),
      parentSpanId: 'parentSpanId' in span ? span.parentSpanId! : row[2] === null ? null : String(row[2]),
      traceState: span.traceState ?? '',
      name: span.name ?? String(row[3]),
      otelKind: span.otelKind ?? 0,
      startTimeUnixNano: span.startTimeUnixNano ?? unpadNanos(String(row[4])),
      endTimeUnixNano: span.endTimeUnixNano ?? unpadNanos(String(row[5])),
      attributes: span.attributes ?? {},
      events: span.events ?? [],
      links: span.links ?? [],
      statusCode: span.statusCode ?? 0,
      statusMessage: span.statusMessage ?? '',
      resource: shared.resource,
      scope: shared.scope,
    };
  }
}

function* v1Spans(db: Sql): Generator<RawSpan> {
  for (const row of db.each('SELECT raw FROM spans ORDER BY rowid')) yield JSON.parse(String(row[0])) as RawSpan;
}

/**
 * Every request the old folder holds: its logs, its spans, then the request-log generations the snapshot
 * did not cover, in order. `warn` hears of log records that no longer decode.
 */
export function* readV2Store(SQL: SqlJsStatic, dir: string, warn: (message: string) => void): Generator<DecodedRequest> {
  const snapshot = readSnapshot(dir, V2_SNAPSHOT_FILE);
  let covered = 0;
  if (snapshot) {
    const db = new Sql(new SQL.Database(snapshot));
    try {
      const meta = (key: string): string | null => {
        const row = db.first('SELECT value FROM meta WHERE key = ?', [key]);
        return row ? String(row[0]) : null;
      };
      const version = Number(meta('schema_version') ?? 2);
      covered = Number(meta('covered_generation') ?? 0);
      if (version !== 1 && version !== 2) throw new Error(`cannot convert a trace store of schema ${version}`);
      const logs = (function* () {
        for (const [raw] of db.each('SELECT raw FROM logs ORDER BY id')) yield JSON.parse(String(raw)) as RawLogRecord;
      })();
      yield* chunked(logs, (chunk) => ({ spans: [], logs: chunk }));
      yield* chunked(version === 1 ? v1Spans(db) : v2Spans(db), (chunk) => ({ spans: chunk, logs: [] }));
    } finally {
      db.close();
    }
  }
  for (const generation of listLogGenerations(dir)) {
    if (generation < covered) continue;
    const read = readLogFile(path.join(dir, logFileName(generation)));
    for (const record of read.records) {
      try {
        yield decodeRequest(record.body, record.signal, record.encoding);
      } catch (error) {
        const reason = error instanceof OtlpDecodeError ? 'an undecodable' : 'a failing';
        warn(`skipped ${reason} request in ${logFileName(generation)}: ${(error as Error).message}`);
      }
    }
  }
}
