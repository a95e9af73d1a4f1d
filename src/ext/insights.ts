// The panel's requests for sessions, cost breakdowns and span timing, answered from the store worker.
import { usageBreakdown, spanCostBreakdown } from '../core/insights/cost';
import { spanTiming } from '../core/insights/timing';
import { turnTranscript } from '../core/insights/transcript';
import { PRICES_AS_OF } from '../core/model/pricing';
import type { NormalizedSpan, PriceTable } from '../core/model/types';
import type { SessionFilter, SessionSummary } from '../core/model/store-types';
import { agentOfService } from '../core/agents/dialects';
import { codingSessionReport } from '../core/agents/session-report';
import {
  GetSession, GetSpanInsights, GetUsage, ListSessions, type CodingSessionSummary, type SessionDetail, type SessionRow, type SessionTurn,
  type SpanInsights, type SpanRef, type TraceRow, type UsageResult,
} from '../protocol/messages';
import type { HostRpc } from '../protocol/rpc';
import type { InsightStore } from '../core/store/views';

/** Newest turns a session view reads (older ones are counted, not shown). */
export const SESSION_TURN_LIMIT = 200;
/** Traces with more spans than this show in a session without a transcript (open the trace to read it). */
export const TRANSCRIPT_SPAN_LIMIT = 2000;
/** Most traces one usage request adds up. */
export const USAGE_TRACE_LIMIT = 2000;

export interface InsightDeps {
  openStore(): Promise<InsightStore>;
  /** The price table in effect (built-in list prices with the user's entries over them). */
  prices(): PriceTable;
  /** Traces that break a span contract; null when no contracts are loaded. */
  violatingTraceIds(): ReadonlySet<string> | null;
  /** Badges for trace rows (contract results). */
  decorate(rows: TraceRow[]): Promise<TraceRow[]>;
}

function withFailures(s: SessionSummary, failing: ReadonlySet<string> | null): SessionRow {
  return { ...s, contractFailures: failing ? s.traceIds.filter((id) => failing.has(id)).length : null };
}

export async function listSessionRows(deps: InsightDeps, filter: SessionFilter): Promise<SessionRow[]> {
  const store = await deps.openStore();
  const sessions = await store.listSessions(filter);
  const failing = deps.violatingTraceIds();
  // Which agent: the service of each session's newest turn (one read for the whole list).
  const newest = sessions.map((s) => s.traceIds[s.traceIds.length - 1]).filter((id): id is string => id !== undefined);
  const services = new Map((await store.listTraces({ traceIds: newest, limit: newest.length })).map((t) => [t.traceId, t.service]));
  return sessions.map((s) => {
    const row = withFailures(s, failing);
    const agent = agentOfService(services.get(s.traceIds[s.traceIds.length - 1] ?? '') ?? null);
    return agent ? { ...row, agent } : row;
  });
}

/** The coding-agent figures of a session whose turns were just read (null for other sessions). */
async function codingSummary(
  store: InsightStore, summary: SessionSummary, spansOf: Map<string, NormalizedSpan[]>,
): Promise<CodingSessionSummary | null> {
  const report = await codingSessionReport({
    listSessions: () => [summary],
    getTraceSpans: async (id) => spansOf.get(id) ?? [],
    sessionFigures: (ids) => store.sessionFigures(ids),
  }, summary.sessionId);
  if (!report?.agent || !report.agentLabel) return null;
  const { transcript: _transcript, prompts: _prompts, sessionId: _id, agent, agentLabel, ...figures } = report;
  return { ...figures, agent, agentLabel, figures: figures.figures as Record<string, number> };
}

export async function sessionDetail(deps: InsightDeps, sessionId: string, by: SessionRow['by']): Promise<SessionDetail> {
  const store = await deps.openStore();
  // The session's own row: filter by its id, then pick the exact match (the filter is a substring match).
  const rows = await store.listSessions({ by, text: sessionId, limit: 10_000 });
  const summary = rows.find((s) => s.sessionId === sessionId) ?? null;
  if (!summary) return { session: null, turns: [], omittedTurns: 0, usage: usageBreakdown([], deps.prices()), pricesAsOf: PRICES_AS_OF };
  const ids = summary.traceIds.slice(-SESSION_TURN_LIMIT);
  const traces = await store.listTraces({ traceIds: ids, limit: ids.length });
  const decorated = await deps.decorate(traces.map((t) => ({ ...t })));
  const byId = new Map(decorated.map((t) => [t.traceId, t]));
  const failing = deps.violatingTraceIds();
  const turns: SessionTurn[] = [];
  const spansOf = new Map<string, NormalizedSpan[]>();
  for (const id of ids) {
    const trace = byId.get(id);
    if (!trace) continue;
    const spans = trace.spanCount <= TRANSCRIPT_SPAN_LIMIT ? await store.getTraceSpans(id) : null;
    if (spans) spansOf.set(id, spans);
    turns.push({ trace, transcript: spans ? turnTranscript(spans) : null, contractFailed: failing?.has(id) ?? false });
  }
  const usage = usageBreakdown(await store.getUsageSpans(ids), deps.prices());
  const coding = agentOfService(turns.at(-1)?.trace.service ?? null)
    ? await codingSummary(store, { ...summary, traceIds: ids }, spansOf)
    : null;
  return {
    session: withFailures(summary, failing),
    turns,
    omittedTurns: summary.turns - turns.length,
    usage,
    pricesAsOf: PRICES_AS_OF,
    ...(coding ? { coding } : {}),
  };
}

export async function usageOf(deps: InsightDeps, traceIds: readonly string[]): Promise<UsageResult> {
  const ids = [...new Set(traceIds)].slice(0, USAGE_TRACE_LIMIT);
  const spans = await (await deps.openStore()).getUsageSpans(ids);
  return { usage: usageBreakdown(spans, deps.prices()), traces: ids.length, pricesAsOf: PRICES_AS_OF };
}

export async function spanInsights(deps: InsightDeps, ref: SpanRef): Promise<SpanInsights> {
  const span = await (await deps.openStore()).getSpan(ref.traceId, ref.spanId);
  const cost = span ? spanCostBreakdown(span, deps.prices()) : null;
  return { cost: cost && cost.calls > 0 ? cost : null, timing: span ? spanTiming(span) : null, pricesAsOf: PRICES_AS_OF };
}

export function registerInsightHandlers(rpc: HostRpc, deps: InsightDeps): void {
  rpc.onRequest(ListSessions, (q) => listSessionRows(deps, { by: q.by, text: q.text, limit: q.limit }));
  rpc.onRequest(GetSession, ({ sessionId, by }) => sessionDetail(deps, sessionId, by));
  rpc.onRequest(GetUsage, ({ traceIds }) => usageOf(deps, Array.isArray(traceIds) ? traceIds : []));
  rpc.onRequest(GetSpanInsights, (ref) => spanInsights(deps, ref));
}
