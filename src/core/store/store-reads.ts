// Queries over the index, and full spans read back from their payload records.
import { needsTraceContext } from '../agents/span-adapter';
import { internalTraceSql } from '../agents/internal-traces';
import type { SqlValue } from 'sql.js';
import { durationMs } from '../model/normalize';
import { inheritPromptVersions, inheritedPromptVersion, type PromptTreeNode } from '../model/prompt-inheritance';
import type { NormalizedSpan, RawLogRecord, RawSpan, SpanStatus, TraceSummary } from '../model/types';
import { encodeLogsJson, encodeTracesJson } from '../otlp';
import type { SpanSearchQuery, SpanStructure, TraceFilter, TracePreview, TracePreviewLimits } from '../model/store-types';
import { padNanos } from './nanos';
import type { PayloadPointer } from './segment-files';
import { STRUCTURE_BY_TRACE_SQL, STRUCTURE_COLUMNS, rowToStructure, timeText, type InternedLookups } from './span-rows';
import { text } from './sql';
import type { StoreDatabase } from './store-db';
import { TraceSearchIndex } from './search-index';
import { choosePreview } from './trace-preview';
import { TRACE_COLUMNS, rollupToSummary, rowToRollup } from './trace-rollup';

const EXPORT_CHUNK = 2000;
/** Span ids bound per `IN (...)` (SQLite allows 32,766 parameters; a short list keeps statements reusable). */
const ID_CHUNK = 200;
/** Columns that locate a span's record (what a stand-in for an unreadable record needs is read apart). */
const PAYLOAD_COLUMNS = 's.span_id, s.resource_id, s.seg, s.off, s.len';

/**
 * Most text-filter matches still fetched by id (cost ∝ matches); with more, walking the traces newest first
 * meets the limit sooner (cost ∝ (limit + offset) × traces / matches). A row looked up by id costs about 8
 * rows walked.
 */
function maxMatchesById(wanted: number, traces: number): number {
  return Math.sqrt((wanted * traces) / 8);
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class StoreReads {
  private readonly lookups: InternedLookups;

  constructor(private readonly data: StoreDatabase, private readonly warn: (message: string) => void) {
    this.lookups = {
      service: (id) => data.resources.service(id),
      text: (id) => data.strings.value(id),
      code: (id) => data.codes.get(id),
      durationMs,
    };
  }

  private get sql() {
    return this.data.sql;
  }

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
    // Asked for by id, a trace is listed whatever it is.
    if (!filter.internals && !filter.traceIds) where.push(`NOT ${internalTraceSql()}`);
    if (filter.traceIds) {
      if (filter.traceIds.length === 0) return [];
      // One JSON parameter: an IN list of thousands of ids would pass SQLite's bound-parameter limit.
      where.push('trace_id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.traceIds));
    }
    if (filter.text) {
      const needle = filter.text.toLowerCase();
      const matches = this.textMatches(needle, maxMatchesById(limit + offset, this.data.stats().traces));
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
    return this.withRedactions(this.sql.all(sql, params).map((row) => rollupToSummary(rowToRollup(row))));
  }

  /** Adds each trace's count of redacted values (only traces that have any; nothing to do in most stores). */
  private withRedactions(summaries: TraceSummary[]): TraceSummary[] {
    if (!this.data.stats().redactions || summaries.length === 0) return summaries;
    const counts = new Map(this.sql.all(`SELECT t.trace_id, SUM(r.hits) FROM redactions r JOIN traces t ON t.id = r.trace
      WHERE t.trace_id IN (SELECT value FROM json_each(?)) GROUP BY r.trace`, [JSON.stringify(summaries.map((t) => t.traceId))])
      .map(([traceId, hits]) => [String(traceId), Number(hits)]));
    for (const summary of summaries) {
      const n = counts.get(summary.traceId);
      if (n) summary.redactions = n;
    }
    return summaries;
  }

  /** Trace ids whose search text contains `needle`; null = scan the column (see TraceSearchIndex.matching). */
  private textMatches(needle: string, atMost: number): Set<string> | null {
    if (!this.data.searchIndex) {
      const index = new TraceSearchIndex();
      for (const [traceId, search] of this.sql.each('SELECT trace_id, search_text FROM traces')) {
        index.set(String(traceId), String(search));
      }
      this.data.searchIndex = index;
    }
    return this.data.searchIndex.matching(needle, atMost);
  }

  traceKey(traceId: string): number | null {
    const row = this.sql.first('SELECT id FROM traces WHERE trace_id = ?', [traceId]);
    return row ? Number(row[0]) : null;
  }

  getTraceSummary(traceId: string): TraceSummary | null {
    const row = this.sql.first(`SELECT ${TRACE_COLUMNS} FROM traces WHERE trace_id = ?`, [traceId]);
    return row && Number(row[9]) > 0 ? this.withRedactions([rollupToSummary(rowToRollup(row))])[0]! : null;
  }

  getTraceStructure(traceId: string): SpanStructure[] {
    const trace = this.traceKey(traceId);
    if (trace === null) return [];
    const statement = this.sql.stmt(STRUCTURE_BY_TRACE_SQL);
    statement.bind([trace]);
    const spans: SpanStructure[] = [];
    try {
      while (statement.step()) spans.push(rowToStructure(traceId, statement.get(), this.lookups));
    } finally {
      statement.reset();
    }
    this.attachRedactions(trace, spans);
    return spans;
  }

  getTracePreview(traceId: string, limits: TracePreviewLimits): TracePreview | null {
    const summary = this.getTraceSummary(traceId);
    const trace = this.traceKey(traceId);
    if (!summary || trace === null || summary.spanCount < limits.minSpans) return null;
    // Ids and starts only (a start past 2^53 ns reads back rounded: close enough to order a first screen).
    const links = this.sql.all('SELECT span_id, parent_span_id, start_ns FROM spans WHERE trace = ?', [trace])
      .map(([spanId, parent, start]) => ({ spanId: String(spanId), parentSpanId: text(parent!), start: Number(start) }));
    const { ids, childCounts } = choosePreview(links, limits.maxSpans);
    const byId = new Map<string, SpanStructure>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = ids.slice(i, i + ID_CHUNK);
      const sql = `SELECT ${STRUCTURE_COLUMNS} FROM spans s WHERE s.trace = ? AND s.span_id IN (${chunk.map(() => '?').join(',')})`;
      for (const r of this.sql.all(sql, [trace, ...chunk])) {
        const span = rowToStructure(traceId, r, this.lookups);
        byId.set(span.spanId, span);
      }
    }
    const spans = ids.map((id) => byId.get(id)).filter((s): s is SpanStructure => s !== undefined);
    this.attachRedactions(trace, spans);
    return { summary, spanCount: links.length, spans, childCounts };
  }

  private attachRedactions(trace: number, spans: SpanStructure[]): void {
    if (!this.data.stats().redactions) return;
    const rules = new Map(this.sql.all('SELECT span_id, rules FROM redactions WHERE trace = ?', [trace])
      .map(([spanId, list]) => [String(spanId), JSON.parse(String(list)) as string[]]));
    if (rules.size > 0) for (const span of spans) {
      const redacted = rules.get(span.spanId);
      if (redacted) span.redacted = redacted;
    }
  }

  /** One span's structure, if it is stored at exactly `pointer` (a content-search hit that is still live). */
  structureAt(traceId: string, spanId: string, pointer?: PayloadPointer): SpanStructure | null {
    const row = this.sql.first(`SELECT ${STRUCTURE_COLUMNS}, s.seg, s.off FROM spans s JOIN traces t ON t.id = s.trace
      WHERE t.trace_id = ? AND s.span_id = ?`, [traceId, spanId]);
    if (!row) return null;
    if (pointer && (Number(row[16]) !== pointer.seg || Number(row[17]) !== pointer.off)) return null;
    return rowToStructure(traceId, row, this.lookups);
  }

  /** True when a log record at `pointer` is still stored. */
  logIsLive(pointer: PayloadPointer): boolean {
    return this.sql.first('SELECT 1 FROM logs WHERE seg = ? AND off = ?', [pointer.seg, pointer.off]) !== null;
  }

  private logsByTrace(traceId: string): Map<string, RawLogRecord[]> {
    const rows = this.sql.all(`SELECT span_id, seg, off, len FROM logs WHERE trace_id = ? AND span_id IS NOT NULL
      ORDER BY time_ns, id`, [traceId]);
    const logs = this.data.readLogs(rows.map((r) => r.slice(1)));
    const bySpan = new Map<string, RawLogRecord[]>();
    rows.forEach((row, i) => {
      const log = logs[i];
      if (!log) return;
      const key = String(row[0]);
      let list = bySpan.get(key);
      if (!list) bySpan.set(key, (list = []));
      list.push(log);
    });
    return bySpan;
  }

  /** Raw spans of rows selected with PAYLOAD_COLUMNS; an unreadable record gives a stand-in from the row. */
  private rawSpans(traceId: string, rows: SqlValue[][]): RawSpan[] {
    const records = this.data.payloads.readMany(rows.map((r) => ({ seg: Number(r[2]), off: Number(r[3]), len: Number(r[4]) })));
    return rows.map((row, i) => {
      const spanId = String(row[0]);
      const raw = this.data.rawSpanAt(traceId, spanId, Number(row[1]), records[i]!);
      return raw ?? this.standIn(traceId, row);
    });
  }

  /** A span whose payload record is damaged: what the index knows, and a note saying the rest is gone. */
  private standIn(traceId: string, row: SqlValue[]): RawSpan {
    const where = `segment ${Number(row[2])} at offset ${Number(row[3])}`;
    this.warn(`the payload of span ${String(row[0])} in trace ${traceId} is unreadable (${where}); showing what the index holds`);
    const shared = this.data.resources.shared(Number(row[1]));
    const known = this.sql.first(`SELECT s.parent_span_id, s.name, CAST(s.start_ns AS TEXT), CAST(s.end_ns AS TEXT), s.status
      FROM spans s JOIN traces t ON t.id = s.trace WHERE t.trace_id = ? AND s.span_id = ?`, [traceId, String(row[0])])!;
    const status = this.data.strings.value(known[4]!) as SpanStatus;
    return {
      traceId, spanId: String(row[0]), parentSpanId: known[0] === null ? null : String(known[0]), traceState: '',
      name: String(known[1]), otelKind: 0, startTimeUnixNano: timeText(known[2]!), endTimeUnixNano: timeText(known[3]!),
      attributes: { 'agent_trace_lens.payload': `unavailable: damaged record in ${where}` }, events: [], links: [],
      statusCode: status === 'error' ? 2 : status === 'ok' ? 1 : 0, statusMessage: '',
      resource: shared.resource, scope: shared.scope,
    };
  }

  getTraceSpans(traceId: string): NormalizedSpan[] {
    const trace = this.traceKey(traceId);
    if (trace === null) return [];
    const logsBySpan = this.logsByTrace(traceId);
    const rows = this.sql.all(`SELECT ${PAYLOAD_COLUMNS} FROM spans s WHERE s.trace = ? ORDER BY s.start_ns, s.span_id`, [trace]);
    const raws = this.rawSpans(traceId, rows);
    const context = raws.some(needsTraceContext) ? this.data.traceContext(traceId) : undefined;
    return inheritPromptVersions(raws.map((raw) => this.data.normalize(raw, logsBySpan.get(raw.spanId) ?? [], context)));
  }

  getSpan(traceId: string, spanId: string): NormalizedSpan | null {
    const trace = this.traceKey(traceId);
    if (trace === null) return null;
    const row = this.sql.first(`SELECT ${PAYLOAD_COLUMNS} FROM spans s WHERE s.trace = ? AND s.span_id = ?`, [trace, spanId]);
    if (!row) return null;
    const [raw] = this.rawSpans(traceId, [row]);
    const span = this.data.normalize(raw!, this.data.logsForSpan(traceId, spanId));
    const inherited = inheritedPromptVersion(span, (id) => this.promptNode(trace, id));
    if (inherited !== null) span.promptVersion = inherited;
    return span;
  }

  /** A span's parent and prompt identity from the index (no payload read), for walking up the tree. */
  private promptNode(trace: number, spanId: string): PromptTreeNode | null {
    const row = this.sql.first('SELECT parent_span_id, prompt_name, prompt_version FROM spans WHERE trace = ? AND span_id = ?',
      [trace, spanId]);
    if (!row) return null;
    return {
      parentSpanId: row[0] === null ? null : String(row[0]),
      promptName: this.data.strings.value(row[1]),
      promptVersion: this.data.strings.value(row[2]),
    };
  }

  /** Spans that report usage with no descendant that does (the ones the trace totals count). */
  getUsageSpans(traceId: string): NormalizedSpan[] {
    const trace = this.traceKey(traceId);
    if (trace === null) return [];
    const rows = this.sql.all(`SELECT ${PAYLOAD_COLUMNS} FROM spans s WHERE s.trace = ? AND s.has_usage = 1
      AND s.usage_below = 0 ORDER BY s.start_ns, s.span_id`, [trace]);
    return this.rawSpans(traceId, rows).map((raw) => this.data.normalize(raw, this.data.logsForSpan(traceId, raw.spanId)));
  }

  /** Spans by trace, kind, name, or text in their indexed fields (payload text: see content search). */
  searchSpans(query: SpanSearchQuery): SpanStructure[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (query.traceId !== undefined) { where.push('t.trace_id = ?'); params.push(query.traceId); }
    if (query.kind !== undefined) { where.push('s.kind = (SELECT id FROM strings WHERE value = ?)'); params.push(query.kind); }
    if (query.name) { where.push(`s.name LIKE ? ESCAPE '\\'`); params.push(likePattern(query.name)); }
    if (query.text) {
      const like = likePattern(query.text);
      where.push(`(s.name LIKE ? ESCAPE '\\' OR s.span_id LIKE ? ESCAPE '\\' OR t.trace_id LIKE ? ESCAPE '\\'
        OR s.parent_span_id LIKE ? ESCAPE '\\'
        OR s.tool_name IN (SELECT id FROM strings WHERE value LIKE ? ESCAPE '\\')
        OR s.request_model IN (SELECT id FROM strings WHERE value LIKE ? ESCAPE '\\')
        OR s.error_type IN (SELECT id FROM strings WHERE value LIKE ? ESCAPE '\\')
        OR s.resource_id IN (SELECT id FROM resources WHERE json LIKE ? ESCAPE '\\'))`);
      params.push(like, like, like, like, like, like, like, like);
    }
    params.push(query.limit ?? 100);
    return this.sql.all(`SELECT ${STRUCTURE_COLUMNS}, t.trace_id FROM spans s JOIN traces t ON t.id = s.trace
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.start_ns DESC, s.span_id LIMIT ?`, params)
      .map((row) => rowToStructure(String(row[16]), row, this.lookups));
  }

  /**
   * OTLP/JSON request lines (traces in chunks, then logs), handed to `write` one at a time so a whole
   * store never has to sit in one string.
   */
  exportOtlpJsonLines(traceIds: string[] | undefined, write: (line: string) => void): void {
    const emit = <T>(items: T[], encode: (items: T[]) => unknown): void => {
      for (let i = 0; i < items.length; i += EXPORT_CHUNK) write(JSON.stringify(encode(items.slice(i, i + EXPORT_CHUNK))));
    };
    const traces = traceIds ?? this.sql.all('SELECT trace_id FROM traces ORDER BY trace_id').map((r) => String(r[0]));
    let pending: RawSpan[] = [];
    for (const traceId of traces) {
      const trace = this.traceKey(traceId);
      if (trace === null) continue;
      const rows = this.sql.all(`SELECT ${PAYLOAD_COLUMNS} FROM spans s WHERE s.trace = ? ORDER BY s.start_ns, s.span_id`, [trace]);
      pending.push(...this.rawSpans(traceId, rows));
      if (pending.length >= EXPORT_CHUNK) {
        const full = pending.length - (pending.length % EXPORT_CHUNK);
        emit(pending.slice(0, full), encodeTracesJson);
        pending = pending.slice(full);
      }
    }
    emit(pending, encodeTracesJson);
    const logRows = traceIds
      ? traceIds.flatMap((id) => this.sql.all('SELECT seg, off, len FROM logs WHERE trace_id = ? ORDER BY id', [id]))
      : this.sql.all('SELECT seg, off, len FROM logs ORDER BY id');
    for (let i = 0; i < logRows.length; i += EXPORT_CHUNK) {
      const logs = this.data.readLogs(logRows.slice(i, i + EXPORT_CHUNK));
      if (logs.length > 0) write(JSON.stringify(encodeLogsJson(logs)));
    }
  }
}
