// compare_traces: two traces aligned span by span (src/core/compare): spans only in A or only in B, status
// changes, duration and token differences, and changed attributes of aligned spans.
import { compareTraces, diffSpanAttributes, type CompareRow } from '../compare';
import type { NormalizedSpan } from '../model/types';
import { MAX_TOKENS_PROPERTY, budgetArg, checkKnown, optBool, traceIdArg } from './args';
import { BoundedText } from './budget';
import { formatDurationMs, plural } from './format';
import { Quoter } from './quote';
import { nameText } from './trace-lines';
import { ToolInputError, type AgentTool, type JsonSchema, type ToolContext, type ToolResult } from './types';

/** Attribute differences are computed when both traces have at most this many spans. */
const ATTRIBUTE_DIFF_MAX_SPANS = 5000;

const schema: JsonSchema = {
  type: 'object',
  properties: {
    traceIdA: { type: 'string', description: 'The reference trace (e.g. a good run).' },
    traceIdB: { type: 'string', description: 'The trace compared with it (e.g. the failing run).' },
    differencesOnly: { type: 'boolean', description: 'List only spans that differ (default true).' },
    maxTokens: MAX_TOKENS_PROPERTY,
  },
  required: ['traceIdA', 'traceIdB'],
  additionalProperties: false,
};

/** A duration change worth a mention: at least 25% and 20 ms. */
function slower(row: CompareRow): boolean {
  if (row.durationDeltaMs === null || row.aDurationMs === null) return false;
  return Math.abs(row.durationDeltaMs) >= 20 && Math.abs(row.durationDeltaMs) >= 0.25 * Math.max(row.aDurationMs, 1);
}

async function run(ctx: ToolContext, input: Record<string, unknown>): Promise<ToolResult> {
  checkKnown(input, schema);
  const a = traceIdArg(input, 'traceIdA');
  const b = traceIdArg(input, 'traceIdB');
  const differencesOnly = optBool(input, 'differencesOnly') ?? true;
  const [sa, sb] = [await ctx.store.getTraceSummary(a), await ctx.store.getTraceSummary(b)];
  if (!sa) throw new ToolInputError(`trace ${a} (traceIdA) is not in the store`);
  if (!sb) throw new ToolInputError(`trace ${b} (traceIdB) is not in the store`);
  const [structA, structB] = [await ctx.store.getTraceStructure(a), await ctx.store.getTraceStructure(b)];
  const comparison = compareTraces(structA, structB);
  const withAttributes = structA.length <= ATTRIBUTE_DIFF_MAX_SPANS && structB.length <= ATTRIBUTE_DIFF_MAX_SPANS;
  const fullA = new Map<string, NormalizedSpan>();
  const fullB = new Map<string, NormalizedSpan>();
  if (withAttributes) {
    for (const s of await ctx.store.getTraceSpans(a)) fullA.set(s.spanId, s);
    for (const s of await ctx.store.getTraceSpans(b)) fullB.set(s.spanId, s);
  }
  const q = new Quoter();
  const out = new BoundedText(budgetArg(input, ctx.maxTokens));
  out.push(q.preamble());
  out.push(`A ${a}: ${nameText(q, sa.rootName)} · ${formatDurationMs(sa.durationMs)} · ${plural(sa.spanCount, 'span')} · ${sa.inputTokens + sa.outputTokens} tokens · ${sa.errorCount} error spans`);
  out.push(`B ${b}: ${nameText(q, sb.rootName)} · ${formatDurationMs(sb.durationMs)} · ${plural(sb.spanCount, 'span')} · ${sb.inputTokens + sb.outputTokens} tokens · ${sb.errorCount} error spans`);
  out.push(`Aligned by span name path: ${plural(comparison.rows.length, 'row')} · ${comparison.onlyInA} only in A · ${comparison.onlyInB} only in B · ${comparison.statusChanges} status changes · duration B−A ${formatDurationMs(Math.abs(sb.durationMs - sa.durationMs))} ${sb.durationMs >= sa.durationMs ? 'slower' : 'faster'}`);
  out.push('');
  let listed = 0;
  let changedRows = 0;
  let stoppedAt: number | null = null;
  for (const [i, row] of comparison.rows.entries()) {
    const marks: string[] = [];
    if (row.side === 'a') marks.push('ONLY IN A');
    if (row.side === 'b') marks.push('ONLY IN B');
    if (row.statusChanged) marks.push(`status ${row.aStatus} → ${row.bStatus}`);
    if (slower(row)) marks.push(`duration ${formatDurationMs(row.aDurationMs!)} → ${formatDurationMs(row.bDurationMs!)}`);
    if (row.tokenDelta) marks.push(`tokens ${row.aTokens ?? 0} → ${row.bTokens ?? 0}`);
    const attrLines: string[] = [];
    if (row.side === 'both' && withAttributes) {
      const diff = diffSpanAttributes(fullA.get(row.a!) ?? null, fullB.get(row.b!) ?? null);
      for (const e of diff.entries.slice(0, 8)) {
        const av = e.a === null ? '(absent)' : q.inline(e.a, 160).text;
        const bv = e.b === null ? '(absent)' : q.inline(e.b, 160).text;
        attrLines.push(`    attribute ${nameText(q, e.key)} ${e.change}: A ${av} → B ${bv}`);
      }
      if (diff.entries.length > 8) attrLines.push(`    … ${diff.entries.length - 8} more attribute changes (get_span on both spans shows them all)`);
      if (diff.entries.length > 0) marks.push(`${plural(diff.entries.length, 'attribute')} changed`);
    }
    if (marks.length > 0) changedRows++;
    if (differencesOnly && marks.length === 0) continue;
    const ids = `${row.a ? `A ${row.a}` : ''}${row.a && row.b ? ' / ' : ''}${row.b ? `B ${row.b}` : ''}`;
    const head = `${'  '.repeat(row.depth)}- ${nameText(q, row.name)} [${row.kind}] · ${marks.length ? marks.join(' · ') : 'same'} · ${ids}`;
    if (stoppedAt === null && [head, ...attrLines].every((l) => out.push(l))) listed++;
    else if (stoppedAt === null) stoppedAt = i;
  }
  if (stoppedAt !== null) out.omit(`rows from ${stoppedAt} on (${comparison.rows.length - stoppedAt} rows): compare subtrees with get_trace rootSpanId, or raise maxTokens.`);
  if (!withAttributes) out.omit('attribute differences (a trace has over 5,000 spans): get_span on aligned spans shows their attributes.');
  if (differencesOnly && changedRows === 0) out.push('No differences in structure, status, duration, tokens or attributes.');
  return {
    text: out.render(),
    data: { a: sa, b: sb, onlyInA: comparison.onlyInA, onlyInB: comparison.onlyInB, statusChanges: comparison.statusChanges, rows: comparison.rows.length, changedRows, listedRows: listed },
  };
}

export const compareTracesTool: AgentTool = {
  name: 'compare_traces',
  title: 'Compare two traces',
  description:
    'Compare two traces (e.g. a good run and a failing run of the same workload): spans aligned by name path, with spans only in A or only in B, '
    + 'status changes, duration and token changes, and changed attributes of aligned spans (such as a different data source or model).',
  inputSchema: schema,
  run,
};
