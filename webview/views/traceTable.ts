// The wide layout of a trace (an editor tab): the span tree as a table with labelled columns (duration,
// tokens, cost, status) and the waterfall on a time axis across the rest of the width. The boundary between
// the table and the waterfall is a sash; its position is the caller's (remembered in the webview state).
import { html, nothing, type TemplateResult } from 'lit';
import '../components/timeAxis';
import { formatCost, formatDuration, formatTokens } from '../model/format';
import type { FlatRow } from '../model/tree';
import { kindIcon } from './icons';
import { styleProps } from './styleProps';
import { TREE_ROW_HEIGHT, bar, renderTraceHeader, rowKey, type TreeViewProps } from './treeView';
import { renderVirtualRows } from './virtual';

const INDENT = 14;
/** The table's narrowest width (px) and its width until the sash is moved; the waterfall keeps at least MIN_WATERFALL. */
export const MIN_TABLE_WIDTH = 340;
export const DEFAULT_TABLE_WIDTH = 'clamp(340px, 58%, 720px)';
const MIN_WATERFALL = 120;

export interface TraceTableProps extends TreeViewProps {
  /** A CSS width: px once the sash was moved, else DEFAULT_TABLE_WIDTH. */
  tableWidth: string;
  /** The sash moved to `px` (null: back to the default; done: the drag ended, remember it). */
  onTableWidth(px: number | null, done: boolean): void;
}

/** The table width kept inside the pane: the waterfall never vanishes, the table never collapses. */
export function clampTableWidth(px: number, paneWidth: number): number {
  const max = Math.max(MIN_TABLE_WIDTH, paneWidth - MIN_WATERFALL);
  return Math.round(Math.min(max, Math.max(MIN_TABLE_WIDTH, px)));
}

const STATUS_TEXT: Record<string, string> = { ok: 'ok', error: 'error', unset: '' };

function row(p: TraceTableProps, r: FlatRow, i: number): TemplateResult {
  const indent = styleProps({ 'padding-left': `${r.depth * INDENT + 4}px` });
  if (r.type === 'ghost') {
    return html`<div class="tree-row ghost ${r.ghost.severity ?? 'warning'}" role="treeitem" aria-level=${r.depth + 1}
        title=${r.ghost.tooltip ?? ''} @click=${() => p.onSelect(i)}>
      <div class="cells"><div class="label" style=${indent}><span class="twisty"></span><span class="codicon codicon-circle-slash"></span>
        <span class="name">${r.ghost.label}</span></div><span></span><span></span><span></span><span class="status">missing</span></div>
      <div class="bar-track"></div>
    </div>`;
  }
  const s = r.span;
  const tokens = (s.inputTokens ?? 0) + (s.outputTokens ?? 0);
  const selected = i === p.selectedIndex;
  return html`<div class="tree-row ${selected ? 'selected' : ''} ${s.status === 'error' ? 'has-error' : ''}"
      role="treeitem" aria-level=${r.depth + 1} aria-selected=${selected ? 'true' : 'false'}
      aria-expanded=${r.hasChildren ? (r.expanded ? 'true' : 'false') : nothing}
      data-span-id=${s.spanId} data-kind=${s.kind}
      @click=${() => p.onSelect(i)} @dblclick=${() => p.onOpenSource(i)}>
    <div class="cells">
      <div class="label" style=${indent}>
        <span class="twisty codicon ${r.hasChildren ? (r.expanded ? 'codicon-chevron-down' : 'codicon-chevron-right') : ''}"
          @click=${(e: Event) => { e.stopPropagation(); if (r.hasChildren) p.onToggle(s.spanId); }}></span>
        <span class=${kindIcon(s.kind)} title=${s.kind}></span>
        <span class="name" title=${s.name}>${s.name}</span>
        ${r.orphan ? html`<span class="badge warning" title="Parent span not received">orphan</span>` : nothing}
        ${s.redacted ? html`<span class="codicon codicon-shield redacted-mark" title=${`Redacted at ingest: ${s.redacted.join(', ')}`}
          aria-label="redacted"></span>` : nothing}
        ${(s.badges ?? []).map((b) => html`<span class="badge ${b.severity}" title=${b.tooltip ?? ''}>${b.text}</span>`)}
        ${s.requestModel ? html`<span class="model muted">${s.requestModel}</span>` : nothing}
      </div>
      <span class="num duration">${formatDuration(s.durationMs)}</span>
      <span class="num tokens" title=${tokens ? `${s.inputTokens ?? 0} in / ${s.outputTokens ?? 0} out` : ''}>${tokens ? formatTokens(tokens) : ''}</span>
      <span class="num cost">${s.costUsd ? formatCost(s.costUsd) : ''}</span>
      <span class="status ${s.status}" title=${s.errorType ?? ''}>${s.status === 'error'
        ? html`<span class="codicon codicon-error"></span> ${s.errorType ?? 'error'}` : STATUS_TEXT[s.status] ?? ''}</span>
    </div>
    ${bar(p.index, r, p.critical)}
  </div>`;
}

/** Drag the sash: the width follows the pointer and is reported when the drag ends. */
function startDrag(p: TraceTableProps, e: PointerEvent): void {
  const sash = e.currentTarget as HTMLElement;
  const table = sash.closest<HTMLElement>('.trace-table');
  if (!table) return;
  e.preventDefault();
  sash.setPointerCapture(e.pointerId);
  const left = table.getBoundingClientRect().left;
  const paneWidth = table.clientWidth;
  let width = clampTableWidth(sash.getBoundingClientRect().left + sash.offsetWidth / 2 - left, paneWidth);
  const move = (ev: PointerEvent): void => {
    width = clampTableWidth(ev.clientX - left, paneWidth);
    table.style.setProperty('--table-width', `${width}px`);
    p.onTableWidth(width, false);
  };
  const up = (): void => {
    sash.removeEventListener('pointermove', move);
    sash.removeEventListener('pointerup', up);
    sash.removeEventListener('pointercancel', up);
    p.onTableWidth(width, true);
  };
  sash.addEventListener('pointermove', move);
  sash.addEventListener('pointerup', up);
  sash.addEventListener('pointercancel', up);
}

export function renderTraceTable(p: TraceTableProps): TemplateResult {
  return html`${renderTraceHeader(p)}
    <div class="trace-table" style=${styleProps({ '--table-width': p.tableWidth })}>
      <div class="table-header" role="row">
        <div class="cells">
          <span class="label" role="columnheader">Span</span>
          <span class="num" role="columnheader">Duration</span>
          <span class="num" role="columnheader">Tokens</span>
          <span class="num" role="columnheader">Cost</span>
          <span role="columnheader">Status</span>
        </div>
        <atl-time-axis class="bar-track" role="columnheader" aria-label="Time" .totalMs=${p.index.totalMs}></atl-time-axis>
      </div>
      <div class="column-sash" role="separator" aria-orientation="vertical" aria-label="Resize the span table"
        title="Drag to resize; double-click to reset"
        @pointerdown=${(e: PointerEvent) => startDrag(p, e)}
        @dblclick=${() => p.onTableWidth(null, true)}></div>
      <div class="span-tree scroller" role="tree" tabindex="0" aria-label="Span tree" @keydown=${p.onKey} @scroll=${p.onScroll}>
        ${renderVirtualRows(p.rows, p.range, TREE_ROW_HEIGHT, rowKey, (r, i) => row(p, r, i))}
      </div>
    </div>`;
}
