// Restricted Mode (a folder not yet trusted): the receiver, the list, traces, sessions, search, compare and
// export all work, because they read the extension's own store. What runs a program or writes into the
// workspace waits for trust: git for prompt history, saving contracts and regression fixtures, and the
// exporter variables put into new terminals (a terminal there may run the repository's code).
import * as vscode from 'vscode';
import { runGit, type GitRunner } from '../core/links/git-history';
import { ManageWorkspaceTrust } from '../protocol/messages';
import type { HostRpc } from '../protocol/rpc';

export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';
export const MANAGE_TRUST_LABEL = 'Manage Workspace Trust';

/** The panel's one line in Restricted Mode: what still works and what waits. */
export const RESTRICTED_MODE_LINE =
  'Restricted Mode: prompt history (git), saving contracts and fixtures, and terminal variables are off until you ' +
  'trust this folder.';

export function workspaceTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** The panel's Restricted Mode line, or null in a trusted workspace. */
export function restrictedModeLine(): string | null {
  return workspaceTrusted() ? null : RESTRICTED_MODE_LINE;
}

export class WorkspaceTrustRequired extends Error {
  constructor(what: string) {
    super(`${what} needs a trusted workspace (this folder is in Restricted Mode).`);
    this.name = 'WorkspaceTrustRequired';
  }
}

/**
 * In Restricted Mode: says why `what` is off, offers Manage Workspace Trust (without waiting for the answer) and
 * returns false. True in a trusted workspace.
 */
export function requireTrust(what: string): boolean {
  if (workspaceTrusted()) return true;
  void vscode.window.showWarningMessage(`Agent Trace Lens: ${new WorkspaceTrustRequired(what).message}`, MANAGE_TRUST_LABEL)
    .then((choice) => (choice === MANAGE_TRUST_LABEL ? vscode.commands.executeCommand(MANAGE_TRUST_COMMAND) : undefined));
  return false;
}

/** git for prompt history, only in a trusted workspace (a repository's config can make git run its programs). */
export const trustedGit: GitRunner = (args, cwd) =>
  workspaceTrusted() ? runGit(args, cwd) : Promise.reject(new WorkspaceTrustRequired('Prompt history from git'));

/** The Restricted Mode line's action: VS Code's Manage Workspace Trust editor. */
export function registerTrustHandlers(rpc: HostRpc): void {
  rpc.onRequest(ManageWorkspaceTrust, async () => {
    await vscode.commands.executeCommand(MANAGE_TRUST_COMMAND);
    return { ok: true };
  });
}
