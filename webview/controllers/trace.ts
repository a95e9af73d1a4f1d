// The trace view: fetches the trace's structure, keeps the tree's expansion, selection and scroll, loads the
// selected span's details (and its prompt's status), and refetches when the trace grows or its badges change.
import { html } from 'lit';
import type { NormalizedSpan } from '../../src/core/model/types';
import {
  CopyText, CopyTraceText, DiffPrompt, ExportTrace, GetPromptStatus, GetSpan, GetTrace, GetTracePreview, GetTraceSummary, OpenPrompt,
  OpenSource, PickComparison, SaveTraceFixture, SpanSelected, type ActionResult, type PromptStatus, type SpanRef, type TraceRow,
  type TracePreviewWire, type TreeSpan,
} from '../../src/protocol/messages';
import { fromWire, unpackStructure } from '../../src/protocol/structure-codec';
import { isTreeKey, treeKey } from '../model/keyboard';
import { foldAgentInternals, foldsInternals } from '../model/agentInternals';
import { allParents, ancestorsOf, buildTreeIndex, flattenTree, initialCollapsed, type FlatRow, type TreeIndex } from '../model/tree';
import { scrollIntoView, visibleRange } from '../model/virtual';
import { renderDetails } from '../views/details';
import { DEFAULT_TABLE_WIDTH, renderTraceTable } from '../views/traceTable';
import { TREE_ROW_HEIGHT, renderTreeView, type TreeViewProps } from '../views/treeView';
import type { TraceInsightsController } from './traceInsights';
import { ScrollPort, type SendNotification, type SendRequest, type StoreChange, type ViewController } from './view';

export interface OpenTrace {
  traceId: string;
  summary: TraceRow | null;
  index: TreeIndex;
  collapsed: Set<string>;
  rows: FlatRow[];
  selected: number;
  /** Set while only the preview of a big trace shows: the whole trace's span count. */
  previewOf?: number;
  /** A coding agent's bookkeeping spans folded out of the tree (0 or absent: nothing hidden). */
  hiddenInternals?: number;
}

/** Expand or collapse asked for while a preview shows: done on the whole tree once it arrives. */
type PendingExpansion = (collapsed: Set<string>, index: TreeIndex) => Set<string>;

export interface TraceHost {
  requestUpdate(): void;
  requestFrame(): void;
  /** The selected span changed: the app records it in the route (and saves the UI state). */
  selectSpanInRoute(spanId: string): void;
  /** The trace is gone (cleared or evicted). */
  notFound(message: string): void;
  /** "Back", when the view has somewhere to go back to. */
  backAction(): (() => void) | null;
  /** Show an action's message (or its error). */
  run(action: Promise<ActionResult>): Promise<void>;
  /** "Replay…" on a model call: its Replay tab. */
  openReplay(ref: SpanRef): void;
  /** The details pane's tab (kept across traces). */
  detailsTab(): number;
  setDetailsTab(tab: number): void;
  /** "Open in Editor" in the trace header; null where the trace already shows in an editor tab. */
  openInEditor: ((traceId: string) => void) | null;
  /** A remembered splitter position by name (px or %), and remembering one. */
  split(name: string): string | undefined;
  /** Null forgets it (the default applies again). */
  setSplit(name: string, value: string | null): void;
}

/** Compact: the side bar (tree above details). Wide: an editor tab (span table and waterfall beside details). */
export type TraceLayout = 'compact' | 'wide';

interface SplitChange {
  detail: { position: number; positionInPercentage: number };
}

export class TraceController implements ViewController<{ view: 'trace'; traceId: string; spanId: string | null }> {
  private trace: OpenTrace | null = null;
  /** Why no trace shows (it is gone); null while loading or shown. */
  private missing: string | null = null;
  /** Coding agents' bookkeeping spans shown (folded by default). */
  private showInternals = false;
  private span: NormalizedSpan | null = null;
  private spanLoading = false;
  private promptStatus: PromptStatus | null = null;
  private attrSearch = '';
  /** Bumped by every open and by leave: answers for an earlier trace are dropped. */
  private traceSeq = 0;
  private spanSeq = 0;
  private lastSelected: string | null = null;
  /** How long the last open took, by phase (ms): shown on the view's element for measurements. */
  private openTimings: { preview: number | null; fetch: number; unpack: number; tree: number; spans: number } | null = null;
  private pendingExpansion: PendingExpansion[] = [];
  /** The open whose whole structure arrived (a preview answering later is dropped). */
  private wholeSeq = 0;
  /** A store change seen while a preview showed (see refresh). */
  private refreshAfterWhole: { force: boolean } | null = null;
  /** When the last open first showed rows on screen (epoch ms), and for which open: measured by the UI test. */
  private firstPaint: { seq: number; at: number } | null = null;
  readonly scroll = new ScrollPort('.span-tree');

  constructor(
    private readonly host: TraceHost, private readonly send: SendRequest, private readonly notify: SendNotification,
    private readonly layout: TraceLayout = 'compact',
    /** Where the trace's time and money went (critical path, cost and time bars, the span's cost and timing). */
    private readonly insights?: TraceInsightsController,
  ) {}

  get open(): OpenTrace | null {
    return this.trace;
  }

  get details(): NormalizedSpan | null {
    return this.span;
  }

  enter(route: { traceId: string; spanId: string | null }): void {
    this.missing = null;
    void this.load(route.traceId, route.spanId);
  }

  /** The open trace again at another span: expand its ancestors and select it, without a refetch. */
  showSpan(traceId: string, spanId: string): boolean {
    const t = this.trace;
    if (!t || t.traceId !== traceId || !t.index.spans.has(spanId)) return false;
    const collapsed = new Set(t.collapsed);
    for (const a of ancestorsOf(t.index, spanId)) collapsed.delete(a);
    this.setCollapsed(collapsed);
    this.select(t.rows.findIndex((r) => r.type === 'span' && r.span.spanId === spanId));
    return true;
  }

  leave(): void {
    this.traceSeq++;
    this.spanSeq++;
    this.trace = null;
    this.span = null;
    this.spanLoading = false;
    this.promptStatus = null;
    this.setSpan(null);
    this.insights?.traceClosed();
  }

  storeChanged(change: StoreChange): void {
    if (this.trace) void this.refresh(change.decorations);
  }

  // ---- requests -----------------------------------------------------------------------------

  private async load(traceId: string, spanId: string | null): Promise<void> {
    const seq = ++this.traceSeq;
    const t0 = performance.now();
    let previewMs: number | null = null;
    this.pendingExpansion = [];
    this.refreshAfterWhole = null;
    // A big trace paints its first screen from a preview while the whole structure is read, unless the span
    // asked for lies deeper than the preview reaches. Asked first: the store answers in order.
    void this.send(GetTracePreview, { traceId }).then((preview) => {
      if (!preview || seq !== this.traceSeq || this.wholeSeq === seq) return;
      if (spanId && !preview.spans.some((s) => s.spanId === spanId)) return;
      previewMs = performance.now() - t0;
      this.showPreview(traceId, preview, spanId);
    }, () => undefined);
    const detail = await this.send(GetTrace, { traceId }).catch(() => null);
    if (seq !== this.traceSeq) return;
    this.wholeSeq = seq;
    const t1 = performance.now();
    const spans = detail ? unpackStructure(fromWire(detail.packed)) : [];
    const t2 = performance.now();
    if (!detail || spans.length === 0) {
      this.missing = 'Trace not found (it may have been cleared).';
      this.trace = null;
      this.host.notFound(this.missing);
      this.host.requestUpdate();
      return;
    }
    const folded = this.folded(spans);
    const index = buildTreeIndex(folded.spans, detail.ghosts);
    const preview = this.trace?.traceId === traceId && this.trace.previewOf !== undefined ? this.trace : null;
    let collapsed = initialCollapsed(index);
    for (const change of this.pendingExpansion) collapsed = change(collapsed, index);
    this.pendingExpansion = [];
    const selectedId = preview ? this.selectedSpanId() : null;
    const target = selectedId ?? (spanId && index.spans.has(spanId) ? spanId : (index.children.get('')?.[0]?.spanId ?? null));
    if (target) for (const a of ancestorsOf(index, target)) collapsed.delete(a);
    const rows = flattenTree(index, collapsed);
    this.openTimings = { preview: previewMs, fetch: t1 - t0, unpack: t2 - t1, tree: performance.now() - t2, spans: spans.length };
    this.trace = { traceId, summary: detail.summary, index, collapsed, rows, selected: -1, hiddenInternals: folded.hidden };
    this.insights?.traceShown(traceId, index, detail.summary?.costUsd ?? null);
    if (preview && selectedId) {
      // The preview's rows are the whole tree's first rows: the selection and the scroll stay where they are.
      this.trace.selected = rows.findIndex((r) => r.type === 'span' && r.span.spanId === selectedId);
    } else {
      this.scroll.top = 0;
      this.scroll.jump(0);
      if (target) this.select(rows.findIndex((r) => r.type === 'span' && r.span.spanId === target));
    }
    this.host.requestUpdate();
    this.markFirstPaint();
    const again = this.refreshAfterWhole as { force: boolean } | null; // set by refresh() while awaiting
    this.refreshAfterWhole = null;
    if (again) void this.refresh(again.force);
  }

  /** A coding agent's trace without its bookkeeping spans, unless the user asked to see them. */
  private folded(spans: TreeSpan[]): { spans: TreeSpan[]; hidden: number } {
    if (this.showInternals || !foldsInternals(spans)) return { spans, hidden: 0 };
    return foldAgentInternals(spans);
  }

  /** Show or fold the agent's internals: the open trace is read again with the new choice. */
  toggleInternals(): void {
    this.showInternals = !this.showInternals;
    void this.refresh(true);
  }

  /** The first screen of a big trace, until the whole structure arrives (see load). */
  private showPreview(traceId: string, preview: TracePreviewWire, spanId: string | null): void {
    const index = buildTreeIndex(preview.spans, [], preview.childCounts);
    const collapsed = initialCollapsed(index, undefined, undefined, preview.spanCount);
    const target = spanId ?? index.children.get('')?.[0]?.spanId ?? null;
    if (target) for (const a of ancestorsOf(index, target)) collapsed.delete(a);
    const rows = flattenTree(index, collapsed);
    this.trace = { traceId, summary: preview.summary, index, collapsed, rows, selected: -1, previewOf: preview.spanCount };
    this.scroll.top = 0;
    this.scroll.jump(0);
    if (target) this.select(rows.findIndex((r) => r.type === 'span' && r.span.spanId === target));
    this.host.requestUpdate();
    this.markFirstPaint();
  }

  /** Two frames after the rows render: they are on screen by then (none in plain Node, where tests run). */
  private markFirstPaint(): void {
    const seq = this.traceSeq;
    if (this.firstPaint?.seq === seq || typeof requestAnimationFrame !== 'function') return;
    this.firstPaint = { seq, at: 0 };
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (this.firstPaint?.seq !== seq) return;
      this.firstPaint.at = Date.now();
      this.host.requestUpdate();
    }));
  }

  /**
   * Refetch when the trace gained spans (a cheap summary check first: other traces' ingest must not refetch
   * a big structure) or when decorations changed; expansion and selection are kept.
   */
  private async refresh(force: boolean): Promise<void> {
    const open = this.trace;
    if (!open) return;
    if (open.previewOf !== undefined) {
      // The whole structure is on its way but may have been read before this change: look again once it is in.
      this.refreshAfterWhole = { force: force || (this.refreshAfterWhole?.force ?? false) };
      return;
    }
    const seq = this.traceSeq;
    if (!force) {
      const summary = await this.send(GetTraceSummary, { traceId: open.traceId }).catch(() => null);
      if (seq !== this.traceSeq || this.trace !== open) return;
      if (!summary || (summary.spanCount === open.index.spans.size && summary.endTimeUnixNano === open.summary?.endTimeUnixNano)) return;
    }
    const detail = await this.send(GetTrace, { traceId: open.traceId }).catch(() => null);
    if (!detail || seq !== this.traceSeq || this.trace !== open) return;
    const selectedId = this.selectedSpanId();
    const folded = this.folded(unpackStructure(fromWire(detail.packed)));
    const index = buildTreeIndex(folded.spans, detail.ghosts);
    const rows = flattenTree(index, open.collapsed);
    const selected = selectedId ? rows.findIndex((r) => r.type === 'span' && r.span.spanId === selectedId) : -1;
    this.trace = { ...open, summary: detail.summary, index, rows, selected, hiddenInternals: folded.hidden };
    this.insights?.traceShown(open.traceId, index, detail.summary?.costUsd ?? null);
    this.host.requestUpdate();
  }

  private async loadSpan(traceId: string, spanId: string): Promise<void> {
    const seq = ++this.spanSeq;
    this.spanLoading = true;
    this.host.requestUpdate();
    this.insights?.spanSelected(traceId, spanId);
    const span = await this.send(GetSpan, { traceId, spanId }).catch(() => null);
    if (seq !== this.spanSeq) return;
    this.span = span;
    this.promptStatus = null;
    this.spanLoading = false;
    this.host.requestUpdate();
    if (span?.promptName) {
      // Resolving the prompt reads files and git history: the details show first, the status follows.
      const status = await this.send(GetPromptStatus, { traceId, spanId }).catch(() => null);
      if (seq !== this.spanSeq) return;
      this.promptStatus = status;
      this.host.requestUpdate();
    }
  }

  /** Tell the host which span is selected (the palette and keybinding forms of the span commands use it). */
  private setSpan(ref: SpanRef | null): void {
    const key = ref ? `${ref.traceId}/${ref.spanId}` : null;
    if (key === this.lastSelected) return;
    this.lastSelected = key;
    this.notify(SpanSelected, ref);
  }

  // ---- tree interaction ---------------------------------------------------------------------

  selectedSpanId(): string | null {
    const t = this.trace;
    const r = t && t.selected >= 0 ? t.rows[t.selected] : undefined;
    return r && r.type === 'span' ? r.span.spanId : null;
  }

  select(i: number): void {
    const t = this.trace;
    if (!t || i < 0 || i >= t.rows.length) return;
    t.selected = i;
    const r = t.rows[i]!;
    this.scroll.jump(scrollIntoView(i, this.scroll.top, this.scroll.height, TREE_ROW_HEIGHT));
    if (r.type === 'span') {
      this.host.selectSpanInRoute(r.span.spanId);
      this.setSpan({ traceId: t.traceId, spanId: r.span.spanId });
      if (this.span?.spanId !== r.span.spanId) void this.loadSpan(t.traceId, r.span.spanId);
    }
    this.host.requestUpdate();
  }

  private setCollapsed(collapsed: Set<string>): void {
    const t = this.trace;
    if (!t) return;
    const selectedId = this.selectedSpanId();
    t.collapsed = collapsed;
    t.rows = flattenTree(t.index, collapsed);
    t.selected = selectedId ? t.rows.findIndex((r) => r.type === 'span' && r.span.spanId === selectedId) : -1;
    this.host.requestUpdate();
  }

  toggle(spanId: string, expand?: boolean): void {
    const t = this.trace;
    if (!t) return;
    const open = expand ?? t.collapsed.has(spanId);
    const change = (collapsed: Set<string>): Set<string> => {
      const next = new Set(collapsed);
      if (open) next.delete(spanId);
      else next.add(spanId);
      return next;
    };
    this.changeExpansion(change);
  }

  expandAll(): void {
    this.changeExpansion(() => new Set());
  }

  collapseAll(): void {
    this.changeExpansion((_, index) => allParents(index));
  }

  /** Applied to the tree shown; while a preview shows, applied again to the whole tree when it arrives. */
  private changeExpansion(change: PendingExpansion): void {
    const t = this.trace;
    if (!t) return;
    if (t.previewOf !== undefined) this.pendingExpansion.push(change);
    this.setCollapsed(change(t.collapsed, t.index));
  }

  private onKey = (e: KeyboardEvent): void => {
    const t = this.trace;
    if (!t || !isTreeKey(e.key)) return;
    e.preventDefault();
    const result = treeKey(t.rows, t.selected, e.key, Math.max(1, Math.floor(this.scroll.height / TREE_ROW_HEIGHT) - 1));
    if (result.toggle) this.toggle(result.toggle.spanId, result.toggle.expand);
    if (result.select !== undefined) this.select(result.select);
    if (result.open) {
      const id = this.selectedSpanId();
      if (id) {
        this.host.setDetailsTab(0);
        void this.loadSpan(t.traceId, id);
      }
    }
  };

  /** Double-click on a span row: select it and open the code that emitted it. */
  private openSourceAt(i: number): void {
    const t = this.trace;
    const r = t?.rows[i];
    if (!t || !r || r.type !== 'span') return;
    this.select(i);
    void this.host.run(this.send(OpenSource, { traceId: t.traceId, spanId: r.span.spanId }));
  }

  private onScroll = (e: Event): void => {
    this.scroll.onScroll(e.target as HTMLElement);
    this.host.requestFrame();
  };

  // ---- DOM ----------------------------------------------------------------------------------

  private spanRef(): SpanRef | null {
    return this.span ? { traceId: this.span.traceId, spanId: this.span.spanId } : null;
  }

  private withSpan(run: (ref: SpanRef) => Promise<ActionResult>): () => void {
    return () => {
      const ref = this.spanRef();
      if (ref) void this.host.run(run(ref));
    };
  }

  render(): unknown {
    const t = this.trace;
    if (!t) return html`<div class="muted empty">${this.missing ?? 'Loading trace…'}</div>`;
    const send = this.send;
    const openInEditor = this.host.openInEditor;
    const tree: TreeViewProps = {
      summary: t.summary,
      index: t.index,
      rows: t.rows,
      selectedIndex: t.selected,
      range: visibleRange(this.scroll.shownTop, this.scroll.height, TREE_ROW_HEIGHT, t.rows.length),
      onBack: this.host.backAction(),
      onToggle: (id) => this.toggle(id),
      onSelect: (i) => this.select(i),
      onOpenSource: (i) => this.openSourceAt(i),
      onKey: this.onKey,
      onScroll: this.onScroll,
      onExpandAll: () => this.expandAll(),
      onCollapseAll: () => this.collapseAll(),
      onCopyText: () => void this.host.run(send(CopyTraceText, { traceId: t.traceId })),
      onExport: () => void this.host.run(send(ExportTrace, { traceId: t.traceId })),
      onCompare: () => void this.host.run(send(PickComparison, { traceId: t.traceId })),
      onSaveFixture: () => void this.host.run(send(SaveTraceFixture, { traceId: t.traceId })),
      onOpenInEditor: openInEditor ? () => openInEditor(t.traceId) : null,
      onReplay: (spanId) => this.host.openReplay({ traceId: t.traceId, spanId }),
      critical: this.insights?.critical,
      headerExtra: this.insights?.renderHeader(),
      internals: t.hiddenInternals || this.showInternals
        ? { hidden: t.hiddenInternals ?? 0, shown: this.showInternals, onToggle: () => this.toggleInternals() }
        : undefined,
    };
    const remember = (name: string) => (e: Event): void => {
      const pct = (e as unknown as SplitChange).detail.positionInPercentage;
      if (Number.isFinite(pct)) this.host.setSplit(name, `${Math.round(pct * 10) / 10}%`);
    };
    if (this.layout === 'wide') {
      return html`<vscode-split-layout class="trace-split wide" split="vertical" data-open-timings=${this.timingsText()} data-first-paint-at=${this.firstPaint?.at || ''} initial-handle-position=${this.host.split('details') ?? '70%'}
          min-start="320px" min-end="200px" @vsc-split-layout-change=${remember('details')}>
        <div slot="start" class="tree-pane">${renderTraceTable({
          ...tree,
          tableWidth: this.host.split('table') ?? DEFAULT_TABLE_WIDTH,
          onTableWidth: (px, done) => {
            if (done) this.host.setSplit('table', px === null ? null : `${px}px`);
          },
        })}</div>
        <div slot="end" class="details-pane">${this.renderDetails(t)}</div>
      </vscode-split-layout>`;
    }
    return html`<vscode-split-layout class="trace-split" split="horizontal" data-open-timings=${this.timingsText()} data-first-paint-at=${this.firstPaint?.at || ''} initial-handle-position=${this.host.split('tree') ?? '55%'}
        min-start="80px" min-end="80px" @vsc-split-layout-change=${remember('tree')}>
      <div slot="start" class="tree-pane">${renderTreeView(tree)}</div>
      <div slot="end" class="details-pane">${this.renderDetails(t)}</div>
    </vscode-split-layout>`;
  }

  private timingsText(): string {
    const t = this.openTimings;
    if (!t) return '';
    const preview = t.preview === null ? '' : `preview ${t.preview.toFixed(0)} ms, `;
    return `${preview}fetch ${t.fetch.toFixed(0)} ms, unpack ${t.unpack.toFixed(0)} ms, tree ${t.tree.toFixed(0)} ms (${t.spans} spans)`;
  }

  private renderDetails(t: OpenTrace): unknown {
    return renderDetails({
      span: this.span,
      loading: this.spanLoading,
      tab: this.host.detailsTab(),
      attrSearch: this.attrSearch,
      traceStartNs: t.index.traceStartNs,
      onTab: (i) => this.host.setDetailsTab(i),
      onAttrSearch: (q) => {
        this.attrSearch = q;
        this.host.requestUpdate();
      },
      onCopy: (text) => void this.host.run(this.send(CopyText, { text })),
      onOpenSource: this.withSpan((ref) => this.send(OpenSource, ref)),
      onOpenPrompt: this.withSpan((ref) => this.send(OpenPrompt, ref)),
      promptStatus: this.promptStatus,
      onDiffPrompt: this.withSpan((ref) => this.send(DiffPrompt, ref)),
      onReplay: () => {
        const ref = this.spanRef();
        if (ref) this.host.openReplay(ref);
      },
      overviewExtra: this.insights?.renderSpanSection(this.span?.spanId ?? null),
    });
  }

  measure(root: ParentNode): void {
    this.scroll.measure(root);
  }

  afterRender(root: ParentNode): boolean {
    return this.scroll.afterRender(root);
  }
}
