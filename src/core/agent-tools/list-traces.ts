// list_traces: the newest traces matching filters, with rollups and the contract rules each one fails.
import type { TraceCheckResult } from '../contracts/types';
import type { TraceFilter } from '../model/store-types';
import type { TraceSummary } from '../model/types';
import {
  MAX_TOKENS_PROPERTY, budgetArg, checkKnown, optBool, optEnum, optInt, optString, timeRange,
} from './args';
import { BoundedText } from './budget';
import { formatCost, formatDurationMs, plural } from './format';
import { Quoter } from './quote';
import { failingRules, percentile, traceLine } from './trace-lines';
import { yieldToEventLoop } from './types';
import type { AgentTool, JsonSchema, ToolContext, ToolResult } from './types';

/** Most traces read and checked when only violating traces are wanted. */
export const VIOLATION_SCAN_LIMIT = 2000;

export const TRACE_FILTER_PROPERTIES: Record<string, JsonSchema> = {
  workload: { type: 'string', description: 'Only traces of this workload id (exact).' },
  service: { type: 'string', description: 'Only traces whose service name is this (exact).' },
  status: { type: 'string', enum: ['error', 'ok'], description: '"error": traces with at least one error span; "ok": none.' },
  model: { type: 'string', description: 'Only traces that called this model.' },
  since: { type: 'string', description: 'Start of the time range: ISO time, or an age like "30m", "2h", "7d".' },
  until: { type: 'string', description: 'End of the time range: ISO time, or an age like "30m".' },
};

const schema: JsonSchema = {
  type: 'object',
  properties: {
    ...TRACE_FILTER_PROPERTIES,
    violationsOnly: { type: 'boolean', description: 'Only traces that break a span contract (any severity).' },
    text: { type: 'string', description: 'Matches root name, span names, service, workload or trace id (not message content: see search_span_content).' },
    limit: { type: 'integer', minimum: 1, maximum: 200, description: 'Most traces listed (default 20).' },
    maxTokens: MAX_TOKENS_PROPERTY,
  },
  additionalProperties: false,
};

export function traceFilterOf(input: Record<string, unknown>): TraceFilter {
  const filter: TraceFilter = {};
  const workload = optString(input, 'workload');
  if (workload !== undefined) filter.workloadId = workload;
  const service = optString(input, 'service');
  if (service !== undefined) filter.service = service;
  const status = optEnum(input, 'status', ['error', 'ok'] as const);
  if (status !== undefined) filter.status = status;
  const model = optString(input, 'model');
  if (model !== undefined) filter.model = model;
  const { since, until } = timeRange(input);
  if (since !== undefined) filter.fromUnixNano = since;
  if (until !== undefined) filter.toUnixNano = until;
  const text = optString(input, 'text');
  if (text !== undefined) filter.text = text;
  return filter;
}

export async function checkSummaries(ctx: ToolContext, traces: readonly TraceSummary[]): Promise<Map<string, TraceCheckResult | null>> {
  const out = new Map<string, TraceCheckResult | null>();
  for (const [i, t] of traces.entries()) {
    out.set(t.traceId, await ctx.contracts.check(t, async () => ctx.store.getTraceSpans(t.traceId)));
    // A long check must not hold up the other calls a server is answering meanwhile.
    if (i % 25 === 24) await yieldToEventLoop();
  }
  return out;
}

async function run(ctx: ToolContext, input: Record<string, unknown>): Promise<ToolResult> {
  checkKnown(input, schema);
  const filter = traceFilterOf(input);
  const limit = optInt(input, 'limit', 1, 200) ?? 20;
  const violationsOnly = optBool(input, 'violationsOnly') ?? false;
  const out = new BoundedText(budgetArg(input, ctx.maxTokens));
  const q = new Quoter();
  const hasContracts = ctx.contracts.contracts().length > 0;

  let listed: TraceSummary[];
  let results: Map<string, TraceCheckResult | null>;
  let more = false;
  let scanned = 0;
  let scanCut = false;
  if (violationsOnly) {
    if (!hasContracts) {
      const files = ctx.contracts.files();
      return {
        text: `No span contracts are loaded${files.length ? ` (looked at ${files.join(', ')})` : ''}, so no trace can violate one.`,
        data: { traces: [], contracts: 0 },
      };
    }
    const candidates = await ctx.store.listTraces({ ...filter, limit: VIOLATION_SCAN_LIMIT });
    scanned = candidates.length;
    scanCut = candidates.length === VIOLATION_SCAN_LIMIT;
    results = await checkSummaries(ctx, candidates);
    const violating = candidates.filter((t) => (results.get(t.traceId)?.findings.length ?? 0) > 0);
    listed = violating.slice(0, limit);
    more = violating.length > limit;
  } else {
    const page = await ctx.store.listTraces({ ...filter, limit: limit + 1 });
    more = page.length > limit;
    listed = page.slice(0, limit);
    results = hasContracts ? await checkSummaries(ctx, listed) : new Map();
  }

  const failing = new Map<string, number>();
  for (const t of listed) for (const rule of failingRules(results.get(t.traceId) ?? null)) failing.set(rule, (failing.get(rule) ?? 0) + 1);
  const errors = listed.filter((t) => t.errorCount > 0).length;
  const violations = listed.filter((t) => (results.get(t.traceId)?.findings.length ?? 0) > 0).length;
  const tokens = listed.reduce((n, t) => n + t.inputTokens + t.outputTokens, 0);
  const cost = listed.reduce((n, t) => n + t.costUsd, 0);

  const what = violationsOnly ? 'traces that break a span contract' : 'traces';
  out.push(`${plural(listed.length, 'trace')} listed, newest first (${what}${more ? `; more match: raise "limit" or narrow the filters` : ''}).`);
  if (violationsOnly) {
    out.push(`Checked the newest ${plural(scanned, 'matching trace')}${scanCut ? ` (stopped at ${VIOLATION_SCAN_LIMIT}: older traces were not checked, narrow with "since"/"until")` : ''}.`);
  }
  if (listed.length > 0) {
    const p95 = percentile(listed.map((t) => t.durationMs), 95);
    out.push(`Rollup: ${plural(errors, 'trace')} with error spans · ${hasContracts ? `${plural(violations, 'trace')} breaking contracts · ` : ''}p95 duration ${formatDurationMs(p95)} · ${tokens.toLocaleString('en-US')} tokens${formatCost(cost) ? ` · ${formatCost(cost)}` : ''}`);
  }
  if (failing.size > 0) {
    out.push(`Failing rules (traces listed here): ${[...failing].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ×${n}`).join(', ')}`);
  }
  if (!hasContracts) out.push('No span contracts are loaded: contract findings are not shown.');
  for (const p of ctx.contracts.problems()) out.push(`Contract file problem: ${p}`);
  out.push('');
  let shown = 0;
  for (const t of listed) {
    if (!out.push(traceLine(q, t, results.get(t.traceId) ?? null))) break;
    shown++;
  }
  if (shown < listed.length) out.omit(`${listed.length - shown} more listed traces: ask again with a smaller "limit" or narrower filters.`);
  if (listed.length > 0 && !out.full) out.push('\nNext: get_trace with a traceId for its span tree and findings.');
  return {
    text: out.render(),
    data: {
      traces: listed.map((t) => ({ ...t, failingRules: failingRules(results.get(t.traceId) ?? null) })),
      more,
      ...(violationsOnly ? { scanned, scanStoppedAtLimit: scanCut } : {}),
    },
  };
}

export const listTracesTool: AgentTool = {
  name: 'list_traces',
  title: 'List traces',
  description:
    'List recorded agent traces, newest first, with duration, span count, tokens, cost, error spans and the span-contract rules each trace fails. '
    + 'Filter by workload, service, status, model, time range, or violationsOnly to see only runs that broke a contract. Start here, then call get_trace.',
  inputSchema: schema,
  run,
};
