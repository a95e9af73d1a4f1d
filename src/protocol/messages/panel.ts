// The page itself: its handshake, the host state it shows, toolbar actions and small host services.
import type { StoreStats } from '../../core/model/store-types';
import { hostNotification, pageNotification, pageRequest } from '../rpc-types';

/** `follower`: another VS Code window writes this trace store; this one shows its traces read-only. */
export type ReceiverState = 'starting' | 'listening' | 'stopped' | 'disabled' | 'follower' | 'error';

export interface ReceiverStatus {
  state: ReceiverState;
  /** `http://host:port` of the OTLP/HTTP endpoint when listening. */
  httpEndpoint: string | null;
  /** `host:port` of the OTLP/gRPC endpoint when listening. */
  grpcEndpoint: string | null;
  /** What went wrong when state is `error`. */
  error: string | null;
}

/** Host state the webview shows; sent whole on `ready` and on every change. */
export interface HostSnapshot {
  receiver: ReceiverStatus;
  stats: StoreStats;
  /** Bumped whenever the store content changes; the webview refetches what it shows. */
  storeVersion: number;
  /** Bumped when decorations (badges, ghost rows) change without new data. */
  decorationVersion: number;
  /** Name of the attribute that identifies a workload (shown in the UI). */
  workloadAttribute: string;
  /** Where opening a trace from the side bar's list shows it (setting agentTraceLens.openTracesIn). */
  openTracesIn: 'sidebar' | 'editor';
  /** Set while the workspace is not trusted: the line saying what works and what waits for trust. */
  restrictedMode?: string;
}

export interface ActionResult {
  ok: boolean;
  /** Shown to the user when not ok (or as a confirmation). */
  message?: string;
}

/** The webview has loaded its script and listens. */
export const Ready = pageNotification<Record<string, never>>('ready');
/** The full host snapshot (on `ready` and on every change). */
export const Snapshot = hostNotification<HostSnapshot>('snapshot');
/** A toolbar action of the view (e.g. expand all). */
export const ViewAction = hostNotification<{ action: 'expandAll' | 'collapseAll' | 'showList' }>('view/action');
export const CopyText = pageRequest<{ text: string }, ActionResult>('clipboard/copy');
/** Opens VS Code's Manage Workspace Trust editor (the Restricted Mode line's action). */
export const ManageWorkspaceTrust = pageRequest<Record<string, never>, ActionResult>('workspace/manageTrust');
