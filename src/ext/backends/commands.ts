// Commands for the team's backends: Open Trace by ID… (local store first, then each connection),
// Search Remote Traces… (Tempo or Jaeger, opened traces are read through into the local store, marked
// with their origin), and Set Backend Headers… (auth headers kept in SecretStorage, never in settings).
import * as vscode from 'vscode';
import {
  connectionLabel, createRemoteClient, markOrigin, normalizeTraceId,
  type RemoteClient, type RemoteConnectionConfig, type RemoteQuery, type RemoteTraceRef,
} from '../../core/backends';
import type { DecodedRequest } from '../../core/model/types';
import { SECTION } from '../settings';
import type { TraceService } from '../service';
import { parseHeaderText, parseSearchText, readRemoteConnections, secretKey } from './config';
import { headersFor } from '../forward';

export const BACKEND_COMMANDS = {
  openTraceById: 'agentTraceLens.openTraceById',
  searchRemoteTraces: 'agentTraceLens.searchRemoteTraces',
  setBackendHeaders: 'agentTraceLens.setBackendHeaders',
} as const;

export interface BackendCommandDeps {
  service: TraceService;
  showTrace(traceId: string): Promise<void>;
  /** Forwarding re-reads its endpoints' headers after they change. */
  headersChanged(): void;
}

const SEARCH_LIMIT = 50;
const RANGES: Array<{ label: string; ms: number }> = [
  { label: 'Last 15 minutes', ms: 15 * 60_000 },
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { label: 'Last 24 hours', ms: 24 * 3_600_000 },
  { label: 'Last 7 days', ms: 7 * 24 * 3_600_000 },
];

export function remoteConnections(): RemoteConnectionConfig[] {
  return readRemoteConnections(vscode.workspace.getConfiguration(SECTION).get<unknown>('remote.connections', []));
}

function workerOf(service: TraceService) {
  const w = service.store;
  if (!w) throw new Error(service.lastProblem?.message ?? 'Trace storage is not open.');
  if (w.readOnly) throw new Error('This window shows another window\'s store read-only; open remote traces in the window that receives traces.');
  return w;
}

async function clientFor(secrets: vscode.SecretStorage, config: RemoteConnectionConfig, service: TraceService): Promise<RemoteClient> {
  return createRemoteClient(config, {
    headers: await headersFor(secrets, config.url),
    workloadKey: service.currentSettings.workloadAttribute,
  });
}

/** Store a remote trace locally (marked with where it came from) and open it. */
async function readThrough(deps: BackendCommandDeps, client: RemoteClient, traceId: string, request: DecodedRequest): Promise<void> {
  await workerOf(deps.service).ingestRemote(markOrigin(request, client));
  await deps.service.contentChanged();
  await deps.showTrace(traceId);
}

const duration = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

export interface BackendCommandHandlers {
  /** Search Remote Traces…: pick a connection, search it, open a result. */
  searchRemote(): Promise<{ ok: boolean; traceId?: string; message?: string }>;
}

export function registerBackendCommands(context: vscode.ExtensionContext, deps: BackendCommandDeps): BackendCommandHandlers {
  const secrets = context.secrets;
  const fail = (error: unknown): { ok: false; message: string } => {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Agent Trace Lens: ${message}`);
    return { ok: false, message };
  };

  const openTraceById = async (given?: unknown): Promise<{ ok: boolean; message?: string; source?: string }> => {
    try {
      const raw = typeof given === 'string' && given ? given : await vscode.window.showInputBox({
        title: 'Open Trace by ID', prompt: 'Trace ID (up to 32 hex characters); the local store is searched first, then each remote connection',
        validateInput: (v) => (/^\s*[0-9a-fA-F]{1,32}\s*$/.test(v) ? null : 'A trace id is up to 32 hex characters'),
      });
      if (!raw) return { ok: false };
      const traceId = normalizeTraceId(raw);
      const worker = deps.service.store;
      if (!worker) throw new Error(deps.service.lastProblem?.message ?? 'Trace storage is not open.');
      if (await worker.getTraceSummary(traceId)) {
        await deps.showTrace(traceId);
        return { ok: true, source: 'local' };
      }
      const connections = remoteConnections();
      const problems: string[] = [];
      const found = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Looking for trace ${traceId.slice(0, 8)}…` },
        async (progress) => {
          for (const config of connections) {
            progress.report({ message: connectionLabel(config) });
            const client = await clientFor(secrets, config, deps.service);
            try {
              const trace = await client.getTrace(traceId);
              if (trace) return { client, config, trace };
            } catch (error) {
              problems.push(`${connectionLabel(config)}: ${(error as Error).message}`);
            }
          }
          return null;
        },
      );
      if (!found) {
        const where = connections.length > 0 ? ` nor in ${connections.map(connectionLabel).join(', ')}` : ' (no remote connections are configured: agentTraceLens.remote.connections)';
        throw new Error(`Trace ${traceId} is not in the local store${where}.${problems.length ? ` ${problems.join('; ')}` : ''}`);
      }
      await readThrough(deps, found.client, traceId, found.trace.request);
      if (found.trace.partial) void vscode.window.showWarningMessage(`Agent Trace Lens: ${connectionLabel(found.config)} returned only part of trace ${traceId} (it is too large there).`);
      return { ok: true, source: connectionLabel(found.config) };
    } catch (error) {
      return fail(error);
    }
  };

  const searchRemote = async (): Promise<{ ok: boolean; traceId?: string; message?: string }> => {
    try {
      const connections = remoteConnections();
      if (connections.length === 0) {
        const open = 'Open Settings';
        const choice = await vscode.window.showWarningMessage('Agent Trace Lens: no remote connections are configured.', open);
        if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.remote.connections`);
        return { ok: false };
      }
      const config = connections.length === 1 ? connections[0]! : (await vscode.window.showQuickPick(
        connections.map((c) => ({ label: connectionLabel(c), description: c.url, config: c })), { title: 'Search which backend?' }))?.config;
      if (!config) return { ok: false };
      const client = await clientFor(secrets, config, deps.service);
      const text = await vscode.window.showInputBox({
        title: `Search ${connectionLabel(config)}`,
        prompt: config.kind === 'tempo'
          ? 'TraceQL ({ … }), or service:S workload:W op:NAME key=value and words in span names; empty = every trace'
          : 'service:S (required) workload:W op:NAME key=value',
        value: config.kind === 'jaeger' ? 'service:' : '',
      });
      if (text === undefined) return { ok: false };
      const range = await vscode.window.showQuickPick(RANGES.map((r) => ({ label: r.label, ms: r.ms })), { title: 'Time range' });
      if (!range) return { ok: false };
      const now = Date.now();
      const query: RemoteQuery = { startMs: now - range.ms, endMs: now, limit: SEARCH_LIMIT, ...parseSearchText(text) };
      // Jaeger searches by service: a bare word is taken as the service name.
      if (config.kind === 'jaeger' && !query.service && query.text) {
        query.service = query.text;
        delete query.text;
      }
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Searching ${connectionLabel(config)}…` },
        () => client.search(query),
      );
      if (result.traces.length === 0) {
        void vscode.window.showInformationMessage(`Agent Trace Lens: no traces in ${connectionLabel(config)} match (${range.label.toLowerCase()}).`);
        return { ok: true };
      }
      const picked = await vscode.window.showQuickPick(result.traces.map((t: RemoteTraceRef) => ({
        label: t.rootName || '(no root span)',
        description: `${t.rootServiceName} · ${t.startMs ? new Date(t.startMs).toLocaleString() : '?'} · ${duration(t.durationMs)}`,
        detail: t.traceId,
        ref: t,
      })), { title: `${result.traces.length} trace(s) in ${connectionLabel(config)}: open one`, matchOnDescription: true, matchOnDetail: true });
      if (!picked) return { ok: false };
      const loaded = result.loaded.get(picked.ref.traceId);
      const trace = loaded ? { request: loaded, partial: false } : await client.getTrace(picked.ref.traceId);
      if (!trace) throw new Error(`Trace ${picked.ref.traceId} is no longer in ${connectionLabel(config)}.`);
      await readThrough(deps, client, picked.ref.traceId, trace.request);
      return { ok: true, traceId: picked.ref.traceId };
    } catch (error) {
      return fail(error);
    }
  };

  const setHeaders = async (url?: unknown, text?: unknown): Promise<{ ok: boolean }> => {
    try {
      const forward = vscode.workspace.getConfiguration(SECTION).get<unknown[]>('forward.endpoints', []) ?? [];
      const urls = [...new Set([
        ...forward.map((e) => (typeof e === 'string' ? e : (e as { url?: string })?.url)).filter((u): u is string => typeof u === 'string'),
        ...remoteConnections().map((c) => c.url),
      ])];
      const target = typeof url === 'string' && url ? url : await vscode.window.showQuickPick(urls, {
        title: 'Set headers for which backend?', placeHolder: urls.length === 0 ? 'No forward endpoints or remote connections are configured' : undefined,
      });
      if (!target) return { ok: false };
      const input = typeof text === 'string' ? text : await vscode.window.showInputBox({
        title: `Headers for ${target}`, password: true, ignoreFocusOut: true,
        prompt: 'NAME=VALUE pairs separated by ";" (e.g. Authorization=Bearer …; X-Scope-OrgID=team). Empty removes them. Kept in VS Code\'s secret storage.',
        validateInput: (v) => {
          try {
            parseHeaderText(v);
            return null;
          } catch (error) {
            return (error as Error).message;
          }
        },
      });
      if (input === undefined) return { ok: false };
      const headers = parseHeaderText(input);
      if (Object.keys(headers).length === 0) await secrets.delete(secretKey(target));
      else await secrets.store(secretKey(target), JSON.stringify(headers));
      deps.headersChanged();
      void vscode.window.showInformationMessage(`Agent Trace Lens: ${Object.keys(headers).length} header(s) stored for ${target}.`);
      return { ok: true };
    } catch (error) {
      return fail(error);
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(BACKEND_COMMANDS.openTraceById, openTraceById),
    vscode.commands.registerCommand(BACKEND_COMMANDS.searchRemoteTraces, searchRemote),
    vscode.commands.registerCommand(BACKEND_COMMANDS.setBackendHeaders, setHeaders),
  );
  return { searchRemote };
}
