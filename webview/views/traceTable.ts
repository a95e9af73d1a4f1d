// The wide layout of a trace (an editor tab): the span tree as a table with labelled columns (duration,
// tokens, cost, status) and the waterfall on a time axis across the rest of the width. The boundary between
// the table and the waterfall is a sash; its position is the caller's (remembered in the webview state).
import { html, nothing, type TemplateResult } from 'lit';
import '../components/timeAxis';
import { formatCost, formatDuration, formatTokens } from '../model/format';
import type { FlatRow } from '../model/tree';
import type { ColumnSpec } from '../model/columns';
import { fitColumns } from './fitColumns';
import { styleProps } from './styleProps';
import { TREE_ROW_HEIGHT, ghostLabel, renderTraceHeader, rowFrame, rowKey, spanLabel, type TreeViewProps } from './treeView';
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

/**
 * The table's columns by how long they stay as the table narrows: the span name always (room for its indent,
 * icons and a dozen characters), then duration, status, tokens, cost; the model beside the name goes first.
 * Widths match the stylesheet's (.trace-table .col-*).
 */
export const SPAN_TABLE_COLUMNS: readonly ColumnSpec[] = [
  { key: 'name', width: 170, drop: 0 },
  { key: 'model', width: 90, drop: 5 },
  { key: 'duration', width: 60, drop: 0 },
  { key: 'tokens', width: 52, drop: 3 },
  { key: 'cost', width: 76, drop: 4 },
  { key: 'status', width: 52, drop: 2 },
];
/** Column gap and right padding of .trace-table .cells (px). */
const CELL_GAP = 6;

function row(p: TraceTableProps, r: FlatRow, i: number): TemplateResult {
  if (r.type === 'ghost') {
    return rowFrame(p, r, i, html`<div class="cells">${ghostLabel(r, INDENT)}<span class="col-duration"></span><span class="col-tokens"></span><span class="col-cost"></span><span class="status col-status">missing</span></div>`);
  }
  const s = r.span;
  const tokens = (s.inputTokens ?? 0) + (s.outputTokens ?? 0);
  return rowFrame(p, r, i, html`<div class="cells">
      ${spanLabel(p, r, { indent: INDENT, errorMark: true }, s.requestModel ? html`<span class="model muted" title=${s.requestModel}>${s.requestModel}</span>` : nothing)}
      <span class="num duration col-duration">${formatDuration(s.durationMs)}</span>
      <span class="num tokens col-tokens" title=${tokens ? `${s.inputTokens ?? 0} in / ${s.outputTokens ?? 0} out` : ''}>${tokens ? formatTokens(tokens) : ''}</span>
      <span class="num cost col-cost">${s.costUsd ? formatCost(s.costUsd) : ''}</span>
      <span class="status col-status ${s.status}" title=${s.errorType ?? ''}>${s.status === 'error'
        ? html`<span class="codicon codicon-error"></span> ${s.errorType ?? 'error'}` : STATUS_TEXT[s.status] ?? ''}</span>
    </div>`);
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
        <div class="cells" ${fitColumns(SPAN_TABLE_COLUMNS, { gap: CELL_GAP, target: (el) => el.closest('.trace-table') })}>
          <span class="label" role="columnheader">Span</span>
          <span class="num col-duration" role="columnheader">Duration</span>
          <span class="num col-tokens" role="columnheader">Tokens</span>
          <span class="num col-cost" role="columnheader">Cost</span>
          <span class="col-status" role="columnheader">Status</span>
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
