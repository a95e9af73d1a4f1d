// check_contracts: run the span contracts over one trace, a workload, or every recent trace, grouped by
// (workload, rule) with counts and a representative (most recent) failing trace.
import { groupFindings, summarize } from '../contracts/results';
import type { TraceCheckResult } from '../contracts/types';
import type { TraceSummary } from '../model/types';
import { MAX_TOKENS_PROPERTY, budgetArg, checkKnown, optString, optTraceId, timeRange } from './args';
import { BoundedText } from './budget';
import { isoTime, plural } from './format';
import { checkSummaries, VIOLATION_SCAN_LIMIT } from './list-traces';
import { Quoter } from './quote';
import { nameText } from './trace-lines';
import { ToolInputError, type AgentTool, type JsonSchema, type ToolContext, type ToolResult } from './types';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    traceId: { type: 'string', description: 'Check only this trace.' },
    workload: { type: 'string', description: 'Check only traces of this workload id.' },
    since: { type: 'string', description: 'Only traces from this time on: ISO time or an age like "2h".' },
    until: { type: 'string', description: 'Only traces up to this time.' },
    maxTokens: MAX_TOKENS_PROPERTY,
  },
  additionalProperties: false,
};

/** A contract file inside the workspace is named relative to it. */
function shortPath(ctx: ToolContext, file: string): string {
  const slash = file.replace(/\\/g, '/');
  const root = ctx.workspace.roots.find((r) => slash.startsWith(`${r}/`));
  return root ? slash.slice(root.length + 1) : file;
}

async function run(ctx: ToolContext, input: Record<string, unknown>): Promise<ToolResult> {
  checkKnown(input, schema);
  const traceId = optTraceId(input, 'traceId');
  const workload = optString(input, 'workload');
  const { since, until } = timeRange(input);
  const out = new BoundedText(budgetArg(input, ctx.maxTokens));
  const q = new Quoter();
  const contracts = ctx.contracts.contracts();
  const problems = ctx.contracts.problems();
  if (contracts.length === 0) {
    const files = ctx.contracts.files();
    const text = [`No span contracts are loaded${files.length ? ` from ${files.join(', ')}` : ''}.`, ...problems.map((p) => `Problem: ${p}`)];
    return { text: text.join('\n'), data: { contracts: 0, problems } };
  }

  let traces: TraceSummary[];
  if (traceId !== undefined) {
    const summary = await ctx.store.getTraceSummary(traceId);
    if (!summary) throw new ToolInputError(`trace ${traceId} is not in the store (list_traces shows what is)`);
    traces = [summary];
  } else {
    traces = await ctx.store.listTraces({
      limit: VIOLATION_SCAN_LIMIT,
      ...(workload !== undefined ? { workloadId: workload } : {}),
      ...(since !== undefined ? { fromUnixNano: since } : {}),
      ...(until !== undefined ? { toUnixNano: until } : {}),
    });
  }
  const checked = await checkSummaries(ctx, traces);
  const results = [...checked.values()].filter((r): r is TraceCheckResult => r !== null);
  const summary = summarize(results);
  const groups = groupFindings(results.flatMap((r) => r.findings), results);
  const scope = traceId ? `trace ${traceId}` : workload ? `workload ${nameText(q, workload)}` : 'all traces';
  const cut = traceId === undefined && traces.length === VIOLATION_SCAN_LIMIT;

  out.push(`Span contracts (${contracts.map((c) => c.id).join(', ')}) over ${scope}: ${plural(summary.tracesChecked, 'trace')} checked, ${summary.passed} passed, ${summary.failed} failed (error rules), ${summary.skipped} not selected by any contract.`);
  if (cut) out.push(`Only the newest ${VIOLATION_SCAN_LIMIT} traces were checked: narrow with "since"/"until" or "workload" for older ones.`);
  out.push(`Findings: ${summary.errors} errors, ${summary.warnings} warnings, ${summary.infos} infos, in ${plural(groups.length, 'group')} by (workload, rule).`);
  for (const p of problems) out.push(`Contract file problem: ${p}`);
  out.push('');
  let shown = 0;
  for (const g of groups) {
    const where = g.location ? ` · rule defined at ${shortPath(ctx, g.location.file)}:${g.location.line}` : '';
    const line = `- [${g.severity}] ${g.contract}/${g.rule} · workload ${nameText(q, g.workloadId)} · ${plural(g.traceCount, 'trace')}, ${plural(g.findingCount, 'finding')} · `
      + `last seen ${isoTime(g.lastSeenUnixNano)} · representative trace ${g.representativeTraceId} · ${q.inline(g.message, 300).text}${where}`;
    if (!out.push(line)) break;
    shown++;
  }
  if (shown < groups.length) out.omit(`${groups.length - shown} more finding groups: check one workload or one trace at a time.`);
  if (groups.length > 0 && !out.full) out.push('\nNext: get_trace with a representative trace to see where the rule failed (ghost rows mark missing spans).');
  return {
    text: out.render(),
    data: {
      scope: traceId ? { traceId } : workload ? { workload } : 'all',
      summary: { tracesChecked: summary.tracesChecked, passed: summary.passed, failed: summary.failed, skipped: summary.skipped, errors: summary.errors, warnings: summary.warnings, infos: summary.infos },
      groups: groups.map(({ traceIds, ...g }) => ({ ...g, traceIds: traceIds.slice(0, 20) })),
      scanStoppedAtLimit: cut,
      problems,
    },
  };
}

export const checkContractsTool: AgentTool = {
  name: 'check_contracts',
  title: 'Check span contracts',
  description:
    'Check traces against the workspace span contracts (trace-contracts.json: required spans, attributes, forbidden values, budgets, no errors). '
    + 'Give a traceId, a workload, or nothing for all recent traces. Findings are grouped by (workload, rule) with counts and a representative failing trace.',
  inputSchema: schema,
  run,
};
