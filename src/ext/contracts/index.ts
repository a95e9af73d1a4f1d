// Span contracts in the editor: contract files → live checks → Problems panel, panel badges and
// ghost rows, and the palette commands. One entry point: registerSpanContracts(context, deps).
import * as vscode from 'vscode';
import {
  loadContractSet, type CheckSummary, type ContractSet, type FindingGroup, type TraceCheckResult,
} from '../../core/contracts';
import type { PanelDecorator } from '../decorations';
import { SECTION } from '../settings';
import {
  CONTRACT_COMMANDS, checkContracts, createContractFromTrace, openFailingTrace, type CommandDeps,
} from './commands';
import { DIAGNOSTIC_SOURCE, buildDiagnostics } from './diagnostics';
import type { ContractStore } from '../../core/store/views';
import { ContractEngine, type CheckRun, type CheckScope } from './engine';
import { findContractFiles, readContractFile, watchContractFiles, type LoadedFile } from './files';
import { decorateDetail, decorateRows, shortId } from './present';
import { readContractSettings, type ContractSettings } from './settings';
import { registerTraceDocuments } from './trace-document';
import { SAVE_FIXTURE_COMMAND } from '../fixtures';

export { CONTRACT_COMMANDS } from './commands';
export type { CheckRun, CheckScope } from './engine';

/** What span contracts need from the rest of the extension. */
export interface SpanContractsDeps {
  /** The store worker, or null while storage is not open. It may be replaced (store reopened). */
  store(): ContractStore | null;
  /** Fires on any store or service change; used to notice a replaced worker. Returns an unsubscribe. */
  onDidChangeStore(listener: () => void): () => void;
  /** The attribute naming the workload (agentTraceLens.workloadAttribute). */
  workloadKey(): string;
  /** Add badges, ghost rows and the violations filter to the panel. */
  registerPanelDecorator(decorator: PanelDecorator): { dispose(): void };
  /** Decorations changed: the panel refetches what it shows. */
  refreshPanel(): void;
  /** Reveal the panel with this trace (and span). */
  showTrace(traceId: string, spanId?: string): Promise<void>;
  /** The trace the panel shows, if any (default target of the commands). */
  currentTraceId(): string | null;
  /** The trace as plain text, for the failing-trace documents the Problems panel links to. */
  traceText?(traceId: string): Promise<string>;
}

/** For other features and the extension-host tests. */
export interface SpanContractsApi {
  /** Re-read the contract files and re-check; resolves when done. */
  reload(): Promise<void>;
  /** Run the contracts over a scope (what the palette command does, without prompts). */
  check(scope: CheckScope): Promise<CheckRun>;
  result(traceId: string): TraceCheckResult | undefined;
  /** The trace's result, checking it now when it was never checked. */
  ensureResult(traceId: string): Promise<TraceCheckResult | undefined>;
  groups(): FindingGroup[];
  summary(): CheckSummary;
  contractSet(): ContractSet;
  /** The contract files in use (URIs). */
  files(): vscode.Uri[];
  /** Traces checked live (new spans went quiet); not the re-checks after a contract change. */
  onDidCheckLive(listener: (results: TraceCheckResult[]) => void): () => void;
  /** Check every trace still waiting for its quiet period, and wait for all queued checks. */
  flush(): Promise<void>;
  whenIdle(): Promise<void>;
}

export function registerSpanContracts(
  context: vscode.ExtensionContext, deps: SpanContractsDeps,
): vscode.Disposable & { api: SpanContractsApi } {
  const config = (): ContractSettings => {
    const c = vscode.workspace.getConfiguration(SECTION);
    return readContractSettings(<T>(key: string, fallback: T) => c.get<T>(key, fallback));
  };
  let settings = config();
  const engine = new ContractEngine({ store: deps.store, workloadKey: deps.workloadKey, quietMs: settings.quietPeriodMs });
  const diagnostics = vscode.languages.createDiagnosticCollection('agent-trace-lens-contracts');
  const output = vscode.window.createOutputChannel('Agent Trace Lens: Span Contracts');
  let files: LoadedFile[] = [];
  let groupOf = new Map<string, FindingGroup>();
  const disposables: vscode.Disposable[] = [diagnostics, output];

  const isContractFile = (uri: vscode.Uri): boolean => files.some((f) => f.uri.toString() === uri.toString());

  const publish = (): void => {
    const built = buildDiagnostics(files, engine.contracts, engine.results.groups());
    groupOf = built.groupOf;
    diagnostics.clear();
    for (const { uri, diagnostics: list } of built.byUri.values()) diagnostics.set(uri, list);
  };

  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const offEngine = engine.onDidChange(() => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      publish();
      deps.refreshPanel();
    }, 50);
  });

  let loading: Promise<void> = Promise.resolve();
  const reload = (): Promise<void> => {
    loading = loading.then(async () => {
      const uris = await findContractFiles(settings.files);
      const loaded: LoadedFile[] = [];
      for (const uri of uris) {
        try {
          loaded.push(await readContractFile(uri));
        } catch (error) {
          output.appendLine(`cannot read ${uri.toString()}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      files = loaded;
      // A broken file becomes diagnostics (loadContractSet never throws); its valid contracts still apply.
      const rechecked = engine.setContracts(loadContractSet(loaded));
      publish();
      await rechecked;
      publish();
    }).catch((error: unknown) => {
      output.appendLine(`reloading contracts failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    });
    return loading;
  };

  let watcher = watchContractFiles(settings.files, isContractFile, () => void reload());
  disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(`${SECTION}.contracts`)) return;
    const next = config();
    engine.setQuietPeriod(next.quietPeriodMs);
    if (JSON.stringify(next.files) !== JSON.stringify(settings.files)) {
      settings = next;
      watcher.dispose();
      watcher = watchContractFiles(settings.files, isContractFile, () => void reload());
      void reload();
    }
    settings = next;
  }));

  const offStore = deps.onDidChangeStore(() => engine.syncWorker());
  engine.syncWorker();

  const decorator: PanelDecorator = {
    decorateTraces: (rows) => decorateRows(rows, (id) => engine.results.get(id)),
    decorateTrace: (detail) => {
      const traceId = detail.summary?.traceId ?? detail.spans[0]?.traceId;
      if (!traceId) return;
      const known = engine.results.get(traceId);
      // Never checked (stored before this session, or beyond the automatic re-check): check it
      // now; the result arrives through a panel refresh instead of holding up this request.
      if (!known) void engine.ensureChecked(traceId);
      decorateDetail(detail, known);
    },
    violatingTraceIds: () => engine.results.violatingTraceIds(),
  };
  const offDecorator = deps.registerPanelDecorator(decorator);

  const cmdDeps: CommandDeps = {
    engine,
    store: deps.store,
    workloadKey: deps.workloadKey,
    currentTraceId: deps.currentTraceId,
    showTrace: deps.showTrace,
    reload,
    files: () => files,
    groups: () => engine.results.groups(),
    output,
  };
  const report = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R | undefined> => {
    try {
      return await fn(...args);
    } catch (error) {
      void vscode.window.showErrorMessage(`Agent Trace Lens: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  disposables.push(
    vscode.commands.registerCommand(CONTRACT_COMMANDS.check, report((arg?: unknown) => checkContracts(cmdDeps, arg as never))),
    vscode.commands.registerCommand(CONTRACT_COMMANDS.createFromTrace, report((arg?: unknown) => createContractFromTrace(cmdDeps, arg))),
    vscode.commands.registerCommand(CONTRACT_COMMANDS.openFailingTrace, report((arg?: unknown) => openFailingTrace(cmdDeps, arg))),
    registerTraceDocuments({
      result: (id) => engine.ensureChecked(id),
      showTrace: (id) => deps.showTrace(id),
      ...(deps.traceText ? { traceText: deps.traceText } : {}),
    }),
    // By file pattern as well as language: a user may associate contract files with jsonc (files.associations).
    vscode.languages.registerCodeActionsProvider([{ language: 'json' }, { language: 'jsonc' }, { pattern: '**/*.json' }], {
      provideCodeActions(document, _range, ctx) {
        if (!isContractFile(document.uri)) return [];
        const actions: vscode.CodeAction[] = [];
        for (const d of ctx.diagnostics) {
          if (d.source !== DIAGNOSTIC_SOURCE) continue;
          const g = groupOf.get(d.message);
          if (!g) continue;
          const open = new vscode.CodeAction(`Open latest failing trace ${shortId(g.representativeTraceId)} (${g.contract}/${g.rule})`, vscode.CodeActionKind.QuickFix);
          open.command = { title: open.title, command: CONTRACT_COMMANDS.openFailingTrace, arguments: [g.representativeTraceId] };
          open.diagnostics = [d];
          open.isPreferred = true;
          actions.push(open);
          const save = new vscode.CodeAction(`Save failing trace ${shortId(g.representativeTraceId)} as a regression fixture`, vscode.CodeActionKind.QuickFix);
          save.command = { title: save.title, command: SAVE_FIXTURE_COMMAND, arguments: [g.representativeTraceId, `${g.contract}/${g.rule}`] };
          save.diagnostics = [d];
          actions.push(save);
          if (g.traceIds.length > 1) {
            const pick = new vscode.CodeAction(`Pick one of the ${g.traceIds.length} failing traces…`, vscode.CodeActionKind.QuickFix);
            pick.command = { title: pick.title, command: CONTRACT_COMMANDS.openFailingTrace, arguments: [g.traceIds] };
            pick.diagnostics = [d];
            actions.push(pick);
          }
        }
        return actions;
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );

  void reload();

  const api: SpanContractsApi = {
    reload,
    check: async (scope) => {
      const run = await engine.check(scope);
      clearTimeout(refreshTimer);
      publish();
      deps.refreshPanel();
      return run;
    },
    result: (id) => engine.results.get(id),
    ensureResult: (id) => engine.ensureChecked(id),
    onDidCheckLive: (listener) => engine.onDidCheckLive(listener),
    groups: () => engine.results.groups(),
    summary: () => engine.results.summary(),
    contractSet: () => engine.contracts,
    files: () => files.map((f) => f.uri),
    flush: async () => {
      await loading;
      await engine.flush();
      clearTimeout(refreshTimer);
      publish();
      deps.refreshPanel();
    },
    whenIdle: async () => {
      await loading;
      await engine.whenIdle();
      clearTimeout(refreshTimer);
      publish();
    },
  };

  const disposable = new vscode.Disposable(() => {
    clearTimeout(refreshTimer);
    offEngine();
    offStore();
    offDecorator.dispose();
    watcher.dispose();
    engine.dispose();
    for (const d of disposables) d.dispose();
  });
  context.subscriptions.push(disposable);
  return Object.assign(disposable, { api });
}
