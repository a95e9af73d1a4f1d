// The one object activate() hands to the extension's features: the store and its changes, the panel and what
// it shows. A feature declares the part it uses in its deps type (with its narrow store view from
// src/core/store/views.ts) and is given this object, plus what only it needs.
import type { SpanRef } from '../protocol/messages';
import type { StoreWorker } from '../store-worker';
import type { PanelDecorator } from './decorations';
import type { PanelHandlers } from './panel-handlers';

export interface HostContext {
  /** The running store, or null while it starts or after it failed. It may be replaced (store reopened). */
  store(): StoreWorker | null;
  /** The store once its first start was tried (throws when it could not open): for answers the panel waits for. */
  openStore(): Promise<StoreWorker>;
  /** Fires after ingest, clear and store restarts. Returns an unsubscribe. */
  onDidChangeStore(listener: () => void): () => void;
  /** The attribute naming the workload (agentTraceLens.workloadAttribute). */
  workloadKey(): string;
  /** The folder of the trace store. */
  storagePath(): string;
  /** Open a trace (and select a span) where agentTraceLens.openTracesIn says. */
  showTrace(traceId: string, spanId?: string): Promise<void>;
  /** The trace the panel shows or was last asked to show. */
  currentTraceId(): string | null;
  /** The span selected last in any panel's tree. */
  selectedSpan(): SpanRef | null;
  /** Add badges, ghost rows and the violations filter to the panel. */
  registerPanelDecorator(decorator: PanelDecorator): { dispose(): void };
  /** Decorations changed: the panel refetches what it shows. */
  refreshPanel(): void;
  onDidChangeDecorations(listener: () => void): () => void;
  /** A feature's page handlers, registered on every panel page. */
  addPanelHandlers(register: PanelHandlers): void;
}
