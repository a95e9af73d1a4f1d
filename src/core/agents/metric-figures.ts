// Which of the coding agents' metrics become session figures, and under which name. Everything else a metrics
// export carries is counted and dropped: a day of Codex metrics is megabytes of latency histograms.
import { createHash } from 'node:crypto';
import type { AttrValue, Attributes, RawMetricPoint } from '../model/types';

import type { SessionFigure } from '../model/store-types';

export type { SessionFigure };

export const SESSION_FIGURES: readonly SessionFigure[] = [
  'cost_usd', 'tokens.input', 'tokens.output', 'tokens.cache_read', 'tokens.cache_write', 'tokens.reasoning',
  'tokens.tool', 'active_time_s', 'lines.added', 'lines.removed', 'commits', 'pull_requests',
  'edit_decisions.accept', 'edit_decisions.reject',
];

/** The token kind names the agents use, onto ours. */
const TOKEN_TYPES: Record<string, SessionFigure> = {
  input: 'tokens.input', output: 'tokens.output',
  cacheRead: 'tokens.cache_read', cache_read: 'tokens.cache_read', cache: 'tokens.cache_read', cached: 'tokens.cache_read',
  cacheCreation: 'tokens.cache_write', cache_creation: 'tokens.cache_write',
  thought: 'tokens.reasoning', thoughts: 'tokens.reasoning', reasoning: 'tokens.reasoning', reasoning_output: 'tokens.reasoning',
  tool: 'tokens.tool',
};

const LINE_TYPES: Record<string, SessionFigure> = { added: 'lines.added', removed: 'lines.removed' };
const DECISIONS: Record<string, SessionFigure> = {
  accept: 'edit_decisions.accept', accepted: 'edit_decisions.accept', approved: 'edit_decisions.accept',
  reject: 'edit_decisions.reject', rejected: 'edit_decisions.reject', denied: 'edit_decisions.reject',
};

function text(v: AttrValue | undefined): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

type FigureOf = (attrs: Attributes) => SessionFigure | null;

const byType = (table: Record<string, SessionFigure>, key = 'type'): FigureOf => (attrs) => table[text(attrs[key])] ?? null;
const always = (figure: SessionFigure): FigureOf => () => figure;

/** Metric name → the figure a point of it adds to (null: a point of a kind we do not keep). */
const FIGURES: Record<string, { agent: string; figure: FigureOf }> = {
  'claude_code.cost.usage': { agent: 'claude-code', figure: always('cost_usd') },
  'claude_code.token.usage': { agent: 'claude-code', figure: byType(TOKEN_TYPES) },
  'claude_code.active_time.total': { agent: 'claude-code', figure: always('active_time_s') },
  'claude_code.lines_of_code.count': { agent: 'claude-code', figure: byType(LINE_TYPES) },
  'claude_code.commit.count': { agent: 'claude-code', figure: always('commits') },
  'claude_code.pull_request.count': { agent: 'claude-code', figure: always('pull_requests') },
  'claude_code.code_edit_tool.decision': { agent: 'claude-code', figure: byType(DECISIONS, 'decision') },
  'gemini_cli.token.usage': { agent: 'gemini-cli', figure: byType(TOKEN_TYPES) },
  'gemini_cli.lines.changed': { agent: 'gemini-cli', figure: byType(LINE_TYPES) },
  'codex.turn.token_usage': { agent: 'codex', figure: byType(TOKEN_TYPES, 'token_type') },
};

/** True for metrics whose points may become session figures (the decoder skips the rest). */
export function isFigureMetric(metric: string): boolean {
  return Object.prototype.hasOwnProperty.call(FIGURES, metric);
}

/** Attribute keys that name the session a point belongs to, in the order they are tried. */
const SESSION_KEYS = ['session.id', 'conversation.id', 'gen_ai.conversation.id', 'conversation_id'];

export function sessionOf(point: RawMetricPoint): string | null {
  for (const key of SESSION_KEYS) {
    const v = text(point.attributes[key]) || text(point.resource[key]);
    if (v) return v;
  }
  return null;
}

/** One kept point, reduced to what a session figure needs. */
export interface FigurePoint {
  session: string;
  agent: string;
  figure: SessionFigure;
  /** The point's time series: its metric and attributes (OTel identifies a series by them). */
  series: string;
  temporality: 0 | 1 | 2;
  startTimeUnixNano: string;
  timeUnixNano: string;
  value: number;
}

/** The figure points of a metrics request; `dropped` counts the points that became nothing. */
export function figurePoints(points: readonly RawMetricPoint[], total: number): { kept: FigurePoint[]; dropped: number } {
  const kept: FigurePoint[] = [];
  for (const p of points) {
    const rule = FIGURES[p.metric];
    const figure = rule?.figure(p.attributes) ?? null;
    const session = sessionOf(p);
    if (!rule || !figure || !session || !Number.isFinite(p.value)) continue;
    kept.push({
      session, agent: rule.agent, figure, series: seriesKey(p), temporality: p.temporality,
      startTimeUnixNano: p.startTimeUnixNano, timeUnixNano: p.timeUnixNano, value: p.value,
    });
  }
  return { kept, dropped: total - kept.length };
}

/** A short digest of the metric and its attributes (which may hold long ids). */
function seriesKey(p: RawMetricPoint): string {
  const keys = Object.keys(p.attributes).sort();
  const identity = `${p.metric}\u0000${keys.map((k) => `${k}=${JSON.stringify(p.attributes[k])}`).join('\u0000')}`;
  return createHash('sha1').update(identity).digest('hex').slice(0, 16);
}
