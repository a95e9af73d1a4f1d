// Status bar item: receiver state and address, span/trace/error counts; click focuses the panel.
import * as vscode from 'vscode';
import type { ReceiverStatus } from '../protocol/messages';
import type { StoreStats } from '../core/model/store-types';
import { statusText, statusTooltip } from './status-bar-text';

export { statusText, statusTooltip } from './status-bar-text';

export class TraceStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(command: string) {
    this.item = vscode.window.createStatusBarItem('agentTraceLens.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Agent Trace Lens';
    this.item.command = command;
    this.item.show();
  }

  /** `extraLines`: e.g. the forwarding status, shown above the click hint. */
  update(status: ReceiverStatus, stats: StoreStats, extraLines: readonly string[] = []): void {
    this.item.text = statusText(status, stats);
    this.item.tooltip = statusTooltip(status, stats, extraLines);
    this.item.backgroundColor = status.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : '';
  }

  dispose(): void {
    this.item.dispose();
  }
}
