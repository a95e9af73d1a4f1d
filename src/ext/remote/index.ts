// The editor side of issue 12: forwarding (settings, SecretStorage headers, status) and the remote
// backend commands. extension.ts calls registerRemote once.
import * as vscode from 'vscode';
import type { TraceService } from '../service';
import { SECTION } from '../settings';
import { registerRemoteCommands } from './commands';
import { ForwardingController } from './forwarding';

export { ForwardingController } from './forwarding';
export { REMOTE_COMMANDS } from './commands';

export function registerRemote(
  context: vscode.ExtensionContext,
  service: TraceService,
  forwarding: ForwardingController,
  showTrace: (traceId: string) => Promise<void>,
): void {
  context.subscriptions.push(forwarding);
  context.subscriptions.push({ dispose: service.onDidChange(() => forwarding.sync()) });
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.forward`)) void forwarding.reload();
  }));
  registerRemoteCommands(context, { service, showTrace, headersChanged: () => void forwarding.reload() });
  forwarding.sync();
}
