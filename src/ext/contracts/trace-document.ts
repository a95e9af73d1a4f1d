// A read-only text view of a failing trace. Problems-panel links (related information) can only
// point at documents, so each failing trace gets a document URI; opening it also reveals the
// trace in the Agent Traces panel.
import * as vscode from 'vscode';
import type { TraceCheckResult } from '../../core/contracts';

export const TRACE_SCHEME = 'agent-trace-lens-trace';
const SUFFIX = '.trace.txt';

export function traceDocumentUri(traceId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: TRACE_SCHEME, path: `/${traceId}${SUFFIX}` });
}

export function traceIdOfDocument(uri: vscode.Uri): string | null {
  if (uri.scheme !== TRACE_SCHEME) return null;
  const name = uri.path.replace(/^\/+/, '');
  return name.endsWith(SUFFIX) ? name.slice(0, -SUFFIX.length) : null;
}

export interface TraceDocumentDeps {
  result(traceId: string): Promise<TraceCheckResult | undefined>;
  traceText?(traceId: string): Promise<string>;
  showTrace(traceId: string): Promise<void>;
}

function findingsText(traceId: string, result: TraceCheckResult | undefined): string {
  const lines = [`Trace ${traceId}`];
  if (!result) lines.push('Span contracts: not checked yet.');
  else if (result.contracts.length === 0) lines.push('Span contracts: no contract selects this trace.');
  else if (result.findings.length === 0) lines.push(`Span contracts (${result.contracts.join(', ')}): passed.`);
  else {
    lines.push(`Span contracts (${result.contracts.join(', ')}): ${result.findings.length} finding(s)`);
    for (const f of result.findings) {
      lines.push(`  ${f.severity.padEnd(7)} ${f.contract}/${f.rule}${f.spanId ? ` [span ${f.spanId}]` : ''}: ${f.message}`);
    }
  }
  return lines.join('\n');
}

export function registerTraceDocuments(deps: TraceDocumentDeps): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const traceId = traceIdOfDocument(uri);
      if (!traceId) return '';
      const header = findingsText(traceId, await deps.result(traceId));
      let body = '';
      if (deps.traceText) {
        try {
          body = await deps.traceText(traceId);
        } catch (error) {
          body = `(trace not available: ${error instanceof Error ? error.message : String(error)})`;
        }
      }
      return `${header}\n\n${body}`.trimEnd() + '\n';
    },
  };
  let lastShown: string | null = null;
  const reveal = (editor: vscode.TextEditor | undefined): void => {
    const traceId = editor ? traceIdOfDocument(editor.document.uri) : null;
    // Only when the link is followed (the editor becomes active), once per activation of that editor.
    if (traceId && traceId !== lastShown) void deps.showTrace(traceId);
    lastShown = traceId;
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, provider),
    vscode.window.onDidChangeActiveTextEditor(reveal),
  );
}
