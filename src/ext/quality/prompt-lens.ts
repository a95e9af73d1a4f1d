// A CodeLens at the top of each prompt file: how the runs of that prompt version went
// (`v3 · 42 runs · 88% pass · judge 0.91 · $0.004/run`). A click opens the panel's Prompts view at that prompt.
import * as vscode from 'vscode';
import { promptFileIdentity, promptNamesMatch, versionsEqual } from '../../core/links';
import { promptLensTitle, type PromptScorecard } from '../../core/quality';
import type { ShowPromptsParams } from '../../protocol/messages';

export const SHOW_PROMPTS_COMMAND = 'agentTraceLens.showPrompts';
const HEADER_BYTES = 4096;

export interface PromptLensDeps {
  enabled(): boolean;
  globs(): readonly string[];
  scorecards(): Promise<PromptScorecard[]>;
}

export class PromptFileLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly deps: PromptLensDeps) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.deps.enabled() || document.uri.scheme !== 'file') return [];
    const relative = vscode.workspace.asRelativePath(document.uri, false);
    const identity = promptFileIdentity(relative, () => document.getText(new vscode.Range(0, 0, 80, 0)).slice(0, HEADER_BYTES), this.deps.globs());
    if (!identity) return [];
    const cards = await this.deps.scorecards();
    const card = cards.find((c) => promptNamesMatch(c.promptName, identity.name));
    const top = new vscode.Range(0, 0, 0, 0);
    const open = (params: ShowPromptsParams, title: string, tooltip: string) =>
      new vscode.CodeLens(top, { title, tooltip, command: SHOW_PROMPTS_COMMAND, arguments: [params] });
    if (!card) return [];
    const version = identity.version;
    const exact = version === null ? card.versions.find((v) => v.promptVersion === null)
      : card.versions.find((v) => v.promptVersion !== null && versionsEqual(v.promptVersion, version));
    const params: ShowPromptsParams = { promptName: card.promptName, ...(exact ? { version: exact.promptVersion } : {}) };
    if (exact) return [open(params, promptLensTitle(exact), `Runs of ${card.promptName} ${exact.promptVersion ?? ''}: open the prompt scorecard`)];
    const latest = card.versions[0];
    const other = latest ? ` · latest runs: ${promptLensTitle(latest)}` : '';
    return [open(params, `${version ?? 'this version'}: no runs yet${other}`, `Open the scorecard of ${card.promptName}`)];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
