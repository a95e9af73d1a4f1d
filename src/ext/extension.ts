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
import { registerCodingAgents, type CodingAgentsApi } from './coding-agents';
import { COMMANDS, registerCommands, registerTraceCommandHandlers, traceAsText } from './commands';
import { registerCompareHandlers } from './compare';
import { registerContentSearchHandlers } from './content-search';
import { registerSpanContracts, type SpanContractsApi } from './contracts';
import { PanelDecorations, type PanelDecorator } from './decorations';
import { registerRedaction } from './redaction';
import { registerFixtureHandlers, registerRegressionFixtures, type FixtureDeps } from './fixtures';
import { registerInsightHandlers } from './insights';
import { withDefaultPrices } from '../core/model/pricing';
import { pickPromptChoice, registerReplay, registerReplayTabHandlers, secretName, setReplayConfirmForTests, type Confirm } from './replay';
import type { ReplayProvider } from '../core/replay/types';
import { readLinkSettings } from '../core/links/link-settings';
import { registerPromptHandlers, registerQuality, type QualityApi } from './quality';
import { registerAlerts, type AlertsHandle } from './quality/alerts';
import {
  registerLinkHandlers, registerSpanLinks, setLiteralPickerForTests, type LiteralPickItem, type SpanLinksHandle,
} from './links';
import { findCodeSpans } from './links/code-spans';
import type { HostContext } from './host-context';
import { TraceService, type ServiceProblem } from './service';
import { ENV_GRPC_PORT, ENV_HTTP_PORT, SECTION, readSettings, sameReceiver, sameStore, type Settings } from './settings';
import { TraceStatusBar } from './status-bar';
import { terminalEnvFor } from './terminal-env';
import { registerTrustHandlers, workspaceTrusted } from './trust';
import { PanelHub, openTracesIn } from './panel-host';
import { TraceEditors } from './trace-editors';
import { TracesViewProvider, VIEW_ID } from './traces-view';
import { registerBackendCommands, registerBackendHandlers } from './backends';
import { ForwardingController, registerForwarding } from './forward';

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
  /** Keys of the open trace and comparison editor tabs (`trace:<id>`, `compare:<a>:<b>`). */
  traceEditorTabs(): string[];
  lastProblem(): ServiceProblem | null;
  /** Span contracts: reload, check, results (see src/ext/contracts). */
  contracts: SpanContractsApi;
  /** Quality loop: scorecards and evaluation scores. */
  quality: QualityApi;
  /** Alert notifications (tests: flush, notifier, mutes). */
  alerts: AlertsHandle;
  /** The trace the panel shows or was last asked to show. */
  currentTraceId(): string | null;
  /** Span links (CodeLens, gutter, hover; the span commands are registered as agentTraceLens.*). */
  links: SpanLinksApi;
  /** The agent tools' MCP server definition (the Language Model tools are in vscode.lm.tools). */
  agentTools: { mcpServerDefinitions(): vscode.McpStdioServerDefinition[] };
  /** The redaction warnings shown so far, as their messages (for tests). */
  redactionAlerts(): string[];
  /** Coding agents' setup (tests answer its questions here). */
  codingAgents: CodingAgentsApi;
  /** Tests: the request and notification methods a panel page registers handlers for (repeats kept). */
  panelHandlers(): { requests: string[]; notifications: string[] };
  /** Replay (tests: answer the endpoint confirmation, put a key where the user's would be). */
  replay: { setConfirm(confirm: Confirm | null): void; storeKey(provider: ReplayProvider, key: string): Promise<void> };
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
  let started: Promise<void> = Promise.resolve();
  const requireStore = (): StoreWorker => {
    const store = service.store;
    if (!store) throw new Error(service.lastProblem?.message ?? 'Trace storage is not open yet.');
    return store;
  };
  const openStore = async (): Promise<StoreWorker> => {
    await started;
    return requireStore();
  };
  const hub = new PanelHub(context.extensionUri, service, decorations, openStore);
  const provider = new TracesViewProvider(hub);
  const editors = new TraceEditors(hub);
  context.subscriptions.push(
    hub,
    provider,
    editors,
    vscode.window.registerWebviewViewProvider(VIEW_ID, provider, { webviewOptions: { retainContextWhenHidden: false } }),
  );
  const showTrace = (traceId: string, spanId?: string): Promise<void> =>
    openTracesIn() === 'editor' ? editors.showTrace(traceId, spanId) : provider.showTrace(traceId, spanId);
  const handlers = registerCommands(context, service, () => provider, {
    showTrace,
    showTraceInEditor: (traceId, spanId) => editors.showTrace(traceId, spanId),
    showComparison: (a, b, inEditor) => (inEditor || openTracesIn() === 'editor'
      ? editors.showComparison({ traceIdA: a, traceIdB: b }) : provider.showComparison(a, b)),
  });
  const host: HostContext = {
    store: () => service.store,
    openStore,
    onDidChangeStore: (listener) => service.onDidChange(listener),
    workloadKey: () => service.currentSettings.workloadAttribute,
    storagePath: () => service.storagePath,
    showTrace,
    currentTraceId: () => hub.currentTraceId,
    selectedSpan: () => hub.selectedSpan,
    registerPanelDecorator: (d) => decorations.register(d),
    refreshPanel: () => decorations.changed(),
    onDidChangeDecorations: (listener) => decorations.onDidChange(listener),
    addPanelHandlers: (register) => hub.addHandlers(register),
  };
  host.addPanelHandlers((rpc) => registerTraceCommandHandlers(rpc, handlers));
  host.addPanelHandlers((rpc) => registerTrustHandlers(rpc));
  host.addPanelHandlers((rpc, page) => registerCompareHandlers(rpc, page, {
    ...host,
    compareWith: (traceId, inEditor) => handlers.compareTraces(traceId, undefined, inEditor),
  }));
  host.addPanelHandlers((rpc, page) => registerContentSearchHandlers(rpc, page, {
    store: requireStore,
    decorate: (rows) => decorations.applyToTraces(rows),
  }));
  host.addPanelHandlers((rpc) => registerInsightHandlers(rpc, {
    ...host,
    prices: () => withDefaultPrices(service.currentSettings.prices),
    violatingTraceIds: () => decorations.violatingTraceIds(),
    decorate: (rows) => decorations.applyToTraces(rows),
  }));

  const statusBar = new TraceStatusBar(COMMANDS.openTraces);
  context.subscriptions.push(statusBar);

  const envCollection = context.environmentVariableCollection;
  envCollection.persistent = false;
  envCollection.description = 'Points OpenTelemetry exporters and the coding agents you set up at the Agent Trace Lens receiver';
  let injected: Record<string, string> = {};
  const syncTerminalEnv = (): void => {
    const status = service.status();
    // Not in Restricted Mode: a terminal there may run the repository's code, which should not find the receiver set up.
    const wanted = workspaceTrusted()
      ? terminalEnvFor(service.currentSettings, { http: status.httpEndpoint, grpc: status.grpcEndpoint })
      : {};
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
  context.subscriptions.push({ dispose: offChange }, { dispose: offProblem }, vscode.workspace.onDidGrantWorkspaceTrust(refresh));
  refresh();

  const redaction = registerRedaction(context, { service, showTrace: (traceId, spanId) => provider.showTrace(traceId, spanId) });

  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(SECTION)) return;
    const next = currentSettings();
    const restart = { store: !sameStore(settings, next), receiver: !sameReceiver(settings, next) };
    // Redaction changes apply to the next spans without a restart (a restart applies them anyway).
    if (!restart.store) redaction.settingsChanged(settings, next);
    settings = next;
    void service.applySettings(next, restart).then(refresh);
    refresh();
  }));

  const contracts = registerSpanContracts(context, { ...host, traceText: (traceId) => traceAsText(service, traceId) });

  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '');
  const showReplay = (ref: SpanRef): Promise<void> => editors.showReplay(ref);
  registerReplay(context, { store: host.store, currentTraceId: host.currentTraceId, showTrace, showReplay, version });
  const promptGlobs = (): string[] => {
    const c = vscode.workspace.getConfiguration(SECTION);
    return readLinkSettings(<T>(key: string, fallback: T) => c.get<T>(key, fallback)).promptGlobs;
  };
  host.addPanelHandlers((rpc, page) => registerReplayTabHandlers(rpc, page, {
    openStore, context, showReplay, version, pickPrompt: (span) => pickPromptChoice(span, promptGlobs()),
  }));

  const fixtures: FixtureDeps = { ...host, contractResult: (traceId) => contracts.api.ensureResult(traceId) };
  registerRegressionFixtures(context, fixtures);
  host.addPanelHandlers((rpc) => registerFixtureHandlers(rpc, fixtures));

  const quality = registerQuality(context, {
    ...host,
    contractResult: (traceId) => contracts.api.result(traceId),
    showPrompts: (params) => provider.showPrompts(params),
    promptGlobs,
    codeLensEnabled: () => vscode.workspace.getConfiguration(SECTION).get<boolean>('codeLens.enabled', true),
  });
  host.addPanelHandlers((rpc) => registerPromptHandlers(rpc, quality.scorecards));

  const alerts = registerAlerts(context, {
    ...host,
    contracts: () => contracts.api.contractSet().contracts,
    onDidCheckLive: (listener) => contracts.api.onDidCheckLive(listener),
    contractFiles: () => contracts.api.files(),
    quietMs: () => vscode.workspace.getConfiguration(SECTION).get<number>('contracts.quietPeriodMs', 2000),
  });

  const links = registerSpanLinks(context, { ...host, revealInPanel: (filter) => provider.showCodeSpans(filter) });
  host.addPanelHandlers((rpc, page) => registerLinkHandlers(rpc, page, host));

  const agentTools = registerAgentTools(context, {
    ...host,
    contractSet: () => contracts.api.contractSet(),
    contractFiles: () => contracts.api.files(),
  });
  context.subscriptions.push(agentTools);
  registerForwarding(context, service, forwarding);
  const backends = registerBackendCommands(context, {
    service, showTrace: (traceId) => provider.showTrace(traceId), headersChanged: () => void forwarding.reload(),
  });
  host.addPanelHandlers((rpc) => registerBackendHandlers(rpc, backends));
  const codingAgents = registerCodingAgents(context, service);

  // Start in the background: activation returns at once (pages' requests wait for it).
  started = service.start();

  return {
    whenStarted: () => started,
    receiverAddress: () => service.address,
    receiverStatus: () => service.status(),
    stats: async () => (service.store ? service.store.stats() : service.stats),
    statusBarText: () => statusBar.text,
    statusBarTooltip: () => statusBar.tooltip,
    storagePath: () => service.storagePath,
    listTraces: async () => (service.store ? service.store.listTraces({ limit: 1000 }) : []),
    traceAsText: (traceId) => traceAsText(service, traceId),
    terminalEnv: () => ({ ...injected }),
    registerPanelDecorator: (d) => new vscode.Disposable(decorations.register(d).dispose),
    showTrace: (traceId, spanId) => provider.showTrace(traceId, spanId),
    panelReady: () => provider.isReady,
    traceEditorTabs: () => editors.openTabs(),
    lastProblem: () => service.lastProblem,
    contracts: contracts.api,
    redactionAlerts: () => [...redaction.api.shown],
    quality,
    alerts,
    currentTraceId: () => provider.currentTraceId,
    links: {
      handle: links,
      selectedSpan: () => provider.selectedSpan,
      codeSpanFilter: () => provider.codeSpanFilter,
      codeSpans: async (filter) => findCodeSpans(await openStore(), filter),
      setLiteralPicker: setLiteralPickerForTests,
    },
    agentTools: { mcpServerDefinitions: () => agentTools.mcpServerDefinitions() },
    codingAgents,
    panelHandlers: () => {
      const recorded = hub.recordHandlers();
      return { requests: [...recorded.requests], notifications: [...recorded.notifications] };
    },
    replay: {
      setConfirm: setReplayConfirmForTests,
      storeKey: (p, key) => Promise.resolve(context.secrets.store(secretName(p), key)),
    },
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
