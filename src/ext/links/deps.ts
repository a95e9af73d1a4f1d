// What span links need from the rest of the extension. StoreWorker satisfies LinksStore as is.
import type { CodeSpanFilter } from '../../protocol/messages';
import type { LinksStore } from '../../core/store/views';

export type { CodeSpanFilter } from '../../protocol/messages';

export interface SpanRef {
  traceId: string;
  spanId: string;
}

export interface SpanLinksDeps {
  /** The running store, or null while it starts or after it failed. */
  store(): LinksStore | null;
  /** Fires after ingest, clear and store restarts (e.g. TraceService.onDidChange). Returns an unsubscribe. */
  onDidChangeStore(listener: () => void): () => void;
  /** Filter the panel to the spans of one code location (CodeLens click). */
  revealInPanel?(filter: CodeSpanFilter): Promise<void> | void;
  /** Open a trace (and select a span) in the panel; used when revealInPanel is absent. */
  showTrace?(traceId: string, spanId?: string): Promise<void> | void;
  /** The span selected in the panel, for the keybinding / palette form of the commands. */
  selectedSpan?(): SpanRef | null;
  /** Reads `agentTraceLens.<key>`; default: vscode.workspace.getConfiguration('agentTraceLens').get. */
  getSetting?<T>(key: string, defaultValue: T): T;
  /** Register the agentTraceLens.* commands (default true; tests that run beside the extension pass false). */
  registerCommands?: boolean;
}
