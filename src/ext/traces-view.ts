// The "Traces" webview view in the side bar: one PanelPage (panel-host.ts) for the view's webview, plus the
// commands' ways to show a trace, a code location's spans or a comparison in it.
import * as vscode from 'vscode';
import {
  ShowCodeSpans, ShowComparison, ShowPrompts, ShowTrace, ViewAction, type CodeSpanFilter, type ShowPromptsParams, type SpanRef, type TracePair,
} from '../protocol/messages';
import type { RpcEndpoint } from '../protocol/rpc';
import { PanelPage, type PanelHub } from './panel-host';

export const VIEW_ID = 'agentTraceLens.traces';
export const CONTAINER_ID = 'agentTraces';

export class TracesViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private page: PanelPage | null = null;
  /** What the view is asked to show before its page exists. */
  private pendingView: ((rpc: RpcEndpoint<'host'>) => void) | null = null;
  /** The code location the panel last listed spans for (a CodeLens click). */
  codeSpanFilter: CodeSpanFilter | null = null;

  constructor(private readonly hub: PanelHub) {}

  /** The trace last shown or selected in the side bar or an editor tab. */
  get currentTraceId(): string | null {
    return this.hub.currentTraceId;
  }

  set currentTraceId(id: string | null) {
    this.hub.currentTraceId = id;
  }

  /** The span last selected in any trace tree. */
  get selectedSpan(): SpanRef | null {
    return this.hub.selectedSpan;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.page?.dispose();
    const page = new PanelPage(this.hub, view.webview, 'sidebar');
    this.page = page;
    if (this.pendingView) {
      page.show(this.pendingView);
      this.pendingView = null;
    }
    const setVisible = (visible: boolean): void => {
      void vscode.commands.executeCommand('setContext', 'agentTraceLens.panelVisible', visible);
    };
    setVisible(view.visible);
    const vis = view.onDidChangeVisibility(() => {
      if (!view.visible) page.hidden();
      setVisible(view.visible);
    });
    view.onDidDispose(() => {
      setVisible(false);
      vis.dispose();
      page.dispose();
      if (this.page === page) this.page = null;
    });
  }

  /** Reveal the panel and open a trace in it. */
  async showTrace(traceId: string, spanId?: string): Promise<void> {
    this.hub.currentTraceId = traceId;
    await this.reveal((rpc) => rpc.sendNotification(ShowTrace, { traceId, spanId }));
  }

  /** Reveal the panel listing the spans one source line emitted (CodeLens click). */
  async showCodeSpans(filter: CodeSpanFilter): Promise<void> {
    this.codeSpanFilter = filter;
    await this.reveal((rpc) => rpc.sendNotification(ShowCodeSpans, filter));
  }

  /** Reveal the panel comparing trace A with trace B. */
  async showComparison(traceIdA: string, traceIdB: string): Promise<void> {
    this.hub.currentTraceId = traceIdA;
    await this.reveal((rpc) => rpc.sendNotification(ShowComparison, { traceIdA, traceIdB } satisfies TracePair));
  }

  /** Reveal the panel's Prompts view (at one prompt, or comparing two versions). */
  async showPrompts(params: ShowPromptsParams): Promise<void> {
    await this.reveal((rpc) => rpc.sendNotification(ShowPrompts, params));
  }

  /** Focus the view and show `send`'s view in it; a later request replaces one not yet sent. */
  private async reveal(send: (rpc: RpcEndpoint<'host'>) => void): Promise<void> {
    if (this.page) this.page.show(send);
    else this.pendingView = send;
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  }

  /** Run a toolbar action in the panel (if it is open). */
  action(action: 'expandAll' | 'collapseAll' | 'showList'): void {
    if (action === 'showList') this.hub.currentTraceId = null;
    this.page?.notifyIfReady((rpc) => rpc.sendNotification(ViewAction, { action }));
  }

  get isReady(): boolean {
    return this.page?.isReady ?? false;
  }

  dispose(): void {
    this.page?.dispose();
  }
}
