// "Open prompt" for a span. Placeholder: another feature maps prompt names/versions to files; until then
// show what the span says about its prompt.
import * as vscode from 'vscode';
import type { NormalizedSpan } from '../core/model/types';
import type { OpenResult } from './source';

export async function openSpanPrompt(span: NormalizedSpan): Promise<OpenResult> {
  if (!span.promptName) return { ok: false, message: 'This span names no prompt.' };
  const lines = [`Prompt: ${span.promptName}${span.promptVersion ? ` (version ${span.promptVersion})` : ''}`];
  if (span.promptTemplate) lines.push('', span.promptTemplate);
  if (span.promptVariables) lines.push('', 'Variables:', JSON.stringify(span.promptVariables, null, 2));
  const doc = await vscode.workspace.openTextDocument({ content: lines.join('\n'), language: 'markdown' });
  await vscode.window.showTextDocument(doc, { preview: true });
  return { ok: true };
}
