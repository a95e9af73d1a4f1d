// compare_traces: two traces aligned span by span (src/core/compare). What matters leads: contract findings
// that differ, then structural changes (spans only in A or only in B, status changes), then duration, token
// and attribute changes of aligned spans. Ids every run draws anew are left out unless asked for; long
// answers page with offset like get_trace.
import { compareTraces, type CompareRow } from '../compare';
import type { TraceCheckResult } from '../contracts/types';
import type { NormalizedSpan, TraceSummary } from '../model/types';
import { MAX_TOKENS_PROPERTY, budgetArg, checkKnown, optBool, optInt, traceIdArg } from './args';
import { BoundedText } from './budget';
import { durationChanged, rowChanges, type RowChanges } from './compare-rows';
import { formatDurationMs, plural } from './format';
import { Quoter } from './quote';
import { nameText, ruleName } from './trace-lines';
import { ToolInputError, type AgentTool, type JsonSchema, type ToolContext, type ToolResult } from './types';

/** Attribute differences are computed when both traces have at most this many spans. */
const ATTRIBUTE_DIFF_MAX_SPANS = 5000;
const ATTRIBUTES_PER_ROW = 8;

const schema: JsonSchema = {
  type: 'object',
  properties: {
    traceIdA: { type: 'string', description: 'The reference trace (e.g. a good run).' },
    traceIdB: { type: 'string', description: 'The trace compared with it (e.g. the failing run).' },
    differencesOnly: { type: 'boolean', description: 'List only spans that differ (default true).' },
    includeVolatile: { type: 'boolean', description: 'Also list changes of ids every run draws anew (response, call and request ids) and token-count attributes (default false: counted only).' },
    offset: { type: 'integer', minimum: 0, description: 'Skip this many rows of the listing (to continue an answer that was cut).' },
    maxTokens: MAX_TOKENS_PROPERTY,
  },
  required: ['traceIdA', 'traceIdB'],
  additionalProperties: false,
};

interface Listed {
  row: CompareRow;
  changes: RowChanges;
  marks: string[];
}

function marksOf(row: CompareRow, changes: RowChanges): string[] {
  const marks: string[] = [];
  if (row.side === 'a') marks.push('ONLY IN A');
  if (row.side === 'b') marks.push('ONLY IN B');
  if (row.statusChanged) marks.push(`status ${row.aStatus} → ${row.bStatus}`);
  if (durationChanged(row)) marks.push(`duration ${formatDurationMs(row.aDurationMs!)} → ${formatDurationMs(row.bDurationMs!)}`);
  if (row.tokenDelta) marks.push(`tokens ${row.aTokens ?? 0} → ${row.bTokens ?? 0}`);
  if (changes.attributes.length > 0) marks.push(`${plural(changes.attributes.length, 'attribute')} changed`);
  return marks;
}

function rowLines(q: Quoter, item: Listed): string[] {
  const { row, changes, marks } = item;
  const ids = `${row.a ? `A ${row.a}` : ''}${row.a && row.b ? ' / ' : ''}${row.b ? `B ${row.b}` : ''}`;
  const lines = [`${'  '.repeat(row.depth)}- ${nameText(q, row.name)} [${row.kind}] · ${marks.length ? marks.join(' · ') : 'same'} · ${ids}`];
  for (const e of changes.attributes.slice(0, ATTRIBUTES_PER_ROW)) {
    const av = e.a === null ? '(absent)' : q.inline(e.a, 160).text;
    const bv = e.b === null ? '(absent)' : q.inline(e.b, 160).text;
    lines.push(`    attribute ${nameText(q, e.key)} ${e.change}: A ${av} → B ${bv}`);
  }
  if (changes.attributes.length > ATTRIBUTES_PER_ROW) lines.push(`    … ${changes.attributes.length - ATTRIBUTES_PER_ROW} more attribute changes (get_span on both spans shows them all)`);
  return lines;
}

/** Contract rules broken in one trace and not (or less often) in the other. */
function findingLines(a: TraceCheckResult | null, b: TraceCheckResult | null): string[] {
  const count = (r: TraceCheckResult | null): Map<string, number> => {
    const m = new Map<string, number>();
    for (const f of r?.findings ?? []) m.set(`${ruleName(f)} (${f.severity})`, (m.get(`${ruleName(f)} (${f.severity})`) ?? 0) + 1);
    return m;
  };
  const [ca, cb] = [count(a), count(b)];
  const lines: string[] = [];
  for (const rule of [...new Set([...ca.keys(), ...cb.keys()])].sort()) {
    const [na, nb] = [ca.get(rule) ?? 0, cb.get(rule) ?? 0];
    if (na === nb) continue;
    const side = na === 0 ? 'only B breaks' : nb === 0 ? 'only A breaks' : 'both break';
    lines.push(`- ${side} ${rule}: A ${plural(na, 'finding')}, B ${plural(nb, 'finding')}`);
  }
  return lines;
}

async function spansOf(ctx: ToolContext, traceId: string): Promise<Map<string, NormalizedSpan>> {
  return new Map((await ctx.store.getTraceSpans(traceId)).map((s) => [s.spanId, s]));
}

function traceHead(q: Quoter, label: string, id: string, t: TraceSummary): string {
  return `${label} ${id}: ${nameText(q, t.rootName, '(no root span)')} · ${formatDurationMs(t.durationMs)} · ${plural(t.spanCount, 'span')} · ${t.inputTokens + t.outputTokens} tokens · ${plural(t.errorCount, 'error span')}`;
}

async function run(ctx: ToolContext, input: Record<string, unknown>): Promise<ToolResult> {
  checkKnown(input, schema);
  const a = traceIdArg(input, 'traceIdA');
  const b = traceIdArg(input, 'traceIdB');
  const differencesOnly = optBool(input, 'differencesOnly') ?? true;
  const includeVolatile = optBool(input, 'includeVolatile') ?? false;
  const offset = optInt(input, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const [sa, sb] = await Promise.all([ctx.store.getTraceSummary(a), ctx.store.getTraceSummary(b)]);
  if (!sa) throw new ToolInputError(`trace ${a} (traceIdA) is not in the store (list_traces shows what is)`);
  if (!sb) throw new ToolInputError(`trace ${b} (traceIdB) is not in the store`);
  const [structA, structB] = await Promise.all([ctx.store.getTraceStructure(a), ctx.store.getTraceStructure(b)]);
  const comparison = compareTraces(structA, structB);
  const withAttributes = structA.length <= ATTRIBUTE_DIFF_MAX_SPANS && structB.length <= ATTRIBUTE_DIFF_MAX_SPANS;
  const [fullA, fullB] = withAttributes ? await Promise.all([spansOf(ctx, a), spansOf(ctx, b)]) : [null, null];
  const [checkA, checkB] = [
    await ctx.contracts.check(sa, async () => [...(fullA ?? await spansOf(ctx, a)).values()]),
    await ctx.contracts.check(sb, async () => [...(fullB ?? await spansOf(ctx, b)).values()]),
  ];

  const structural: Listed[] = [];
  const other: Listed[] = [];
  let volatile = 0;
  for (const row of comparison.rows) {
    const changes = rowChanges(row, fullA, fullB, includeVolatile);
    volatile += changes.volatile;
    const marks = marksOf(row, changes);
    if (changes.structural) structural.push({ row, changes, marks });
    else if (marks.length > 0 || !differencesOnly) other.push({ row, changes, marks });
  }
  const listing = [...structural, ...other];

  const q = new Quoter();
  const out = new BoundedText(budgetArg(input, ctx.maxTokens));
  out.push(q.preamble());
  out.push(traceHead(q, 'A', a, sa));
  out.push(traceHead(q, 'B', b, sb));
  out.push(`Aligned by span name path: ${plural(comparison.rows.length, 'row')} · ${comparison.onlyInA} only in A · ${comparison.onlyInB} only in B · ${comparison.statusChanges} status changes · duration B−A ${formatDurationMs(Math.abs(sb.durationMs - sa.durationMs))} ${sb.durationMs >= sa.durationMs ? 'slower' : 'faster'}`);
  const findings = findingLines(checkA, checkB);
  if (ctx.contracts.contracts().length > 0) {
    out.push(findings.length > 0 ? 'Contract findings that differ:' : 'Contract findings: the same in both traces.');
    for (const line of findings) out.push(line);
  }
  out.push('');
  const sectionHead = (i: number): string | null => {
    if (i === 0 && structural.length > 0) return `Structure and status (${plural(structural.length, 'row')}: spans only in one trace, status changes):`;
    if (i === structural.length && other.length > 0) {
      return differencesOnly ? `Other changes (${plural(other.length, 'row')}: duration, tokens, attributes):` : `Other rows (${plural(other.length, 'row')}):`;
    }
    return null;
  };
  let next = offset;
  for (; next < listing.length; next++) {
    const head = sectionHead(next) ?? (next === offset && offset > 0 ? `Rows from ${offset} of ${listing.length}:` : null);
    const lines = rowLines(q, listing[next]!);
    if (!(head === null || out.push(head))) break;
    if (next > offset) {
      if (!lines.every((l) => out.push(l))) break;
      continue;
    }
    // The first row of a page is shown even when its attribute lines do not all fit, so paging always moves on.
    if (!out.push(lines[0]!)) break;
    const fitting = 1 + lines.slice(1).findIndex((l) => !out.fits(l) || !out.push(l));
    if (fitting > 0) {
      out.omit(`${lines.length - fitting} attribute lines of row ${next} did not fit: get_span on both spans shows them.`);
      next++;
      break;
    }
  }
  if (offset > 0 && offset >= listing.length) {
    out.push(`Nothing listed: offset ${offset} is past the end (${plural(listing.length, 'row')}, numbered from 0). Call compare_traces with offset=0, or a smaller offset.`);
  }
  if (next < listing.length) out.omit(`rows ${next}–${listing.length - 1} of the listing: call compare_traces with offset=${next} to continue.`);
  if (volatile > 0) out.omit(`${plural(volatile, 'attribute change')} of per-run ids and token counts: includeVolatile=true lists them.`);
  if (!withAttributes) out.omit('attribute differences (a trace has over 5,000 spans): get_span on aligned spans shows their attributes.');
  if (differencesOnly && listing.length === 0 && findings.length === 0) out.push('No differences in structure, status, duration, tokens or attributes.');
  return {
    text: out.render(),
    data: {
      a: sa, b: sb, onlyInA: comparison.onlyInA, onlyInB: comparison.onlyInB, statusChanges: comparison.statusChanges, rows: comparison.rows.length,
      structuralRows: structural.length, changedRows: listing.filter((l) => l.marks.length > 0).length, listedRows: listing.length,
      shownThroughRow: next, ...(next < listing.length ? { nextOffset: next } : {}), volatileChangesHidden: volatile, contractFindingsDiffer: findings.length,
    },
  };
}

export const compareTracesTool: AgentTool = {
  name: 'compare_traces',
  title: 'Compare two traces',
  description:
    'Compare two traces (e.g. a good run and a failing run of the same workload), spans aligned by name path. Leads with what matters: contract findings '
    + 'that differ, then spans only in A or only in B and status changes, then duration, token and attribute changes of aligned spans (such as a different '
    + 'data source or model). Ids every run draws anew are left out unless includeVolatile. Long answers are cut; the answer says how to continue (offset).',
  inputSchema: schema,
  run,
};
