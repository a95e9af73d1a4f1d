// The trace list while "in span content" is on: a progress line with a cancel button, then each matching
// trace with its matching spans and their snippets. Span content is untrusted: every piece is a text binding.
import { html, nothing, type TemplateResult } from 'lit';
import type { ContentSearchHit } from '../../src/protocol/messages';
import { highlightSplit, progressText, type ContentMatchGroup, type ContentResults } from '../model/contentSearch';
import { formatClock } from '../model/format';
import { kindIcon } from './icons';

export interface ContentResultsProps {
  results: ContentResults;
  /** Open the trace, with this span selected (null: the trace row itself). */
  onOpen(traceId: string, spanId: string | null): void;
  onCancel(): void;
}

function snippetText(snippet: string, text: string): TemplateResult {
  const split = highlightSplit(snippet, text);
  return split
    ? html`${split.before}<mark>${split.hit}</mark>${split.after}`
    : html`${snippet}`;
}

function activate(open: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key === 'Enter') open();
  };
}

function matchRow(hit: ContentSearchHit, text: string, onOpen: ContentResultsProps['onOpen']): TemplateResult {
  const open = (): void => onOpen(hit.traceId, hit.spanId);
  return html`<div class="content-match" role="listitem" tabindex="0" data-trace-id=${hit.traceId} data-span-id=${hit.spanId}
      title="Open the trace at this span" @click=${open} @keydown=${activate(open)}>
    <div class="match-name"><span class="codicon codicon-${kindIcon(hit.kind)}"></span><span class="span-name">${hit.name}</span></div>
    <div class="snippet muted">${snippetText(hit.snippet, text)}</div>
  </div>`;
}

function groupBlock(group: ContentMatchGroup, text: string, onOpen: ContentResultsProps['onOpen']): TemplateResult {
  const t = group.trace;
  const open = (): void => onOpen(group.traceId, null);
  return html`<div class="content-group" data-trace-id=${group.traceId}>
    <div class="content-trace ${t && t.errorCount > 0 ? 'has-error' : ''}" role="listitem" tabindex="0"
        @click=${open} @keydown=${activate(open)}>
      <span class="root-name">${t ? t.rootName ?? '(no root span)' : group.traceId}</span>
      ${t?.service ? html`<span class="service muted">${t.service}</span>` : nothing}
      <span class="spacer"></span>
      ${t ? html`<span class="muted">${formatClock(t.startTimeUnixNano)}</span>` : nothing}
    </div>
    ${group.hits.map((hit) => matchRow(hit, text, onOpen))}
  </div>`;
}

export function renderContentResults(p: ContentResultsProps): TemplateResult {
  const r = p.results;
  const searching = r.phase === 'running' || r.phase === 'typing';
  return html`<div class="content-progress" role="status">
      <span class="progress-text muted">${progressText(r)}</span>
      ${searching ? html`<vscode-button secondary class="cancel-search" @click=${p.onCancel}>Cancel</vscode-button>` : nothing}
    </div>
    ${r.error ? html`<div class="error-text">${r.error}</div>` : nothing}
    ${r.groups.length === 0 && !searching && !r.error
      ? html`<div class="empty muted">No span content contains “${r.text}”.</div>`
      : r.groups.map((g) => groupBlock(g, r.text, p.onOpen))}`;
}
