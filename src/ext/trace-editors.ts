// Traces and comparisons in editor tabs: one WebviewPanel per trace (revealed when already open) and per
// compared pair, each a PanelPage of the same webview bundle and protocol as the side bar. Tabs come back
// after a window reload through the panel serializer: the page restores its route from its saved state.
import * as vscode from 'vscode';
import type { TraceSummary } from '../core/model/types';
import { ShowComparison, ShowReplay, ShowTrace, type SpanRef, type TracePair } from '../protocol/messages';
import { PanelPage, type PanelHub } from './panel-host';
import { replayTitle, savedTarget, traceTitle } from './trace-tab';

export const TRACE_PANEL_TYPE = 'agentTraceLens.trace';

type PanelKey = `trace:${string}` | `compare:${string}:${string}` | `replay:${string}:${string}`;

function traceKey(traceId: string): PanelKey {
  return `trace:${traceId}`;
}

function compareKey(pair: TracePair): PanelKey {
  return `compare:${pair.traceIdA}:${pair.traceIdB}`;
}

function replayKey(ref: SpanRef): PanelKey {
  return `replay:${ref.traceId}:${ref.spanId}`;
}

interface OpenPanel {
  panel: vscode.WebviewPanel;
  page: PanelPage;
}

export class TraceEditors implements vscode.Disposable {
  private readonly open = new Map<PanelKey, OpenPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly hub: PanelHub) {
    this.disposables.push(vscode.window.registerWebviewPanelSerializer(TRACE_PANEL_TYPE, {
      deserializeWebviewPanel: async (panel, state) => this.restore(panel, state),
    }));
  }

  /** Open the trace in its tab (or reveal the tab), selecting `spanId` when given. */
  async showTrace(traceId: string, spanId?: string): Promise<void> {
    const key = traceKey(traceId);
    const existing = this.open.get(key);
    this.hub.currentTraceId = traceId;
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn, false);
      if (spanId) existing.page.show((rpc) => rpc.sendNotification(ShowTrace, { traceId, spanId }));
      return;
    }
    const summary = await this.hub.service.store?.getTraceSummary(traceId).catch(() => null) ?? null;
    const panel = vscode.window.createWebviewPanel(TRACE_PANEL_TYPE, traceTitle(summary, traceId), this.column(), this.panelOptions());
    const page = this.adopt(key, panel);
    page.prefetchTrace(traceId);
    page.show((rpc) => rpc.sendNotification(ShowTrace, { traceId, spanId }));
  }

  /** Open the comparison of A with B in its tab (or reveal it). */
  async showComparison(pair: TracePair): Promise<void> {
    const key = compareKey(pair);
    const existing = this.open.get(key);
    this.hub.currentTraceId = pair.traceIdA;
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(TRACE_PANEL_TYPE, await this.compareTitle(pair), this.column(), this.panelOptions());
    const page = this.adopt(key, panel);
    page.show((rpc) => rpc.sendNotification(ShowComparison, pair));
  }

  /** Open the span's Replay tab (or reveal it). */
  async showReplay(ref: SpanRef): Promise<void> {
    const key = replayKey(ref);
    const existing = this.open.get(key);
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn, false);
      return;
    }
    const span = await this.hub.service.store?.getSpan(ref.traceId, ref.spanId).catch(() => null) ?? null;
    const panel = vscode.window.createWebviewPanel(TRACE_PANEL_TYPE, replayTitle(span?.name ?? null, ref), this.column(), this.panelOptions());
    const page = this.adopt(key, panel);
    page.show((rpc) => rpc.sendNotification(ShowReplay, ref));
  }

  /** The open tabs' keys (tests and the extension API). */
  openTabs(): string[] {
    return [...this.open.keys()];
  }

  dispose(): void {
    for (const { panel } of [...this.open.values()]) panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const target = savedTarget(state);
    if (!target) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.panelOptions();
    if ('traceId' in target) {
      if (this.open.has(traceKey(target.traceId))) {
        panel.dispose();
        return;
      }
      this.adopt(traceKey(target.traceId), panel);
      const summary = await this.hub.openStore().then((w) => w.getTraceSummary(target.traceId)).catch(() => null);
      panel.title = traceTitle(summary, target.traceId);
    } else if ('pair' in target) {
      this.adopt(compareKey(target.pair), panel);
    } else {
      if (this.open.has(replayKey(target.replay))) {
        panel.dispose();
        return;
      }
      this.adopt(replayKey(target.replay), panel);
    }
  }

  private adopt(key: PanelKey, panel: vscode.WebviewPanel): PanelPage {
    panel.iconPath = vscode.Uri.joinPath(this.hub.extensionUri, 'media', 'agent-traces.svg');
    const page = new PanelPage(this.hub, panel.webview, 'editor');
    this.open.set(key, { panel, page });
    panel.onDidDispose(() => {
      page.dispose();
      if (this.open.get(key)?.panel === panel) this.open.delete(key);
    });
    return page;
  }

  private async compareTitle(pair: TracePair): Promise<string> {
    const w = this.hub.service.store;
    const [a, b] = await Promise.all([pair.traceIdA, pair.traceIdB].map((id) => w?.getTraceSummary(id).catch(() => null) ?? null));
    const name = (s: TraceSummary | null | undefined, id: string) => s?.rootName ?? id.slice(0, 8);
    return `Compare: ${name(a, pair.traceIdA)} ↔ ${name(b, pair.traceIdB)}`;
  }

  /** A new tab opens in the active group, or beside the side bar's text editor when a trace tab is not active. */
  private column(): vscode.ViewColumn {
    return vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.Active;
  }

  private panelOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const dist = vscode.Uri.joinPath(this.hub.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.hub.extensionUri, 'media');
    // Kept alive while another tab is in front: a big trace is not refetched on every tab switch.
    return { enableScripts: true, localResourceRoots: [dist, media], retainContextWhenHidden: true, enableFindWidget: true };
  }
}
