// The SQL side of the store: ingest with rollups, queries, retention. No files here (see index.ts).
import { createHash } from 'node:crypto';
import type { Database, SqlValue, Statement } from 'sql.js';
import { normalizeSpan } from '../model/normalize';
import type {
  DecodedRequest, NormalizeOptions, NormalizedSpan, RawLogRecord, RawSpan, TraceSummary,
} from '../model/types';
import { encodeLogsJson, encodeTracesJson } from '../otlp';
import type { IngestResult, SpanSearchQuery, SpanStructure, StoreStats, TraceFilter } from './index';
import { padNanos } from './nanos';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema';
import { migrateFromV1 } from './migrate';
import {
  INSERT_SPAN_SQL, RAW_SPAN_COLUMNS, STRUCTURE_BY_TRACE_SQL, STRUCTURE_COLUMNS, UPDATE_SPAN_SQL, insertSpanValues,
  rowToRawSpan, rowToStructure, slimRawJson, spanHasUsage, spanModel, traceRowToStructure, updateSpanValues,
  type SharedResource,
} from './span-rows';
import { TraceSearchIndex } from './search-index';
import {
  TRACE_COLUMNS, UPSERT_TRACE_SQL, addModel, addName, emptyRollup, rollupToSummary, rollupValues, roundCost,
  rowToRollup, searchText, type TraceRollup,
} from './trace-rollup';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_ID = /^0+$/;
const EXPORT_CHUNK = 2000;
const TRACE_RAW_SPANS_SQL = `SELECT ${RAW_SPAN_COLUMNS} FROM spans WHERE trace_id = ? ORDER BY start_ns, span_id`;
const MAX_ANCESTOR_WALK = 10_000;
/**
 * Most text-filter matches still fetched by id (cost ∝ matches); with more, walking the traces newest first
 * meets the limit sooner (cost ∝ (limit + offset) × traces / matches). A row looked up by id costs about 8
 * rows walked.
 */
function maxMatchesById(wanted: number, traces: number): number {
  return Math.sqrt((wanted * traces) / 8);
}

export interface RetentionLimits {
  maxSpans: number;
  maxBytes: number;
}

interface Totals {
  traces: number;
  spans: number;
  errorSpans: number;
  errorTraces: number;
  bytes: number;
}

/** A span inserted by the current ingest (not a duplicate). */
interface FreshSpan {
  span: NormalizedSpan;
  bytes: number;
  usage: boolean;
  usageBelow: boolean;
}

function validIds(span: RawSpan): boolean {
  return TRACE_ID.test(span.traceId) && !ZERO_ID.test(span.traceId)
    && SPAN_ID.test(span.spanId) && !ZERO_ID.test(span.spanId);
}

function spanKey(traceId: string, spanId: string): string {
  return `${traceId}/${spanId}`;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Rank for choosing the root: a span without parent beats an orphan, then earliest start, then id. */
function rootRank(parentSpanId: string | null, startNs: string, spanId: string): string {
  return `${parentSpanId === null ? 0 : 1}|${startNs}|${spanId}`;
}

export class StoreDatabase {
  private readonly statements = new Map<string, Statement>();
  private totals: Totals = { traces: 0, spans: 0, errorSpans: 0, errorTraces: 0, bytes: 0 };
  /** Logs whose span has not arrived yet (trace/span keys). */
  private pendingLogKeys = new Set<string>();
  /** resources rows both ways ({resource, scope} JSON ↔ id); few, so kept whole. */
  private resourceIds = new Map<string, number>();
  private resourceJsonById = new Map<number, string>();
  /** Built on the first text filter, then kept in step with the traces table; null = not built. */
  private searchIndex: TraceSearchIndex | null = null;

  constructor(
    readonly db: Database,
    private readonly normalizeOptions: NormalizeOptions,
    private readonly retention: RetentionLimits,
  ) {
    db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;');
    db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const version = this.getMeta('schema_version');
    const legacy = version !== null && Number(version) === 1 ? migrateFromV1.prepare(db) : null;
    if (version !== null && Number(version) !== SCHEMA_VERSION && !legacy) {
      throw new Error(`The trace store was written by a newer or unknown version (schema ${version}); `
        + 'clear the trace store folder to start over.');
    }
    db.exec(SCHEMA_SQL);
    this.setMeta('schema_version', String(SCHEMA_VERSION));
    this.loadResources();
    this.loadTotals();
    if (legacy) legacy.copyInto(this);
  }

  private loadResources(): void {
    this.resourceIds.clear();
    this.resourceJsonById.clear();
    for (const [id, json] of this.all('SELECT id, json FROM resources')) {
      this.resourceIds.set(String(json), Number(id));
      this.resourceJsonById.set(Number(id), String(json));
    }
  }

  private resourceId(raw: RawSpan): { id: number; bytes: number } {
    const json = JSON.stringify({ resource: raw.resource, scope: raw.scope });
    let id = this.resourceIds.get(json);
    if (id === undefined) {
      this.run('INSERT INTO resources (json) VALUES (?)', [json]);
      id = Number(this.first('SELECT last_insert_rowid()')![0]);
      this.resourceIds.set(json, id);
      this.resourceJsonById.set(id, json);
    }
    return { id, bytes: json.length };
  }

  /** Resource rows parsed on demand, each once: one reader per query, so no two queries share objects. */
  private resourceReader(): (id: number) => SharedResource {
    const parsed = new Map<number, SharedResource>();
    return (id) => {
      let shared = parsed.get(id);
      if (!shared) {
        const json = this.resourceJsonById.get(id);
        if (json === undefined) throw new Error(`trace store: missing resource ${id}`);
        parsed.set(id, (shared = JSON.parse(json) as SharedResource));
      }
      return shared;
    };
  }

  private stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private all(sql: string, params: SqlValue[] = []): SqlValue[][] {
    const statement = this.stmt(sql);
    statement.bind(params);
    const rows: SqlValue[][] = [];
    try {
      while (statement.step()) rows.push(statement.get());
    } finally {
      statement.reset();
    }
    return rows;
  }

  /** Rows one at a time from a statement of its own (safe while other queries run). */
  private *each(sql: string, params: SqlValue[] = []): Generator<SqlValue[]> {
    const statement = this.db.prepare(sql);
    try {
      statement.bind(params);
      while (statement.step()) yield statement.get();
    } finally {
      statement.free();
    }
  }

  private first(sql: string, params: SqlValue[] = []): SqlValue[] | null {
    const statement = this.stmt(sql);
    statement.bind(params);
    try {
      return statement.step() ? statement.get() : null;
    } finally {
      statement.reset();
    }
  }

  private run(sql: string, params: SqlValue[] = []): number {
    const statement = this.stmt(sql);
    statement.run(params);
    return this.db.getRowsModified();
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      this.searchIndex = null;
      this.loadResources();
      this.loadTotals();
      throw error;
    }
  }

  getMeta(key: string): string | null {
    const row = this.first('SELECT value FROM meta WHERE key = ?', [key]);
    return row ? String(row[0]) : null;
  }

  setMeta(key: string, value: string): void {
    this.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [key, value]);
  }

  private loadTotals(): void {
    const traces = this.first(`SELECT COUNT(*), COALESCE(SUM(span_count), 0), COALESCE(SUM(error_count), 0),
      COALESCE(SUM(error_count > 0), 0), COALESCE(SUM(payload_bytes), 0) FROM traces`) ?? [0, 0, 0, 0, 0];
    const logBytes = this.first('SELECT COALESCE(SUM(payload_bytes), 0) FROM logs') ?? [0];
    this.totals = {
      traces: Number(traces[0]), spans: Number(traces[1]), errorSpans: Number(traces[2]),
      errorTraces: Number(traces[3]), bytes: Number(traces[4]) + Number(logBytes[0]),
    };
    this.pendingLogKeys = new Set(this.all(`SELECT DISTINCT l.trace_id, l.span_id FROM logs l
      WHERE l.span_id IS NOT NULL AND NOT EXISTS
        (SELECT 1 FROM spans s WHERE s.trace_id = l.trace_id AND s.span_id = l.span_id)`)
      .map((row) => spanKey(String(row[0]), String(row[1]))));
  }

  // ---- ingest ----

  ingest(request: DecodedRequest): IngestResult {
    const result = this.transaction(() => {
      const touched = new Set<string>();
      const spans = this.ingestSpans(request.spans, touched);
      const acceptedLogs = this.ingestLogs(request.logs, touched);
      return {
        acceptedSpans: request.spans.length - spans.rejected,
        rejectedSpans: spans.rejected,
        acceptedLogs,
        message: spans.message,
        traceIds: [...touched],
      };
    });
    this.enforceRetention();
    return result;
  }

  private ingestSpans(spans: RawSpan[], touched: Set<string>): { rejected: number; message: string | null } {
    let rejected = 0;
    let unreadable = 0;
    let firstFailure = '';
    const freshByTrace = new Map<string, FreshSpan[]>();
    for (const raw of spans) {
      if (!validIds(raw)) {
        rejected++;
        continue;
      }
      const key = spanKey(raw.traceId, raw.spanId);
      const logs = this.pendingLogKeys.has(key) ? this.logsForSpan(raw.traceId, raw.spanId) : [];
      let span: NormalizedSpan;
      try {
        span = normalizeSpan(raw, logs, this.normalizeOptions);
      } catch (error) {
        firstFailure ||= error instanceof Error ? error.message : String(error);
        // The body is already in the durable log: a span that cannot be normalized is rejected, never
        // allowed to fail the request (its replay would then fail every later open).
        unreadable++;
        continue;
      }
      const rawJson = slimRawJson(raw, span);
      const resource = this.resourceId(raw);
      // Counted as the span's own JSON plus its resource, as if each span still carried it.
      const bytes = rawJson.length + resource.bytes;
      if (this.run(INSERT_SPAN_SQL, insertSpanValues(span, rawJson, resource.id, bytes)) === 0) continue;
      this.pendingLogKeys.delete(key);
      let fresh = freshByTrace.get(raw.traceId);
      if (!fresh) freshByTrace.set(raw.traceId, (fresh = []));
      fresh.push({ span, bytes, usage: spanHasUsage(span), usageBelow: false });
    }
    for (const [traceId, fresh] of freshByTrace) {
      this.applyFreshSpans(traceId, fresh);
      touched.add(traceId);
    }
    const reasons = [
      rejected > 0 ? `${rejected} span(s) with an invalid trace or span id` : null,
      unreadable > 0 ? `${unreadable} span(s) that could not be normalized (${firstFailure})` : null,
    ].filter((r): r is string => r !== null);
    return { rejected: rejected + unreadable, message: reasons.length ? reasons.join('; ') : null };
  }

  private ingestLogs(logs: RawLogRecord[], touched: Set<string>): number {
    const renormalize = new Set<string>();
    for (const log of logs) {
      const rawJson = JSON.stringify(log);
      const digest = createHash('sha1').update(rawJson).digest('hex');
      const traceId = log.traceId && TRACE_ID.test(log.traceId) && !ZERO_ID.test(log.traceId) ? log.traceId : null;
      const spanId = traceId && log.spanId && SPAN_ID.test(log.spanId) && !ZERO_ID.test(log.spanId) ? log.spanId : null;
      const inserted = this.run(
        'INSERT OR IGNORE INTO logs (trace_id, span_id, time_ns, digest, payload_bytes, raw) VALUES (?, ?, ?, ?, ?, ?)',
        [traceId, spanId, padNanos(log.timeUnixNano), digest, rawJson.length, rawJson],
      );
      if (inserted === 0) continue;
      this.totals.bytes += rawJson.length;
      if (traceId) touched.add(traceId);
      if (traceId && spanId) {
        const key = spanKey(traceId, spanId);
        if (this.first('SELECT 1 FROM spans WHERE trace_id = ? AND span_id = ?', [traceId, spanId])) renormalize.add(key);
        else this.pendingLogKeys.add(key);
      }
    }
    const traces = new Set<string>();
    for (const key of renormalize) {
      const [traceId, spanId] = key.split('/') as [string, string];
      this.renormalizeSpan(traceId, spanId);
      traces.add(traceId);
    }
    for (const traceId of traces) this.recomputeRollup(traceId);
    return logs.length;
  }

  /** A span whose logs arrived after it: recompute its light columns from raw + logs. */
  private renormalizeSpan(traceId: string, spanId: string): void {
    const row = this.first(`SELECT ${RAW_SPAN_COLUMNS}, has_usage FROM spans WHERE trace_id = ? AND span_id = ?`,
      [traceId, spanId]);
    if (!row) return;
    let span: NormalizedSpan;
    try {
      span = normalizeSpan(rowToRawSpan(row, this.resourceReader()), this.logsForSpan(traceId, spanId),
        this.normalizeOptions);
    } catch {
      return; // keep the columns from the span's own ingest
    }
    this.run(UPDATE_SPAN_SQL, updateSpanValues(span));
    if (spanHasUsage(span) && Number(row[8]) === 0) this.markAncestorsUsageBelow(traceId, span.parentSpanId, null, null);
  }

  private readRollup(traceId: string): TraceRollup | null {
    const row = this.first(`SELECT ${TRACE_COLUMNS} FROM traces WHERE trace_id = ?`, [traceId]);
    return row ? rowToRollup(row) : null;
  }

  private writeRollup(before: TraceRollup | null, after: TraceRollup): void {
    after.costUsd = roundCost(after.costUsd);
    const search = searchText(after);
    this.run(UPSERT_TRACE_SQL, rollupValues(after, search));
    this.searchIndex?.set(after.traceId, search);
    this.totals.traces += before ? 0 : 1;
    this.totals.spans += after.spanCount - (before?.spanCount ?? 0);
    this.totals.errorSpans += after.errorCount - (before?.errorCount ?? 0);
    this.totals.errorTraces += (after.errorCount > 0 ? 1 : 0) - ((before?.errorCount ?? 0) > 0 ? 1 : 0);
    this.totals.bytes += after.payloadBytes - (before?.payloadBytes ?? 0);
  }

  private applyFreshSpans(traceId: string, fresh: FreshSpan[]): void {
    const before = this.readRollup(traceId);
    const first = fresh[0]!.span;
    const r: TraceRollup = before
      ? { ...before, models: [...before.models], names: [...before.names] }
      : emptyRollup(traceId, padNanos(first.startTimeUnixNano), padNanos(first.endTimeUnixNano));
    for (const { span, bytes } of fresh) {
      const start = padNanos(span.startTimeUnixNano);
      const end = padNanos(span.endTimeUnixNano);
      if (start < r.startNs) r.startNs = start;
      if (end > r.endNs) r.endNs = end;
      r.spanCount++;
      if (span.status === 'error') r.errorCount++;
      r.payloadBytes += bytes;
      r.service ??= span.service;
      r.workloadId ??= span.workloadId;
      addModel(r, spanModel(span));
      addName(r, span.name);
    }
    this.updateRoot(r, fresh);
    this.updateUsage(r, fresh);
    this.writeRollup(before, r);
  }

  private setRoot(r: TraceRollup, root: {
    spanId: string; parentSpanId: string | null; name: string; startNs: string; service: string | null;
    workloadId: string | null;
  }): void {
    r.rootSpanId = root.spanId;
    r.rootParentSpanId = root.parentSpanId;
    r.rootName = root.name;
    r.rootStartNs = root.startNs;
    r.service = root.service ?? r.service;
    r.workloadId = root.workloadId ?? r.workloadId;
  }

  /** Root = a span without parent, else one whose parent is not in the trace; earliest start wins. */
  private updateRoot(r: TraceRollup, fresh: FreshSpan[]): void {
    if (r.rootParentSpanId !== null && fresh.some((f) => f.span.spanId === r.rootParentSpanId)) {
      this.recomputeRoot(r);
      return;
    }
    for (const { span } of fresh) {
      if (r.rootSpanId !== null && r.rootParentSpanId === null && span.parentSpanId !== null) continue;
      const startNs = padNanos(span.startTimeUnixNano);
      const rank = rootRank(span.parentSpanId, startNs, span.spanId);
      if (r.rootSpanId !== null && rank >= rootRank(r.rootParentSpanId, r.rootStartNs ?? '', r.rootSpanId)) continue;
      if (span.parentSpanId !== null
        && this.first('SELECT 1 FROM spans WHERE trace_id = ? AND span_id = ?', [r.traceId, span.parentSpanId])) continue;
      this.setRoot(r, { ...span, startNs });
    }
  }

  private recomputeRoot(r: TraceRollup): void {
    const row = this.first(`SELECT s.span_id, s.parent_span_id, s.name, s.start_ns, s.service, s.workload_id
      FROM spans s WHERE s.trace_id = ? AND (s.parent_span_id IS NULL OR NOT EXISTS
        (SELECT 1 FROM spans p WHERE p.trace_id = s.trace_id AND p.span_id = s.parent_span_id))
      ORDER BY s.parent_span_id IS NOT NULL, s.start_ns, s.span_id LIMIT 1`, [r.traceId]);
    if (!row) return;
    this.setRoot(r, {
      spanId: String(row[0]), parentSpanId: row[1] === null ? null : String(row[1]), name: String(row[2]),
      startNs: String(row[3]), service: row[4] === null ? null : String(row[4]),
      workloadId: row[5] === null ? null : String(row[5]),
    });
  }

  /**
   * Token and cost totals count only spans with no usage below them: parents such as Vercel's
   * `ai.generateText` repeat the sum of their children, and counting both would double it.
   */
  private updateUsage(r: TraceRollup, fresh: FreshSpan[]): void {
    const freshById = new Map(fresh.map((f) => [f.span.spanId, f]));
    for (const f of fresh) {
      if (!f.usageBelow && this.first(`SELECT 1 FROM spans WHERE trace_id = ? AND parent_span_id = ?
          AND (has_usage = 1 OR usage_below = 1) LIMIT 1`, [r.traceId, f.span.spanId])) {
        f.usageBelow = true;
        this.run('UPDATE spans SET usage_below = 1 WHERE trace_id = ? AND span_id = ?', [r.traceId, f.span.spanId]);
      }
      if (f.usage || f.usageBelow) this.markAncestorsUsageBelow(r.traceId, f.span.parentSpanId, freshById, r);
    }
    for (const f of fresh) {
      if (!f.usage || f.usageBelow) continue;
      r.inputTokens += f.span.inputTokens ?? 0;
      r.outputTokens += f.span.outputTokens ?? 0;
      r.costUsd += f.span.costUsd ?? 0;
    }
  }

  /** Walk up from `parentId` setting usage_below; stored ancestors that were counted leave the totals. */
  private markAncestorsUsageBelow(
    traceId: string, parentId: string | null, fresh: Map<string, FreshSpan> | null, r: TraceRollup | null,
  ): void {
    let current = parentId;
    for (let steps = 0; current !== null && steps < MAX_ANCESTOR_WALK; steps++) {
      const freshSpan = fresh?.get(current);
      if (freshSpan) {
        if (freshSpan.usageBelow) return;
        freshSpan.usageBelow = true;
        this.run('UPDATE spans SET usage_below = 1 WHERE trace_id = ? AND span_id = ?', [traceId, current]);
        current = freshSpan.span.parentSpanId;
        continue;
      }
      const row = this.first(`SELECT parent_span_id, has_usage, usage_below, input_tokens, output_tokens, cost_usd
        FROM spans WHERE trace_id = ? AND span_id = ?`, [traceId, current]);
      if (!row || Number(row[2]) === 1) return;
      this.run('UPDATE spans SET usage_below = 1 WHERE trace_id = ? AND span_id = ?', [traceId, current]);
      if (r && Number(row[1]) === 1) {
        r.inputTokens -= Number(row[3] ?? 0);
        r.outputTokens -= Number(row[4] ?? 0);
        r.costUsd -= Number(row[5] ?? 0);
      }
      current = row[0] === null ? null : String(row[0]);
    }
  }

  /** Rebuild one trace's rollup from its spans (used when logs change a stored span). */
  recomputeRollup(traceId: string): void {
    const before = this.readRollup(traceId);
    const agg = this.first(`SELECT COUNT(*), COALESCE(SUM(status = 'error'), 0), MIN(start_ns), MAX(end_ns),
      COALESCE(SUM(CASE WHEN has_usage = 1 AND usage_below = 0 THEN COALESCE(input_tokens, 0) END), 0),
      COALESCE(SUM(CASE WHEN has_usage = 1 AND usage_below = 0 THEN COALESCE(output_tokens, 0) END), 0),
      COALESCE(SUM(CASE WHEN has_usage = 1 AND usage_below = 0 THEN COALESCE(cost_usd, 0) END), 0),
      COALESCE(SUM(payload_bytes), 0) FROM spans WHERE trace_id = ?`, [traceId]);
    if (!agg || Number(agg[0]) === 0) return;
    const r = emptyRollup(traceId, String(agg[2]), String(agg[3]));
    r.spanCount = Number(agg[0]);
    r.errorCount = Number(agg[1]);
    r.inputTokens = Number(agg[4]);
    r.outputTokens = Number(agg[5]);
    r.costUsd = Number(agg[6]);
    r.payloadBytes = Number(agg[7]);
    for (const row of this.all(`SELECT name, request_model, service, workload_id FROM spans WHERE trace_id = ?
        ORDER BY rowid`, [traceId])) {
      addName(r, String(row[0]));
      addModel(r, row[1] === null ? null : String(row[1]));
      r.service ??= row[2] === null ? null : String(row[2]);
      r.workloadId ??= row[3] === null ? null : String(row[3]);
    }
    this.recomputeRoot(r);
    this.writeRollup(before, r);
  }

  private logsForSpan(traceId: string, spanId: string): RawLogRecord[] {
    return this.all('SELECT raw FROM logs WHERE trace_id = ? AND span_id = ? ORDER BY time_ns, id', [traceId, spanId])
      .map((row) => JSON.parse(String(row[0])) as RawLogRecord);
  }

  // ---- retention ----

  private enforceRetention(): void {
    const { maxSpans, maxBytes } = this.retention;
    if (this.totals.spans <= maxSpans && this.totals.bytes <= maxBytes) return;
    this.transaction(() => {
      // Log records whose trace never arrived count towards the bytes but belong to no trace: they go
      // first (oldest first), or they would make every trace be evicted while they stay.
      while (this.totals.bytes > maxBytes && this.evictOrphanLogs(256) > 0) { /* next chunk */ }
      while (this.totals.traces > 0 && (this.totals.spans > maxSpans || this.totals.bytes > maxBytes)) {
        // Oldest healthy traces first, then oldest with errors.
        const victims = this.all(`SELECT trace_id FROM traces ORDER BY (error_count > 0), start_ns LIMIT 64`);
        if (victims.length === 0) break;
        for (const [traceId] of victims) {
          this.deleteTrace(String(traceId));
          if (this.totals.spans <= maxSpans && this.totals.bytes <= maxBytes) break;
        }
      }
    });
  }

  /** Deletes up to `limit` of the oldest log records that belong to no stored trace; returns how many. */
  private evictOrphanLogs(limit: number): number {
    const orphans = this.all(
      `SELECT id, payload_bytes FROM logs
       WHERE trace_id IS NULL OR NOT EXISTS (SELECT 1 FROM traces WHERE traces.trace_id = logs.trace_id)
       ORDER BY id LIMIT ?`,
      [limit],
    );
    for (const [id, bytes] of orphans) {
      this.run('DELETE FROM logs WHERE id = ?', [id]);
      this.totals.bytes -= Number(bytes);
    }
    return orphans.length;
  }

  private deleteTrace(traceId: string): void {
    const rollup = this.readRollup(traceId);
    const logBytes = Number(this.first('SELECT COALESCE(SUM(payload_bytes), 0) FROM logs WHERE trace_id = ?',
      [traceId])?.[0] ?? 0);
    this.run('DELETE FROM spans WHERE trace_id = ?', [traceId]);
    this.run('DELETE FROM logs WHERE trace_id = ?', [traceId]);
    this.run('DELETE FROM traces WHERE trace_id = ?', [traceId]);
    this.searchIndex?.delete(traceId);
    this.totals.bytes -= logBytes;
    if (rollup) {
      this.totals.traces--;
      this.totals.spans -= rollup.spanCount;
      this.totals.errorSpans -= rollup.errorCount;
      this.totals.errorTraces -= rollup.errorCount > 0 ? 1 : 0;
      this.totals.bytes -= rollup.payloadBytes;
    }
    for (const key of this.pendingLogKeys) if (key.startsWith(`${traceId}/`)) this.pendingLogKeys.delete(key);
  }

  // ---- queries ----

  listTraces(filter: TraceFilter = {}): TraceSummary[] {
    const limit = filter.limit ?? 500;
    const offset = filter.offset ?? 0;
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.service !== undefined) { where.push('service = ?'); params.push(filter.service); }
    if (filter.workloadId !== undefined) { where.push('workload_id = ?'); params.push(filter.workloadId); }
    if (filter.status === 'error') where.push('error_count > 0');
    if (filter.status === 'ok') where.push('error_count = 0');
    if (filter.model !== undefined) { where.push('instr(models, ?) > 0'); params.push(JSON.stringify(filter.model)); }
    if (filter.fromUnixNano !== undefined) { where.push('end_ns >= ?'); params.push(padNanos(filter.fromUnixNano)); }
    if (filter.toUnixNano !== undefined) { where.push('start_ns <= ?'); params.push(padNanos(filter.toUnixNano)); }
    if (filter.traceIds) {
      if (filter.traceIds.length === 0) return [];
      // One JSON parameter: an IN list of thousands of ids would pass SQLite's bound-parameter limit.
      where.push('trace_id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.traceIds));
    }
    if (filter.text) {
      const needle = filter.text.toLowerCase();
      const matches = this.textMatches(needle, maxMatchesById(limit + offset, this.totals.traces));
      if (matches?.size === 0) return [];
      if (matches) {
        where.push('trace_id IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify([...matches]));
      } else {
        where.push('instr(search_text, ?) > 0');
        params.push(needle);
      }
    }
    params.push(limit, offset);
    const sql = `SELECT ${TRACE_COLUMNS} FROM traces ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY start_ns DESC, trace_id LIMIT ? OFFSET ?`;
    return this.all(sql, params).map((row) => rollupToSummary(rowToRollup(row)));
  }

  /** Trace ids whose search text contains `needle`; null = scan the column (see TraceSearchIndex.matching). */
  private textMatches(needle: string, atMost: number): Set<string> | null {
    if (!this.searchIndex) {
      const index = new TraceSearchIndex();
      for (const [traceId, search] of this.each('SELECT trace_id, search_text FROM traces')) {
        index.set(String(traceId), String(search));
      }
      this.searchIndex = index;
    }
    return this.searchIndex.matching(needle, atMost);
  }

  getTraceSummary(traceId: string): TraceSummary | null {
    const rollup = this.readRollup(traceId);
    return rollup ? rollupToSummary(rollup) : null;
  }

  getTraceStructure(traceId: string): SpanStructure[] {
    const statement = this.stmt(STRUCTURE_BY_TRACE_SQL);
    statement.bind([traceId]);
    const spans: SpanStructure[] = [];
    try {
      while (statement.step()) spans.push(traceRowToStructure(traceId, statement.get()));
    } finally {
      statement.reset();
    }
    return spans;
  }

  getTraceSpans(traceId: string): NormalizedSpan[] {
    const logsBySpan = new Map<string, RawLogRecord[]>();
    for (const [spanId, raw] of this.all(`SELECT span_id, raw FROM logs WHERE trace_id = ? AND span_id IS NOT NULL
        ORDER BY time_ns, id`, [traceId])) {
      const key = String(spanId);
      let list = logsBySpan.get(key);
      if (!list) logsBySpan.set(key, (list = []));
      list.push(JSON.parse(String(raw)) as RawLogRecord);
    }
    // Normalized row by row, so each row's intermediate objects can be collected young.
    const resourceById = this.resourceReader();
    const spans: NormalizedSpan[] = [];
    const statement = this.stmt(TRACE_RAW_SPANS_SQL);
    statement.bind([traceId]);
    try {
      while (statement.step()) {
        const raw = rowToRawSpan(statement.get(), resourceById);
        spans.push(normalizeSpan(raw, logsBySpan.get(raw.spanId) ?? [], this.normalizeOptions));
      }
    } finally {
      statement.reset();
    }
    return spans;
  }

  getSpan(traceId: string, spanId: string): NormalizedSpan | null {
    const row = this.first(`SELECT ${RAW_SPAN_COLUMNS} FROM spans WHERE trace_id = ? AND span_id = ?`, [traceId, spanId]);
    if (!row) return null;
    return normalizeSpan(rowToRawSpan(row, this.resourceReader()), this.logsForSpan(traceId, spanId),
      this.normalizeOptions);
  }

  searchSpans(query: SpanSearchQuery): SpanStructure[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (query.traceId !== undefined) { where.push('trace_id = ?'); params.push(query.traceId); }
    if (query.kind !== undefined) { where.push('kind = ?'); params.push(query.kind); }
    if (query.name) { where.push(`name LIKE ? ESCAPE '\\'`); params.push(likePattern(query.name)); }
    if (query.text) {
      const like = likePattern(query.text);
      // The raw JSON no longer holds the ids, parent, resource and scope: they are matched where they live.
      where.push(`(name LIKE ? ESCAPE '\\' OR tool_name LIKE ? ESCAPE '\\' OR request_model LIKE ? ESCAPE '\\'
        OR error_type LIKE ? ESCAPE '\\' OR span_id LIKE ? ESCAPE '\\' OR trace_id LIKE ? ESCAPE '\\'
        OR parent_span_id LIKE ? ESCAPE '\\' OR raw LIKE ? ESCAPE '\\'
        OR resource_id IN (SELECT id FROM resources WHERE json LIKE ? ESCAPE '\\'))`);
      params.push(like, like, like, like, like, like, like, like, like);
    }
    params.push(query.limit ?? 100);
    return this.all(`SELECT ${STRUCTURE_COLUMNS} FROM spans ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY start_ns DESC, span_id LIMIT ?`, params).map(rowToStructure);
  }

  stats(): StoreStats {
    const { traces, spans, errorSpans, errorTraces } = this.totals;
    return { traces, spans, errorSpans, errorTraces };
  }

  /** Approximate payload bytes (raw span and log JSON) held, as counted for retention. */
  payloadBytes(): number {
    return this.totals.bytes;
  }

  clear(): void {
    this.transaction(() => {
      this.db.exec('DELETE FROM spans; DELETE FROM logs; DELETE FROM traces; DELETE FROM resources;');
    });
    this.searchIndex = null;
    this.loadResources();
    this.loadTotals();
  }

  // ---- export ----

  /**
   * OTLP/JSON request lines (traces in chunks, then logs), handed to `write` one at a time so a whole
   * store never has to sit in one string.
   */
  exportOtlpJsonLines(traceIds: string[] | undefined, write: (line: string) => void): void {
    const chunked = <T>(rows: Iterable<SqlValue[]>, toItem: (row: SqlValue[]) => T, encode: (items: T[]) => unknown) => {
      let chunk: T[] = [];
      for (const row of rows) {
        chunk.push(toItem(row));
        if (chunk.length === EXPORT_CHUNK) {
          write(JSON.stringify(encode(chunk)));
          chunk = [];
        }
      }
      if (chunk.length > 0) write(JSON.stringify(encode(chunk)));
    };
    const spanRows = traceIds
      ? traceIds.flatMap((id) => this.all(`SELECT ${RAW_SPAN_COLUMNS} FROM spans WHERE trace_id = ?
          ORDER BY start_ns, span_id`, [id]))
      : this.each(`SELECT ${RAW_SPAN_COLUMNS} FROM spans ORDER BY trace_id, start_ns, span_id`);
    const resourceById = this.resourceReader();
    chunked(spanRows, (row) => rowToRawSpan(row, resourceById), encodeTracesJson);
    const logRows = traceIds
      ? traceIds.flatMap((id) => this.all('SELECT raw FROM logs WHERE trace_id = ? ORDER BY id', [id]))
      : this.each('SELECT raw FROM logs ORDER BY id');
    chunked(logRows, (row) => JSON.parse(String(row[0])) as RawLogRecord, encodeLogsJson);
  }

  exportOtlpJson(traceIds?: string[]): string {
    const lines: string[] = [];
    this.exportOtlpJsonLines(traceIds, (line) => lines.push(line));
    return lines.length ? `${lines.join('\n')}\n` : '';
  }

  export(): Uint8Array {
    return this.db.export();
  }

  close(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
    this.db.close();
  }
}
