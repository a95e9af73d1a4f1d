// The span tree with waterfall bars on a shared time axis (virtualized rows).
import { html, nothing, type TemplateResult } from 'lit';
import { styleProps } from './styleProps';
import type { TraceRow } from '../../src/protocol/messages';
import '../components/timeAxis';
import { countLabel, formatClock, formatCost, formatDuration, formatTokens, nounFor } from '../model/format';
import type { FlatRow, TreeIndex } from '../model/tree';
import type { Range } from '../model/virtual';
import { kindIcon } from './icons';
import { ROOT_PENDING_TOOLTIP } from './listView';
import { renderVirtualRows } from './virtual';

export const TREE_ROW_HEIGHT = 22;
/** px per tree level in the compact tree (the editor tab's table passes its own). */
const INDENT = 12;

export interface TreeViewProps {
  summary: TraceRow | null;
  index: TreeIndex;
  rows: readonly FlatRow[];
  selectedIndex: number;
  range: Range;
  /** Null where there is nothing to go back to (an editor tab). */
  onBack: (() => void) | null;
  onToggle(spanId: string): void;
  onSelect(index: number): void;
  /** Double-click: open the code that emitted the span. */
  onOpenSource(index: number): void;
  onKey(e: KeyboardEvent): void;
  onScroll(e: Event): void;
  onExpandAll(): void;
  onCollapseAll(): void;
  onCopyText(): void;
  onExport(): void;
  /** "Compare with…": the host asks for the other trace. */
  onCompare(): void;
  /** Null where the trace already shows in an editor tab. */
  onOpenInEditor: (() => void) | null;
  /** "Replay…" on a model call's row. */
  onReplay?(spanId: string): void;
  /** Spans on the critical path (their waterfall bars are marked). */
  critical?: ReadonlySet<string>;
  /** Drawn under the trace's header line (cost and time bars). */
  headerExtra?: unknown;
  /** "Save as Regression Fixture". */
  onSaveFixture?(): void;
  /** A coding agent's bookkeeping spans: how many are folded away, and the toggle. */
  internals?: { hidden: number; shown: boolean; onToggle(): void };
}

export function rowKey(r: FlatRow): string {
  return r.type === 'span' ? r.span.spanId : `ghost:${r.ghost.parentSpanId ?? ''}:${r.ghost.label}`;
}

function bar(index: TreeIndex, r: FlatRow, critical?: ReadonlySet<string>): TemplateResult {
  if (r.type !== 'span' || index.totalMs <= 0) {
    return html`<div class="bar-track"><div class="bar" style=${styleProps({ left: '0%', width: '100%' })}></div></div>`;
  }
  const left = ((index.offsetMs.get(r.span.spanId) ?? 0) / index.totalMs) * 100;
  const width = Math.max(0.3, (r.span.durationMs / index.totalMs) * 100);
  return html`<div class="bar-track"><div class="bar kind-${r.span.kind} ${r.span.status === 'error' ? 'error' : ''} ${critical?.has(r.span.spanId) ? 'critical' : ''}"
    style=${styleProps({ left: `${Math.min(100, left)}%`, width: `${Math.min(100 - Math.min(100, left), width)}%` })}></div></div>`;
}

type SpanFlatRow = Extract<FlatRow, { type: 'span' }>;
type GhostFlatRow = Extract<FlatRow, { type: 'ghost' }>;

/**
 * A row of either layout: its frame (selection, expansion, clicks) around `content`, then the waterfall bar.
 * The compact tree puts the label alone in `content`, the editor tab's table puts it among its cells.
 */
export function rowFrame(p: TreeViewProps, r: FlatRow, i: number, content: TemplateResult): TemplateResult {
  if (r.type === 'ghost') {
    return html`<div class="tree-row ghost ${r.ghost.severity ?? 'warning'}" role="treeitem" aria-level=${r.depth + 1}
        title=${r.ghost.tooltip ?? ''} @click=${() => p.onSelect(i)}>
      ${content}
      <div class="bar-track"></div>
    </div>`;
  }
  const s = r.span;
  const selected = i === p.selectedIndex;
  return html`<div class="tree-row ${selected ? 'selected' : ''} ${s.status === 'error' ? 'has-error' : ''}"
      role="treeitem" aria-level=${r.depth + 1} aria-selected=${selected ? 'true' : 'false'}
      aria-expanded=${r.hasChildren ? (r.expanded ? 'true' : 'false') : nothing}
      data-span-id=${s.spanId} data-kind=${s.kind}
      @click=${() => p.onSelect(i)} @dblclick=${() => p.onOpenSource(i)}>
    ${content}
    ${bar(p.index, r, p.critical)}
  </div>`;
}

function indentStyle(r: FlatRow, indent: number): ReturnType<typeof styleProps> {
  return styleProps({ 'padding-left': `${r.depth * indent + 4}px` });
}

/** A ghost's label: where a missing span would be. */
export function ghostLabel(r: GhostFlatRow, indent = INDENT): TemplateResult {
  // "missing: X — required by contract/rule": what is missing keeps its room, the reason gives way first.
  const cut = r.ghost.label.indexOf(' — ');
  const what = cut > 0 ? r.ghost.label.slice(0, cut) : r.ghost.label;
  const why = cut > 0 ? r.ghost.label.slice(cut + 1) : '';
  return html`<div class="label" style=${indentStyle(r, indent)} title=${r.ghost.tooltip ? `${r.ghost.label}\n${r.ghost.tooltip}` : r.ghost.label}><span class="twisty"></span><span class="codicon codicon-circle-slash"></span>
    <span class="name">${what}</span>${why ? html`<span class="ghost-reason">${why}</span>` : nothing}</div>`;
}

/**
 * A span's label: the twisty, kind icon and name, its marks (an error icon where `errorMark`, orphan, redacted,
 * badges), what the layout adds (`tail`), then a model call's Replay action.
 */
export function spanLabel(
  p: TreeViewProps, r: SpanFlatRow, layout: { indent?: number; errorMark: boolean }, tail: unknown,
): TemplateResult {
  const s = r.span;
  return html`<div class="label" style=${indentStyle(r, layout.indent ?? INDENT)}>
    <span class="twisty codicon ${r.hasChildren ? (r.expanded ? 'codicon-chevron-down' : 'codicon-chevron-right') : ''}"
      @click=${(e: Event) => { e.stopPropagation(); if (r.hasChildren) p.onToggle(s.spanId); }}></span>
    <span class=${kindIcon(s.kind)} title=${s.kind}></span>
    <span class="name" title=${s.name}>${s.name}</span>
    ${layout.errorMark && s.status === 'error' ? html`<span class="codicon codicon-error error-text" title=${s.errorType ?? 'error'}></span>` : nothing}
    ${r.orphan ? html`<span class="badge warning" title="Parent span not received">orphan</span>` : nothing}
    ${s.redacted ? html`<span class="codicon codicon-shield redacted-mark" title=${`Redacted at ingest: ${s.redacted.join(', ')}`}
      aria-label="redacted"></span>` : nothing}
    ${(s.badges ?? []).map((b) => html`<span class="badge ${b.severity}" title=${b.tooltip || b.text}>${b.text}</span>`)}
    ${tail}
    ${s.kind === 'llm' && p.onReplay ? replayAction(p.onReplay, s.spanId) : nothing}
  </div>`;
}

/** A model call's row action, at the end of the label like a tree's inline actions (shown on hover and when selected). */
function replayAction(onReplay: (spanId: string) => void, spanId: string): TemplateResult {
  return html`<button class="icon-button row-action replay-action" title="Replay…" aria-label="Replay…"
    @click=${(e: Event) => { e.stopPropagation(); onReplay(spanId); }} @dblclick=${(e: Event) => e.stopPropagation()}>
    <span class="codicon codicon-debug-rerun"></span></button>`;
}

function row(p: TreeViewProps, r: FlatRow, i: number): TemplateResult {
  if (r.type === 'ghost') return rowFrame(p, r, i, ghostLabel(r));
  const s = r.span;
  const tokens = (s.inputTokens ?? 0) + (s.outputTokens ?? 0);
  return rowFrame(p, r, i, spanLabel(p, r, { errorMark: true }, html`
    <span class="spacer"></span>
    ${s.requestModel ? html`<span class="model muted">${s.requestModel}</span>` : nothing}
    ${tokens ? html`<span class="tokens muted" title=${`${s.inputTokens ?? 0} in / ${s.outputTokens ?? 0} out`}>${formatTokens(tokens)}</span>` : nothing}
    <span class="duration">${formatDuration(s.durationMs)}</span>`));
}

function axis(totalMs: number): TemplateResult {
  return html`<div class="time-axis"><div class="label"></div><atl-time-axis class="bar-track" .totalMs=${totalMs}></atl-time-axis></div>`;
}

/** The trace's toolbar and one line of totals (both layouts). */
export function renderTraceHeader(p: TreeViewProps): TemplateResult {
  const s = p.summary;
  const tokens = s ? s.inputTokens + s.outputTokens : 0;
  return html`<header class="trace-header">
      <div class="toolbar">
        ${p.onBack ? html`<vscode-toolbar-button icon="arrow-left" label="Back to traces" title="Back to traces" class="back" @click=${p.onBack}></vscode-toolbar-button>` : nothing}
        ${s?.rootPending ? html`<span class="codicon codicon-watch in-progress" title=${ROOT_PENDING_TOOLTIP} aria-label="in progress"></span>` : nothing}
        <span class="trace-title" title=${s?.rootName ?? ''}>${s?.rootName ?? '(trace)'}</span>
        <span class="spacer"></span>
        <vscode-toolbar-button icon="expand-all" label="Expand all" title="Expand all" class="expand-all" @click=${p.onExpandAll}></vscode-toolbar-button>
        <vscode-toolbar-button icon="collapse-all" label="Collapse all" title="Collapse all" @click=${p.onCollapseAll}></vscode-toolbar-button>
        <vscode-toolbar-button icon="copy" label="Copy trace as text" title="Copy trace as text" class="secondary" @click=${p.onCopyText}></vscode-toolbar-button>
        <vscode-toolbar-button icon="export" label="Export as OTLP JSON" title="Export as OTLP JSON" class="secondary" @click=${p.onExport}></vscode-toolbar-button>
        <vscode-toolbar-button icon="git-compare" label="Compare with…" title="Compare with…" class="compare-with" @click=${p.onCompare}></vscode-toolbar-button>
        ${p.onOpenInEditor ? html`<vscode-toolbar-button icon="link-external" label="Open in Editor" title="Open in Editor" class="open-in-editor" @click=${p.onOpenInEditor}></vscode-toolbar-button>` : nothing}
        ${p.onSaveFixture ? html`<vscode-toolbar-button icon="beaker" label="Save as regression fixture" title="Save as regression fixture" class="save-fixture" @click=${p.onSaveFixture}></vscode-toolbar-button>` : nothing}
      </div>
      ${s ? html`<div class="trace-meta muted">
        ${(s.badges ?? []).map((b) => html`<span class="badge ${b.severity}" title=${b.tooltip || b.text}>${b.text}</span>`)}
        <span>${formatClock(s.startTimeUnixNano)}</span>
        ${s.service ? html`<span>${s.service}</span>` : nothing}
        ${s.workloadId ? html`<span>${s.workloadId}</span>` : nothing}
        <span>${formatDuration(s.durationMs)}</span>
        <span>${countLabel(s.spanCount, 'span')}</span>
        ${tokens ? html`<span>${formatTokens(tokens)} ${nounFor(tokens, 'token')}</span>` : nothing}
        ${s.costUsd ? html`<span>${formatCost(s.costUsd)}</span>` : nothing}
        ${s.errorCount ? html`<span class="error-text">${countLabel(s.errorCount, 'error')}</span>` : nothing}
      </div>` : nothing}
      ${p.internals ? html`<div class="agent-internals muted">
        ${p.internals.shown ? 'Showing the agent\'s internal spans.' : `${countLabel(p.internals.hidden, 'internal span')} of the agent folded away.`}
        <a href="#" class="toggle-internals" @click=${(e: Event) => { e.preventDefault(); p.internals!.onToggle(); }}>${p.internals.shown ? 'Fold them' : 'Show them'}</a>
      </div>` : nothing}
      ${p.headerExtra ?? nothing}
    </header>`;
}

/** The compact layout (the side bar): name, model, tokens and duration share one column beside a narrow waterfall. */
export function renderTreeView(p: TreeViewProps): TemplateResult {
  return html`${renderTraceHeader(p)}
    ${axis(p.index.totalMs)}
    <div class="span-tree scroller" role="tree" tabindex="0" aria-label="Span tree" @keydown=${p.onKey} @scroll=${p.onScroll}>
      ${renderVirtualRows(p.rows, p.range, TREE_ROW_HEIGHT, rowKey, (r, i) => row(p, r, i))}
    </div>`;
}
