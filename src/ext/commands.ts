// Command palette / view toolbar commands. Each returns a value so tests can drive them directly.
import * as vscode from 'vscode';
import {
  ClearTraces, CopyText, CopyTraceText, ExportTrace, OpenInEditor, type ActionResult,
} from '../protocol/messages';
import type { HostRpc } from '../protocol/rpc';
import type { TraceService } from './service';
import { endpointClipboardText } from './terminal-env';
import { pickOtherTrace } from './compare';
import { pickTrace } from './pick-trace';
import { formatTraceAsText } from './trace-text';
import type { TracesViewProvider } from './traces-view';
import { CONTAINER_ID, VIEW_ID } from './traces-view';

export const COMMANDS = {
  openTraces: 'agentTraceLens.openTraces',
  clearTraces: 'agentTraceLens.clearTraces',
  importOtlpFiles: 'agentTraceLens.importOtlpFiles',
  exportTrace: 'agentTraceLens.exportTrace',
  copyTraceAsText: 'agentTraceLens.copyTraceAsText',
  restartReceiver: 'agentTraceLens.restartReceiver',
  copyOtlpEndpoint: 'agentTraceLens.copyOtlpEndpoint',
  expandAll: 'agentTraceLens.expandAll',
  collapseAll: 'agentTraceLens.collapseAll',
  showTraceList: 'agentTraceLens.showTraceList',
  showTrace: 'agentTraceLens.showTrace',
  compareTraces: 'agentTraceLens.compareTraces',
  openTraceInEditor: 'agentTraceLens.openTraceInEditor',
} as const;

/** Where traces and comparisons show: the side bar or editor tabs (the setting and the caller decide). */
export interface TraceOpeners {
  /** As the setting agentTraceLens.openTracesIn says. */
  showTrace(traceId: string, spanId?: string): Promise<void>;
  /** In the trace's editor tab. */
  showTraceInEditor(traceId: string, spanId?: string): Promise<void>;
  /** In an editor tab when `inEditor` (or the setting says so), else in the side bar. */
  showComparison(traceIdA: string, traceIdB: string, inEditor?: boolean): Promise<void>;
}

function workerOf(service: TraceService) {
  const w = service.store;
  if (!w) throw new Error(service.lastProblem?.message ?? 'Trace storage is not open.');
  return w;
}

export async function traceAsText(service: TraceService, traceId: string): Promise<string> {
  const w = workerOf(service);
  const [summary, spans] = await Promise.all([w.getTraceSummary(traceId), w.getTraceSpans(traceId)]);
  if (spans.length === 0) throw new Error(`Trace ${traceId} not found.`);
  return formatTraceAsText(summary, spans);
}

export interface CommandHandlers {
  copyTraceText(traceId?: string): Promise<ActionResult>;
  exportTrace(traceId?: string, target?: vscode.Uri): Promise<ActionResult>;
  clearTraces(options?: { skipConfirm?: boolean }): Promise<ActionResult>;
  /** A: given, else the open trace, else picked; B: given, else picked among the other traces. */
  compareTraces(traceIdA?: unknown, traceIdB?: unknown, inEditor?: boolean): Promise<ActionResult>;
  /** The given trace (else the open one, else picked) in its editor tab. */
  openTraceInEditor(traceId?: unknown, spanId?: unknown): Promise<ActionResult>;
}

export function registerCommands(
  context: vscode.ExtensionContext, service: TraceService, view: () => TracesViewProvider, open: TraceOpeners,
): CommandHandlers {
  const report = async (task: () => Promise<ActionResult>): Promise<ActionResult> => {
    try {
      return await task();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`Agent Trace Lens: ${message}`);
      return { ok: false, message };
    }
  };

  const handlers: CommandHandlers = {
    copyTraceText: (traceId) => report(async () => {
      const id = await pickTrace(workerOf(service), traceId, view().currentTraceId);
      if (!id) return { ok: false };
      const text = await traceAsText(service, id);
      await vscode.env.clipboard.writeText(text);
      return { ok: true, message: 'Trace copied as text.' };
    }),
    exportTrace: (traceId, target) => report(async () => {
      const id = await pickTrace(workerOf(service), traceId, view().currentTraceId);
      if (!id) return { ok: false };
      const json = await workerOf(service).exportOtlpJson([id]);
      if (!json.trim()) throw new Error(`Trace ${id} not found (it may have been cleared or evicted); nothing was exported.`);
      const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(service.storagePath);
      const uri = target ?? await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(base, `trace-${id.slice(0, 8)}.otlp.jsonl`),
        filters: { 'OTLP JSON lines': ['jsonl', 'json'] },
        title: 'Export trace as OTLP JSON',
      });
      if (!uri) return { ok: false };
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(json));
      return { ok: true, message: `Exported to ${uri.fsPath}` };
    }),
    clearTraces: (options) => report(async () => {
      if (!options?.skipConfirm) {
        const answer = await vscode.window.showWarningMessage(
          'Delete all stored traces?', { modal: true }, 'Clear Traces',
        );
        if (answer !== 'Clear Traces') return { ok: false };
      }
      await workerOf(service).clear();
      await service.contentChanged();
      view().action('showList');
      return { ok: true, message: 'Traces cleared.' };
    }),
    compareTraces: (traceIdA, traceIdB, inEditor) => report(async () => {
      const w = workerOf(service);
      const a = await pickTrace(w, traceIdA, view().currentTraceId, 'Pick the first trace (A)');
      if (!a) return { ok: false };
      const b = typeof traceIdB === 'string' && traceIdB ? traceIdB : await pickOtherTrace(w, a);
      if (!b) return { ok: false };
      for (const id of [a, b]) {
        if (!await w.getTraceSummary(id)) throw new Error(`Trace ${id} not found (it may have been cleared or evicted).`);
      }
      await open.showComparison(a, b, inEditor === true);
      return { ok: true };
    }),
    openTraceInEditor: (traceId, spanId) => report(async () => {
      const id = await pickTrace(workerOf(service), typeof traceId === 'string' ? traceId : undefined, view().currentTraceId);
      if (!id) return { ok: false };
      if (!await workerOf(service).getTraceSummary(id)) throw new Error(`Trace ${id} not found (it may have been cleared or evicted).`);
      await open.showTraceInEditor(id, typeof spanId === 'string' && spanId ? spanId : undefined);
      return { ok: true };
    }),
  };

  const reg = (id: string, fn: (...args: never[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn as (...args: unknown[]) => unknown));
  };

  reg(COMMANDS.openTraces, async () => {
    await vscode.commands.executeCommand(`workbench.view.extension.${CONTAINER_ID}`);
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  });
  reg(COMMANDS.clearTraces, (options?: { skipConfirm?: boolean }) => handlers.clearTraces(options));
  reg(COMMANDS.importOtlpFiles, async (arg?: vscode.Uri | vscode.Uri[]) => {
    const given = arg === undefined ? undefined : Array.isArray(arg) ? arg : [arg];
    const uris = given ?? await vscode.window.showOpenDialog({
      canSelectMany: true,
      title: 'Import OTLP files',
      filters: { 'OTLP (JSON, JSON lines, protobuf)': ['json', 'jsonl', 'pb', 'bin'], 'All files': ['*'] },
    });
    if (!uris || uris.length === 0) return undefined;
    try {
      const result = await workerOf(service).importFiles(uris.map((u) => u.fsPath));
      await service.contentChanged();
      const msg = `Imported ${result.acceptedSpans} spans${result.acceptedLogs ? ` and ${result.acceptedLogs} log records` : ''} from ${uris.length} file(s)`
        + (result.rejectedSpans ? `; ${result.rejectedSpans} rejected (${result.message ?? 'invalid'})` : '.');
      void vscode.window.showInformationMessage(`Agent Trace Lens: ${msg}`);
      if (result.traceIds.length === 1) await open.showTrace(result.traceIds[0]!);
      return result;
    } catch (error) {
      void vscode.window.showErrorMessage(`Agent Trace Lens: import failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  });
  reg(COMMANDS.exportTrace, (traceId?: string, target?: vscode.Uri) => handlers.exportTrace(traceId, target));
  reg(COMMANDS.copyTraceAsText, async (traceId?: string) => {
    const r = await handlers.copyTraceText(traceId);
    return r.ok ? vscode.env.clipboard.readText() : undefined;
  });
  reg(COMMANDS.restartReceiver, async () => {
    await service.restartReceiver();
    return service.status();
  });
  reg(COMMANDS.copyOtlpEndpoint, async () => {
    const s = service.status();
    if (!s.httpEndpoint) {
      void vscode.window.showWarningMessage(`Agent Trace Lens: the receiver is not listening (${s.state}).`);
      return undefined;
    }
    const text = endpointClipboardText(s.httpEndpoint, s.grpcEndpoint);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(`Agent Trace Lens: copied ${s.httpEndpoint} and the exporter env lines.`);
    return text;
  });
  reg(COMMANDS.expandAll, () => view().action('expandAll'));
  reg(COMMANDS.collapseAll, () => view().action('collapseAll'));
  reg(COMMANDS.showTraceList, () => view().action('showList'));
  reg(COMMANDS.showTrace, (traceId: string, spanId?: string) => open.showTrace(traceId, spanId));
  reg(COMMANDS.compareTraces, (traceIdA?: unknown, traceIdB?: unknown) => handlers.compareTraces(traceIdA, traceIdB));
  reg(COMMANDS.openTraceInEditor, (traceId?: unknown, spanId?: unknown) => handlers.openTraceInEditor(traceId, spanId));
  return handlers;
}

/** The page's trace buttons run the same handlers as the commands. */
export function registerTraceCommandHandlers(rpc: HostRpc, handlers: CommandHandlers): void {
  rpc.onRequest(CopyText, async ({ text }) => {
    await vscode.env.clipboard.writeText(String(text));
    return { ok: true, message: 'Copied.' };
  });
  rpc.onRequest(CopyTraceText, ({ traceId }) => handlers.copyTraceText(traceId));
  rpc.onRequest(ExportTrace, ({ traceId }) => handlers.exportTrace(traceId));
  rpc.onRequest(ClearTraces, () => handlers.clearTraces());
  rpc.onRequest(OpenInEditor, ({ traceId, spanId }) => handlers.openTraceInEditor(traceId, spanId));
}
