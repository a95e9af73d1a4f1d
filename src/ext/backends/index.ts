// The editor side of issue 12: forwarding (settings, SecretStorage headers, status) and the remote
// backend commands. extension.ts calls registerRemote once.
import * as vscode from 'vscode';
import { SearchRemoteTraces } from '../../protocol/messages';
import type { HostRpc } from '../../protocol/rpc';
import type { TraceService } from '../service';
import { SECTION } from '../settings';
import { registerRemoteCommands, type RemoteCommandHandlers } from './commands';
import { ForwardingController } from '../forward/index';

export { ForwardingController } from '../forward/index';
export { REMOTE_COMMANDS } from './commands';

export function registerRemote(
  context: vscode.ExtensionContext,
  service: TraceService,
  forwarding: ForwardingController,
  showTrace: (traceId: string) => Promise<void>,
): RemoteCommandHandlers {
  context.subscriptions.push(forwarding);
  context.subscriptions.push({ dispose: service.onDidChange(() => forwarding.sync()) });
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.forward`)) void forwarding.reload();
  }));
  const commands = registerRemoteCommands(context, { service, showTrace, headersChanged: () => void forwarding.reload() });
  forwarding.sync();
  return commands;
}

/** The list's "Remote" source runs Search Remote Traces… (the answer without the opened trace's id). */
export function registerBackendHandlers(rpc: HostRpc, commands: RemoteCommandHandlers): void {
  rpc.onRequest(SearchRemoteTraces, async () => {
    const { ok, message } = await commands.searchRemote();
    return message === undefined ? { ok } : { ok, message };
  });
}
