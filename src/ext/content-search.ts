// The panel's content searches on the host side: at most one runs per panel (a newer one cancels it), each
// chunk's matches go to the webview as hits plus the rows of traces it has not seen yet, in scan order.
import type { ContentMatch } from '../core/model/store-types';
import { ALL_TRACES } from '../core/store/list-limit';
import {
  CancelContentSearch, ContentSearchProgress, Ready, SearchContent,
  type ContentSearchHit, type ContentSearchOutcome, type ContentSearchParams, type ContentSearchProgressParams, type TraceRow,
} from '../protocol/messages';
import type { HostRpc } from '../protocol/rpc';
import type { PanelPageInfo } from './panel-handlers';
import type { ContentSearchStore } from '../core/store/views';

export interface ContentSearchPanel {
  /** Send one progress notification to the webview. */
  progress(params: ContentSearchProgressParams): void;
  /** Badges and the like for the trace rows (as the trace list shows them). */
  decorate(rows: TraceRow[]): Promise<TraceRow[]>;
}

export function contentSearchHit(match: ContentMatch): ContentSearchHit {
  const { traceId, spanId, name, kind } = match.span;
  return { traceId, spanId, name, kind, snippet: match.snippet };
}

/** Trace ids in first-seen order, without those already sent. */
export function newTraceIds(matches: readonly ContentMatch[], sent: Set<string>): string[] {
  const fresh: string[] = [];
  for (const { span } of matches) {
    if (sent.has(span.traceId)) continue;
    sent.add(span.traceId);
    fresh.push(span.traceId);
  }
  return fresh;
}

interface Running {
  searchId: number;
  controller: AbortController;
}

export class PanelContentSearch {
  private running: Running | null = null;

  constructor(private readonly store: () => ContentSearchStore, private readonly panel: ContentSearchPanel) {}

  /** Run one search to its end; a search still running is cancelled first. */
  async search({ searchId, text }: ContentSearchParams): Promise<ContentSearchOutcome> {
    this.cancelRunning();
    const store = this.store();
    const controller = new AbortController();
    const mine: Running = { searchId, controller };
    this.running = mine;
    const sent = new Set<string>();
    let matchCount = 0;
    // Progress goes out in scan order even though fetching trace rows is asynchronous.
    let delivered: Promise<void> = Promise.resolve();
    try {
      const result = await store.searchContent({ text }, (progress) => {
        matchCount += progress.matches.length;
        const totals = { matchCount, scannedBytes: progress.scannedBytes, totalBytes: progress.totalBytes };
        const hits = progress.matches.map(contentSearchHit);
        const fresh = newTraceIds(progress.matches, sent);
        delivered = delivered.then(async () => {
          const traces = await this.traceRows(store, fresh);
          if (!controller.signal.aborted) this.panel.progress({ searchId, hits, traces, ...totals });
        });
      }, { signal: controller.signal });
      await delivered;
      return { ...result, cancelled: controller.signal.aborted };
    } finally {
      if (this.running === mine) this.running = null;
    }
  }

  /** The webview's cancel button (or its next query): stops the search if it is still the running one. */
  cancel(searchId: number): void {
    if (this.running?.searchId === searchId) this.cancelRunning();
  }

  /** The panel went away or reloaded. */
  cancelRunning(): void {
    this.running?.controller.abort();
    this.running = null;
  }

  private async traceRows(store: ContentSearchStore, traceIds: string[]): Promise<TraceRow[]> {
    if (traceIds.length === 0) return [];
    try {
      const rows = await store.listTraces({ traceIds, limit: ALL_TRACES });
      const order = new Map(traceIds.map((id, i) => [id, i]));
      rows.sort((a, b) => (order.get(a.traceId) ?? 0) - (order.get(b.traceId) ?? 0));
      return await this.panel.decorate(rows);
    } catch {
      // The hits still show, under their trace ids.
      return [];
    }
  }
}

export interface ContentSearchDeps {
  /** The running store (throws, saying why, when it is not open): a search starts at once or fails. */
  store(): ContentSearchStore;
  decorate(rows: TraceRow[]): Promise<TraceRow[]>;
}

/** One search at a time per page; a reloaded or closed page stops its search. */
export function registerContentSearchHandlers(rpc: HostRpc, page: PanelPageInfo, deps: ContentSearchDeps): void {
  const search = new PanelContentSearch(deps.store, {
    progress: (params) => rpc.sendNotification(ContentSearchProgress, params),
    decorate: deps.decorate,
  });
  rpc.onRequest(SearchContent, (params) => search.search(params));
  rpc.onNotification(CancelContentSearch, ({ searchId }) => search.cancel(searchId));
  // A reloaded page forgot its search.
  rpc.onNotification(Ready, () => search.cancelRunning());
  page.onDispose(() => search.cancelRunning());
}
