// A hover on a line that emitted spans: the latest span's summary.
import * as vscode from 'vscode';
import { formatCompactCount, formatDurationMs, formatLensTitle } from '../../core/links/lens-text';
import type { NormalizedSpan } from '../../core/model/types';
import type { CodeStatsIndex } from './code-stats-index';
import type { LinksStore } from '../../core/store/views';

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

function ago(startNanos: string): string {
  const ms = Date.now() - Number(BigInt(startNanos) / 1_000_000n);
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h ago`;
  return `${Math.round(ms / 86_400_000)} d ago`;
}

export function spanSummaryMarkdown(span: NormalizedSpan): string {
  const lines = [`**${escape(span.name)}** · ${span.kind} · ${span.status} · ${formatDurationMs(span.durationMs)} · ${ago(span.startTimeUnixNano)}`];
  const model = span.responseModel ?? span.requestModel;
  const tokens = (span.inputTokens ?? 0) + (span.outputTokens ?? 0);
  const facts = [
    model ? `model ${escape(model)}` : null,
    tokens > 0 ? `${formatCompactCount(tokens)} tokens (${span.inputTokens ?? 0} in / ${span.outputTokens ?? 0} out)` : null,
    span.toolName ? `tool ${escape(span.toolName)}` : null,
    span.promptName ? `prompt ${escape(span.promptName)}${span.promptVersion ? ` ${escape(span.promptVersion)}` : ''}` : null,
  ].filter((f): f is string => f !== null);
  if (facts.length > 0) lines.push(facts.join(' · '));
  if (span.status === 'error') lines.push(`Error: ${escape(span.errorType ?? '')} ${escape(span.statusMessage ?? '')}`.trim());
  return lines.join('\n\n');
}

export class SpanHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly index: CodeStatsIndex,
    private readonly store: () => LinksStore | null,
    private readonly enabled: () => boolean,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!this.enabled()) return undefined;
    const stats = (await this.index.forFile(document.uri))?.byLine.get(position.line + 1);
    const store = this.store();
    if (!stats || stats.length === 0 || !store) return undefined;
    const latest = stats.reduce((a, b) => (BigInt(b.latest.startTimeUnixNano) > BigInt(a.latest.startTimeUnixNano) ? b : a));
    const span = await store.getSpan(latest.latest.traceId, latest.latest.spanId);
    const md = new vscode.MarkdownString(stats.map((s) => escape(formatLensTitle(s))).join('  \n'));
    if (span) md.appendMarkdown(`\n\n---\n\nLatest: ${spanSummaryMarkdown(span)}`);
    return new vscode.Hover(md, document.lineAt(position.line).range);
  }
}
