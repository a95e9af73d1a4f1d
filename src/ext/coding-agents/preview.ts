// Read-only documents for the Codex config preview (the diff's two sides).
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'agent-trace-lens-setup';

const contents = new Map<string, string>();
let nextId = 0;

/** A URI whose document shows `text`; `name` is what the editor tab says. */
export function previewUri(name: string, text: string): vscode.Uri {
  const id = String(++nextId);
  contents.set(id, text);
  // Keep the last few previews only: older diffs are closed or stale.
  for (const key of contents.keys()) if (contents.size > 8) contents.delete(key);
  return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name.replace(/^[/\\]+/, '')}`, query: id });
}

export function registerPreviewDocuments(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
    provideTextDocumentContent: (uri) => contents.get(uri.query) ?? '',
  });
}
