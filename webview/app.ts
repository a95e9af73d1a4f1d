// <atl-app>: the whole panel. Holds UI state only; data comes from the host on request.
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { NormalizedSpan } from '../src/core/model/types';
import type { SpanStructure } from '../src/core/model/store-types';
import {
  CancelContentSearch, ContentSearchProgress, CopyText, CopyTraceText, DiffPrompt, ExportTrace, GetPromptStatus, GetSpan, GetTrace, GetTraceSummary, ListCodeSpans, ListTraces,
  OpenPrompt, OpenSource, PickComparison, Ready, SearchRemoteTraces, SearchContent, ShowCodeSpans, ShowComparison, ShowTrace, Snapshot, SpanSelected, ViewAction,
  type CodeSpanFilter, type HostSnapshot, type PromptStatus, type SpanRef, type TracePair, type TraceRow,
} from '../src/protocol/messages';
import { unpackStructure } from '../src/protocol/structure-codec';
import { ComparisonController } from './controllers/comparison';
import { ContentSearchController } from './controllers/contentSearch';
import { EMPTY_FILTER, LIST_PAGE_SIZE, facetValues, toTraceFilter, type ListFilterState } from './model/filter';
import { EMPTY_LIST, fromRefresh, olderPageQuery, refreshLimit, scorecardScope, shownText, withOlderPage, type LoadedList } from './model/listPaging';
import { isTreeKey, treeKey } from './model/keyboard';
import { scorecards } from './model/scorecard';
import { allParents, ancestorsOf, buildTreeIndex, flattenTree, initialCollapsed, type FlatRow, type TreeIndex } from './model/tree';
import { anchoredScrollTop, scrollIntoView, visibleRange, type Scroll } from './model/virtual';
import { CODE_SPAN_ROW_HEIGHT, renderCodeSpansView } from './views/codeSpansView';
import { renderContentResults } from './views/contentResultsView';
import { renderDetails } from './views/details';
import { LIST_ROW_HEIGHT, renderListView } from './views/listView';
import { TREE_ROW_HEIGHT, renderTreeView } from './views/treeView';
import { loadUiState, rpc, saveUiState, type UiState } from './vscodeApi';

interface CodeSpans {
  filter: CodeSpanFilter;
  spans: SpanStructure[] | null;
  truncated: boolean;
  error: string | null;
}

interface OpenTrace {
  traceId: string;
  summary: TraceRow | null;
  index: TreeIndex;
  collapsed: Set<string>;
  rows: FlatRow[];
  selected: number;
}

export class AtlApp extends LitElement {
  private snapshot: HostSnapshot | null = null;
  private ui: UiState;
  private list: LoadedList = EMPTY_LIST;
  /** Rows a refresh fetches: one page, or everything loaded since "Load older traces". */
  private listLimit = LIST_PAGE_SIZE;
  /** Bumped when the filter changes: answers for an earlier filter are dropped. */
  private listEpoch = 0;
  /** List requests run one at a time, so a refresh and an older page never interleave. */
  private listQueue: Promise<void> = Promise.resolve();
  private olderLoading = false;
  private listLoading = true;
  private listError: string | null = null;
  private listScroll: Scroll = { top: 0, height: 400 };
  private pendingListScrollTop: number | null = null;
  private trace: OpenTrace | null = null;
  private treeScroll: Scroll = { top: 0, height: 300 };
  private pendingTreeScrollTop: number | null = null;
  private span: NormalizedSpan | null = null;
  private spanLoading = false;
  private promptStatus: PromptStatus | null = null;
  private codeSpans: CodeSpans | null = null;
  private codeScroll: Scroll = { top: 0, height: 300 };
  private codeSeq = 0;
  /** Where "Back" in the trace view goes: the code-location list when the trace was opened from it. */
  private backTo: 'list' | 'code' = 'list';
  private lastSelected: string | null = null;
  private attrSearch = '';
  private toast: string | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private lastVersion = -1;
  private lastDecorationVersion = -1;
  private listTimer: ReturnType<typeof setTimeout> | undefined;
  private traceSeq = 0;
  private spanSeq = 0;
  private scrollFrame = 0;
  private readonly comparison = new ComparisonController({
    requestUpdate: () => this.requestUpdate(),
    requestFrame: () => this.queueFrame(),
    showTrace: (traceId, spanId) => {
      this.backTo = 'list';
      void this.openTrace(traceId, spanId);
    },
    showComparison: (pair) => this.openComparison(pair),
  }, (type, params) => rpc.sendRequest(type, params));
  private readonly contentSearch = new ContentSearchController(() => this.requestUpdate(), {
    search: (params) => rpc.sendRequest(SearchContent, params),
    cancel: (searchId) => rpc.sendNotification(CancelContentSearch, { searchId }),
  });

  constructor() {
    super();
    const saved = loadUiState();
    this.ui = {
      view: saved.view === 'trace' && saved.traceId ? 'trace' : saved.view === 'code' && saved.codeFilter ? 'code'
        : saved.view === 'compare' && saved.compare ? 'compare' : 'list',
      codeFilter: saved.codeFilter ?? null,
      compare: saved.compare ?? null,
      traceId: saved.traceId ?? null,
      spanId: saved.spanId ?? null,
      filter: { ...EMPTY_FILTER, ...(saved.filter ?? {}) },
      groupByWorkload: saved.groupByWorkload ?? false,
      detailsTab: saved.detailsTab ?? 0,
    };
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    rpc.onNotification(Snapshot, (s) => this.onSnapshot(s));
    rpc.onNotification(ShowTrace, ({ traceId, spanId }) => {
      this.backTo = 'list';
      void this.openTrace(traceId, spanId ?? null);
    });
    rpc.onNotification(ShowCodeSpans, (filter) => void this.openCodeSpans(filter));
    rpc.onNotification(ShowComparison, (pair) => this.openComparison(pair));
    rpc.onNotification(ContentSearchProgress, (progress) => this.contentSearch.onProgress(progress));
    rpc.onNotification(ViewAction, ({ action }) => {
      if (action === 'expandAll') this.expandAll();
      else if (action === 'collapseAll') this.collapseAll();
      else if (action === 'showList') this.backToList();
    });
    rpc.sendNotification(Ready, {});
    if (this.ui.filter.inContent) this.contentSearch.query(this.ui.filter.text, 0);
    if (this.ui.view === 'trace' && this.ui.traceId) void this.openTrace(this.ui.traceId, this.ui.spanId);
    else if (this.ui.view === 'code' && this.ui.codeFilter) void this.openCodeSpans(this.ui.codeFilter);
    else if (this.ui.view === 'compare' && this.ui.compare) this.openComparison(this.ui.compare);
    window.addEventListener('resize', this.onResize);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('resize', this.onResize);
    super.disconnectedCallback();
  }

  // ---- data ---------------------------------------------------------------------------------

  private onSnapshot(s: HostSnapshot): void {
    const changed = s.storeVersion !== this.lastVersion;
    const decorated = s.decorationVersion !== this.lastDecorationVersion;
    const first = this.snapshot === null;
    this.snapshot = s;
    this.lastVersion = s.storeVersion;
    this.lastDecorationVersion = s.decorationVersion;
    if (changed || decorated) {
      this.scheduleListRefresh(this.list.rows.length === 0 ? 0 : 300);
      if (this.trace && !first) void this.refreshOpenTrace(decorated);
      if (changed && !first) this.comparison.storeChanged();
    }
    this.requestUpdate();
  }

  private scheduleListRefresh(delay: number): void {
    if (this.listTimer !== undefined) return;
    this.listTimer = setTimeout(() => {
      this.listTimer = undefined;
      this.enqueueList(() => this.refreshList());
    }, delay);
  }

  private enqueueList(op: () => Promise<void>): void {
    this.listQueue = this.listQueue.then(op).catch(() => undefined);
  }

  /** Re-fetch the list from the newest trace, as many rows as are loaded; the row under the cursor stays put. */
  private async refreshList(): Promise<void> {
    const epoch = this.listEpoch;
    try {
      const page = await rpc.sendRequest(ListTraces, toTraceFilter(this.ui.filter, this.listLimit));
      if (epoch !== this.listEpoch) return;
      const previous = this.list.rows.map((t) => t.traceId);
      this.list = fromRefresh(page);
      this.listLimit = refreshLimit(this.list, LIST_PAGE_SIZE);
      this.listError = null;
      this.pendingListScrollTop = anchoredScrollTop(previous, page.rows.map((t) => t.traceId), this.listScroll.top, LIST_ROW_HEIGHT);
    } catch (e) {
      if (epoch === this.listEpoch) this.listError = `Could not load traces: ${(e as Error).message}`;
    } finally {
      if (epoch === this.listEpoch) this.listLoading = false;
      this.requestUpdate();
    }
  }

  /** "Load older traces": append the next page with the same filter. */
  private loadOlder = (): void => {
    if (this.olderLoading || !this.list.hasMore) return;
    this.olderLoading = true;
    this.requestUpdate();
    const epoch = this.listEpoch;
    this.enqueueList(async () => {
      try {
        const query = epoch === this.listEpoch ? olderPageQuery(toTraceFilter(this.ui.filter), this.list.rows, LIST_PAGE_SIZE) : null;
        if (!query) return;
        const page = await rpc.sendRequest(ListTraces, query);
        if (epoch !== this.listEpoch) return;
        this.list = withOlderPage(this.list, page);
        this.listLimit = refreshLimit(this.list, LIST_PAGE_SIZE);
        this.listError = null;
      } catch (e) {
        if (epoch === this.listEpoch) this.listError = `Could not load older traces: ${(e as Error).message}`;
      } finally {
        this.olderLoading = false;
        this.requestUpdate();
      }
    });
  };

  private async openCodeSpans(filter: CodeSpanFilter): Promise<void> {
    const seq = ++this.codeSeq;
    this.traceSeq++;
    this.comparison.close();
    this.trace = null;
    this.setSpan(null);
    this.codeSpans = { filter, spans: null, truncated: false, error: null };
    this.codeScroll = { ...this.codeScroll, top: 0 };
    this.ui = { ...this.ui, view: 'code', codeFilter: filter, traceId: null, spanId: null };
    this.persist();
    this.requestUpdate();
    try {
      const result = await rpc.sendRequest(ListCodeSpans, filter);
      if (seq !== this.codeSeq) return;
      this.codeSpans = { filter, spans: result.spans, truncated: result.truncated, error: null };
    } catch (e) {
      if (seq !== this.codeSeq) return;
      this.codeSpans = { filter, spans: [], truncated: false, error: `Could not load the spans: ${(e as Error).message}` };
    }
    this.requestUpdate();
  }

  private async openTrace(traceId: string, spanId: string | null): Promise<void> {
    const seq = ++this.traceSeq;
    this.comparison.close();
    this.ui = { ...this.ui, view: 'trace', traceId, spanId, compare: null };
    this.persist();
    const detail = await rpc.sendRequest(GetTrace, { traceId }).catch(() => null);
    if (seq !== this.traceSeq) return;
    const spans = detail ? unpackStructure(detail.packed) : [];
    if (!detail || spans.length === 0) {
      this.showToast('Trace not found (it may have been cleared).');
      this.backToList();
      return;
    }
    const index = buildTreeIndex(spans, detail.ghosts);
    const collapsed = initialCollapsed(index);
    const target = spanId && index.spans.has(spanId) ? spanId : (index.children.get('')?.[0]?.spanId ?? null);
    if (target) for (const a of ancestorsOf(index, target)) collapsed.delete(a);
    const rows = flattenTree(index, collapsed);
    this.trace = { traceId, summary: detail.summary, index, collapsed, rows, selected: -1 };
    this.treeScroll = { ...this.treeScroll, top: 0 };
    this.pendingTreeScrollTop = 0;
    if (target) this.selectIndex(rows.findIndex((r) => r.type === 'span' && r.span.spanId === target));
    this.requestUpdate();
  }

  /**
   * Refetch the open trace when it gained spans (a cheap summary check first: other traces' ingest must
   * not refetch a big structure) or when decorations changed; expansion and selection are kept.
   */
  private async refreshOpenTrace(force: boolean): Promise<void> {
    const open = this.trace;
    if (!open) return;
    const seq = this.traceSeq;
    if (!force) {
      const summary = await rpc.sendRequest(GetTraceSummary, { traceId: open.traceId }).catch(() => null);
      if (seq !== this.traceSeq || this.trace !== open) return;
      if (!summary || (summary.spanCount === open.index.spans.size && summary.endTimeUnixNano === open.summary?.endTimeUnixNano)) return;
    }
    const detail = await rpc.sendRequest(GetTrace, { traceId: open.traceId }).catch(() => null);
    if (!detail || seq !== this.traceSeq || this.trace !== open) return;
    const selectedId = this.selectedSpanId();
    const index = buildTreeIndex(unpackStructure(detail.packed), detail.ghosts);
    const rows = flattenTree(index, open.collapsed);
    const selected = selectedId ? rows.findIndex((r) => r.type === 'span' && r.span.spanId === selectedId) : -1;
    this.trace = { ...open, summary: detail.summary, index, rows, selected };
    this.requestUpdate();
  }

  private async loadSpan(traceId: string, spanId: string): Promise<void> {
    const seq = ++this.spanSeq;
    this.spanLoading = true;
    this.requestUpdate();
    const span = await rpc.sendRequest(GetSpan, { traceId, spanId }).catch(() => null);
    if (seq !== this.spanSeq) return;
    this.span = span;
    this.promptStatus = null;
    this.spanLoading = false;
    this.requestUpdate();
    if (span?.promptName) {
      // Resolving the prompt reads files and git history: the details show first, the status follows.
      const status = await rpc.sendRequest(GetPromptStatus, { traceId, spanId }).catch(() => null);
      if (seq !== this.spanSeq) return;
      this.promptStatus = status;
      this.requestUpdate();
    }
  }

  /** Tell the host which span is selected (the palette and keybinding forms of the span commands use it). */
  private setSpan(ref: SpanRef | null): void {
    const key = ref ? `${ref.traceId}/${ref.spanId}` : null;
    if (key === this.lastSelected) return;
    this.lastSelected = key;
    rpc.sendNotification(SpanSelected, ref);
  }

  // ---- tree interaction ---------------------------------------------------------------------

  private selectedSpanId(): string | null {
    const t = this.trace;
    const r = t && t.selected >= 0 ? t.rows[t.selected] : undefined;
    return r && r.type === 'span' ? r.span.spanId : null;
  }

  private selectIndex(i: number): void {
    const t = this.trace;
    if (!t || i < 0 || i >= t.rows.length) return;
    t.selected = i;
    const r = t.rows[i]!;
    this.pendingTreeScrollTop = scrollIntoView(i, this.treeScroll.top, this.treeScroll.height, TREE_ROW_HEIGHT);
    if (r.type === 'span') {
      this.ui = { ...this.ui, spanId: r.span.spanId };
      this.persist();
      this.setSpan({ traceId: t.traceId, spanId: r.span.spanId });
      if (this.span?.spanId !== r.span.spanId) void this.loadSpan(t.traceId, r.span.spanId);
    }
    this.requestUpdate();
  }

  private setCollapsed(collapsed: Set<string>): void {
    const t = this.trace;
    if (!t) return;
    const selectedId = this.selectedSpanId();
    t.collapsed = collapsed;
    t.rows = flattenTree(t.index, collapsed);
    t.selected = selectedId ? t.rows.findIndex((r) => r.type === 'span' && r.span.spanId === selectedId) : -1;
    this.requestUpdate();
  }

  private toggle(spanId: string, expand?: boolean): void {
    const t = this.trace;
    if (!t) return;
    const next = new Set(t.collapsed);
    const isCollapsed = next.has(spanId);
    if (expand === undefined ? isCollapsed : expand) next.delete(spanId);
    else next.add(spanId);
    this.setCollapsed(next);
  }

  private expandAll(): void {
    this.setCollapsed(new Set());
  }

  private collapseAll(): void {
    if (this.trace) this.setCollapsed(allParents(this.trace.index));
  }

  private onTreeKey = (e: KeyboardEvent): void => {
    const t = this.trace;
    if (!t || !isTreeKey(e.key)) return;
    e.preventDefault();
    const result = treeKey(t.rows, t.selected, e.key, Math.max(1, Math.floor(this.treeScroll.height / TREE_ROW_HEIGHT) - 1));
    if (result.toggle) this.toggle(result.toggle.spanId, result.toggle.expand);
    if (result.select !== undefined) this.selectIndex(result.select);
    if (result.open) {
      const id = this.selectedSpanId();
      if (id) {
        this.ui = { ...this.ui, detailsTab: 0 };
        void this.loadSpan(t.traceId, id);
      }
    }
  };

  // ---- list interaction ---------------------------------------------------------------------

  private onFilter = (patch: Partial<ListFilterState>): void => {
    this.ui = { ...this.ui, filter: { ...this.ui.filter, ...patch } };
    this.persist();
    this.listEpoch++;
    this.listLimit = LIST_PAGE_SIZE;
    this.listScroll = { ...this.listScroll, top: 0 };
    this.pendingListScrollTop = 0;
    clearTimeout(this.listTimer);
    this.listTimer = undefined;
    this.scheduleListRefresh('text' in patch ? 150 : 0);
    if ('inContent' in patch && !this.ui.filter.inContent) this.contentSearch.stop();
    else if (this.ui.filter.inContent && ('text' in patch || 'inContent' in patch)) {
      this.contentSearch.query(this.ui.filter.text, 'inContent' in patch ? 0 : undefined);
    }
    this.requestUpdate();
  };

  /** Double-click on a span row: select it and open the code that emitted it. */
  private openSourceAt(i: number): void {
    const t = this.trace;
    const r = t?.rows[i];
    if (!t || !r || r.type !== 'span') return;
    this.selectIndex(i);
    void this.run(rpc.sendRequest(OpenSource, { traceId: t.traceId, spanId: r.span.spanId }));
  }

  /** "Back" from a trace: to the code-location list it was opened from, else to the trace list. */
  private back(): void {
    const code = this.codeSpans;
    if (this.backTo === 'code' && code) {
      this.traceSeq++;
      this.trace = null;
      this.span = null;
      this.setSpan(null);
      this.ui = { ...this.ui, view: 'code', traceId: null, spanId: null };
      this.persist();
      this.requestUpdate();
      return;
    }
    this.backToList();
  }

  private backToList(): void {
    this.traceSeq++;
    this.codeSeq++;
    this.comparison.close();
    this.trace = null;
    this.span = null;
    this.codeSpans = null;
    this.backTo = 'list';
    this.setSpan(null);
    this.ui = { ...this.ui, view: 'list', traceId: null, spanId: null, codeFilter: null, compare: null };
    this.persist();
    this.pendingListScrollTop = this.listScroll.top;
    if (this.list.rows.length === 0) this.scheduleListRefresh(0);
    this.requestUpdate();
  }

  // ---- comparison ---------------------------------------------------------------------------

  private openComparison(pair: TracePair): void {
    this.traceSeq++;
    this.trace = null;
    this.span = null;
    this.setSpan(null);
    this.ui = { ...this.ui, view: 'compare', compare: pair, traceId: null, spanId: null };
    this.persist();
    void this.comparison.open(pair);
  }

  // ---- scrolling ----------------------------------------------------------------------------

  private onListScroll = (e: Event): void => {
    const el = e.target as HTMLElement;
    this.listScroll = { top: el.scrollTop, height: el.clientHeight };
    this.queueFrame();
  };

  private onCodeScroll = (e: Event): void => {
    const el = e.target as HTMLElement;
    this.codeScroll = { top: el.scrollTop, height: el.clientHeight };
    this.queueFrame();
  };

  private onTreeScroll = (e: Event): void => {
    const el = e.target as HTMLElement;
    this.treeScroll = { top: el.scrollTop, height: el.clientHeight };
    this.queueFrame();
  };

  private onResize = (): void => {
    this.measure();
    this.requestUpdate();
  };

  private queueFrame(): void {
    if (this.scrollFrame) return;
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = 0;
      this.requestUpdate();
    });
  }

  private measure(): void {
    const list = this.querySelector<HTMLElement>('.trace-list');
    if (list) this.listScroll = { top: list.scrollTop, height: list.clientHeight || this.listScroll.height };
    const tree = this.querySelector<HTMLElement>('.span-tree');
    if (tree) this.treeScroll = { top: tree.scrollTop, height: tree.clientHeight || this.treeScroll.height };
    const code = this.querySelector<HTMLElement>('.code-span-list');
    if (code) this.codeScroll = { top: code.scrollTop, height: code.clientHeight || this.codeScroll.height };
    this.comparison.measure(this);
  }

  protected override updated(_changed: PropertyValues): void {
    const list = this.querySelector<HTMLElement>('.trace-list');
    if (list && this.pendingListScrollTop !== null) {
      list.scrollTop = this.pendingListScrollTop;
      this.listScroll = { top: list.scrollTop, height: list.clientHeight || this.listScroll.height };
      this.pendingListScrollTop = null;
    }
    const tree = this.querySelector<HTMLElement>('.span-tree');
    if (tree && this.pendingTreeScrollTop !== null) {
      tree.scrollTop = this.pendingTreeScrollTop;
      this.treeScroll = { top: tree.scrollTop, height: tree.clientHeight || this.treeScroll.height };
      this.pendingTreeScrollTop = null;
    }
    const compareResized = this.comparison.afterRender(this);
    // The first render happens before layout: re-render once the real viewport size is known.
    const listH = list?.clientHeight ?? 0;
    const treeH = tree?.clientHeight ?? 0;
    const code = this.querySelector<HTMLElement>('.code-span-list');
    const codeH = code?.clientHeight ?? 0;
    if ((list && listH && listH !== this.listScroll.height) || (tree && treeH && treeH !== this.treeScroll.height)
      || (code && codeH && codeH !== this.codeScroll.height) || compareResized) {
      this.measure();
      this.queueFrame();
    }
  }

  // ---- actions ------------------------------------------------------------------------------

  private persist(): void {
    saveUiState(this.ui);
  }

  private showToast(message: string): void {
    this.toast = message;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => {
      this.toast = null;
      this.requestUpdate();
    }, 4000);
    this.requestUpdate();
  }

  private async run(action: Promise<{ ok: boolean; message?: string }>): Promise<void> {
    try {
      const r = await action;
      if (r.message) this.showToast(r.message);
    } catch (e) {
      this.showToast((e as Error).message);
    }
  }

  private spanRef(): { traceId: string; spanId: string } | null {
    return this.span ? { traceId: this.span.traceId, spanId: this.span.spanId } : null;
  }

  // ---- render -------------------------------------------------------------------------------

  protected override render(): unknown {
    const body = this.ui.view === 'trace'
      ? (this.trace ? this.renderTrace() : html`<div class="muted empty">Loading trace…</div>`)
      : this.ui.view === 'code' && this.codeSpans ? this.renderCodeSpans()
      : this.ui.view === 'compare' && this.comparison.isOpen ? this.comparison.render()
      : this.renderList();
    return html`${body}
      ${this.toast ? html`<div class="toast" role="status">${this.toast}</div>` : nothing}`;
  }

  private renderCodeSpans(): unknown {
    const c = this.codeSpans!;
    return renderCodeSpansView({
      filter: c.filter,
      spans: c.spans,
      truncated: c.truncated,
      error: c.error,
      range: visibleRange(this.codeScroll.top, this.codeScroll.height, CODE_SPAN_ROW_HEIGHT, c.spans?.length ?? 0),
      onBack: () => this.backToList(),
      onOpen: (s) => {
        this.backTo = 'code';
        void this.openTrace(s.traceId, s.spanId);
      },
      onScroll: this.onCodeScroll,
    });
  }

  private renderList(): unknown {
    const list = this.list;
    const rows = list.rows;
    return renderListView({
      snapshot: this.snapshot,
      rows,
      loading: this.listLoading,
      error: this.listError,
      filter: this.ui.filter,
      facets: {
        workloads: facetValues(rows.map((t) => t.workloadId)),
        models: facetValues(rows.flatMap((t) => t.models)),
        services: facetValues(rows.map((t) => t.service)),
      },
      groupByWorkload: this.ui.groupByWorkload,
      scorecards: this.ui.groupByWorkload ? scorecards(rows) : [],
      scorecardScope: scorecardScope(list),
      shown: shownText(list),
      hasOlder: list.hasMore,
      olderLoading: this.olderLoading,
      range: visibleRange(this.pendingListScrollTop ?? this.listScroll.top, this.listScroll.height, LIST_ROW_HEIGHT, rows.length),
      onLoadOlder: this.loadOlder,
      onFilter: this.onFilter,
      onSearchRemote: () => void this.run(rpc.sendRequest(SearchRemoteTraces, {})),
      onToggleGroup: () => {
        this.ui = { ...this.ui, groupByWorkload: !this.ui.groupByWorkload };
        this.persist();
        this.requestUpdate();
      },
      onOpen: (id) => {
        this.backTo = 'list';
        void this.openTrace(id, null);
      },
      onScroll: this.onListScroll,
      contentResults: this.renderContentResults(),
    });
  }

  private renderContentResults(): TemplateResult | null {
    const results = this.ui.filter.inContent ? this.contentSearch.results : null;
    if (!results) return null;
    return renderContentResults({
      results,
      onOpen: (traceId, spanId) => {
        this.backTo = 'list';
        void this.openTrace(traceId, spanId);
      },
      onCancel: () => this.contentSearch.cancel(),
    });
  }

  private renderTrace(): unknown {
    const t = this.trace!;
    const ref = (): { traceId: string; spanId: string } | null => this.spanRef();
    return html`<vscode-split-layout class="trace-split" split="horizontal" initial-handle-position="55%" min-start="80px" min-end="80px">
      <div slot="start" class="tree-pane">
        ${renderTreeView({
          summary: t.summary,
          index: t.index,
          rows: t.rows,
          selectedIndex: t.selected,
          range: visibleRange(this.pendingTreeScrollTop ?? this.treeScroll.top, this.treeScroll.height, TREE_ROW_HEIGHT, t.rows.length),
          onBack: () => this.back(),
          onToggle: (id) => this.toggle(id),
          onSelect: (i) => this.selectIndex(i),
          onOpenSource: (i) => this.openSourceAt(i),
          onKey: this.onTreeKey,
          onScroll: this.onTreeScroll,
          onExpandAll: () => this.expandAll(),
          onCollapseAll: () => this.collapseAll(),
          onCopyText: () => void this.run(rpc.sendRequest(CopyTraceText, { traceId: t.traceId })),
          onExport: () => void this.run(rpc.sendRequest(ExportTrace, { traceId: t.traceId })),
          onCompare: () => void this.run(rpc.sendRequest(PickComparison, { traceId: t.traceId })),
        })}
      </div>
      <div slot="end" class="details-pane">
        ${renderDetails({
          span: this.span,
          loading: this.spanLoading,
          tab: this.ui.detailsTab,
          attrSearch: this.attrSearch,
          traceStartNs: t.index.traceStartNs,
          onTab: (i) => {
            this.ui = { ...this.ui, detailsTab: i };
            this.persist();
            this.requestUpdate();
          },
          onAttrSearch: (q) => {
            this.attrSearch = q;
            this.requestUpdate();
          },
          onCopy: (text) => void this.run(rpc.sendRequest(CopyText, { text })),
          onOpenSource: () => {
            const r = ref();
            if (r) void this.run(rpc.sendRequest(OpenSource, r));
          },
          onOpenPrompt: () => {
            const r = ref();
            if (r) void this.run(rpc.sendRequest(OpenPrompt, r));
          },
          promptStatus: this.promptStatus,
          onDiffPrompt: () => {
            const r = ref();
            if (r) void this.run(rpc.sendRequest(DiffPrompt, r));
          },
        })}
      </div>
    </vscode-split-layout>`;
  }

}

if (!customElements.get('atl-app')) customElements.define('atl-app', AtlApp);
