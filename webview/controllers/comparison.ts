// The "compare two traces" view's state and behaviour: the open pair, its rows, selection and scroll, and the
// requests behind them, kept current while the store changes. The app decides which view shows and persists
// the UI state; it reaches this through open/close/render and the DOM hooks.
import type { AttributeDiff, CompareRow } from '../../src/core/compare';
import {
  CompareTraces, DiffSpanPair, GetTraceSummary, type TraceComparisonResult, type TracePair,
} from '../../src/protocol/messages';
import { refreshedRowsView, reselectedIndex, sameTraceExtent, shownRows } from '../model/compare';
import { scrollIntoView, visibleRange, type Scroll } from '../model/virtual';
import { COMPARE_ROW_HEIGHT, renderCompareView } from '../views/compareView';
import type { SendRequest, ViewController } from './view';

/** Store changes closer together than this cause one refresh. */
const REFRESH_DELAY_MS = 300;

interface OpenComparison {
  pair: TracePair;
  result: TraceComparisonResult | null;
  error: string | null;
  differencesOnly: boolean;
  /** The rows shown: all, or the differing ones with their ancestors. */
  rows: readonly CompareRow[];
  selected: number;
  diff: AttributeDiff | null;
  diffLoading: boolean;
}

export interface ComparisonHost {
  /** Render again (the state changed). */
  requestUpdate(): void;
  /** Render again on the next animation frame (the rows scrolled). */
  requestFrame(): void;
  /** "Back": leave the comparison for this trace, at this span. */
  showTrace(traceId: string, spanId: string | null): void;
  /** "Swap": show another comparison (the app switches to it as to any comparison). */
  showComparison(pair: TracePair): void;
}

const ROWS_SELECTOR = '.compare-rows';

export class ComparisonController implements ViewController<{ view: 'compare'; pair: TracePair }> {
  private current: OpenComparison | null = null;
  private scroll: Scroll = { top: 0, height: 300 };
  private pendingScrollTop: number | null = null;
  /** Bumped by every comparison request and by close: answers to older ones are dropped. */
  private compareSeq = 0;
  private diffSeq = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing = false;
  private refreshAgain = false;

  constructor(private readonly host: ComparisonHost, private readonly send: SendRequest) {}

  get isOpen(): boolean {
    return this.current !== null;
  }

  enter(route: { pair: TracePair }): void {
    void this.open(route.pair);
  }

  leave(): void {
    this.close();
  }

  async open(pair: TracePair): Promise<void> {
    this.diffSeq++;
    this.cancelRefresh();
    // Kept across "Swap", which opens the reversed pair.
    const differencesOnly = this.current?.differencesOnly ?? false;
    this.current = { pair, result: null, error: null, differencesOnly, rows: [], selected: -1, diff: null, diffLoading: false };
    this.scroll = { ...this.scroll, top: 0 };
    this.pendingScrollTop = 0;
    this.host.requestUpdate();
    await this.compare();
  }

  close(): void {
    this.compareSeq++;
    this.diffSeq++;
    this.cancelRefresh();
    this.current = null;
  }

  /** The store changed: re-compare soon, keeping the selection, the scroll position and the filter. */
  storeChanged(): void {
    if (!this.current || this.refreshTimer !== undefined) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, REFRESH_DELAY_MS);
  }

  // ---- requests -----------------------------------------------------------------------------

  private cancelRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  /** One refresh at a time, so a slow comparison is not superseded forever while spans stream in. */
  private async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      await this.compareIfChanged();
    } finally {
      this.refreshing = false;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        this.storeChanged();
      }
    }
  }

  /** Re-compare when either trace gained spans; the summaries are a cheap check, so other traces' ingest does not realign big traces. */
  private async compareIfChanged(): Promise<void> {
    const c = this.current;
    if (!c) return;
    const shown = c.result;
    if (shown) {
      const seq = this.compareSeq;
      const summary = (traceId: string) => this.send(GetTraceSummary, { traceId }).catch(() => null);
      const [a, b] = await Promise.all([summary(c.pair.traceIdA), summary(c.pair.traceIdB)]);
      if (seq !== this.compareSeq) return;
      if (sameTraceExtent(shown.a, a) && sameTraceExtent(shown.b, b)) return;
    }
    await this.compare();
  }

  private async compare(): Promise<void> {
    const c = this.current;
    if (!c) return;
    const seq = ++this.compareSeq;
    try {
      const result = await this.send(CompareTraces, c.pair);
      if (seq !== this.compareSeq) return;
      this.showResult(c, result);
    } catch (e) {
      if (seq !== this.compareSeq) return;
      this.showError(c, `Could not compare the traces: ${(e as Error).message}`);
    }
    this.host.requestUpdate();
  }

  private showResult(c: OpenComparison, result: TraceComparisonResult): void {
    const before = { rows: c.rows, selected: c.selected, scrollTop: this.pendingScrollTop ?? this.scroll.top };
    const next = refreshedRowsView(before, shownRows(result.rows, c.differencesOnly), COMPARE_ROW_HEIGHT);
    Object.assign(c, { result, error: null, rows: next.rows, selected: next.selected });
    if (next.selected < 0) this.forgetDiff(c);
    this.pendingScrollTop = next.scrollTop;
  }

  /** An error replaces the rows: after "Clear Traces" they would be stale. */
  private showError(c: OpenComparison, error: string): void {
    Object.assign(c, { result: null, error, rows: [], selected: -1 });
    this.forgetDiff(c);
  }

  private forgetDiff(c: OpenComparison): void {
    this.diffSeq++;
    c.diff = null;
    c.diffLoading = false;
  }

  private async loadDiff(c: OpenComparison, r: CompareRow): Promise<void> {
    const seq = ++this.diffSeq;
    c.diff = null;
    c.diffLoading = true;
    const ref = { traceIdA: c.pair.traceIdA, spanIdA: r.a, traceIdB: c.pair.traceIdB, spanIdB: r.b };
    const diff = await this.send(DiffSpanPair, ref).catch(() => null);
    if (seq !== this.diffSeq) return;
    c.diff = diff;
    c.diffLoading = false;
    this.host.requestUpdate();
  }

  // ---- interaction --------------------------------------------------------------------------

  private select(i: number): void {
    const c = this.current;
    const r = c?.rows[i];
    if (!c || !r) return;
    const changed = c.selected !== i;
    c.selected = i;
    this.pendingScrollTop = scrollIntoView(i, this.scroll.top, this.scroll.height, COMPARE_ROW_HEIGHT);
    this.host.requestUpdate();
    if (changed || !c.diff) void this.loadDiff(c, r);
  }

  private toggleDifferencesOnly(): void {
    const c = this.current;
    if (!c?.result) return;
    const differencesOnly = !c.differencesOnly;
    const rows = shownRows(c.result.rows, differencesOnly);
    const selected = reselectedIndex(c.rows, c.selected, rows);
    Object.assign(c, { differencesOnly, rows, selected });
    if (selected < 0) this.forgetDiff(c);
    this.pendingScrollTop = selected >= 0 ? scrollIntoView(selected, 0, this.scroll.height, COMPARE_ROW_HEIGHT) : 0;
    this.host.requestUpdate();
  }

  private onKey = (e: KeyboardEvent): void => {
    const c = this.current;
    if (!c || c.rows.length === 0) return;
    const page = Math.max(1, Math.floor(this.scroll.height / COMPARE_ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: c.selected + 1, ArrowUp: c.selected - 1, PageDown: c.selected + page, PageUp: c.selected - page, Home: 0, End: c.rows.length - 1,
    };
    const next = moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    this.select(Math.max(0, Math.min(c.rows.length - 1, next)));
  };

  private onScroll = (e: Event): void => {
    const el = e.target as HTMLElement;
    this.scroll = { top: el.scrollTop, height: el.clientHeight };
    this.host.requestFrame();
  };

  // ---- DOM ----------------------------------------------------------------------------------

  render(): unknown {
    const c = this.current;
    if (!c) return null;
    return renderCompareView({
      result: c.result,
      error: c.error,
      rows: c.rows,
      differencesOnly: c.differencesOnly,
      selectedIndex: c.selected,
      range: visibleRange(this.pendingScrollTop ?? this.scroll.top, this.scroll.height, COMPARE_ROW_HEIGHT, c.rows.length),
      diff: c.diff,
      diffLoading: c.diffLoading,
      // Back to trace A, at the selected row's span when A has it.
      onBack: () => this.host.showTrace(c.pair.traceIdA, c.rows[c.selected]?.a ?? null),
      onSwap: () => this.host.showComparison({ traceIdA: c.pair.traceIdB, traceIdB: c.pair.traceIdA }),
      onToggleDifferences: () => this.toggleDifferencesOnly(),
      onSelect: (i) => this.select(i),
      onKey: this.onKey,
      onScroll: this.onScroll,
    });
  }

  /** Read the rows' scroll position and viewport height from the DOM. */
  measure(root: ParentNode): void {
    const el = root.querySelector<HTMLElement>(ROWS_SELECTOR);
    if (el) this.scroll = { top: el.scrollTop, height: el.clientHeight || this.scroll.height };
  }

  /** After a render: apply a pending scroll. True when the viewport's height is not the one rendered for (measure and render again). */
  afterRender(root: ParentNode): boolean {
    const el = root.querySelector<HTMLElement>(ROWS_SELECTOR);
    if (!el) return false;
    if (this.pendingScrollTop !== null) {
      el.scrollTop = this.pendingScrollTop;
      this.scroll = { top: el.scrollTop, height: el.clientHeight || this.scroll.height };
      this.pendingScrollTop = null;
    }
    const height = el.clientHeight;
    return height > 0 && height !== this.scroll.height;
  }
}
