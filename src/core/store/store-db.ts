// The index side of the store: span rows pointing at payload records, trace rollups, attached logs,
// eviction. No files here: payload records are appended and read through PayloadIO (see index.ts).
import type { Database } from 'sql.js';
import { normalizeSpan } from '../model/normalize';
import type { DecodedRequest, NormalizeOptions, NormalizedSpan, RawLogRecord, RawMetricPoint, RawSpan } from '../model/types';
import type { FigurePoint } from '../agents/metric-figures';
import { mergeSynthetic, isSynthetic } from '../agents/span-parts';
import { needsTraceContext, type AgentTraceContext } from '../agents/span-adapter';
import { synthesizeAgentSpans, type StoredTurns } from '../agents/synthesize';
import { storedTraceContext, storedTurns } from './agent-turns';
import { matchedSpanId, notePendingEvent, registerAgentSpan } from './agent-matches';
import { applyFigurePoints, ingestMetricPoints, type MetricCounts } from './session-figures';
import type { IngestResult, StoreStats } from '../model/store-types';
import { deleteOrphanLogs, deleteTraceRows, oldestTraces } from './eviction';
import { spanKey, validId, validIds } from './ids';
import { CodeTable, ResourceTable, StringTable } from './interned';
import { logDigest, readLogRecords } from './log-records';
import { padNanos } from './nanos';
import { SCHEMA_SQL, SCHEMA_VERSION, addTraceSessionKeys } from './schema';
import { RECORD_HEADER_BYTES, RecordKind, checkRecord, encodeRecord, recordBody } from './segment-records';
import type { PayloadIO } from './payload-io';
import type { PayloadPointer } from './segment-files';
import {
  INSERT_SPAN_SQL, UPDATE_SPAN_SQL, indexedCode, insertSpanValues, rawSpanFromBody, spanBody, spanHasUsage,
  updateSpanValues,
} from './span-rows';
import { Sql } from './sql';
import { TraceSearchIndex } from './search-index';
import { TraceRollupUpdates, type FreshSpan } from './trace-rollup-updates';
import { INSERT_TRACE_SQL, emptyRollup, rollupValues } from './trace-rollup';


export interface RetentionLimits {
  maxSpans: number;
  maxBytes: number;
}

interface Totals {
  traces: number;
  spans: number;
  errorSpans: number;
  errorTraces: number;
  /** Payload record bytes the index refers to (spans and logs). */
  bytes: number;
  /** Values redacted at ingest in the stored spans. */
  redactions: number;
}

/** A span to index: from a request (`at` null: its record is appended) or replayed from a segment. */
export interface IncomingSpan {
  raw: RawSpan;
  at: PayloadPointer | null;
  /** Replay only: the resource id its record names. */
  resourceId?: number;
}

export interface IncomingLog {
  log: RawLogRecord;
  at: PayloadPointer | null;
  json?: string;
}

export interface SegmentUsage {
  /** Record bytes the index refers to. */
  liveBytes: number;
}


function serviceOf(resource: RawSpan['resource']): string | null {
  const v = resource['service.name'];
  if (typeof v === 'string') return v.length > 0 ? v : null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

export class StoreDatabase {
  readonly sql: Sql;
  readonly resources: ResourceTable;
  readonly codes: CodeTable;
  readonly strings: StringTable;
  private readonly intern = (value: string | null): number | null => this.strings.id(value);
  private totals: Totals = { traces: 0, spans: 0, errorSpans: 0, errorTraces: 0, bytes: 0, redactions: 0 };
  /** Logs whose span has not arrived yet (trace/span keys). */
  private pendingLogKeys = new Set<string>();
  /** Metric points since open (not persisted: the status tooltip's "since start" figure). */
  readonly metricCounts: MetricCounts = { kept: 0, dropped: 0 };
  /** Built on the first text filter, then kept in step with the traces table; null = not built. */
  searchIndex: TraceSearchIndex | null = null;
  /** Live record bytes per segment id (kept in step with every insert, move and eviction). */
  readonly segmentUsage = new Map<number, SegmentUsage>();
  private readonly rollups: TraceRollupUpdates;
  private readonly turns: StoredTurns;

  constructor(
    db: Database,
    readonly normalizeOptions: NormalizeOptions,
    private readonly retention: RetentionLimits,
    /** Replaced once the writer is open (replay at open only reads). */
    public payloads: PayloadIO,
  ) {
    this.sql = new Sql(db);
    db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;');
    db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const version = this.getMeta('schema_version');
    if (version !== null && Number(version) !== SCHEMA_VERSION) {
      throw new Error(`The trace store index has schema ${version}, expected ${SCHEMA_VERSION}; `
        + 'clear the trace store folder to start over.');
    }
    db.exec(SCHEMA_SQL);
    addTraceSessionKeys(this.sql);
    this.setMeta('schema_version', String(SCHEMA_VERSION));
    this.resources = new ResourceTable(this.sql);
    this.codes = new CodeTable(this.sql);
    this.strings = new StringTable(this.sql);
    this.rollups = new TraceRollupUpdates(this.sql, this.strings, (before, after, search) => {
      this.searchIndex?.set(after.traceId, search);
      this.totals.traces += before ? 0 : 1;
      this.totals.spans += after.spanCount - (before?.spanCount ?? 0);
      this.totals.errorSpans += after.errorCount - (before?.errorCount ?? 0);
      this.totals.errorTraces += (after.errorCount > 0 ? 1 : 0) - ((before?.errorCount ?? 0) > 0 ? 1 : 0);
    });
    this.turns = storedTurns(this.sql);
    this.reloadState();
  }

  /** In-memory state from the tables (after open, and after a rolled-back group). */
  reloadState(): void {
    this.resources.reload();
    this.codes.reload();
    this.strings.reload();
    this.searchIndex = null;
    const traces = this.sql.first(`SELECT COUNT(*), COALESCE(SUM(span_count), 0), COALESCE(SUM(error_count), 0),
      COALESCE(SUM(error_count > 0), 0) FROM traces`) ?? [0, 0, 0, 0];
    this.totals = {
      traces: Number(traces[0]), spans: Number(traces[1]), errorSpans: Number(traces[2]), errorTraces: Number(traces[3]),
      bytes: 0,
      redactions: Number(this.sql.first('SELECT COALESCE(SUM(hits), 0) FROM redactions')?.[0] ?? 0),
    };
    this.segmentUsage.clear();
    // The snapshot records each segment's live bytes; only an index without that record is scanned.
    const recorded = this.sql.all('SELECT id, live_bytes FROM segments WHERE retired = 0');
    const usage = recorded.length > 0 || this.totals.spans === 0 ? recorded : this.sql.all(`SELECT seg, SUM(len)
      FROM (SELECT seg, len FROM spans UNION ALL SELECT seg, len FROM logs) GROUP BY seg`);
    for (const [seg, bytes] of usage) {
      if (Number(bytes) <= 0) continue;
      this.segmentUsage.set(Number(seg), { liveBytes: Number(bytes) });
      this.totals.bytes += Number(bytes);
    }
    this.pendingLogKeys = new Set(this.sql.all(`SELECT DISTINCT l.trace_id, l.span_id FROM logs l
      WHERE l.span_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM traces t JOIN spans s ON s.trace = t.id
        WHERE t.trace_id = l.trace_id AND s.span_id = l.span_id)`)
      .map((row) => spanKey(String(row[0]), String(row[1]))));
  }

  getMeta(key: string): string | null {
    const row = this.sql.first('SELECT value FROM meta WHERE key = ?', [key]);
    return row ? String(row[0]) : null;
  }

  setMeta(key: string, value: string): void {
    this.sql.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [key, value]);
  }

  private saved: { totals: Totals; usage: Array<[number, number]>; pendingLogKeys: Set<string> } | null = null;

  begin(): void {
    this.sql.db.exec('BEGIN');
    this.saved = {
      totals: { ...this.totals },
      usage: [...this.segmentUsage].map(([seg, u]) => [seg, u.liveBytes]),
      pendingLogKeys: new Set(this.pendingLogKeys),
    };
  }

  commit(): void {
    this.sql.db.exec('COMMIT');
    this.saved = null;
  }

  /** Undo the open transaction and everything kept in memory about it. */
  rollback(): void {
    this.sql.db.exec('ROLLBACK');
    const saved = this.saved;
    this.saved = null;
    if (!saved) {
      this.reloadState();
      return;
    }
    this.totals = saved.totals;
    this.segmentUsage.clear();
    for (const [seg, liveBytes] of saved.usage) this.segmentUsage.set(seg, { liveBytes });
    this.pendingLogKeys = saved.pendingLogKeys;
    this.resources.reload();
    this.codes.reload();
    this.strings.reload();
    this.searchIndex = null;
  }

  private addUsage(seg: number, bytes: number): void {
    let usage = this.segmentUsage.get(seg);
    if (!usage) this.segmentUsage.set(seg, (usage = { liveBytes: 0 }));
    usage.liveBytes += bytes;
    this.totals.bytes += bytes;
  }

  // ---- ingest ----

  /** Index a decoded request, appending its payload records. Runs inside the caller's transaction. */
  ingest(request: DecodedRequest): IngestResult {
    if (request.metrics) return this.ingestMetrics(request.metrics.points, request.metrics.total);
    const touched = new Set<string>();
    // Coding agents that send events without spans: the events become spans (and attach to them) here.
    const synthesis = synthesizeAgentSpans(request.logs, this.turns);
    const incoming = request.spans.concat(synthesis.spans).map((raw): IncomingSpan => ({ raw, at: null }));
    const logs = synthesis.logs.map((log): IncomingLog => ({ log, at: null }));
    // Spans built from this request's events go in after the events: each is normalized once, with its events.
    const logsFirst = synthesis.spans.length > 0;
    let acceptedLogs = logsFirst ? this.ingestLogs(logs, touched) : 0;
    const spans = this.ingestSpans(incoming, touched);
    if (!logsFirst) acceptedLogs = this.ingestLogs(logs, touched);
    return {
      acceptedSpans: request.spans.length - spans.rejected,
      rejectedSpans: spans.rejected,
      acceptedLogs,
      message: spans.message,
      traceIds: [...touched],
    };
  }

  /** Metric points: the coding agents' session figures are kept (and made durable), the rest counted and dropped. */
  private ingestMetrics(points: RawMetricPoint[], total: number): IngestResult {
    return ingestMetricPoints(this.sql, this.payloads, this.metricCounts, points, total);
  }

  /** Session figure points, live or read back from a segment. */
  replayFigures(points: FigurePoint[]): void {
    applyFigurePoints(this.sql, points);
  }

  /** Codex's spans: the model and conversation their trace's other spans name (this batch's, then the index's). */
  traceContext(traceId: string, batch?: readonly RawSpan[]): AgentTraceContext {
    return storedTraceContext(this.sql, this.strings, traceId, batch);
  }

  /** Normalize a stored or arriving span; a coding agent's span that needs its trace's context gets it. */
  normalize(raw: RawSpan, logs: RawLogRecord[], context?: AgentTraceContext): NormalizedSpan {
    if (!needsTraceContext(raw)) return normalizeSpan(raw, logs, this.normalizeOptions);
    return normalizeSpan(raw, logs, this.normalizeOptions, context ?? this.traceContext(raw.traceId));
  }

  /** The resource id of a live span; a new resource gets its record appended before the span's. */
  private liveResourceId(raw: RawSpan, cache: Map<object, Map<object, number>>): number {
    let byScope = cache.get(raw.resource);
    if (!byScope) cache.set(raw.resource, (byScope = new Map()));
    let id = byScope.get(raw.scope);
    if (id === undefined) {
      const json = ResourceTable.json(raw);
      const service = serviceOf(raw.resource);
      const known = this.resources.idFor(json, service);
      id = known.id;
      if (known.created) {
        this.payloads.append(encodeRecord(RecordKind.Resource, id, null, null, JSON.stringify({ service, json })));
      }
      byScope.set(raw.scope, id);
    }
    return id;
  }

  /** Replay: a resource record read back from a segment. */
  replayResource(id: number, body: string): void {
    const { service, json } = JSON.parse(body) as { service: string | null; json: string };
    this.resources.insert(id, json, service);
  }

  /** The trace's integer key; a new trace gets an empty rollup row. */
  private traceKey(traceId: string, first: RawSpan): number {
    const row = this.sql.first('SELECT id FROM traces WHERE trace_id = ?', [traceId]);
    if (row) return Number(row[0]);
    const empty = emptyRollup(traceId, padNanos(first.startTimeUnixNano), padNanos(first.endTimeUnixNano));
    this.sql.run(INSERT_TRACE_SQL, rollupValues(empty, ''));
    return this.sql.lastInsertId();
  }

  ingestSpans(items: IncomingSpan[], touched: Set<string>): { rejected: number; message: string | null } {
    let rejected = 0;
    let unreadable = 0;
    let firstFailure = '';
    const byTrace = new Map<string, IncomingSpan[]>();
    for (const item of items) {
      if (!validIds(item.raw)) {
        rejected++;
        continue;
      }
      let list = byTrace.get(item.raw.traceId);
      if (!list) byTrace.set(item.raw.traceId, (list = []));
      list.push(item);
    }
    const resourceCache = new Map<object, Map<object, number>>();
    const merged = new Set<string>();
    /** Spans that gained or lost events matched by key (renormalized once the batch is in). */
    const adopted = new Set<string>();
    for (const [traceId, list] of byTrace) {
      const trace = this.traceKey(traceId, list[0]!.raw);
      const fresh: FreshSpan[] = [];
      const context = list.some((i) => needsTraceContext(i.raw)) ? this.traceContext(traceId, list.map((i) => i.raw)) : undefined;
      for (const { raw, at, resourceId } of list) {
        const key = spanKey(traceId, raw.spanId);
        const logs = this.pendingLogKeys.has(key) ? this.logsForSpan(traceId, raw.spanId) : [];
        let span: NormalizedSpan;
        try {
          span = this.normalize(raw, logs, context);
        } catch (error) {
          // A span that cannot be normalized is rejected, never allowed to fail the request.
          firstFailure ||= error instanceof Error ? error.message : String(error);
          unreadable++;
          continue;
        }
        const resource = resourceId ?? this.liveResourceId(raw, resourceCache);
        const codeId = this.codes.idFor(indexedCode(span.code));
        // The row goes in first (a duplicate is ignored by its key), then the record lands where it said.
        const body = at ? null : spanBody(raw);
        const bodyBytes = body === null ? 0 : Buffer.byteLength(body);
        const pointer = at ?? { ...this.payloads.position(), len: RECORD_HEADER_BYTES + bodyBytes };
        if (this.sql.run(INSERT_SPAN_SQL, insertSpanValues(trace, span, codeId, resource, pointer, this.intern)) === 0) {
          if (isSynthetic(raw) && this.mergeSyntheticSpan(trace, raw, at)) merged.add(traceId);
          continue;
        }
        if (body !== null) this.payloads.appendRecord(RecordKind.Span, resource, traceId, raw.spanId, body, bodyBytes);
        this.addUsage(pointer.seg, pointer.len);
        if (span.redaction) this.setRedaction(trace, span);
        this.pendingLogKeys.delete(key);
        for (const { digest, from } of registerAgentSpan(this.sql, raw)) {
          if (from) adopted.add(spanKey(traceId, from));
          adopted.add(key);
          void digest;
        }
        fresh.push({ span, bytes: pointer.len, usage: spanHasUsage(span), usageBelow: false });
      }
      // A Codex turn whose model arrived only now: its earlier model calls can be priced.
      if (context?.model) {
        for (const row of this.sql.all(`SELECT span_id FROM spans WHERE trace = ? AND name = 'handle_responses'
          AND request_model IS NULL AND has_usage = 1`, [trace])) adopted.add(spanKey(traceId, String(row[0])));
      }
      if (fresh.length > 0) {
        this.rollups.applyFreshSpans(trace, traceId, fresh);
        touched.add(traceId);
      } else if (this.sql.first('SELECT 1 FROM spans WHERE trace = ? LIMIT 1', [trace]) === null) {
        this.sql.run('DELETE FROM traces WHERE id = ?', [trace]); // nothing of it could be stored
      }
    }
    for (const key of adopted) {
      const [traceId, spanId] = key.split('/') as [string, string];
      this.renormalizeSpan(traceId, spanId);
      merged.add(traceId);
    }
    for (const traceId of merged) {
      this.rollups.recomputeRollup(traceId);
      touched.add(traceId);
    }
    const reasons = [
      rejected > 0 ? `${rejected} span(s) with an invalid trace or span id` : null,
      unreadable > 0 ? `${unreadable} span(s) that could not be normalized (${firstFailure})` : null,
    ].filter((r): r is string => r !== null);
    return { rejected: rejected + unreadable, message: reasons.length ? reasons.join('; ') : null };
  }

  /**
   * A later part of a span built from events (an event stretched it or added tokens): the merged version is
   * appended and the row points at it. In replay the record at `at` already is the merged version.
   */
  private mergeSyntheticSpan(trace: number, raw: RawSpan, at: PayloadPointer | null): boolean {
    const row = this.spanRow(raw.traceId, raw.spanId);
    if (!row) return false;
    const existing = this.rawSpanAt(raw.traceId, raw.spanId, row.resourceId, this.payloads.read(row.at));
    if (!existing) return false;
    const merged = mergeSynthetic(existing, raw);
    if (merged === existing) return false;
    let pointer = at;
    if (!pointer) {
      const body = spanBody(merged);
      const bodyBytes = Buffer.byteLength(body);
      pointer = { ...this.payloads.position(), len: RECORD_HEADER_BYTES + bodyBytes };
      this.payloads.appendRecord(RecordKind.Span, row.resourceId, raw.traceId, raw.spanId, body, bodyBytes);
    }
    this.sql.run('UPDATE spans SET seg = ?, off = ?, len = ? WHERE trace = ? AND span_id = ?',
      [pointer.seg, pointer.off, pointer.len, trace, raw.spanId]);
    this.addUsage(row.at.seg, -row.at.len);
    this.addUsage(pointer.seg, pointer.len);
    this.renormalizeSpan(raw.traceId, raw.spanId);
    return true;
  }

  /** Compaction moved a span's record (live: the caller appended it; replay: a RelocatedSpan record). */
  relocateSpan(traceId: string, spanId: string, to: PayloadPointer): boolean {
    const row = this.sql.first(`SELECT s.trace, s.seg, s.len FROM spans s JOIN traces t ON t.id = s.trace
      WHERE t.trace_id = ? AND s.span_id = ?`, [traceId, spanId]);
    if (!row) return false;
    this.sql.run('UPDATE spans SET seg = ?, off = ?, len = ? WHERE trace = ? AND span_id = ?',
      [to.seg, to.off, to.len, row[0]!, spanId]);
    this.addUsage(Number(row[1]), -Number(row[2]));
    this.addUsage(to.seg, to.len);
    return true;
  }

  relocateLog(digest: string, to: PayloadPointer): boolean {
    const row = this.sql.first('SELECT id, seg, len FROM logs WHERE digest = ?', [digest]);
    if (!row) return false;
    this.sql.run('UPDATE logs SET seg = ?, off = ?, len = ? WHERE id = ?', [to.seg, to.off, to.len, row[0]!]);
    this.addUsage(Number(row[1]), -Number(row[2]));
    this.addUsage(to.seg, to.len);
    return true;
  }

  ingestLogs(items: IncomingLog[], touched: Set<string>): number {
    const renormalize = new Set<string>();
    for (const item of items) {
      const { at, json } = item;
      let log = item.log;
      // A coding agent's event goes on the span with its request / tool-use id (now, or once that span arrives).
      // Replay keeps the record's bytes (its digest) and only files the row under the matched span.
      const match = matchedSpanId(this.sql, log);
      if (match.spanId && match.spanId !== log.spanId) log = { ...log, spanId: match.spanId };
      const body = at ? json ?? JSON.stringify(item.log) : JSON.stringify(log);
      const digest = logDigest(body);
      const traceId = log.traceId && validId(log.traceId, 32) ? log.traceId : null;
      const spanId = traceId && log.spanId && validId(log.spanId, 16) ? log.spanId : null;
      if (traceId && match.key && !match.spanId) notePendingEvent(this.sql, traceId, match.key, digest);
      let record: Buffer | null = null;
      let pointer = at;
      if (!pointer) {
        record = encodeRecord(RecordKind.Log, 0, traceId, spanId, body);
        pointer = { ...this.payloads.position(), len: record.length };
      }
      const inserted = this.sql.run(`INSERT OR IGNORE INTO logs (trace_id, span_id, time_ns, digest, payload_bytes, seg,
        off, len) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [traceId, spanId, padNanos(log.timeUnixNano), digest, pointer.len, pointer.seg, pointer.off, pointer.len]);
      if (inserted === 0) continue;
      if (record) this.payloads.append(record);
      this.addUsage(pointer.seg, pointer.len);
      if (traceId) touched.add(traceId);
      if (traceId && spanId) {
        const key = spanKey(traceId, spanId);
        if (this.spanRow(traceId, spanId)) renormalize.add(key);
        else this.pendingLogKeys.add(key);
      }
    }
    const traces = new Set<string>();
    for (const key of renormalize) {
      const [traceId, spanId] = key.split('/') as [string, string];
      this.renormalizeSpan(traceId, spanId);
      traces.add(traceId);
    }
    for (const traceId of traces) this.rollups.recomputeRollup(traceId);
    return items.length;
  }

  private spanRow(traceId: string, spanId: string): { trace: number; resourceId: number; at: PayloadPointer; hasUsage: boolean } | null {
    const row = this.sql.first(`SELECT s.trace, s.resource_id, s.seg, s.off, s.len, s.has_usage FROM spans s
      JOIN traces t ON t.id = s.trace WHERE t.trace_id = ? AND s.span_id = ?`, [traceId, spanId]);
    if (!row) return null;
    return {
      trace: Number(row[0]), resourceId: Number(row[1]),
      at: { seg: Number(row[2]), off: Number(row[3]), len: Number(row[4]) }, hasUsage: Number(row[5]) === 1,
    };
  }

  /** The RawSpan stored for a row, or null when its record cannot be read back intact. */
  rawSpanAt(traceId: string, spanId: string, resourceId: number, record: Buffer): RawSpan | null {
    const check = checkRecord(record, 0);
    if (!check.ok) return null;
    return rawSpanFromBody(recordBody(record, 0, check.totalBytes), traceId, spanId, this.resources.shared(resourceId));
  }

  /** A span whose logs arrived after it: recompute its row from its payload + logs. */
  private renormalizeSpan(traceId: string, spanId: string): void {
    const row = this.spanRow(traceId, spanId);
    if (!row) return;
    let span: NormalizedSpan;
    try {
      const raw = this.rawSpanAt(traceId, spanId, row.resourceId, this.payloads.read(row.at));
      if (!raw) return;
      span = this.normalize(raw, this.logsForSpan(traceId, spanId));
    } catch {
      return; // keep the row from the span's own ingest
    }
    this.sql.run(UPDATE_SPAN_SQL, updateSpanValues(row.trace, span, this.codes.idFor(indexedCode(span.code)), this.intern));
    if (span.redaction) this.setRedaction(row.trace, span);
    if (spanHasUsage(span) && !row.hasUsage) this.rollups.markAncestorsUsageBelow(row.trace, span.parentSpanId, null, null);
  }

  /** Record (or update, when its logs arrived later) what redaction removed from a span. */
  private setRedaction(trace: number, span: NormalizedSpan): void {
    const before = this.sql.first('SELECT hits FROM redactions WHERE trace = ? AND span_id = ?', [trace, span.spanId]);
    const { rules, count } = span.redaction!;
    this.sql.run('INSERT OR REPLACE INTO redactions (trace, span_id, rules, hits) VALUES (?, ?, ?, ?)',
      [trace, span.spanId, JSON.stringify(rules), count]);
    this.totals.redactions += count - (before ? Number(before[0]) : 0);
  }

  logsForSpan(traceId: string, spanId: string): RawLogRecord[] {
    return this.readLogs(this.sql.all(`SELECT seg, off, len FROM logs WHERE trace_id = ? AND span_id = ?
      ORDER BY time_ns, id`, [traceId, spanId]));
  }

  /** Log records from rows of (seg, off, len); an unreadable record is left out. */
  readLogs(rows: Array<Array<unknown>>): RawLogRecord[] {
    return readLogRecords(this.payloads, rows);
  }

  // ---- retention ----

  overRetention(): boolean {
    const { maxSpans, maxBytes } = this.retention;
    return this.totals.spans > maxSpans || this.totals.bytes > maxBytes;
  }

  /** Evict until within the limits: orphan logs first, then oldest healthy traces, then oldest with errors. */
  enforceRetention(): number {
    const { maxSpans, maxBytes } = this.retention;
    if (!this.overRetention()) return 0;
    let evicted = 0;
    for (;;) {
      if (this.totals.bytes <= maxBytes) break;
      const freed = deleteOrphanLogs(this.sql, 256);
      if (freed.length === 0) break;
      for (const [seg, bytes] of freed) this.addUsage(seg, -bytes);
    }
    while (this.totals.traces > 0 && (this.totals.spans > maxSpans || this.totals.bytes > maxBytes)) {
      const victims = oldestTraces(this.sql);
      if (victims.length === 0) break;
      for (const { trace, traceId } of victims) {
        this.deleteTrace(trace, traceId);
        evicted++;
        if (this.totals.spans <= maxSpans && this.totals.bytes <= maxBytes) break;
      }
    }
    return evicted;
  }

  private deleteTrace(trace: number, traceId: string): void {
    const rollup = this.rollups.readRollup(trace);
    if (this.totals.redactions > 0) {
      this.totals.redactions -= Number(this.sql.first('SELECT COALESCE(SUM(hits), 0) FROM redactions WHERE trace = ?', [trace])?.[0] ?? 0);
      this.sql.run('DELETE FROM redactions WHERE trace = ?', [trace]);
    }
    for (const [seg, bytes] of deleteTraceRows(this.sql, trace, traceId)) this.addUsage(seg, -bytes);
    this.searchIndex?.delete(traceId);
    if (rollup) {
      this.totals.traces--;
      this.totals.spans -= rollup.spanCount;
      this.totals.errorSpans -= rollup.errorCount;
      this.totals.errorTraces -= rollup.errorCount > 0 ? 1 : 0;
    }
    for (const key of this.pendingLogKeys) if (key.startsWith(`${traceId}/`)) this.pendingLogKeys.delete(key);
  }

  // ---- totals ----

  /** `redactions` only when there are some (stats of stores without redaction stay as they were). */
  stats(): StoreStats {
    const { traces, spans, errorSpans, errorTraces, redactions } = this.totals;
    const stats: StoreStats = { traces, spans, errorSpans, errorTraces };
    if (redactions > 0) stats.redactions = redactions;
    if (this.metricCounts.kept + this.metricCounts.dropped > 0) stats.metricPoints = { ...this.metricCounts };
    return stats;
  }

  /** Payload record bytes the index refers to, as counted for retention. */
  payloadBytes(): number {
    return this.totals.bytes;
  }

  clear(): void {
    this.sql.db.exec(`DELETE FROM spans; DELETE FROM logs; DELETE FROM traces; DELETE FROM resources;
      DELETE FROM code_locations; DELETE FROM strings; DELETE FROM segments; DELETE FROM redactions;
      DELETE FROM session_figures; DELETE FROM agent_keys; DELETE FROM agent_pending;`);
    this.reloadState();
  }

  export(): Uint8Array {
    return this.sql.db.export();
  }

  close(): void {
    this.sql.close();
  }
}
