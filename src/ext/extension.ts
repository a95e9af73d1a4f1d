// Extension entry: light activation; the store worker and receiver start in the background.
import { constants as fsConstants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { StoreStats } from '../core/model/store-types';
import type { TraceSummary } from '../core/model/types';
import type { CodeSpanFilter, CodeSpansResult, ReceiverStatus, SpanRef } from '../protocol/messages';
import { OtlpReceiver, type ReceiverAddress } from '../receiver';
import { StoreWorker } from '../store-worker';
import { registerAgentTools } from './agent-tools';
import { COMMANDS, registerCommands, traceAsText } from './commands';
import { registerSpanContracts, type SpanContractsApi } from './contracts';
import { PanelDecorations, type PanelDecorator } from './decorations';
import { registerSpanLinks, setLiteralPickerForTests, type LiteralPickItem, type SpanLinksHandle } from './links';
import { TraceService, type ServiceProblem } from './service';
import { ENV_GRPC_PORT, ENV_HTTP_PORT, SECTION, readSettings, sameReceiver, sameStore, type Settings } from './settings';
import { TraceStatusBar } from './statusBar';
import { exporterEnv } from './terminalEnv';
import { TracesViewProvider, VIEW_ID } from './tracesView';
import { ForwardingController, REMOTE_COMMANDS, registerRemote } from './remote';

/** What activate() returns: used by other features and by the extension-host tests. */
export interface AgentTraceLensApi {
  /** Resolves once the first start attempt of worker + receiver has finished (success or reported failure). */
  whenStarted(): Promise<void>;
  receiverAddress(): ReceiverAddress | null;
  receiverStatus(): ReceiverStatus;
  stats(): Promise<StoreStats>;
  statusBarText(): string;
  statusBarTooltip(): string;
  storagePath(): string;
  listTraces(): Promise<TraceSummary[]>;
  traceAsText(traceId: string): Promise<string>;
  /** Variables currently put into new terminals. */
  terminalEnv(): Record<string, string>;
  /** Panel decorations (span contracts add badges and ghost rows here). */
  registerPanelDecorator(decorator: PanelDecorator): vscode.Disposable;
  /** Open a trace (and optionally a span) in the panel. */
  showTrace(traceId: string, spanId?: string): Promise<void>;
  /** True once the panel's webview has loaded and completed the handshake. */
  panelReady(): boolean;
  lastProblem(): ServiceProblem | null;
  /** Span contracts: reload, check, results (see src/ext/contracts). */
  contracts: SpanContractsApi;
  /** Span links (CodeLens, gutter, hover; the span commands are registered as agentTraceLens.*). */
  links: SpanLinksApi;
  /** The agent tools' MCP server definition (the Language Model tools are in vscode.lm.tools). */
  agentTools: { mcpServerDefinitions(): vscode.McpStdioServerDefinition[] };
}

export interface SpanLinksApi {
  handle: SpanLinksHandle;
  /** The span selected in the panel's tree. */
  selectedSpan(): SpanRef | null;
  /** The code location the panel last listed spans for (CodeLens click), if any. */
  codeSpanFilter(): CodeSpanFilter | null;
  /** The spans the panel lists for a code location. */
  codeSpans(filter: CodeSpanFilter): Promise<CodeSpansResult>;
  /** Tests: answer the "which of these string literals?" quick pick (null restores it). */
  setLiteralPicker(pick: ((items: LiteralPickItem[]) => Promise<LiteralPickItem | undefined>) | null): void;
}

function currentSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return readSettings(<T>(key: string, fallback: T) => config.get<T>(key, fallback), process.env);
}

async function ensureWritableDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await access(dir, fsConstants.W_OK);
}

function showProblem(problem: ServiceProblem, service: TraceService): void {
  const retry = 'Retry';
  if (problem.area === 'receiver') {
    const port = problem.port;
    const fromEnv = port && service.currentSettings.portSource[port.protocol] === 'env';
    const setting = port?.protocol === 'grpc' ? 'receiver.grpcPort' : 'receiver.httpPort';
    const hint = fromEnv ? ` (set by ${port?.protocol === 'grpc' ? ENV_GRPC_PORT : ENV_HTTP_PORT})` : '';
    const change = 'Change Port';
    const actions = port ? [change, retry] : ['Open Settings', retry];
    void vscode.window.showErrorMessage(`Agent Trace Lens: the OTLP receiver could not start: ${problem.message}${hint}`, ...actions)
      .then(async (choice) => {
        if (choice === change) await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.${setting}`);
        else if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.receiver`);
        else if (choice === retry) await service.restartReceiver();
      });
  } else {
    const change = 'Change Storage Path';
    void vscode.window.showErrorMessage(`Agent Trace Lens: ${problem.message}`, change, retry).then(async (choice) => {
      if (choice === change) await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.storage.path`);
      else if (choice === retry) await service.start();
    });
  }
}

let active: { service: TraceService; forwarding: ForwardingController } | null = null;

export function activate(context: vscode.ExtensionContext): AgentTraceLensApi {
  let settings = currentSettings();
  let forwarding: ForwardingController | null = null;
  const service = new TraceService(settings, context.globalStorageUri.fsPath, {
    startWorker: async (options) => {
      if (options.dir) await ensureWritableDir(options.dir);
      return StoreWorker.start({ ...options, forwardEncodings: forwarding?.encodings() ?? [] });
    },
    startReceiver: (options, sink) => OtlpReceiver.start(options, sink),
  });
  forwarding = new ForwardingController(context.secrets, service, () => refresh());
  active = { service, forwarding };

  const decorations = new PanelDecorations();
  let handlers: ReturnType<typeof registerCommands> | null = null;
  const provider = new TracesViewProvider(context.extensionUri, service, decorations, {
    copyTraceText: (id) => handlers!.copyTraceText(id),
    exportTrace: (id) => handlers!.exportTrace(id),
    clearTraces: () => handlers!.clearTraces(),
    compareWith: (id) => handlers!.compareTraces(id),
    searchRemote: async () => (await vscode.commands.executeCommand<{ ok: boolean }>(REMOTE_COMMANDS.searchRemoteTraces)) ?? { ok: false },
  });
  context.subscriptions.push(
    provider,
    vscode.window.registerWebviewViewProvider(VIEW_ID, provider, { webviewOptions: { retainContextWhenHidden: false } }),
  );
  handlers = registerCommands(context, service, () => provider);

  const statusBar = new TraceStatusBar(COMMANDS.openTraces);
  context.subscriptions.push(statusBar);

  const envCollection = context.environmentVariableCollection;
  envCollection.persistent = false;
  envCollection.description = 'Points OpenTelemetry exporters at the Agent Trace Lens receiver';
  let injected: Record<string, string> = {};
  const syncTerminalEnv = (): void => {
    const endpoint = service.status().httpEndpoint;
    const wanted = service.currentSettings.injectTerminalEnv && endpoint ? exporterEnv(endpoint) : {};
    if (JSON.stringify(wanted) === JSON.stringify(injected)) return;
    envCollection.clear();
    for (const [k, v] of Object.entries(wanted)) envCollection.replace(k, v);
    injected = wanted;
  };

  const refresh = (): void => {
    statusBar.update(service.status(), service.stats, forwarding?.tooltipLines() ?? []);
    syncTerminalEnv();
  };
  const offChange = service.onDidChange(refresh);
  const offProblem = service.onProblem((p) => showProblem(p, service));
  context.subscriptions.push({ dispose: offChange }, { dispose: offProblem });
  refresh();

  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(SECTION)) return;
    const next = currentSettings();
    const restart = { store: !sameStore(settings, next), receiver: !sameReceiver(settings, next) };
    settings = next;
    void service.applySettings(next, restart).then(refresh);
    refresh();
  }));

  const contracts = registerSpanContracts(context, {
    storeWorker: () => service.storeWorker,
    onDidChangeStore: (listener) => service.onDidChange(listener),
    workloadKey: () => service.currentSettings.workloadAttribute,
    registerPanelDecorator: (d) => decorations.register(d),
    refreshPanel: () => decorations.changed(),
    showTrace: (traceId, spanId) => provider.showTrace(traceId, spanId),
    currentTraceId: () => provider.currentTraceId,
    traceText: (traceId) => traceAsText(service, traceId),
  });

  const links = registerSpanLinks(context, {
    store: () => service.storeWorker,
    onDidChangeStore: (listener) => service.onDidChange(listener),
    showTrace: (traceId, spanId) => provider.showTrace(traceId, spanId),
    revealInPanel: (filter) => provider.showCodeSpans(filter),
    selectedSpan: () => provider.selectedSpan,
  });

  const agentTools = registerAgentTools(context, {
    store: () => service.storeWorker,
    contractSet: () => contracts.api.contractSet(),
    contractFiles: () => contracts.api.files(),
    workloadKey: () => service.currentSettings.workloadAttribute,
    storagePath: () => service.storagePath,
  });
  context.subscriptions.push(agentTools);
  registerRemote(context, service, forwarding, (traceId) => provider.showTrace(traceId));

  // Start in the background: activation returns at once.
  const started = service.start();

  return {
    whenStarted: () => started,
    receiverAddress: () => service.address,
    receiverStatus: () => service.status(),
    stats: async () => (service.storeWorker ? service.storeWorker.stats() : service.stats),
    statusBarText: () => statusBar.text,
    statusBarTooltip: () => statusBar.tooltip,
    storagePath: () => service.storagePath,
    listTraces: async () => (service.storeWorker ? service.storeWorker.listTraces({ limit: 1000 }) : []),
    traceAsText: (traceId) => traceAsText(service, traceId),
    terminalEnv: () => ({ ...injected }),
    registerPanelDecorator: (d) => new vscode.Disposable(decorations.register(d).dispose),
    showTrace: (traceId, spanId) => provider.showTrace(traceId, spanId),
    panelReady: () => provider.isReady,
    lastProblem: () => service.lastProblem,
    contracts: contracts.api,
    links: {
      handle: links,
      selectedSpan: () => provider.selectedSpan,
      codeSpanFilter: () => provider.codeSpanFilter,
      codeSpans: (filter) => provider.codeSpans(filter),
      setLiteralPicker: setLiteralPickerForTests,
    },
    agentTools: { mcpServerDefinitions: () => agentTools.mcpServerDefinitions() },
  };
}

export async function deactivate(): Promise<void> {
  const a = active;
  active = null;
  if (a) {
    await a.forwarding.stop();
    await a.service.stop();
  }
}
