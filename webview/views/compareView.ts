// Two traces side by side: one row per aligned span (durations, delta, tokens), and the attribute
// differences of the selected row. Span content is untrusted: everything is rendered as text.
import { html, nothing, type TemplateResult } from 'lit';
import type { AttributeDiff, CompareRow } from '../../src/core/compare';
import type { TraceComparisonResult, TraceRow } from '../../src/protocol/messages';
import {
  compareRowKey, deltaTone, formatDurationDelta, formatTokenDelta, sideLabel, statusChangeLabel,
} from '../model/compare';
import { countLabel, formatClock, formatCount, formatDuration, formatTokens, nounFor } from '../model/format';
import type { Range } from '../model/virtual';
import { kindIcon } from './icons';
import { styleProps } from './styleProps';
import { renderVirtualRows } from './virtual';

export const COMPARE_ROW_HEIGHT = 22;
const INDENT = 12;

export interface CompareViewProps {
  result: TraceComparisonResult | null;
  error: string | null;
  rows: readonly CompareRow[];
  differencesOnly: boolean;
  selectedIndex: number;
  range: Range;
  diff: AttributeDiff | null;
  diffLoading: boolean;
  onBack(): void;
  onSwap(): void;
  onToggleDifferences(): void;
  onSelect(index: number): void;
  onKey(e: KeyboardEvent): void;
  onScroll(e: Event): void;
}

function side(label: 'A' | 'B', t: TraceRow | null): TemplateResult {
  if (!t) return html`<div class="compare-side" data-side=${label}><span class="side-tag">${label}</span> <span class="muted">(trace not found)</span></div>`;
  const tokens = t.inputTokens + t.outputTokens;
  return html`<div class="compare-side" data-side=${label} data-trace-id=${t.traceId}>
    <span class="side-tag">${label}</span>
    <span class="trace-title" title=${t.rootName ?? ''}>${t.rootName ?? '(no root span)'}</span>
    <span class="trace-meta muted">
      <span>${formatClock(t.startTimeUnixNano)}</span>
      <span>${formatDuration(t.durationMs)}</span>
      <span>${countLabel(t.spanCount, 'span')}</span>
      ${tokens ? html`<span>${formatTokens(tokens)} ${nounFor(tokens, 'token')}</span>` : nothing}
      ${t.errorCount ? html`<span class="error-text">${countLabel(t.errorCount, 'error')}</span>` : nothing}
    </span>
  </div>`;
}

function counts(r: TraceComparisonResult): TemplateResult {
  const parts = [
    countLabel(r.totalRows, 'aligned span'),
    `${formatCount(r.onlyInA)} only in A`,
    `${formatCount(r.onlyInB)} only in B`,
    countLabel(r.statusChanges, 'status change'),
  ];
  return html`<div class="compare-counts muted">${parts.join(' · ')}</div>`;
}

function tokensCell(r: CompareRow): TemplateResult {
  if (r.aTokens === null && r.bTokens === null) return html`<span class="num tokens"></span>`;
  const delta = formatTokenDelta(r.tokenDelta);
  return html`<span class="num tokens" title=${`${r.aTokens ?? '–'} / ${r.bTokens ?? '–'} tokens`}>
    ${r.side === 'b' ? '–' : formatTokens(r.aTokens ?? 0)}/${r.side === 'a' ? '–' : formatTokens(r.bTokens ?? 0)}${delta ? html` <span class="delta tone-${r.tokenDelta! > 0 ? 'slower' : 'faster'}">${delta}</span>` : nothing}
  </span>`;
}

function row(p: CompareViewProps, r: CompareRow, i: number): TemplateResult {
  const selected = i === p.selectedIndex;
  const only = sideLabel(r);
  const status = statusChangeLabel(r);
  return html`<div class="compare-row side-${r.side} ${selected ? 'selected' : ''} ${status ? 'status-changed' : ''}"
      role="row" aria-level=${r.depth + 1} aria-selected=${selected ? 'true' : 'false'}
      data-name=${r.name} data-side=${r.side} data-kind=${r.kind} @click=${() => p.onSelect(i)}>
    <div class="label" style=${styleProps({ 'padding-left': `${r.depth * INDENT + 4}px` })}>
      <span class=${kindIcon(r.kind)} title=${r.kind}></span>
      <span class="name" title=${r.name}>${r.name}</span>
      ${status ? html`<span class="badge status-change ${r.bStatus === 'error' ? 'error' : 'info'}" title="Status changed from A to B">${status}</span>` : nothing}
    </div>
    <span class="num a-duration">${formatDuration(r.aDurationMs)}</span>
    <span class="num b-duration">${formatDuration(r.bDurationMs)}</span>
    ${only
      // A one-sided row has no delta: its mark takes that column, so a narrow panel does not squeeze the name.
      ? html`<span class="num delta"><span class="badge only only-${r.side}">${only}</span></span>`
      : html`<span class="num delta tone-${deltaTone(r)}">${formatDurationDelta(r.durationDeltaMs)}</span>`}
    ${tokensCell(r)}
  </div>`;
}

function diffTable(p: CompareViewProps, r: CompareRow | undefined): TemplateResult {
  if (!r) return html`<div class="compare-details muted empty">Select a row to see how its attributes differ.</div>`;
  const d = p.diff;
  const body = p.diffLoading && !d ? html`<div class="muted">Loading attributes…</div>`
    : !d ? html`<div class="muted">Could not load the attributes.</div>`
    : d.entries.length === 0 ? html`<div class="muted no-attr-diff">The attributes are the same (${countLabel(d.unchanged, 'key')}).</div>`
    : html`<table class="kv attr-diff">
        <thead><tr><th>key</th><th>A</th><th>B</th></tr></thead>
        <tbody>${d.entries.map((e) => html`<tr class="change-${e.change}" data-key=${e.key}>
          <th title=${e.key}>${e.key}</th>
          <td class="value-a">${e.a ?? html`<span class="muted">(absent)</span>`}</td>
          <td class="value-b">${e.b ?? html`<span class="muted">(absent)</span>`}</td>
        </tr>`)}</tbody>
      </table>
      ${d.unchanged ? html`<div class="muted">${countLabel(d.unchanged, 'other key')} the same.</div>` : nothing}`;
  return html`<section class="compare-details" data-a=${r.a ?? ''} data-b=${r.b ?? ''}>
    <div class="details-title"><span class=${kindIcon(r.kind)}></span> <strong class="span-name">${r.name}</strong>
      <span class="muted">attribute differences</span></div>
    ${body}
  </section>`;
}

export function renderCompareView(p: CompareViewProps): TemplateResult {
  const res = p.result;
  const header = html`<header class="trace-header compare-header">
    <div class="toolbar">
      <vscode-toolbar-button icon="arrow-left" label="Back to trace A" title="Back to trace A" class="back" @click=${p.onBack}></vscode-toolbar-button>
      <span class="trace-title">Compare traces</span>
      <span class="spacer"></span>
      <vscode-toolbar-button icon="filter" label="Differences only" title="Differences only" class="differences-only"
        toggleable .checked=${p.differencesOnly} @click=${p.onToggleDifferences}></vscode-toolbar-button>
      <vscode-toolbar-button icon="arrow-swap" label="Swap A and B" title="Swap A and B" class="swap" @click=${p.onSwap}></vscode-toolbar-button>
    </div>
    ${res ? html`${side('A', res.a)}${side('B', res.b)}${counts(res)}` : nothing}
  </header>`;
  if (p.error) return html`${header}<div class="empty error-text">${p.error}</div>`;
  if (!res) return html`${header}<div class="muted empty">Comparing…</div>`;
  const capped = res.totalRows > res.rows.length
    ? html`<div class="compare-note muted">Showing the first ${formatCount(res.rows.length)} of ${formatCount(res.totalRows)} aligned spans.</div>` : nothing;
  return html`${header}
    <vscode-split-layout class="trace-split" split="horizontal" initial-handle-position="60%" min-start="80px" min-end="60px">
      <div slot="start" class="tree-pane">
        <div class="compare-row compare-columns muted" aria-hidden="true">
          <div class="label">span</div><span class="num">A</span><span class="num">B</span><span class="num">Δ</span><span class="num tokens">tokens A/B</span>
        </div>
        <div class="compare-rows scroller" role="grid" tabindex="0" aria-label="Aligned spans" @keydown=${p.onKey} @scroll=${p.onScroll}>
          ${p.rows.length === 0 ? html`<div class="muted empty">${p.differencesOnly ? 'No differences.' : 'No spans.'}</div>`
            : renderVirtualRows(p.rows, p.range, COMPARE_ROW_HEIGHT, compareRowKey, (r, i) => row(p, r, i))}
        </div>
        ${capped}
      </div>
      <div slot="end" class="details-pane">${diffTable(p, p.rows[p.selectedIndex])}</div>
    </vscode-split-layout>`;
}
