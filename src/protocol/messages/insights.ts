// Sessions, usage and cost, and one span's cost and timing.
import type { SessionKey, SessionSummary } from '../../core/model/store-types';
import type { CostBreakdown, UsageBreakdown } from '../../core/insights/cost';
import type { SpanTiming } from '../../core/insights/timing';
import type { TurnTranscript } from '../../core/insights/transcript';
import { pageRequest } from '../rpc-types';
import type { SpanRef, TraceRow } from './traces';

/** One session in the Sessions list: the store's rollup plus how many turns break a span contract. */
export interface SessionRow extends SessionSummary {
  /** Turns that fail a span contract; null when no contracts are loaded. */
  contractFailures: number | null;
  /** The coding agent whose session it is (claude-code, codex, gemini-cli, copilot); absent for other sessions. */
  agent?: string;
}

/** A coding agent's session in figures (the transcript is in the turns). */
export interface CodingSessionSummary {
  agent: string;
  agentLabel: string;
  agentVersion: string | null;
  modelCalls: number;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number; reasoning: number };
  costUsd: number;
  /** Every call's cost reported by the agent, priced here, or some of each. */
  costSource: 'reported' | 'priced' | 'mixed' | 'none';
  tools: Array<{ name: string; calls: number; failed: number; accepted: number; rejected: number; decidedBy: Record<string, number> }>;
  failedTools: number;
  /** From the agent's metrics: active time, lines added/removed, commits … (SessionFigure names). */
  figures: Record<string, number>;
}

export interface SessionListQuery {
  by: SessionKey;
  text?: string;
  limit?: number;
}

export interface SessionRef {
  sessionId: string;
  by: SessionKey;
}

/** One turn of a session: its trace row and what was said and called in it. */
export interface SessionTurn {
  trace: TraceRow;
  /** Null when the trace is too large to read whole (open it instead). */
  transcript: TurnTranscript | null;
  /** The trace fails a span contract. */
  contractFailed: boolean;
}

export interface SessionDetail {
  session: SessionRow | null;
  /** Oldest first. */
  turns: SessionTurn[];
  /** Turns left out (beyond the newest SESSION_TURN_LIMIT). */
  omittedTurns: number;
  usage: UsageBreakdown;
  /** Date of the built-in price table. */
  pricesAsOf: string;
  /** Present when the session is a coding agent's. */
  coding?: CodingSessionSummary;
}

/** Cost and timing of one span, for the details. */
export interface SpanInsights {
  cost: CostBreakdown | null;
  timing: SpanTiming | null;
  /** Date of the built-in price table. */
  pricesAsOf: string;
}

/** Tokens and cost by bucket and model for a set of traces (a trace, a workload's loaded traces). */
export interface UsageQuery {
  traceIds: string[];
}

export interface UsageResult {
  usage: UsageBreakdown;
  /** Traces counted (the host caps the query). */
  traces: number;
  pricesAsOf: string;
}

export const ListSessions = pageRequest<SessionListQuery, SessionRow[]>('sessions/list');
export const GetSession = pageRequest<SessionRef, SessionDetail>('sessions/get');
export const GetUsage = pageRequest<UsageQuery, UsageResult>('usage/get');
export const GetSpanInsights = pageRequest<SpanRef, SpanInsights>('span/insights');
