// A compact plain-text rendering of one trace, for pasting into a chat or an AI assistant.
import type { ChatMessage, MessagePart, NormalizedSpan, TraceSummary } from '../core/model/types';

export interface TraceTextOptions {
  /** Max characters kept of each input/output/argument/result (default 300). */
  maxField?: number;
  /** Max spans written (default 2000); the rest are counted. */
  maxSpans?: number;
}

function clip(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max)}… (+${oneLine.length - max} chars)`;
}

function ms(value: number): string {
  if (value < 1) return `${value.toFixed(2)}ms`;
  if (value < 1000) return `${Math.round(value)}ms`;
  return `${(value / 1000).toFixed(2)}s`;
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function partText(p: MessagePart): string {
  switch (p.type) {
    case 'text':
      return p.content;
    case 'tool_call':
      return `[tool_call ${p.name}(${stringify(p.arguments)})]`;
    case 'tool_call_response':
      return `[tool_result ${stringify(p.result)}]`;
    default:
      return stringify(p.value);
  }
}

function messagesText(messages: ChatMessage[]): string {
  return messages.map((m) => `${m.role}: ${m.parts.map(partText).join(' ')}`).join(' | ');
}

function header(s: NormalizedSpan): string {
  const bits = [`${s.name} [${s.kind}]`, ms(s.durationMs)];
  const model = s.responseModel ?? s.requestModel;
  if (model) bits.push(`model=${model}`);
  if (s.inputTokens !== null || s.outputTokens !== null) {
    bits.push(`tokens=${s.inputTokens ?? 0}in/${s.outputTokens ?? 0}out${s.cacheReadTokens ? `/${s.cacheReadTokens}cached` : ''}`);
  }
  if (s.costUsd) bits.push(`cost=$${s.costUsd.toFixed(4)}`);
  if (s.toolName && !s.name.includes(s.toolName)) bits.push(`tool=${s.toolName}`);
  if (s.status === 'error') bits.push(`ERROR${s.errorType ? ` ${s.errorType}` : ''}${s.statusMessage ? `: ${clip(s.statusMessage, 200)}` : ''}`);
  if (s.redaction) bits.push(`redacted=${s.redaction.rules.join(',')}`);
  return bits.join(' · ');
}

function details(s: NormalizedSpan, max: number): string[] {
  const lines: string[] = [];
  if (s.inputMessages?.length) lines.push(`in: ${clip(messagesText(s.inputMessages), max)}`);
  if (s.outputMessages?.length) lines.push(`out: ${clip(messagesText(s.outputMessages), max)}`);
  if (s.toolArguments !== null) lines.push(`args: ${clip(s.toolArguments, max)}`);
  if (s.toolResult !== null) lines.push(`result: ${clip(s.toolResult, max)}`);
  if (s.retrievalDocuments?.length) {
    lines.push(`docs: ${clip(s.retrievalDocuments.map((d) => d.content ?? d.id ?? '').join(' | '), max)}`);
  }
  for (const e of s.events) {
    if (e.name !== 'exception') continue;
    const type = e.attributes['exception.type'];
    const msg = e.attributes['exception.message'];
    lines.push(`exception: ${clip(`${typeof type === 'string' ? type : ''} ${typeof msg === 'string' ? msg : ''}`, max)}`);
  }
  return lines;
}

export function formatTraceAsText(summary: TraceSummary | null, spans: readonly NormalizedSpan[], options: TraceTextOptions = {}): string {
  const max = options.maxField ?? 300;
  const maxSpans = options.maxSpans ?? 2000;
  const out: string[] = [];
  if (summary) {
    const head = [`Trace ${summary.traceId}`, summary.rootName ?? '(no root)', ms(summary.durationMs), `${summary.spanCount} spans`];
    if (summary.service) head.push(`service=${summary.service}`);
    if (summary.workloadId) head.push(`workload=${summary.workloadId}`);
    if (summary.inputTokens || summary.outputTokens) head.push(`tokens=${summary.inputTokens}in/${summary.outputTokens}out`);
    if (summary.costUsd) head.push(`cost=$${summary.costUsd.toFixed(4)}`);
    if (summary.errorCount) head.push(`errors=${summary.errorCount}`);
    out.push(head.join(' · '));
  }

  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, NormalizedSpan[]>();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) && s.parentSpanId !== s.spanId ? s.parentSpanId : '';
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(s);
  }
  const byStart = (a: NormalizedSpan, b: NormalizedSpan): number =>
    a.startTimeUnixNano.length - b.startTimeUnixNano.length || (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0);
  for (const list of children.values()) list.sort(byStart);

  const stack: Array<{ span: NormalizedSpan; depth: number }> = [];
  const push = (key: string, depth: number): void => {
    const kids = children.get(key) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth });
  };
  push('', 0);
  const seen = new Set<string>();
  let written = 0;
  while (stack.length > 0) {
    const { span, depth } = stack.pop()!;
    if (seen.has(span.spanId)) continue;
    seen.add(span.spanId);
    if (written >= maxSpans) continue;
    written++;
    const indent = '  '.repeat(depth);
    out.push(`${indent}- ${header(span)}`);
    for (const line of details(span, max)) out.push(`${indent}    ${line}`);
    push(span.spanId, depth + 1);
  }
  const omitted = spans.length - written;
  if (omitted > 0) out.push(`… ${omitted} more spans not shown`);
  return out.join('\n');
}
