// Gutter marks on lines whose spans failed.
import * as vscode from 'vscode';
import type { CodeStatsIndex } from './code-stats-index';

const ICON = 'data:image/svg+xml;utf8,' + encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="4" fill="#e51400"/></svg>',
);

export class ErrorGutter implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    gutterIconPath: vscode.Uri.parse(ICON),
    gutterIconSize: 'contain',
    overviewRulerColor: new vscode.ThemeColor('editorError.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Lines marked per editor document, for tests. */
  private readonly marked = new Map<string, number[]>();

  constructor(private readonly index: CodeStatsIndex, private readonly enabled: () => boolean) {
    this.subscriptions.push(
      index.onDidChange(() => void this.refresh()),
      vscode.window.onDidChangeVisibleTextEditors(() => void this.refresh()),
    );
    void this.refresh();
  }

  async refresh(): Promise<void> {
    for (const editor of vscode.window.visibleTextEditors) {
      const lines: number[] = [];
      const file = this.enabled() ? await this.index.forFile(editor.document.uri) : undefined;
      for (const [line, stats] of file?.byLine ?? []) {
        if (line <= editor.document.lineCount && stats.some((s) => s.errorCount > 0)) lines.push(line);
      }
      this.marked.set(editor.document.uri.toString(), lines);
      const hover = (line: number) => file?.byLine.get(line)?.map((s) => `${s.spanName}: ${s.errorCount} of ${s.count} failed`).join('\n');
      editor.setDecorations(this.decoration, lines.map((line) => ({
        range: new vscode.Range(line - 1, 0, line - 1, 0),
        hoverMessage: hover(line),
      })));
    }
  }

  /** 1-based lines marked in the document (last refresh). */
  markedLines(uri: vscode.Uri): number[] {
    return this.marked.get(uri.toString()) ?? [];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.decoration.dispose();
  }
}
