// The trace list: paging ("Load older traces"), filters, workload scorecards and the content search, kept
// current while the store changes. Lives as long as the panel: its rows survive visits to other views.
import type { TemplateResult } from 'lit';
import type { HostSnapshot, TraceListPage, TraceListQuery } from '../../src/protocol/messages';
import { EMPTY_FILTER, LIST_PAGE_SIZE, facetValues, toTraceFilter, type ListFilterState } from '../model/filter';
import { EMPTY_LIST, fromRefresh, olderPageQuery, refreshLimit, scorecardScope, shownText, withOlderPage, type LoadedList } from '../model/listPaging';
import { workloadRollups } from '../model/listRollups';
import { anchoredScrollTop, visibleRange } from '../model/virtual';
import { renderContentResults } from '../views/contentResultsView';
import { LIST_ROW_HEIGHT, renderListView } from '../views/listView';
import type { ContentSearchController } from './contentSearch';
import { ScrollPort, type StoreChange, type ViewController } from './view';

export interface ListHost {
  requestUpdate(): void;
  requestFrame(): void;
  /** The filter or grouping changed: save the UI state. */
  persist(): void;
  openTrace(traceId: string, spanId: string | null): void;
  /** The row's "Open in Editor" action. */
  openTraceInEditor(traceId: string): void;
  /** The toolbar's "Prompts": the prompt-version scorecards. */
  showPrompts?(): void;
  /** The "Remote" source: search Tempo / Jaeger (the host runs the pickers). */
  searchRemote?(): void;
  /** A row's "Save as Regression Fixture". */
  saveFixture?(traceId: string): void;
  snapshot(): HostSnapshot | null;
  /** The Restricted Mode line's "Manage Workspace Trust". */
  manageTrust?(): void;
  /** "Sessions": show the traces grouped by conversation or user. */
  showSessions?(): void;
  /** The picked workload's cost breakdown over these loaded traces (grouped by workload). */
  workloadMoney?(workloadId: string, traceIds: readonly string[]): unknown;
}

export interface ListPrefs {
  filter: ListFilterState;
  groupByWorkload: boolean;
}

/** Typing in the filter box waits this long before the list is fetched. */
const TEXT_DELAY_MS = 150;
/** Store changes closer together than this cause one refresh. */
const REFRESH_DELAY_MS = 300;

export class ListController implements ViewController<{ view: 'list' }> {
  private list: LoadedList = EMPTY_LIST;
  /** Rows a refresh fetches: one page, or everything loaded since "Load older traces". */
  private limit = LIST_PAGE_SIZE;
  /** Bumped when the filter changes: answers for an earlier filter are dropped. */
  private epoch = 0;
  /** List requests run one at a time, so a refresh and an older page never interleave. */
  private queue: Promise<void> = Promise.resolve();
  private olderLoading = false;
  private loading = true;
  private error: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly scroll = new ScrollPort('.trace-list', 400);
  prefs: ListPrefs;

  constructor(
    private readonly host: ListHost,
    private readonly send: (query: TraceListQuery) => Promise<TraceListPage>,
    private readonly contentSearch: ContentSearchController,
    saved: Partial<ListPrefs> = {},
  ) {
    this.prefs = { filter: { ...EMPTY_FILTER, ...(saved.filter ?? {}) }, groupByWorkload: saved.groupByWorkload ?? false };
  }

  /** The panel started: resume a saved content search. */
  start(): void {
    if (this.prefs.filter.inContent) this.contentSearch.query(this.prefs.filter.text, 0);
  }

  get rows(): LoadedList['rows'] {
    return this.list.rows;
  }

  enter(): void {
    this.scroll.jump(this.scroll.top);
    if (this.list.rows.length === 0) this.scheduleRefresh(0);
  }

  leave(): void {
    // The rows stay: "Back" shows them again at once while a refresh runs.
  }

  storeChanged(_change: StoreChange): void {
    this.scheduleRefresh(this.list.rows.length === 0 ? 0 : REFRESH_DELAY_MS);
  }

  // ---- requests -----------------------------------------------------------------------------

  private scheduleRefresh(delay: number): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.enqueue(() => this.refresh());
    }, delay);
  }

  private enqueue(op: () => Promise<void>): void {
    this.queue = this.queue.then(op).catch(() => undefined);
  }

  /** Re-fetch from the newest trace, as many rows as are loaded; the row under the cursor stays put. */
  private async refresh(): Promise<void> {
    const epoch = this.epoch;
    try {
      const page = await this.send(toTraceFilter(this.prefs.filter, this.limit));
      if (epoch !== this.epoch) return;
      const previous = this.list.rows.map((t) => t.traceId);
      this.list = fromRefresh(page);
      this.limit = refreshLimit(this.list, LIST_PAGE_SIZE);
      this.error = null;
      this.scroll.jump(anchoredScrollTop(previous, page.rows.map((t) => t.traceId), this.scroll.top, LIST_ROW_HEIGHT));
    } catch (e) {
      if (epoch === this.epoch) this.error = `Could not load traces: ${(e as Error).message}`;
    } finally {
      if (epoch === this.epoch) this.loading = false;
      this.host.requestUpdate();
    }
  }

  /** "Load older traces": append the next page with the same filter. */
  loadOlder = (): void => {
    if (this.olderLoading || !this.list.hasMore) return;
    this.olderLoading = true;
    this.host.requestUpdate();
    const epoch = this.epoch;
    this.enqueue(async () => {
      try {
        const query = epoch === this.epoch ? olderPageQuery(toTraceFilter(this.prefs.filter), this.list.rows, LIST_PAGE_SIZE) : null;
        if (!query) return;
        const page = await this.send(query);
        if (epoch !== this.epoch) return;
        this.list = withOlderPage(this.list, page);
        this.limit = refreshLimit(this.list, LIST_PAGE_SIZE);
        this.error = null;
      } catch (e) {
        if (epoch === this.epoch) this.error = `Could not load older traces: ${(e as Error).message}`;
      } finally {
        this.olderLoading = false;
        this.host.requestUpdate();
      }
    });
  };

  // ---- interaction --------------------------------------------------------------------------

  setFilter = (patch: Partial<ListFilterState>): void => {
    this.prefs = { ...this.prefs, filter: { ...this.prefs.filter, ...patch } };
    this.host.persist();
    this.epoch++;
    this.limit = LIST_PAGE_SIZE;
    this.scroll.top = 0;
    this.scroll.jump(0);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.scheduleRefresh('text' in patch ? TEXT_DELAY_MS : 0);
    const filter = this.prefs.filter;
    if ('inContent' in patch && !filter.inContent) this.contentSearch.stop();
    else if (filter.inContent && ('text' in patch || 'inContent' in patch)) {
      this.contentSearch.query(filter.text, 'inContent' in patch ? 0 : undefined);
    }
    this.host.requestUpdate();
  };

  private toggleGroup = (): void => {
    this.prefs = { ...this.prefs, groupByWorkload: !this.prefs.groupByWorkload };
    this.host.persist();
    this.host.requestUpdate();
  };

  private onScroll = (e: Event): void => {
    this.scroll.onScroll(e.target as HTMLElement);
    this.host.requestFrame();
  };

  // ---- DOM ----------------------------------------------------------------------------------

  render(): unknown {
    const list = this.list;
    const rows = list.rows;
    const { filter, groupByWorkload } = this.prefs;
    const snapshot = this.host.snapshot();
    // Saving a fixture writes into the workspace: not offered in Restricted Mode.
    const canSaveFixture = this.host.saveFixture && !snapshot?.restrictedMode;
    return renderListView({
      snapshot,
      rows,
      loading: this.loading,
      error: this.error,
      filter,
      facets: {
        workloads: facetValues(rows.map((t) => t.workloadId)),
        models: facetValues(rows.flatMap((t) => t.models)),
        services: facetValues(rows.map((t) => t.service)),
      },
      groupByWorkload,
      scorecards: groupByWorkload ? workloadRollups(rows) : [],
      scorecardScope: scorecardScope(list),
      shown: shownText(list),
      hasOlder: list.hasMore,
      olderLoading: this.olderLoading,
      range: visibleRange(this.scroll.shownTop, this.scroll.height, LIST_ROW_HEIGHT, rows.length),
      onLoadOlder: this.loadOlder,
      onFilter: this.setFilter,
      onToggleGroup: this.toggleGroup,
      onOpen: (id) => this.host.openTrace(id, null),
      onOpenInEditor: (id) => this.host.openTraceInEditor(id),
      ...(this.host.showPrompts ? { onShowPrompts: () => this.host.showPrompts!() } : {}),
      ...(this.host.searchRemote ? { onSearchRemote: () => this.host.searchRemote!() } : {}),
      ...(canSaveFixture ? { onSaveFixture: (id: string) => this.host.saveFixture!(id) } : {}),
      ...(this.host.manageTrust ? { onManageTrust: () => this.host.manageTrust!() } : {}),
      onScroll: this.onScroll,
      contentResults: this.renderContentResults(),
      onShowSessions: this.host.showSessions ? () => this.host.showSessions?.() : undefined,
      workloadMoney: groupByWorkload && filter.workloadId && this.host.workloadMoney
        ? this.host.workloadMoney(filter.workloadId, rows.map((t) => t.traceId)) : undefined,
    });
  }

  private renderContentResults(): TemplateResult | null {
    const results = this.prefs.filter.inContent ? this.contentSearch.results : null;
    if (!results) return null;
    return renderContentResults({
      results,
      onOpen: (traceId, spanId) => this.host.openTrace(traceId, spanId),
      onCancel: () => this.contentSearch.cancel(),
    });
  }

  measure(root: ParentNode): void {
    this.scroll.measure(root);
  }

  afterRender(root: ParentNode): boolean {
    return this.scroll.afterRender(root);
  }
}
