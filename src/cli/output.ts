// Output shapes of `ls` and `show`: the JSON records (a stable contract) and the text renderings.
import type { NormalizedSpan, TraceSummary } from '../core/model/types';
import { labelText } from '../core/text/safe-text';

export interface TraceListRecord {
  traceId: string;
  rootName: string | null;
  service: string | null;
  workloadId: string | null;
  startTimeUnixNano: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export function traceListRecord(t: TraceSummary): TraceListRecord {
  return {
    traceId: t.traceId,
    rootName: t.rootName,
    service: t.service,
    workloadId: t.workloadId,
    startTimeUnixNano: t.startTimeUnixNano,
    durationMs: t.durationMs,
    spanCount: t.spanCount,
    errorCount: t.errorCount,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    costUsd: t.costUsd,
  };
}

export function spanRecord(s: NormalizedSpan) {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    kind: s.kind,
    service: s.service,
    startTimeUnixNano: s.startTimeUnixNano,
    endTimeUnixNano: s.endTimeUnixNano,
    durationMs: s.durationMs,
    status: s.status,
    statusMessage: s.statusMessage,
    provider: s.provider,
    requestModel: s.requestModel,
    responseModel: s.responseModel,
    inputTokens: s.inputTokens,
    outputTokens: s.outputTokens,
    totalTokens: s.totalTokens,
    cacheReadTokens: s.cacheReadTokens,
    cacheWriteTokens: s.cacheWriteTokens,
    reasoningTokens: s.reasoningTokens,
    costUsd: s.costUsd,
    toolName: s.toolName,
    toolCallId: s.toolCallId,
    toolArguments: s.toolArguments,
    toolResult: s.toolResult,
    agentName: s.agentName,
    workloadId: s.workloadId,
    conversationId: s.conversationId,
    promptName: s.promptName,
    promptVersion: s.promptVersion,
    systemInstructions: s.systemInstructions,
    inputMessages: s.inputMessages,
    outputMessages: s.outputMessages,
    code: s.code
      ? { filePath: s.code.filePath, line: s.code.line, column: s.code.column, function: s.code.function }
      : null,
    attributes: s.attributes,
    events: s.events,
    resource: s.resource,
  };
}
export type SpanRecord = ReturnType<typeof spanRecord>;

/** Newest first by start time (nanosecond strings compared exactly). */
export function newestFirst(a: { startTimeUnixNano: string }, b: { startTimeUnixNano: string }): number {
  const x = BigInt(a.startTimeUnixNano || '0');
  const y = BigInt(b.startTimeUnixNano || '0');
  return x === y ? 0 : x > y ? -1 : 1;
}

export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)}ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

export function formatStart(unixNano: string): string {
  const ms = Number(BigInt(unixNano || '0') / 1_000_000n);
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

export function formatCost(usd: number): string {
  return usd > 0 ? `$${usd.toFixed(usd < 0.01 ? 5 : 3)}` : '-';
}

/** A plain-text table with columns padded to their widest cell (numbers right-aligned). */
export function renderTable(headers: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

export function renderTraceTable(traces: TraceListRecord[]): string {
  if (traces.length === 0) return 'no traces\n';
  const rows = traces.map((t) => [
    t.traceId,
    formatStart(t.startTimeUnixNano),
    t.rootName ? labelText(t.rootName, 60) : '-',
    t.service ? labelText(t.service, 40) : '-',
    t.workloadId ? labelText(t.workloadId, 40) : '-',
    String(t.spanCount),
    String(t.errorCount),
    formatDuration(t.durationMs),
    `${t.inputTokens}/${t.outputTokens}`,
    formatCost(t.costUsd),
  ]);
  return renderTable(
    ['TRACE ID', 'START (UTC)', 'ROOT', 'SERVICE', 'WORKLOAD', 'SPANS', 'ERRORS', 'DURATION', 'TOKENS IN/OUT', 'COST'],
    rows,
    new Set([5, 6, 7, 8, 9]),
  );
}

/** One span of `show`: recorded names as safe labels (quoted unless one plain word), so none can pass for a line of the tree. */
function spanLine(s: NormalizedSpan): string {
  const parts = [`${labelText(s.name, 120)} [${s.kind}]`, formatDuration(s.durationMs)];
  if (s.status === 'error') parts.push(`ERROR${s.statusMessage ? `: ${labelText(s.statusMessage, 200)}` : ''}`);
  const model = s.responseModel ?? s.requestModel;
  if (model) parts.push(`model=${labelText(model, 80)}`);
  if (s.inputTokens !== null || s.outputTokens !== null) parts.push(`tokens=${s.inputTokens ?? 0}/${s.outputTokens ?? 0}`);
  if (s.costUsd) parts.push(`cost=${formatCost(s.costUsd)}`);
  if (s.toolName) parts.push(`tool=${labelText(s.toolName, 80)}`);
  if (s.code?.filePath) parts.push(`at ${labelText(`${s.code.filePath}${s.code.line !== null ? `:${s.code.line}` : ''}`, 200)}`);
  if (s.redaction) parts.push(`redacted=${s.redaction.rules.map((r) => labelText(r, 40)).join(',')}`);
  return `${parts.join('  ')}  (${labelText(s.spanId, 40)})`;
}

/** Indented tree by parent id; spans whose parent is not in the trace are shown as roots. */
export function renderSpanTree(traceId: string, spans: NormalizedSpan[]): string {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, NormalizedSpan[]>();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) && s.parentSpanId !== s.spanId ? s.parentSpanId : null;
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => -newestFirst(a, b));
  const lines = [`trace ${labelText(traceId, 40)}  ${spans.length} span${spans.length === 1 ? '' : 's'}`];
  const seen = new Set<string>();
  // Iterative walk: traces can be deep enough to overflow a recursive one.
  const stack: Array<{ span: NormalizedSpan; depth: number }> = (children.get(null) ?? [])
    .map((span) => ({ span, depth: 1 }))
    .reverse();
  while (stack.length > 0) {
    const { span, depth } = stack.pop()!;
    if (seen.has(span.spanId)) continue;
    seen.add(span.spanId);
    lines.push(`${'  '.repeat(depth)}${spanLine(span)}`);
    const kids = children.get(span.spanId) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth: depth + 1 });
  }
  // Spans caught in a parent cycle never reach a root: list them flat so nothing is hidden.
  for (const s of spans) if (!seen.has(s.spanId)) lines.push(`  ${spanLine(s)}`);
  return lines.join('\n') + '\n';
}
