// A coding session as one report: the agent, its prompts with their model calls and tool calls (the transcript),
// tokens by kind, cost (reported by the agent or priced from the model), tool calls by name with decisions, and
// the figures the agent's metrics gave (active time, lines changed, commits …). Built from the store's reads.
import type { NormalizedSpan } from '../model/types';
import { AGENT_KEY, AGENT_LABELS, agentOfService, type AgentName } from './dialects';
import type { SessionFigure } from './metric-figures';
import type { SessionReportSource } from '../store/views';

export interface TranscriptStep {
  kind: 'llm' | 'tool';
  name: string;
  status: NormalizedSpan['status'];
  startTimeUnixNano: string;
  durationMs: number;
  model?: string;
  tokens?: { input: number | null; output: number | null; cacheRead: number | null; cacheWrite: number | null; reasoning: number | null };
  costUsd?: number | null;
  costReported?: boolean;
  arguments?: string | null;
  output?: string | null;
  decision?: string | null;
  decisionSource?: string | null;
}

export interface TranscriptPrompt {
  traceId: string;
  startTimeUnixNano: string;
  durationMs: number;
  prompt: string | null;
  answer: string | null;
  steps: TranscriptStep[];
}

export interface ToolTally {
  name: string;
  calls: number;
  failed: number;
  accepted: number;
  rejected: number;
  /** Decisions by who made them (config, user, hook …). */
  decidedBy: Record<string, number>;
}

export interface CodingSessionReport {
  sessionId: string;
  agent: AgentName | null;
  agentLabel: string | null;
  agentVersion: string | null;
  prompts: number;
  modelCalls: number;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number; reasoning: number };
  costUsd: number;
  /** How the cost was found: every call reported by the agent, every call priced here, or some of each. */
  costSource: 'reported' | 'priced' | 'mixed' | 'none';
  tools: ToolTally[];
  failedTools: number;
  figures: Partial<Record<SessionFigure, number>>;
  transcript: TranscriptPrompt[];
}

const ACCEPT = new Set(['accept', 'accepted', 'approved', 'auto_accept', 'yes']);
const REJECT = new Set(['reject', 'rejected', 'denied', 'abort', 'no']);

function text(span: NormalizedSpan, which: 'inputMessages' | 'outputMessages'): string | null {
  const parts = span[which]?.flatMap((m) => m.parts) ?? [];
  const joined = parts.map((p) => (p.type === 'text' ? p.content : '')).join('');
  return joined.length > 0 ? joined : null;
}

function attr(span: NormalizedSpan, key: string): string | null {
  const v = span.attributes[key] ?? span.events.find((e) => e.attributes[key] !== undefined)?.attributes[key];
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function costReported(span: NormalizedSpan): boolean {
  return span.attributes['gen_ai.usage.cost'] !== undefined
    || span.events.some((e) => e.attributes.cost_usd !== undefined);
}

function agentOfSpans(spans: readonly NormalizedSpan[]): AgentName | null {
  for (const s of spans) {
    const v = s.attributes[AGENT_KEY];
    if (typeof v === 'string' && v in AGENT_LABELS) return v as AgentName;
  }
  return agentOfService(spans[0]?.service ?? null);
}

function byStart(a: { startTimeUnixNano: string }, b: { startTimeUnixNano: string }): number {
  const x = BigInt(a.startTimeUnixNano);
  const y = BigInt(b.startTimeUnixNano);
  return x < y ? -1 : x > y ? 1 : 0;
}

export async function codingSessionReport(source: SessionReportSource, sessionId: string): Promise<CodingSessionReport | null> {
  const sessions = await source.listSessions({ text: sessionId, limit: 50 });
  const session = sessions.find((s) => s.sessionId === sessionId);
  if (!session) return null;
  const report: CodingSessionReport = {
    sessionId, agent: null, agentLabel: null, agentVersion: null, prompts: 0, modelCalls: 0,
    tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 }, costUsd: 0, costSource: 'none',
    tools: [], failedTools: 0, figures: {}, transcript: [],
  };
  const tools = new Map<string, ToolTally>();
  let reported = 0;
  let priced = 0;
  for (const traceId of session.traceIds) {
    const spans = await source.getTraceSpans(traceId);
    if (spans.length === 0) continue;
    report.agent ??= agentOfSpans(spans);
    const root = spans.find((s) => s.parentSpanId === null) ?? spans[0]!;
    report.agentVersion ??= typeof root.resource['service.version'] === 'string' ? root.resource['service.version'] : null;
    const prompt: TranscriptPrompt = {
      traceId, startTimeUnixNano: root.startTimeUnixNano, durationMs: root.durationMs,
      prompt: text(root, 'inputMessages'), answer: text(root, 'outputMessages'), steps: [],
    };
    for (const s of [...spans].sort(byStart)) {
      if (s.kind === 'llm') {
        report.modelCalls++;
        report.tokens.input += s.inputTokens ?? 0;
        report.tokens.output += s.outputTokens ?? 0;
        report.tokens.cacheRead += s.cacheReadTokens ?? 0;
        report.tokens.cacheWrite += s.cacheWriteTokens ?? 0;
        report.tokens.reasoning += s.reasoningTokens ?? 0;
        report.costUsd += s.costUsd ?? 0;
        const isReported = costReported(s);
        if (s.costUsd !== null) {
          if (isReported) reported++;
          else priced++;
        }
        prompt.steps.push({
          kind: 'llm', name: s.name, status: s.status, startTimeUnixNano: s.startTimeUnixNano, durationMs: s.durationMs,
          model: s.responseModel ?? s.requestModel ?? '', costUsd: s.costUsd, costReported: isReported,
          tokens: { input: s.inputTokens, output: s.outputTokens, cacheRead: s.cacheReadTokens, cacheWrite: s.cacheWriteTokens, reasoning: s.reasoningTokens },
        });
      } else if (s.kind === 'tool' && s.toolName) {
        const decision = attr(s, 'tool.decision') ?? attr(s, 'decision');
        const decisionSource = attr(s, 'tool.decision.source') ?? attr(s, 'source');
        let tally = tools.get(s.toolName);
        if (!tally) tools.set(s.toolName, (tally = { name: s.toolName, calls: 0, failed: 0, accepted: 0, rejected: 0, decidedBy: {} }));
        tally.calls++;
        if (s.status === 'error') tally.failed++;
        if (decision && ACCEPT.has(decision.toLowerCase())) tally.accepted++;
        if (decision && REJECT.has(decision.toLowerCase())) tally.rejected++;
        if (decisionSource) tally.decidedBy[decisionSource] = (tally.decidedBy[decisionSource] ?? 0) + 1;
        prompt.steps.push({
          kind: 'tool', name: s.toolName, status: s.status, startTimeUnixNano: s.startTimeUnixNano, durationMs: s.durationMs,
          arguments: s.toolArguments, output: s.toolResult, decision, decisionSource,
        });
      }
    }
    report.transcript.push(prompt);
  }
  report.prompts = report.transcript.length;
  report.tools = [...tools.values()].sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
  report.failedTools = report.tools.reduce((sum, t) => sum + t.failed, 0);
  report.costSource = reported > 0 && priced > 0 ? 'mixed' : reported > 0 ? 'reported' : priced > 0 ? 'priced' : 'none';
  report.agentLabel = report.agent ? AGENT_LABELS[report.agent] : null;
  const figures = (await source.sessionFigures([sessionId])).get(sessionId);
  if (figures) report.figures = figures.figures;
  return report;
}
