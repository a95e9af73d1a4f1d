// The team's trace backends (Tempo, Jaeger) in the editor: Open Trace by ID…, Search Remote Traces… and the
// backends' headers (src/ext/forward sends traces the other way, to the team's collectors).
import { SearchRemoteTraces } from '../../protocol/messages';
import type { HostRpc } from '../../protocol/rpc';
import type { BackendCommandHandlers } from './commands';

export { BACKEND_COMMANDS, registerBackendCommands } from './commands';

/** The list's "Remote" source runs Search Remote Traces… (the answer without the opened trace's id). */
export function registerBackendHandlers(rpc: HostRpc, commands: BackendCommandHandlers): void {
  rpc.onRequest(SearchRemoteTraces, async () => {
    const { ok, message } = await commands.searchRemote();
    return message === undefined ? { ok } : { ok, message };
  });
}
