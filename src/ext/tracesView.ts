// The "Traces" webview view: serves the panel's requests from the store worker and pushes snapshots.
import * as vscode from 'vscode';
import {
  CancelContentSearch, ClearTraces, CompareTraces, ContentSearchProgress, CopyText, CopyTraceText, DiffPrompt, DiffSpanPair, ExportTrace, GetPromptStatus, GetSpan, GetTrace,
  GetTraceSummary, ListCodeSpans, ListTraces, OpenPrompt, OpenSource, PickComparison, SearchRemoteTraces, Ready, ShowCodeSpans, ShowComparison, ShowTrace,
  SearchContent, Snapshot, SpanSelected, ViewAction, type ActionResult, type CodeSpanFilter, type CodeSpansResult, type HostSnapshot, type SpanRef,
  type TraceDetail, type TracePair,
} from '../protocol/messages';
import { packStructure } from '../protocol/structure-codec';
import { RpcEndpoint } from '../protocol/rpc';
import type { NormalizedSpan } from '../core/model/types';
import type { PanelDecorations } from './decorations';
import { spanPairDiff, traceComparison } from './compare';
import { PanelContentSearch } from './contentSearch';
import { webviewHtml } from './html';
import { diffSpanPromptVersions, openSpanPrompt, openSpanSource, spanPromptStatus } from './links';
import { findCodeSpans } from './links/code-spans';
import { listTracePage } from './traceListPage';
import type { TraceService } from './service';

export const VIEW_ID = 'agentTraceLens.traces';
export const CONTAINER_ID = 'agentTraces';
const SNAPSHOT_INTERVAL_MS = 200;

/** Only what the webview needs (results may carry vscode.Uri objects). */
function plainResult(r: ActionResult): ActionResult {
  return r.message === undefined ? { ok: r.ok } : { ok: r.ok, message: r.message };
}

export interface ViewActions {
  copyTraceText(traceId: string): Promise<ActionResult>;
  exportTrace(traceId: string): Promise<ActionResult>;
  clearTraces(): Promise<ActionResult>;
  /** Ask for the other trace and show the comparison. */
  compareWith(traceId: string): Promise<ActionResult>;
  /** Search a remote backend (Tempo, Jaeger) and open a result. */
  searchRemote(): Promise<ActionResult>;
}

export class TracesViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | null = null;
  private rpc: RpcEndpoint | null = null;
  private ready = false;
  /** What the panel is asked to show next (a trace, a code location's spans, a comparison), sent once it is ready. */
  private pendingView: ((rpc: RpcEndpoint) => void) | null = null;
  private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSnapshotAt = 0;
  private decorationVersion = 0;
  private readonly disposables: vscode.Disposable[] = [];
  /** The panel's content search (one at a time), bound to the webview's channel. */
  private contentSearch: PanelContentSearch | null = null;
  /** The trace the panel shows (for commands run without an explicit trace); null on the list or once it is gone. */
  currentTraceId: string | null = null;
  /** The span selected in the panel's tree (for the keybinding and palette forms of the span commands). */
  selectedSpan: SpanRef | null = null;
  /** The code location the panel last listed spans for (a CodeLens click). */
  codeSpanFilter: CodeSpanFilter | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: TraceService,
    private readonly decorations: PanelDecorations,
    private readonly actions: ViewActions,
  ) {
    const off = service.onDidChange(() => this.scheduleSnapshot());
    const offDeco = decorations.onDidChange(() => {
      this.decorationVersion++;
      this.scheduleSnapshot();
    });
    this.disposables.push({ dispose: off }, { dispose: offDeco });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    const rpc = new RpcEndpoint((m) => void view.webview.postMessage(m));
    this.rpc = rpc;
    this.registerHandlers(rpc);
    const sub = view.webview.onDidReceiveMessage((m) => rpc.handleMessage(m));
    const setVisible = (visible: boolean): void => {
      void vscode.commands.executeCommand('setContext', 'agentTraceLens.panelVisible', visible);
    };
    setVisible(view.visible);
    const vis = view.onDidChangeVisibility(() => {
      // A hidden view's document is discarded; it sends `ready` again when shown.
      if (!view.visible) this.ready = false;
      setVisible(view.visible);
    });
    view.onDidDispose(() => {
      setVisible(false);
      this.contentSearch?.cancelRunning();
      vis.dispose();
      sub.dispose();
      rpc.dispose();
      if (this.view === view) {
        this.view = null;
        this.rpc = null;
        this.ready = false;
      }
    });
    view.webview.html = webviewHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'webview.css')).toString(),
      codiconUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(),
    });
  }

  /** Reveal the panel and open a trace in it. */
  async showTrace(traceId: string, spanId?: string): Promise<void> {
    this.currentTraceId = traceId;
    await this.reveal((rpc) => rpc.sendNotification(ShowTrace, { traceId, spanId }));
  }

  /** Reveal the panel listing the spans one source line emitted (CodeLens click). */
  async showCodeSpans(filter: CodeSpanFilter): Promise<void> {
    this.codeSpanFilter = filter;
    await this.reveal((rpc) => rpc.sendNotification(ShowCodeSpans, filter));
  }

  /** Reveal the panel comparing trace A with trace B. */
  async showComparison(traceIdA: string, traceIdB: string): Promise<void> {
    this.currentTraceId = traceIdA;
    await this.reveal((rpc) => rpc.sendNotification(ShowComparison, { traceIdA, traceIdB } satisfies TracePair));
  }

  /** Focus the view and show `send`'s view in it; a later request replaces one not yet sent. */
  private async reveal(send: (rpc: RpcEndpoint) => void): Promise<void> {
    this.pendingView = send;
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    this.flushShow();
  }

  /** The spans the panel lists for a code location (newest first). */
  codeSpans(filter: CodeSpanFilter): Promise<CodeSpansResult> {
    return findCodeSpans(this.worker(), filter);
  }

  /** Run a toolbar action in the panel (if it is open). */
  action(action: 'expandAll' | 'collapseAll' | 'showList'): void {
    if (action === 'showList') this.currentTraceId = null;
    if (this.rpc && this.ready) this.rpc.sendNotification(ViewAction, { action });
  }

  get isReady(): boolean {
    return this.ready;
  }

  dispose(): void {
    clearTimeout(this.snapshotTimer);
    this.contentSearch?.cancelRunning();
    for (const d of this.disposables) d.dispose();
    this.rpc?.dispose();
  }

  snapshot(): HostSnapshot {
    return {
      receiver: this.service.status(),
      stats: this.service.stats,
      storeVersion: this.service.storeVersion,
      decorationVersion: this.decorationVersion,
      workloadAttribute: this.service.currentSettings.workloadAttribute,
    };
  }

  private flushShow(): void {
    if (!this.rpc || !this.ready || !this.pendingView) return;
    const send = this.pendingView;
    this.pendingView = null;
    send(this.rpc);
  }

  /** Snapshots are coalesced: at most one per interval while spans stream in. */
  private scheduleSnapshot(): void {
    if (this.snapshotTimer !== undefined) return;
    const wait = Math.max(0, SNAPSHOT_INTERVAL_MS - (Date.now() - this.lastSnapshotAt));
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = undefined;
      this.postSnapshot();
      void this.forgetGoneTrace();
    }, wait);
  }

  private postSnapshot(): void {
    if (!this.rpc || !this.ready) return;
    this.lastSnapshotAt = Date.now();
    this.rpc.sendNotification(Snapshot, this.snapshot());
  }

  /** The store changed: the current trace may have been cleared or evicted. */
  private async forgetGoneTrace(): Promise<void> {
    const id = this.currentTraceId;
    const w = this.service.storeWorker;
    if (!id || !w) return;
    const summary = await w.getTraceSummary(id).catch(() => undefined);
    if (summary === null && this.currentTraceId === id) this.currentTraceId = null;
  }

  private worker() {
    const w = this.service.storeWorker;
    if (!w) throw new Error(this.service.lastProblem?.message ?? 'Trace storage is not open yet.');
    return w;
  }

  private registerHandlers(rpc: RpcEndpoint): void {
    this.contentSearch?.cancelRunning();
    const contentSearch = new PanelContentSearch(() => this.worker(), {
      progress: (params) => rpc.sendNotification(ContentSearchProgress, params),
      decorate: (rows) => this.decorations.applyToTraces(rows),
    });
    this.contentSearch = contentSearch;
    rpc.onNotification(Ready, () => {
      // A reloaded page forgot its search.
      contentSearch.cancelRunning();
      this.ready = true;
      this.postSnapshot();
      this.flushShow();
    });
    rpc.onRequest(ListTraces, (query) => listTracePage(this.worker(), this.decorations, query ?? {}));
    rpc.onRequest(GetTrace, async ({ traceId }) => {
      const w = this.worker();
      const [summary, spans] = await Promise.all([w.getTraceSummary(traceId), w.getTraceStructure(traceId)]);
      this.currentTraceId = spans.length > 0 ? traceId : null;
      const detail = await this.decorations.applyToTrace({ summary, spans, ghosts: [] } satisfies TraceDetail);
      return { summary: detail.summary, packed: packStructure(detail.spans), ghosts: detail.ghosts };
    });
    rpc.onRequest(GetTraceSummary, async ({ traceId }) => {
      const summary = await this.worker().getTraceSummary(traceId);
      return summary ? (await this.decorations.applyToTraces([summary]))[0] ?? null : null;
    });
    rpc.onRequest(GetSpan, ({ traceId, spanId }) => this.worker().getSpan(traceId, spanId));
    rpc.onNotification(SpanSelected, (ref) => {
      this.selectedSpan = ref ? { traceId: ref.traceId, spanId: ref.spanId } : null;
      // The panel clears the selection only when it leaves the trace (back to the list, or to a code location).
      this.currentTraceId = ref ? ref.traceId : null;
    });
    const withSpan = <R>(run: (span: NormalizedSpan) => Promise<R>, none: R) => async ({ traceId, spanId }: SpanRef): Promise<R> => {
      const span = await this.worker().getSpan(traceId, spanId);
      return span ? run(span) : none;
    };
    const notFound: ActionResult = { ok: false, message: 'Span not found.' };
    rpc.onRequest(OpenSource, withSpan((span) => openSpanSource(span).then(plainResult), notFound));
    // The panel shows the version note itself (and a diff button), so no notification here.
    rpc.onRequest(OpenPrompt, withSpan((span) => openSpanPrompt(span, { notify: false }).then(plainResult), notFound));
    rpc.onRequest(DiffPrompt, withSpan((span) => diffSpanPromptVersions(span).then(plainResult), notFound));
    rpc.onRequest(GetPromptStatus, withSpan(spanPromptStatus, null));
    rpc.onRequest(ListCodeSpans, (filter) => this.codeSpans(filter));
    rpc.onRequest(CopyText, async ({ text }) => {
      await vscode.env.clipboard.writeText(String(text));
      return { ok: true, message: 'Copied.' };
    });
    rpc.onRequest(CopyTraceText, ({ traceId }) => this.actions.copyTraceText(traceId));
    rpc.onRequest(ExportTrace, ({ traceId }) => this.actions.exportTrace(traceId));
    rpc.onRequest(ClearTraces, () => this.actions.clearTraces());
    rpc.onRequest(CompareTraces, (pair) => traceComparison(this.worker(), pair));
    rpc.onRequest(DiffSpanPair, (ref) => spanPairDiff(this.worker(), ref));
    rpc.onRequest(PickComparison, ({ traceId }) => this.actions.compareWith(traceId));
    rpc.onRequest(SearchRemoteTraces, async () => plainResult(await this.actions.searchRemote()));
    rpc.onRequest(SearchContent, (params) => contentSearch.search(params));
    rpc.onNotification(CancelContentSearch, ({ searchId }) => contentSearch.cancel(searchId));
  }
}
