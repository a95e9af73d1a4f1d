// The spans one source line emitted (a CodeLens click): newest first, each opens its trace.
import { html, nothing, type TemplateResult } from 'lit';
import type { SpanStructure } from '../../src/core/model/store-types';
import type { CodeSpanFilter } from '../../src/protocol/messages';
import { codeLabel } from '../model/codeLocation';
import { countLabel, formatClock, formatCount, formatDuration, formatTokens } from '../model/format';
import type { Range } from '../model/virtual';
import { kindIcon } from './icons';
import { renderVirtualRows } from './virtual';

export const CODE_SPAN_ROW_HEIGHT = 24;

export interface CodeSpansViewProps {
  filter: CodeSpanFilter;
  spans: readonly SpanStructure[] | null;
  truncated: boolean;
  error: string | null;
  range: Range;
  onBack(): void;
  onOpen(span: SpanStructure): void;
  onScroll(e: Event): void;
}

function row(s: SpanStructure, onOpen: (s: SpanStructure) => void): TemplateResult {
  const tokens = (s.inputTokens ?? 0) + (s.outputTokens ?? 0);
  return html`<div class="code-span-row ${s.status === 'error' ? 'has-error' : ''}" role="listitem" tabindex="0"
      data-trace-id=${s.traceId} data-span-id=${s.spanId} title="Open this span's trace"
      @click=${() => onOpen(s)} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') onOpen(s); }}>
    <span class=${kindIcon(s.kind)}></span>
    <span class="when">${formatClock(s.startTimeUnixNano)}</span>
    ${s.status === 'error' ? html`<span class="codicon codicon-error error-text" title=${s.errorType ?? 'error'}></span>` : nothing}
    <span class="spacer"></span>
    ${s.requestModel ? html`<span class="muted">${s.requestModel}</span>` : nothing}
    ${tokens ? html`<span class="muted">${formatTokens(tokens)} tok</span>` : nothing}
    <span class="duration">${formatDuration(s.durationMs)}</span>
  </div>`;
}

export function renderCodeSpansView(p: CodeSpansViewProps): TemplateResult {
  const spans = p.spans;
  const errors = spans ? spans.filter((s) => s.status === 'error').length : 0;
  const files = p.filter.codeFiles.join('\n');
  return html`<section class="code-spans-view">
    <header class="trace-header">
      <div class="toolbar">
        <vscode-toolbar-button icon="arrow-left" label="Back to traces" title="Back to traces" class="back" @click=${p.onBack}></vscode-toolbar-button>
        <span class="trace-title code-span-name" title=${p.filter.spanName}>${p.filter.spanName}</span>
      </div>
      <div class="trace-meta muted">
        <span class="code-location" title=${files}><span class="codicon codicon-file-code"></span> ${codeLabel(p.filter)}</span>
        ${spans ? html`<span class="code-span-count">${p.truncated ? `${formatCount(spans.length)}+ spans` : countLabel(spans.length, 'span')}</span>` : nothing}
        ${errors ? html`<span class="error-text">${countLabel(errors, 'error')}</span>` : nothing}
      </div>
    </header>
    ${p.error ? html`<div class="error-text empty">${p.error}</div>` : nothing}
    <div class="code-span-list scroller" role="list" @scroll=${p.onScroll}>
      ${spans === null ? html`<div class="empty muted">Loading…</div>`
        : spans.length === 0 ? html`<div class="empty muted">No stored span matches this line any more.</div>`
        : renderVirtualRows(spans, p.range, CODE_SPAN_ROW_HEIGHT, (s) => `${s.traceId}/${s.spanId}`, (s) => row(s, p.onOpen))}
    </div>
  </section>`;
}
