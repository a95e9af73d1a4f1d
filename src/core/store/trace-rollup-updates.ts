// Keeping each trace's rollup row (root, counts, tokens and cost, names, models) in step with the spans
// an ingest adds, and rebuilding it when attached logs change a stored span.
import type { NormalizedSpan } from '../model/types';
import type { StringTable } from './interned';
import { padNanos } from './nanos';
import { SPAN_FAILED_SQL, spanHasUsage, spanModel, timeText } from './span-rows';
import type { Sql } from './sql';
import {
  TRACE_COLUMNS, UPSERT_TRACE_SQL, addModel, addName, emptyRollup, minKey, rollupValues, roundCost, rowToRollup,
  searchText, type TraceRollup,
} from './trace-rollup';

const MAX_ANCESTOR_WALK = 10_000;

/** A span inserted by the current ingest (not a duplicate). */
export interface FreshSpan {
  span: NormalizedSpan;
  bytes: number;
  usage: boolean;
  usageBelow: boolean;
}

/** Rank for choosing the root: a span without parent beats an orphan, then earliest start, then id. */
function rootRank(parentSpanId: string | null, startNs: string, spanId: string): string {
  return `${parentSpanId === null ? 0 : 1}|${startNs}|${spanId}`;
}

export class TraceRollupUpdates {
  constructor(
    private readonly sql: Sql,
    private readonly strings: StringTable,
    /** A rollup row was written (`before` null: the trace is new). */
    private readonly written: (before: TraceRollup | null, after: TraceRollup, search: string) => void,
  ) {}

  readRollup(trace: number): TraceRollup | null {
    const row = this.sql.first(`SELECT ${TRACE_COLUMNS} FROM traces WHERE id = ?`, [trace]);
    return row && Number(row[9]) > 0 ? rowToRollup(row) : null;
  }

  private writeRollup(trace: number, before: TraceRollup | null, after: TraceRollup): void {
    after.costUsd = roundCost(after.costUsd);
    const search = searchText(after);
    this.sql.run(UPSERT_TRACE_SQL, [trace, ...rollupValues(after, search)]);
    this.written(before, after, search);
  }

  applyFreshSpans(trace: number, traceId: string, fresh: FreshSpan[]): void {
    const before = this.readRollup(trace);
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
      if (spanHasUsage(span)) r.usageSpans++;
      r.service ??= span.service;
      r.workloadId ??= span.workloadId;
      addModel(r, spanModel(span));
      addName(r, span.name);
      // The span row is written: its ids are interned already.
      r.conversationKey = minKey(r.conversationKey, this.strings.id(span.conversationId));
      r.userKey = minKey(r.userKey, this.strings.id(span.userId));
    }
    this.updateRoot(trace, r, fresh);
    this.updateUsage(trace, r, fresh, before?.usageSpans ?? 0);
    this.writeRollup(trace, before, r);
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
  private updateRoot(trace: number, r: TraceRollup, fresh: FreshSpan[]): void {
    if (r.rootParentSpanId !== null && fresh.some((f) => f.span.spanId === r.rootParentSpanId)) {
      this.recomputeRoot(trace, r);
      return;
    }
    for (const { span } of fresh) {
      if (r.rootSpanId !== null && r.rootParentSpanId === null && span.parentSpanId !== null) continue;
      const startNs = padNanos(span.startTimeUnixNano);
      const rank = rootRank(span.parentSpanId, startNs, span.spanId);
      if (r.rootSpanId !== null && rank >= rootRank(r.rootParentSpanId, r.rootStartNs ?? '', r.rootSpanId)) continue;
      if (span.parentSpanId !== null
        && this.sql.first('SELECT 1 FROM spans WHERE trace = ? AND span_id = ?', [trace, span.parentSpanId])) continue;
      this.setRoot(r, { ...span, startNs });
    }
  }

  private recomputeRoot(trace: number, r: TraceRollup): void {
    const row = this.sql.first(`SELECT s.span_id, s.parent_span_id, s.name, CAST(s.start_ns AS TEXT), res.service,
        s.workload_id
      FROM spans s JOIN resources res ON res.id = s.resource_id WHERE s.trace = ? AND (s.parent_span_id IS NULL
        OR NOT EXISTS (SELECT 1 FROM spans p WHERE p.trace = s.trace AND p.span_id = s.parent_span_id))
      ORDER BY s.parent_span_id IS NOT NULL, s.start_ns, s.span_id LIMIT 1`, [trace]);
    if (!row) return;
    this.setRoot(r, {
      spanId: String(row[0]), parentSpanId: row[1] === null ? null : String(row[1]), name: String(row[2]),
      startNs: padNanos(timeText(row[3]!)), service: row[4] === null ? null : String(row[4]),
      workloadId: this.strings.value(row[5]),
    });
  }

  /**
   * Token and cost totals count only spans with no usage below them: parents such as Vercel's
   * `ai.generateText` repeat the sum of their children, and counting both would double it.
   */
  private updateUsage(trace: number, r: TraceRollup, fresh: FreshSpan[], storedUsageSpans: number): void {
    const freshById = new Map(fresh.map((f) => [f.span.spanId, f]));
    // Fresh spans with a stored child that has usage: one scan of the trace's rows, and none when no stored
    // span has usage (fresh children are found by the walks up from them below).
    const withUsageBelow = storedUsageSpans === 0 ? new Set<string>() : new Set(this.sql.all(`SELECT DISTINCT
      parent_span_id FROM spans WHERE trace = ? AND (has_usage = 1 OR usage_below = 1)
      AND parent_span_id IN (SELECT value FROM json_each(?))`,
    [trace, JSON.stringify([...freshById.keys()])]).map((row) => String(row[0])));
    for (const f of fresh) {
      if (!f.usageBelow && withUsageBelow.has(f.span.spanId)) {
        f.usageBelow = true;
        this.sql.run('UPDATE spans SET usage_below = 1 WHERE trace = ? AND span_id = ?', [trace, f.span.spanId]);
      }
      if (f.usage || f.usageBelow) this.markAncestorsUsageBelow(trace, f.span.parentSpanId, freshById, r);
    }
    for (const f of fresh) {
      if (!f.usage || f.usageBelow) continue;
      r.inputTokens += f.span.inputTokens ?? 0;
      r.outputTokens += f.span.outputTokens ?? 0;
      r.costUsd += f.span.costUsd ?? 0;
    }
  }

  /** Walk up from `parentId` setting usage_below; stored ancestors that were counted leave the totals. */
  markAncestorsUsageBelow(
    trace: number, parentId: string | null, fresh: Map<string, FreshSpan> | null, r: TraceRollup | null,
  ): void {
    let current = parentId;
    for (let steps = 0; current !== null && steps < MAX_ANCESTOR_WALK; steps++) {
      const freshSpan = fresh?.get(current);
      if (freshSpan) {
        if (freshSpan.usageBelow) return;
        freshSpan.usageBelow = true;
        this.sql.run('UPDATE spans SET usage_below = 1 WHERE trace = ? AND span_id = ?', [trace, current]);
        current = freshSpan.span.parentSpanId;
        continue;
      }
      const row = this.sql.first(`SELECT parent_span_id, has_usage, usage_below, input_tokens, output_tokens, cost_usd
        FROM spans WHERE trace = ? AND span_id = ?`, [trace, current]);
      if (!row || Number(row[2]) === 1) return;
      this.sql.run('UPDATE spans SET usage_below = 1 WHERE trace = ? AND span_id = ?', [trace, current]);
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
    const key = this.sql.first('SELECT id FROM traces WHERE trace_id = ?', [traceId]);
    if (!key) return;
    const trace = Number(key[0]);
    const before = this.readRollup(trace);
    const agg = this.sql.first(`SELECT COUNT(*), COALESCE(SUM(${SPAN_FAILED_SQL}), 0),
      COALESCE(SUM(CASE WHEN has_usage = 1 AND usage_below = 0 THEN COALESCE(input_tokens, 0) END), 0),
      COALESCE(SUM(CASE WHEN has_usage = 1 AND usage_below = 0 THEN COALESCE(output_tokens, 0) END), 0),
      COALESCE(SUM(CASE WHEN has_usage = 1 AND usage_below = 0 THEN COALESCE(cost_usd, 0) END), 0),
      COALESCE(SUM(len), 0), COALESCE(SUM(has_usage), 0), MIN(conversation_id), MIN(user_id) FROM spans s
      WHERE trace = ?`, [trace]);
    if (!agg || Number(agg[0]) === 0) return;
    const r = emptyRollup(traceId, '', '');
    r.spanCount = Number(agg[0]);
    r.errorCount = Number(agg[1]);
    r.inputTokens = Number(agg[2]);
    r.outputTokens = Number(agg[3]);
    r.costUsd = Number(agg[4]);
    r.payloadBytes = Number(agg[5]);
    r.usageSpans = Number(agg[6]);
    r.conversationKey = agg[7] === null ? null : Number(agg[7]);
    r.userKey = agg[8] === null ? null : Number(agg[8]);
    let first = true;
    for (const row of this.sql.all(`SELECT s.name, s.request_model, res.service, s.workload_id,
        CAST(s.start_ns AS TEXT), CAST(s.end_ns AS TEXT) FROM spans s JOIN resources res ON res.id = s.resource_id
        WHERE s.trace = ? ORDER BY s.seg, s.off`, [trace])) {
      addName(r, String(row[0]));
      addModel(r, this.strings.value(row[1]));
      r.service ??= row[2] === null ? null : String(row[2]);
      r.workloadId ??= this.strings.value(row[3]);
      const start = padNanos(timeText(row[4]!));
      const end = padNanos(timeText(row[5]!));
      if (first || start < r.startNs) r.startNs = start;
      if (first || end > r.endNs) r.endNs = end;
      first = false;
    }
    this.recomputeRoot(trace, r);
    this.writeRollup(trace, before, r);
  }
}
