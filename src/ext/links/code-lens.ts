// Code → spans: a CodeLens over each line that emitted spans, with live stats from the store.
import * as vscode from 'vscode';
import { formatLensTitle } from '../../core/links/lens-text';
import type { CodeStatsIndex } from './code-stats-index';
import type { CodeSpanFilter } from './deps';

export const SHOW_SPANS_AT_CODE = 'agentTraceLens.showSpansAtCode';

export class SpanCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly index: CodeStatsIndex, private readonly enabled: () => boolean) {
    this.subscription = index.onDidChange(() => this.changed.fire());
  }

  /** Settings changed: ask VS Code to ask again. */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.enabled()) return [];
    const file = await this.index.forFile(document.uri);
    if (!file) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const [line, stats] of file.byLine) {
      if (line > document.lineCount) continue;
      const range = new vscode.Range(line - 1, 0, line - 1, 0);
      for (const stat of stats) {
        const filter: CodeSpanFilter = {
          spanName: stat.spanName,
          codeFiles: [stat.codeFile],
          codeLine: stat.codeLine,
          latest: { traceId: stat.latest.traceId, spanId: stat.latest.spanId },
        };
        lenses.push(new vscode.CodeLens(range, {
          title: formatLensTitle(stat),
          tooltip: 'Show these spans in Agent Trace Lens',
          command: SHOW_SPANS_AT_CODE,
          arguments: [filter],
        }));
      }
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
