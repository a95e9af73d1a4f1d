// One webview page of the Traces UI (the side bar's view or a trace's editor tab) and the hub they share.
// Every page speaks the same protocol (src/protocol/messages.ts) and is served by the same handlers here;
// the hub pushes store snapshots to all of them and remembers the span last selected in any of them.
import * as vscode from 'vscode';
import {
  CancelContentSearch, ClearTraces, CompareTraces, ContentSearchProgress, CopyText, CopyTraceText, DiffPrompt, DiffSpanPair, ExportTrace, GetPromptStatus, GetSpan, GetTrace,
  GetTracePreview, GetTraceSummary, ListCodeSpans, ListTraces, OpenInEditor, OpenPrompt, OpenSource, PickComparison, Ready, SearchContent, Snapshot, SpanSelected,
  type ActionResult, type Badge, type CodeSpanFilter, type CodeSpansResult, type HostSnapshot, type SpanRef, type TraceDetail, type TraceDetailWire, type TreeSpan,
  ComparePromptVersions, GetPromptScorecards, ManageWorkspaceTrust, SaveTraceFixture, SearchRemoteTraces, type PromptScorecardsResult, type PromptVersionPair,
  type TracePreviewWire,
} from '../protocol/messages';
import type { CohortComparison } from '../core/quality';
import { fromWire, packWire, unpackStructure, type WireStructure } from '../protocol/structure-codec';
import { RpcEndpoint } from '../protocol/rpc';
import type { NormalizedSpan } from '../core/model/types';
import type { PanelDecorations } from './decorations';
import { spanPairDiff, traceComparison } from './compare';
import { PanelContentSearch } from './contentSearch';
import { webviewHtml, type Surface } from './html';
import { diffSpanPromptVersions, openSpanPrompt, openSpanSource, spanPromptStatus } from './links';
import { findCodeSpans } from './links/code-spans';
import { listTracePage } from './traceListPage';
import { registerInsightHandlers } from './insights';
import { withDefaultPrices } from '../core/model/pricing';
import type { TraceService } from './service';
import { SECTION } from './settings';
import { MANAGE_TRUST_COMMAND, restrictedModeLine } from './trust';

const SNAPSHOT_INTERVAL_MS = 200;

/** Only what the webview needs (results may carry vscode.Uri objects). */
function plainResult(r: ActionResult): ActionResult {
  return r.message === undefined ? { ok: r.ok } : { ok: r.ok, message: r.message };
}

export interface ViewActions {
  copyTraceText(traceId: string): Promise<ActionResult>;
  exportTrace(traceId: string): Promise<ActionResult>;
  clearTraces(): Promise<ActionResult>;
  /** Ask for the other trace and show the comparison (in an editor tab when asked from one). */
  compareWith(traceId: string, from: Surface): Promise<ActionResult>;
  /** Show the trace in its editor tab. */
  openInEditor(traceId: string, spanId?: string): Promise<ActionResult>;
  saveFixture(traceId: string): Promise<ActionResult>;
  /** Search a remote backend (Tempo, Jaeger) and open a result. */
  searchRemote(): Promise<ActionResult>;
  promptScorecards(promptName?: string): Promise<PromptScorecardsResult>;
  comparePromptVersions(pair: PromptVersionPair): Promise<CohortComparison | null>;
}

/**
 * The worker's columns, forwarded as they came, with the decorators' span badges. Decorators only add badges to the
 * span objects they are handed (the columns stay valid); were the spans replaced, they are packed afresh.
 */
function decoratedColumns(columns: WireStructure, spans: TreeSpan[], detail: TraceDetail): WireStructure {
  if (detail.spans !== spans || spans.length !== columns.count) return packWire(detail.spans);
  const badges: Record<number, Badge[]> = {};
  spans.forEach((span, i) => {
    if (span.badges?.length) badges[i] = span.badges;
  });
  return { ...columns, badges };
}

/**
 * Traces this big open with a preview first (their top level, as many spans as a tall editor shows), then the
 * whole structure: reading and sending 100k spans takes about a second, the preview a tenth of that.
 */
const TRACE_PREVIEW_LIMITS = { minSpans: 5000, maxSpans: 150 };

/** Where opening a trace from the side bar's list shows it. */
export function openTracesIn(): 'sidebar' | 'editor' {
  return vscode.workspace.getConfiguration(SECTION).get<string>('openTracesIn', 'sidebar') === 'editor' ? 'editor' : 'sidebar';
}

/** State and services every page shares. */
export class PanelHub implements vscode.Disposable {
  private readonly pages = new Set<PanelPage>();
  private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSnapshotAt = 0;
  private decorationVersion = 0;
  private readonly disposables: vscode.Disposable[] = [];
  /** The trace last shown or selected in any page (for commands run without an explicit trace). */
  currentTraceId: string | null = null;
  /** The span last selected in any page's tree (for the keybinding and palette forms of the span commands). */
  selectedSpan: SpanRef | null = null;

  constructor(
    readonly extensionUri: vscode.Uri,
    readonly service: TraceService,
    readonly decorations: PanelDecorations,
    readonly actions: ViewActions,
    /** Resolves once the first start of the store has been tried (a restored page may ask earlier). */
    private readonly whenStarted: () => Promise<void>,
  ) {
    const off = service.onDidChange(() => this.scheduleSnapshot());
    const offDeco = decorations.onDidChange(() => {
      this.decorationVersion++;
      this.scheduleSnapshot();
    });
    const offSetting = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.openTracesIn`)) this.scheduleSnapshot();
    });
    // Granting trust takes the Restricted Mode line away (trust cannot be revoked without a reload).
    const offTrust = vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleSnapshot());
    this.disposables.push({ dispose: off }, { dispose: offDeco }, offSetting, offTrust);
  }

  add(page: PanelPage): void {
    this.pages.add(page);
  }

  remove(page: PanelPage): void {
    this.pages.delete(page);
  }

  snapshot(): HostSnapshot {
    const snapshot: HostSnapshot = {
      receiver: this.service.status(),
      stats: this.service.stats,
      storeVersion: this.service.storeVersion,
      decorationVersion: this.decorationVersion,
      workloadAttribute: this.service.currentSettings.workloadAttribute,
      openTracesIn: openTracesIn(),
    };
    const restricted = restrictedModeLine();
    return restricted ? { ...snapshot, restrictedMode: restricted } : snapshot;
  }

  /** The store worker, after the first start attempt (throws when the store could not open). */
  async openWorker() {
    await this.whenStarted();
    return this.worker();
  }

  worker() {
    const w = this.service.storeWorker;
    if (!w) throw new Error(this.service.lastProblem?.message ?? 'Trace storage is not open yet.');
    return w;
  }

  async codeSpans(filter: CodeSpanFilter): Promise<CodeSpansResult> {
    return findCodeSpans(await this.openWorker(), filter);
  }

  /** Snapshots are coalesced: at most one per interval while spans stream in. */
  private scheduleSnapshot(): void {
    if (this.snapshotTimer !== undefined) return;
    const wait = Math.max(0, SNAPSHOT_INTERVAL_MS - (Date.now() - this.lastSnapshotAt));
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = undefined;
      this.lastSnapshotAt = Date.now();
      const snapshot = this.snapshot();
      for (const page of this.pages) page.postSnapshot(snapshot);
      void this.forgetGoneTrace();
    }, wait);
  }

  /** The store changed: the current trace may have been cleared or evicted. */
  private async forgetGoneTrace(): Promise<void> {
    const id = this.currentTraceId;
    const w = this.service.storeWorker;
    if (!id || !w) return;
    const summary = await w.getTraceSummary(id).catch(() => undefined);
    if (summary === null && this.currentTraceId === id) this.currentTraceId = null;
  }

  dispose(): void {
    clearTimeout(this.snapshotTimer);
    for (const page of [...this.pages]) page.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** An answer started before the page asks for it; used once, if the store and the decorations did not change since. */
class EarlyAnswer<T> {
  private slot: { traceId: string; versions: string; answer: Promise<T> } | null = null;

  constructor(private readonly versions: () => string) {}

  start(traceId: string, answer: Promise<T>): void {
    answer.catch(() => undefined);
    this.slot = { traceId, versions: this.versions(), answer };
  }

  /** The early answer for `traceId` while still current (else, or if it failed, a fresh `read`). */
  take(traceId: string, read: () => Promise<T>): Promise<T> {
    const early = this.slot;
    this.slot = null;
    return early?.traceId === traceId && early.versions === this.versions() ? early.answer.catch(read) : read();
  }
}

/** One loaded webview: its RPC endpoint, the handlers behind it, and what it is asked to show once ready. */
export class PanelPage implements vscode.Disposable {
  private readonly rpc: RpcEndpoint;
  private ready = false;
  /** What the page is asked to show next, sent once it is ready; a later request replaces one not yet sent. */
  private pendingView: ((rpc: RpcEndpoint) => void) | null = null;
  private readonly contentSearch: PanelContentSearch;
  private readonly subscription: vscode.Disposable;
  /** Trace answers started before the page asked (while a new page loads). */
  private readonly earlyTrace = new EarlyAnswer<TraceDetailWire>(() => this.versions());
  private readonly earlyPreview = new EarlyAnswer<TracePreviewWire | null>(() => this.versions());

  constructor(private readonly hub: PanelHub, readonly webview: vscode.Webview, readonly surface: Surface) {
    const dist = vscode.Uri.joinPath(hub.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(hub.extensionUri, 'media');
    webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    this.rpc = new RpcEndpoint((m) => void webview.postMessage(m));
    this.contentSearch = new PanelContentSearch(() => hub.worker(), {
      progress: (params) => this.rpc.sendNotification(ContentSearchProgress, params),
      decorate: (rows) => hub.decorations.applyToTraces(rows),
    });
    this.registerHandlers();
    this.subscription = webview.onDidReceiveMessage((m) => this.rpc.handleMessage(m));
    hub.add(this);
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'webview.css')).toString(),
      codiconUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(),
      surface,
    });
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** A hidden side-bar view's document is discarded; it sends `ready` again when shown. */
  hidden(): void {
    this.ready = false;
  }

  /** Show `send`'s view once the page is ready (now, if it is). */
  show(send: (rpc: RpcEndpoint) => void): void {
    this.pendingView = send;
    this.flushShow();
  }

  /**
   * Start reading `traceId` now, for a page that will ask for it once loaded: a new webview takes about as long
   * to boot as a big trace takes to read.
   */
  prefetchTrace(traceId: string): void {
    // The preview first: the worker answers in order, and the page paints it while the whole trace is read.
    this.earlyPreview.start(traceId, this.readPreview(traceId));
    this.earlyTrace.start(traceId, this.readTrace(traceId));
  }

  /** Sent as the store answers it: a few dozen spans, and the summary without decorations (they need the whole trace). */
  private async readPreview(traceId: string): Promise<TracePreviewWire | null> {
    return (await this.hub.openWorker()).getTracePreview(traceId, TRACE_PREVIEW_LIMITS);
  }

  private versions(): string {
    const { storeVersion, decorationVersion } = this.hub.snapshot();
    return `${storeVersion}/${decorationVersion}`;
  }

  private async readTrace(traceId: string): Promise<TraceDetailWire> {
    const w = await this.hub.openWorker();
    const [summary, columns] = await Promise.all([w.getTraceSummary(traceId), w.getTraceColumns(traceId)]);
    const spans = unpackStructure(fromWire(columns));
    const detail = await this.hub.decorations.applyToTrace({ summary, spans, ghosts: [] } satisfies TraceDetail);
    return { summary: detail.summary, packed: decoratedColumns(columns, spans, detail), ghosts: detail.ghosts };
  }

  /** Send a notification now if the page listens (toolbar actions); dropped otherwise. */
  notifyIfReady(send: (rpc: RpcEndpoint) => void): void {
    if (this.ready) send(this.rpc);
  }

  postSnapshot(snapshot: HostSnapshot): void {
    if (this.ready) this.rpc.sendNotification(Snapshot, snapshot);
  }

  dispose(): void {
    this.contentSearch.cancelRunning();
    this.subscription.dispose();
    this.rpc.dispose();
    this.hub.remove(this);
  }

  private flushShow(): void {
    if (!this.ready || !this.pendingView) return;
    const send = this.pendingView;
    this.pendingView = null;
    send(this.rpc);
  }

  private registerHandlers(): void {
    const { rpc, hub, contentSearch } = this;
    const worker = () => hub.openWorker();
    rpc.onNotification(Ready, () => {
      // A reloaded page forgot its search.
      contentSearch.cancelRunning();
      this.ready = true;
      this.postSnapshot(hub.snapshot());
      this.flushShow();
    });
    rpc.onRequest(ListTraces, async (query) => listTracePage(await worker(), hub.decorations, query ?? {}));
    rpc.onRequest(GetTrace, async ({ traceId }) => {
      const answer = await this.earlyTrace.take(traceId, () => this.readTrace(traceId));
      hub.currentTraceId = answer.packed.count > 0 ? traceId : null;
      return answer;
    });
    rpc.onRequest(GetTracePreview, ({ traceId }) => this.earlyPreview.take(traceId, () => this.readPreview(traceId)));
    rpc.onRequest(GetTraceSummary, async ({ traceId }) => {
      const summary = await (await worker()).getTraceSummary(traceId);
      return summary ? (await hub.decorations.applyToTraces([summary]))[0] ?? null : null;
    });
    rpc.onRequest(GetSpan, async ({ traceId, spanId }) => (await worker()).getSpan(traceId, spanId));
    rpc.onNotification(SpanSelected, (ref) => {
      hub.selectedSpan = ref ? { traceId: ref.traceId, spanId: ref.spanId } : null;
      // The page clears the selection only when it leaves the trace (back to the list, or to a code location).
      hub.currentTraceId = ref ? ref.traceId : null;
    });
    const withSpan = <R>(run: (span: NormalizedSpan) => Promise<R>, none: R) => async ({ traceId, spanId }: SpanRef): Promise<R> => {
      const span = await (await worker()).getSpan(traceId, spanId);
      return span ? run(span) : none;
    };
    const notFound: ActionResult = { ok: false, message: 'Span not found.' };
    // From an editor tab, files open in another editor group: never on top of the trace.
    const beside = this.surface === 'editor' ? { viewColumn: vscode.ViewColumn.Beside } : {};
    rpc.onRequest(OpenSource, withSpan((span) => openSpanSource(span, beside).then(plainResult), notFound));
    // The page shows the version note itself (and a diff button), so no notification here.
    rpc.onRequest(OpenPrompt, withSpan((span) => openSpanPrompt(span, { notify: false, ...beside }).then(plainResult), notFound));
    rpc.onRequest(DiffPrompt, withSpan((span) => diffSpanPromptVersions(span, beside).then(plainResult), notFound));
    rpc.onRequest(GetPromptStatus, withSpan(spanPromptStatus, null));
    rpc.onRequest(ListCodeSpans, (filter) => hub.codeSpans(filter));
    rpc.onRequest(CopyText, async ({ text }) => {
      await vscode.env.clipboard.writeText(String(text));
      return { ok: true, message: 'Copied.' };
    });
    rpc.onRequest(CopyTraceText, ({ traceId }) => hub.actions.copyTraceText(traceId));
    rpc.onRequest(ExportTrace, ({ traceId }) => hub.actions.exportTrace(traceId));
    rpc.onRequest(ClearTraces, () => hub.actions.clearTraces());
    rpc.onRequest(CompareTraces, async (pair) => traceComparison(await worker(), pair));
    rpc.onRequest(DiffSpanPair, async (ref) => spanPairDiff(await worker(), ref));
    rpc.onRequest(PickComparison, ({ traceId }) => hub.actions.compareWith(traceId, this.surface));
    rpc.onRequest(SaveTraceFixture, ({ traceId }) => hub.actions.saveFixture(traceId));
    rpc.onRequest(SearchRemoteTraces, async () => plainResult(await hub.actions.searchRemote()));
    rpc.onRequest(ManageWorkspaceTrust, async () => {
      await vscode.commands.executeCommand(MANAGE_TRUST_COMMAND);
      return { ok: true };
    });
    rpc.onRequest(GetPromptScorecards, ({ promptName }) => hub.actions.promptScorecards(promptName));
    rpc.onRequest(ComparePromptVersions, (pair) => hub.actions.comparePromptVersions(pair));
    rpc.onRequest(OpenInEditor, ({ traceId, spanId }) => hub.actions.openInEditor(traceId, spanId));
    rpc.onRequest(SearchContent, (params) => contentSearch.search(params));
    rpc.onNotification(CancelContentSearch, ({ searchId }) => contentSearch.cancel(searchId));
    registerInsightHandlers(rpc, {
      store: worker,
      prices: () => withDefaultPrices(hub.service.currentSettings.prices),
      violatingTraceIds: () => hub.decorations.violatingTraceIds(),
      decorate: (rows) => hub.decorations.applyToTraces(rows),
    });
  }
}
