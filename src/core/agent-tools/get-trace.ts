// get_trace: one trace as compact text. Aggregates first (duration, spans by kind, tokens, cost, errors,
// contract findings), then the span tree with findings and ghost rows inline. Message and tool content is
// left to get_span.
import type { Finding, TraceCheckResult } from '../contracts/types';
import type { SpanStructure } from '../model/store-types';
import type { NormalizedSpan, TraceSummary } from '../model/types';
import { safeLine } from '../text/safe-text';
import { MAX_TOKENS_PROPERTY, budgetArg, checkKnown, optInt, optSpanId, traceIdArg } from './args';
import { BoundedText } from './budget';
import { formatCost, formatDurationMs, isoTime, plural } from './format';
import { Quoter } from './quote';
import { dataSourceOf, nameText, ruleName } from './trace-lines';
import { treeBuilder, type TreeItem } from './trace-tree';
import { ToolInputError, type AgentTool, type JsonSchema, type ToolContext, type ToolResult } from './types';

/** What one tree line takes, for choosing how deep a large tree can be shown. */
const TYPICAL_LINE_CHARS = 110;
const MAX_AUTO_DEPTH = 256;
/** Up to this many spans, the full spans are read to mark which ones carry content. */
const CONTENT_MARKS_MAX_SPANS = 5000;

const schema: JsonSchema = {
  type: 'object',
  properties: {
    traceId: { type: 'string', description: 'The trace id (32 hex characters), e.g. from list_traces.' },
    rootSpanId: { type: 'string', description: 'Show only the subtree under this span.' },
    offset: { type: 'integer', minimum: 0, description: 'Skip this many tree lines (to continue a tree that was cut).' },
    maxDepth: { type: 'integer', minimum: 0, maximum: 1000, description: 'List spans down to this depth (0 = top level); deeper spans are counted on their ancestor. By default a tree too large for the budget is shown as deep as fits.' },
    maxTokens: MAX_TOKENS_PROPERTY,
  },
  required: ['traceId'],
  additionalProperties: false,
};

function spanHead(q: Quoter, s: SpanStructure): string {
  const bits = [`${nameText(q, s.name)} [${s.kind}]`, formatDurationMs(s.durationMs)];
  if (s.requestModel) bits.push(`model ${nameText(q, s.requestModel)}`);
  if (s.inputTokens !== null || s.outputTokens !== null) bits.push(`${s.inputTokens ?? 0}/${s.outputTokens ?? 0} tok`);
  const cost = formatCost(s.costUsd);
  if (cost) bits.push(cost);
  if (s.toolName && s.toolName !== s.name && !s.name.includes(s.toolName)) bits.push(`tool ${nameText(q, s.toolName)}`);
  if (s.status === 'error') bits.push(`ERROR${s.errorType ? ` ${nameText(q, s.errorType)}` : ''}`);
  bits.push(`id ${s.spanId}`);
  return bits.join(' · ');
}

function contentMarks(q: Quoter, s: NormalizedSpan | undefined): string {
  if (!s) return '';
  const marks: string[] = [];
  if (s.inputMessages?.length) marks.push(`${s.inputMessages.length} in msg`);
  if (s.outputMessages?.length) marks.push(`${s.outputMessages.length} out msg`);
  if (s.toolArguments !== null) marks.push('args');
  if (s.toolResult !== null) marks.push('result');
  if (s.retrievalDocuments?.length) marks.push(`${s.retrievalDocuments.length} docs`);
  if (s.promptName) marks.push(`prompt ${nameText(q, s.promptName)}${s.promptVersion ? `@${nameText(q, s.promptVersion)}` : ''}`);
  if (s.code?.filePath) marks.push('code');
  const source = dataSourceOf(s);
  if (source) marks.push(`data source ${nameText(q, source)}`);
  return marks.length > 0 ? ` · content: ${marks.join(', ')}` : '';
}

function findingText(q: Quoter, f: Finding): string {
  return `${f.severity.toUpperCase()} ${ruleName(f)}: ${q.inline(f.message, 240).text}`;
}

function itemLines(q: Quoter, item: TreeItem, findingsBySpan: Map<string, Finding[]>, full: Map<string, NormalizedSpan>): string[] {
  const indent = '  '.repeat(item.depth);
  if (item.type === 'ghost') {
    return [`${indent}- ?? MISSING ${nameText(q, item.finding.missing?.label ?? 'span')} (ghost: expected by ${ruleName(item.finding)}, ${item.finding.severity})`];
  }
  if (item.type === 'run') {
    const first = item.spans[0]!;
    const total = item.spans.reduce((n, s) => n + s.durationMs, 0);
    const tokens = item.spans.reduce((n, s) => n + (s.inputTokens ?? 0) + (s.outputTokens ?? 0), 0);
    const below = item.hidden > 0 ? ` · ${plural(item.hidden, 'span')} below them` : '';
    return [`${indent}- ${item.spans.length}× ${nameText(q, first.name)} [${first.kind}] · ${formatDurationMs(total)} total${tokens ? ` · ${tokens} tok` : ''}${below} · ids ${first.spanId}…${item.spans[item.spans.length - 1]!.spanId} (folded: alike, no errors or findings)`];
  }
  const s = item.span;
  const below = item.hidden > 0 ? ` · +${plural(item.hidden, 'span')} below${item.hiddenErrors ? ` (${plural(item.hiddenErrors, 'error')})` : ''}` : '';
  const lines = [`${indent}- ${spanHead(q, s)}${contentMarks(q, full.get(s.spanId))}${below}`];
  const message = full.get(s.spanId)?.statusMessage;
  if (s.status === 'error' && message) lines.push(`${indent}    error message: ${q.inline(message, 200).text}`);
  for (const f of findingsBySpan.get(s.spanId) ?? []) lines.push(`${indent}    ${findingText(q, f)}`);
  return lines;
}

/** A trace whose spans point at parents not stored yet and that changed this recently is taken as still arriving. */
const ARRIVING_WINDOW_MS = 60_000;

/** Why the trace looks half-arrived (spans export before their parents: the root comes last), or null. */
export function arrivalNote(summary: TraceSummary, structure: readonly SpanStructure[], now = Date.now()): string | null {
  const ids = new Set(structure.map((s) => s.spanId));
  const waiting = structure.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId)).length;
  if (waiting === 0) return null;
  const endMs = Number(BigInt(summary.endTimeUnixNano || '0') / 1_000_000n);
  if (now - endMs > ARRIVING_WINDOW_MS) return null;
  return `${plural(waiting, 'span')} ${waiting === 1 ? 'points' : 'point'} at a parent not stored yet`;
}

function contractsLine(ctx: ToolContext, result: TraceCheckResult | null, arriving: string | null): string {
  const loaded = ctx.contracts.contracts();
  if (loaded.length === 0) return 'Span contracts: none loaded.';
  if (!result || result.contracts.length === 0) {
    return `Span contracts: no contract selects this trace (loaded: ${loaded.map((c) => safeLine(c.id, 80)).join(', ')}), so nothing was checked.`;
  }
  const ids = result.contracts.map((c) => safeLine(c, 80)).join(', ');
  const still = arriving ? `the trace is still arriving (${arriving}), so this is not final` : '';
  if (result.findings.length === 0) return `Span contracts ${ids}: ${arriving ? `no findings so far; ${still}` : 'all rules pass'}.`;
  return `Span contracts ${ids}: ${plural(result.findings.length, 'finding')}${arriving ? ` (${still})` : ''}:`;
}

async function run(ctx: ToolContext, input: Record<string, unknown>): Promise<ToolResult> {
  checkKnown(input, schema);
  const traceId = traceIdArg(input);
  const rootSpanId = optSpanId(input, 'rootSpanId');
  const offsetArg = optInt(input, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const offset = offsetArg ?? 0;
  const depthArg = optInt(input, 'maxDepth', 0, 1000);
  const summary = await ctx.store.getTraceSummary(traceId);
  if (!summary) throw new ToolInputError(`trace ${traceId} is not in the store (list_traces shows what is)`);
  const structure = await ctx.store.getTraceStructure(traceId);
  if (rootSpanId && !structure.some((s) => s.spanId === rootSpanId)) throw new ToolInputError(`span ${rootSpanId} is not in trace ${traceId}`);
  let fullSpans: NormalizedSpan[] | null = null;
  const loadFull = async (): Promise<NormalizedSpan[]> => (fullSpans ??= await ctx.store.getTraceSpans(traceId));
  if (structure.length <= CONTENT_MARKS_MAX_SPANS) await loadFull();
  const result: TraceCheckResult | null = await ctx.contracts.check(summary, loadFull);
  const full = new Map((fullSpans ?? ([] as NormalizedSpan[])).map((s) => [s.spanId, s]));
  const findings = result?.findings ?? [];
  const findingsBySpan = new Map<string, Finding[]>();
  for (const f of findings) if (f.spanId) findingsBySpan.set(f.spanId, [...(findingsBySpan.get(f.spanId) ?? []), f]);
  const q = new Quoter();
  const out = new BoundedText(budgetArg(input, ctx.maxTokens));

  // Aggregates first.
  out.push(q.preamble());
  out.push(`Trace ${traceId} · ${nameText(q, summary.rootName, '(no root span)')} · started ${isoTime(summary.startTimeUnixNano)} · ${formatDurationMs(summary.durationMs)} · ${plural(summary.spanCount, 'span')}`);
  const kinds = new Map<string, number>();
  for (const s of structure) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
  out.push(`Service ${nameText(q, summary.service)} · workload ${nameText(q, summary.workloadId)} · spans by kind: ${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  out.push(`Tokens ${summary.inputTokens.toLocaleString('en-US')} in / ${summary.outputTokens.toLocaleString('en-US')} out${formatCost(summary.costUsd) ? ` · cost ${formatCost(summary.costUsd)}` : ''}${summary.models.length ? ` · models ${summary.models.map((m) => nameText(q, m)).join(', ')}` : ''}`);
  const errorSpans = structure.filter((s) => s.status === 'error');
  out.push(`Error spans: ${errorSpans.length === 0 ? 'none' : errorSpans.slice(0, 5).map((s) => `${nameText(q, s.name)} (${s.spanId}${s.errorType ? `, ${nameText(q, s.errorType)}` : ''})`).join('; ')}${errorSpans.length > 5 ? `; and ${errorSpans.length - 5} more` : ''}`);
  out.push(contractsLine(ctx, result, arrivalNote(summary, structure)));
  if (findings.length > 0) {
    for (const f of findings.slice(0, 20)) {
      const where = f.missing ? `missing span ${nameText(q, f.missing.label)} (ghost row in the tree)` : f.spanId ? `at span ${f.spanId}` : 'on the trace';
      out.push(`  - ${findingText(q, f)} · ${where}`);
    }
    if (findings.length > 20) out.omit(`${findings.length - 20} more findings: check_contracts with this traceId lists them grouped.`);
  }
  out.push('');

  const treeOptions = { flagged: new Set(findingsBySpan.keys()), ghosts: findings.filter((f) => f.missing), ...(rootSpanId ? { rootSpanId } : {}) };
  const listTree = treeBuilder(structure, treeOptions);
  let maxDepth = depthArg;
  let items: TreeItem[];
  const fit = Math.floor(out.remaining / TYPICAL_LINE_CHARS);
  if (maxDepth !== undefined || offsetArg !== undefined || structure.length + treeOptions.ghosts.length <= fit) {
    items = listTree(maxDepth);
  } else {
    // Possibly too large for the budget: list it as deep as fits, deeper spans counted on their ancestors.
    // Shallow listings are cheap, so depths are tried upwards until one overflows or nothing is hidden.
    items = listTree(0);
    maxDepth = 0;
    for (let depth = 1; depth <= MAX_AUTO_DEPTH && items.some((it) => it.type !== 'ghost' && it.hidden > 0); depth++) {
      const deeper = listTree(depth);
      if (deeper.length > fit) break;
      items = deeper;
      maxDepth = depth;
    }
    if (!items.some((it) => it.type !== 'ghost' && it.hidden > 0)) maxDepth = undefined;
  }
  out.push(`Span tree${rootSpanId ? ` under ${rootSpanId}` : ''}${maxDepth !== undefined ? ` to depth ${maxDepth}` : ''} (${items.length} lines${offset ? `, from line ${offset}` : ''}; messages, tool arguments/results, documents and attributes are left out: get_span shows one span in full):`);
  let line = offset;
  for (; line < items.length; line++) {
    const lines = itemLines(q, items[line]!, findingsBySpan, full);
    if (!lines.every((l) => out.push(l))) break;
  }
  if (offset > 0 && offset >= items.length) {
    out.push(`Nothing listed: offset ${offset} is past the end of the tree (${plural(items.length, 'line')}, numbered from 0). Call get_trace with offset=0, or a smaller offset.`);
  }
  if (line < items.length) {
    const spansLeft = items.slice(line).reduce((n, it) => n + (it.type === 'span' ? 1 : it.type === 'run' ? it.spans.length : 0), 0);
    out.omit(`tree lines ${line}–${items.length - 1} (${plural(spansLeft, 'span')}): call get_trace with offset=${line} to continue, or rootSpanId=<span id> for one subtree.`);
  }
  const hidden = items.reduce((n, it) => n + (it.type === 'ghost' ? 0 : it.hidden), 0);
  if (hidden > 0) out.omit(`${plural(hidden, 'span')} below depth ${maxDepth} are counted on their ancestors ("+N spans below"): call get_trace with rootSpanId=<span id> for one subtree, or maxDepth=${(maxDepth ?? 0) + 1}.`);
  if (structure.length > CONTENT_MARKS_MAX_SPANS) out.omit('per-span content marks (the trace is large): get_span shows a span\'s content.');
  return {
    text: out.render(),
    data: {
      summary,
      contracts: result ? { contracts: result.contracts, findings } : null,
      treeLines: items.length,
      ...(maxDepth !== undefined ? { maxDepth, hiddenSpans: hidden } : {}),
      shownThroughLine: line,
      ...(line < items.length ? { nextOffset: line } : {}),
    },
  };
}

export const getTraceTool: AgentTool = {
  name: 'get_trace',
  title: 'Get a trace',
  description:
    'Show one trace: aggregates first (duration, spans by kind, tokens, cost, error spans, span-contract findings), then the span tree '
    + '(name, kind, duration, model, tokens, status, tool) with contract findings inline and ghost rows for spans a contract expected but the trace lacks. '
    + 'Message and tool content is left out: call get_span for one span. Large trees are cut; the answer says how to continue (offset, rootSpanId).',
  inputSchema: schema,
  run,
};
