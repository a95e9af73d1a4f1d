// The VS Code webview API object (available once per page) and the RPC endpoint over it.
import { RpcEndpoint } from '../src/protocol/rpc';
import type { ListFilterState } from './model/filter';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/**
 * UI-only state kept across the view being hidden and shown, and across a window reload for an editor tab
 * (never store data). The host reads `nav` of an editor tab's state to know which trace a restored tab shows.
 */
export interface UiState {
  /** The navigation stack (navigation.ts), home first; validated on load. */
  nav: unknown[];
  filter: ListFilterState;
  groupByWorkload: boolean;
  detailsTab: number;
  /** Splitter positions by name (px or %), as the user left them. */
  splits: Record<string, string>;
}

/** Where this page runs: the side bar's view or an editor tab (set by the host on <body data-surface>). */
export type Surface = 'sidebar' | 'editor';

const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };

export const rpc = new RpcEndpoint('page', (message) => api.postMessage(message));

window.addEventListener('message', (event: MessageEvent) => {
  rpc.handleMessage(event.data);
});

export function surface(): Surface {
  return document.body?.dataset.surface === 'editor' ? 'editor' : 'sidebar';
}

export function loadUiState(): Partial<UiState> {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as Partial<UiState>) : {};
}

export function saveUiState(state: UiState): void {
  api.setState(state);
}
