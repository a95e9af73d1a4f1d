// One webview page of the Traces UI (the side bar's view or a trace's editor tab) and the hub they share.
// Every page speaks the same protocol (src/protocol/messages) and gets the same handlers: its own (the handshake
// and the trace reads) and each feature's, added with hub.addHandlers. The hub pushes store snapshots to every
// page and remembers the span last selected in any of them.
import * as vscode from 'vscode';
import { Ready, Snapshot, type HostSnapshot, type SpanRef } from '../protocol/messages';
import { RpcEndpoint, type HostRpc } from '../protocol/rpc';
import type { StoreWorker } from '../store-worker';
import type { PanelDecorations } from './decorations';
import { webviewHtml, type Surface } from './html';
import { RecordingRpc, type PanelHandlers, type PanelPageInfo } from './panel-handlers';
import type { TraceService } from './service';
import { SECTION } from './settings';
import { registerTraceHandlers, type TraceReads } from './trace-reads';
import { restrictedModeLine } from './trust';

const SNAPSHOT_INTERVAL_MS = 200;

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
  private readonly features: PanelHandlers[] = [];
  /** The trace last shown or selected in any page (for commands run without an explicit trace). */
  currentTraceId: string | null = null;
  /** The span last selected in any page's tree (for the keybinding and palette forms of the span commands). */
  selectedSpan: SpanRef | null = null;

  constructor(
    readonly extensionUri: vscode.Uri,
    readonly service: TraceService,
    readonly decorations: PanelDecorations,
    /** The store once its first start was tried (a restored page may ask earlier). */
    readonly openStore: () => Promise<StoreWorker>,
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

  /** A feature's handlers, registered on every page: those open now and those to come. */
  addHandlers(register: PanelHandlers): void {
    this.features.push(register);
    for (const page of this.pages) page.addHandlers(register);
  }

  /** Every handler a page gets: its own (the handshake, the trace reads) and each feature's. */
  registerPage(rpc: HostRpc, page: PanelPageInfo & { onReady(): void }): TraceReads {
    rpc.onNotification(Ready, () => page.onReady());
    const reads = registerTraceHandlers(rpc, {
      openStore: this.openStore,
      decorations: this.decorations,
      versions: () => this.versions(),
      selection: this,
    });
    for (const register of this.features) register(rpc, page);
    return reads;
  }

  /** What a page registers, recorded instead of served (tests check that every request has one handler). */
  recordHandlers(): RecordingRpc {
    const rpc = new RecordingRpc();
    this.registerPage(rpc, { surface: 'sidebar', onDispose: () => undefined, onReady: () => undefined });
    return rpc;
  }

  /** The store and decoration versions (early answers are used only while they are unchanged). */
  versions(): string {
    return `${this.service.storeVersion}/${this.decorationVersion}`;
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
    const w = this.service.store;
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

/** One loaded webview: its RPC endpoint, the handlers behind it, and what it is asked to show once ready. */
export class PanelPage implements vscode.Disposable {
  private readonly rpc: RpcEndpoint<'host'>;
  private ready = false;
  /** What the page is asked to show next, sent once it is ready; a later request replaces one not yet sent. */
  private pendingView: ((rpc: RpcEndpoint<'host'>) => void) | null = null;
  private readonly subscription: vscode.Disposable;
  private readonly cleanups: Array<() => void> = [];
  private readonly info: PanelPageInfo;
  private readonly traces: TraceReads;

  constructor(private readonly hub: PanelHub, readonly webview: vscode.Webview, readonly surface: Surface) {
    const dist = vscode.Uri.joinPath(hub.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(hub.extensionUri, 'media');
    webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    this.rpc = new RpcEndpoint('host', (m) => void webview.postMessage(m));
    this.info = { surface, onDispose: (cleanup) => this.cleanups.push(cleanup) };
    this.traces = hub.registerPage(this.rpc, { ...this.info, onReady: () => this.onReady() });
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

  /** A feature added after this page was made. */
  addHandlers(register: PanelHandlers): void {
    register(this.rpc, this.info);
  }

  /** Show `send`'s view once the page is ready (now, if it is). */
  show(send: (rpc: RpcEndpoint<'host'>) => void): void {
    this.pendingView = send;
    this.flushShow();
  }

  /** Start reading `traceId` now, for a page that will ask for it once loaded. */
  prefetchTrace(traceId: string): void {
    this.traces.prefetch(traceId);
  }

  /** Send a notification now if the page listens (toolbar actions); dropped otherwise. */
  notifyIfReady(send: (rpc: RpcEndpoint<'host'>) => void): void {
    if (this.ready) send(this.rpc);
  }

  postSnapshot(snapshot: HostSnapshot): void {
    if (this.ready) this.rpc.sendNotification(Snapshot, snapshot);
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.subscription.dispose();
    this.rpc.dispose();
    this.hub.remove(this);
  }

  private onReady(): void {
    this.ready = true;
    this.postSnapshot(this.hub.snapshot());
    this.flushShow();
  }

  private flushShow(): void {
    if (!this.ready || !this.pendingView) return;
    const send = this.pendingView;
    this.pendingView = null;
    send(this.rpc);
  }
}
