// "Use Prompt File…" in the Replay tab: the span's prompt at the version the trace ran (from git history when the
// workspace moved on) or the workspace's current one, or any file, rendered with the span's recorded variables.
import * as vscode from 'vscode';
import { displayVersion } from '../../core/links';
import type { NormalizedSpan } from '../../core/model/types';
import { applyEdits } from '../../core/replay/edits';
import { replayRequestFromSpan } from '../../core/replay/from-span';
import type { ReplayMessage } from '../../core/replay/types';
import type { ReplayPromptChoice } from '../../protocol/messages';
import { PROMPT_SCHEME, resolveSpanPrompt } from '../links/prompt';
import { readText } from '../links/workspace';

type Item = vscode.QuickPickItem & { uri?: vscode.Uri; what?: string };

/** A message's text as the tab's field shows it (the tab's editableText): its text parts, a tool message's result. */
function fieldText(m: ReplayMessage): string {
  if (m.role === 'tool') {
    const result = m.content.find((c) => c.type === 'tool_result');
    if (result?.type === 'tool_result') return result.result;
  }
  return m.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('\n');
}

async function textOf(uri: vscode.Uri): Promise<string | null> {
  if (uri.scheme === PROMPT_SCHEME) return (await vscode.workspace.openTextDocument(uri)).getText();
  return readText(uri, 4 * 1024 * 1024);
}

async function versionItems(span: NormalizedSpan, globs: readonly string[]): Promise<Item[]> {
  const r = await resolveSpanPrompt(span, globs);
  if (!r) return [];
  const items: Item[] = [];
  const version = r.ref.version ? ` ${displayVersion(r.ref.version)}` : '';
  if (r.traceFile) {
    items.push({
      label: `${r.ref.name}${version}`, description: r.fromGit ? `the trace's version, from git ${r.fromGit.rev.slice(0, 8)}` : 'the trace\'s version',
      uri: r.traceFile, what: `${r.ref.name}${version}${r.fromGit ? ` (git ${r.fromGit.rev.slice(0, 8)})` : ''}`,
    });
  }
  if (r.currentFile && r.currentFile.toString() !== r.traceFile?.toString()) {
    const current = r.currentVersion ? ` ${displayVersion(r.currentVersion)}` : '';
    items.push({
      label: `${r.ref.name}${current}`, description: 'the workspace\'s current version', detail: vscode.workspace.asRelativePath(r.currentFile),
      uri: r.currentFile, what: `${vscode.workspace.asRelativePath(r.currentFile)}${current}`,
    });
  }
  return items;
}

/** Ask which prompt text to use; null when the user picked nothing. */
export async function pickPromptChoice(span: NormalizedSpan, globs: readonly string[]): Promise<ReplayPromptChoice | null> {
  const other: Item = { label: '$(file) Another file…', description: 'a prompt template from disk' };
  const items = [...(await versionItems(span, globs)), other];
  const picked = items.length === 1 ? other : await vscode.window.showQuickPick(items, { placeHolder: 'The prompt version to replay with' });
  if (!picked) return null;
  let uri = picked.uri;
  let label = picked.what;
  if (!uri) {
    const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Use as Prompt', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
    uri = chosen?.[0];
    if (!uri) return null;
    label = vscode.workspace.asRelativePath(uri);
  }
  const text = await textOf(uri);
  if (text === null) throw new Error(`${label ?? 'The file'} could not be read as text (missing, or larger than 4 MB).`);
  const { request, applied } = applyEdits(replayRequestFromSpan(span), { template: { text, label: label ?? 'template' } });
  return {
    label: label ?? 'template',
    system: request.system.join('\n\n'),
    messages: request.messages.map(fieldText),
    applied,
    marks: request.marks.filter((m) => m.kind === 'missing-variable'),
  };
}
