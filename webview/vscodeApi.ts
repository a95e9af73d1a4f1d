// The VS Code webview API object (available once per page) and the RPC endpoint over it.
import { RpcEndpoint } from '../src/protocol/rpc';
import type { CodeSpanFilter, TracePair } from '../src/protocol/messages';
import type { ListFilterState } from './model/filter';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** UI-only state kept across the view being hidden and shown (never store data). */
export interface UiState {
  view: 'list' | 'trace' | 'code' | 'compare';
  /** The traces the 'compare' view compares. */
  compare: TracePair | null;
  /** The code location whose spans the 'code' view lists (kept while a trace opened from it shows). */
  codeFilter: CodeSpanFilter | null;
  traceId: string | null;
  spanId: string | null;
  filter: ListFilterState;
  groupByWorkload: boolean;
  detailsTab: number;
}

const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };

export const rpc = new RpcEndpoint((message) => api.postMessage(message));

window.addEventListener('message', (event: MessageEvent) => {
  rpc.handleMessage(event.data);
});

export function loadUiState(): Partial<UiState> {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as Partial<UiState>) : {};
}

export function saveUiState(state: UiState): void {
  api.setState(state);
}
