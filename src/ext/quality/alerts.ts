// Alerts as VS Code notifications: new runs are fed to the alert rules (src/core/quality/alerts.ts) once they went
// quiet, contract verdicts as the live checks produce them. A burst becomes one notification with actions: open
// the trace, open the rule, mute the rule for this workload. Settings switch each rule, or all of them, off.
import * as vscode from 'vscode';
import type { Contract, TraceCheckResult } from '../../core/contracts';
import { QuietPeriodTracker, realTimers, type TimerApi } from '../../core/contracts';
import type { TraceSummary } from '../../core/model/types';
import {
  AlertBatcher, AlertRules, DEFAULT_ALERT_OPTIONS, batchMessage, type Alert, type AlertKind, type AlertOptions,
  type BudgetLimits, type RunSample,
} from '../../core/quality';
import { SECTION } from '../settings';
import type { AlertStore } from '../../core/store/views';

const MUTED_STATE_KEY = 'agentTraceLens.alerts.muted';
export const ALERT_ACTIONS = { openTrace: 'Open Trace', openRule: 'Open Rule', mute: 'Mute for This Workload' } as const;

const SETTING_OF: Record<AlertKind, string> = {
  'contract-break': 'alerts.contractBreak',
  'cost-spike': 'alerts.costSpike',
  'error-spike': 'alerts.errorSpike',
  'budget-overrun': 'alerts.budgetOverrun',
};

export interface AlertDeps {
  store(): AlertStore | null;
  onDidChangeStore(listener: () => void): () => void;
  contracts(): readonly Contract[];
  onDidCheckLive(listener: (results: TraceCheckResult[]) => void): () => void;
  contractFiles(): vscode.Uri[];
  quietMs(): number;
  showTrace(traceId: string): Promise<void>;
  timers?: TimerApi;
}

/** Shows one notification and resolves with the action chosen (tests replace it). */
export type AlertNotifier = (message: string, actions: string[]) => Thenable<string | undefined>;

export interface AlertsHandle extends vscode.Disposable {
  /** Deliver the pending batch now (tests). */
  flush(): void;
  setNotifierForTests(notifier: AlertNotifier | null): void;
  mutedKeys(): string[];
  /** Resolves when the last notification's chosen action has run. */
  lastAction(): Promise<string | undefined>;
}

function readOptions(): { on: boolean; options: AlertOptions } {
  const c = vscode.workspace.getConfiguration(SECTION);
  const enabled = { ...DEFAULT_ALERT_OPTIONS.enabled };
  for (const kind of Object.keys(SETTING_OF) as AlertKind[]) enabled[kind] = c.get<boolean>(SETTING_OF[kind], true);
  return { on: c.get<boolean>('alerts.enabled', true), options: { ...DEFAULT_ALERT_OPTIONS, enabled } };
}

const nanosToMs = (ns: string): number => {
  try {
    return Number(BigInt(ns) / 1_000_000n);
  } catch {
    return 0;
  }
};

function sampleOf(t: TraceSummary): RunSample {
  return {
    traceId: t.traceId, workloadId: t.workloadId, startMs: nanosToMs(t.startTimeUnixNano), costUsd: t.costUsd,
    errorCount: t.errorCount, durationMs: t.durationMs, totalTokens: t.inputTokens + t.outputTokens,
  };
}

export function registerAlerts(context: vscode.ExtensionContext, deps: AlertDeps): AlertsHandle {
  const timers = deps.timers ?? realTimers;
  let settings = readOptions();
  const rules = new AlertRules(() => timers.now(), settings.options);
  rules.setMuted(context.workspaceState.get<string[]>(MUTED_STATE_KEY, []));
  let notifier: AlertNotifier | null = null;
  let last: Promise<string | undefined> = Promise.resolve(undefined);
  const seeded = new Set<string>();

  const openRule = async (rule: string): Promise<void> => {
    const [contractId] = [rule.slice(0, rule.lastIndexOf('/'))];
    const ruleId = rule.slice(rule.lastIndexOf('/') + 1);
    const loc = deps.contracts().find((c) => c.id === contractId)?.rules.find((r) => r.id === ruleId)?.location;
    const uri = loc ? deps.contractFiles().find((u) => vscode.workspace.asRelativePath(u, false) === loc.file || vscode.workspace.asRelativePath(u, true) === loc.file) : undefined;
    if (!loc || !uri) {
      void vscode.window.showWarningMessage(`Agent Trace Lens: the rule ${rule} is no longer in the contract files.`);
      return;
    }
    const pos = new vscode.Position(loc.line - 1, loc.column - 1);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos) });
  };

  const deliver = (batch: Alert[]): void => {
    if (!settings.on) return;
    const first = batch[0]!;
    const actions: string[] = [ALERT_ACTIONS.openTrace];
    if (first.rule) actions.push(ALERT_ACTIONS.openRule);
    actions.push(ALERT_ACTIONS.mute);
    const message = `Agent Trace Lens: ${batchMessage(batch)}`;
    const show = notifier ?? ((m: string, a: string[]) => vscode.window.showWarningMessage(m, ...a));
    last = Promise.resolve(show(message, actions)).then(async (choice) => {
      if (choice === ALERT_ACTIONS.openTrace) await deps.showTrace(first.traceId);
      else if (choice === ALERT_ACTIONS.openRule && first.rule) await openRule(first.rule);
      else if (choice === ALERT_ACTIONS.mute) {
        rules.mute(first.workloadId, first.rule ?? first.kind);
        await context.workspaceState.update(MUTED_STATE_KEY, rules.mutedKeys());
      }
      return choice;
    }, () => undefined);
  };
  const batcher = new AlertBatcher(timers, deliver);

  const onRunsQuiet = async (ids: string[]): Promise<void> => {
    const worker = deps.store();
    if (!worker || !settings.on) return;
    for (const id of ids) {
      const summary = await worker.getTraceSummary(id).catch(() => null);
      if (!summary) continue;
      const key = summary.workloadId ?? '';
      if (!seeded.has(key)) {
        seeded.add(key);
        const earlier = await worker.listTraces({ ...(summary.workloadId ? { workloadId: summary.workloadId } : {}), limit: DEFAULT_ALERT_OPTIONS.windowRuns + 1 }).catch(() => []);
        rules.seed(earlier.filter((t) => t.traceId !== id && t.workloadId === summary.workloadId).map(sampleOf));
      }
      batcher.add(rules.observeRun(sampleOf(summary)));
    }
  };
  let tracker = new QuietPeriodTracker(deps.quietMs(), (ids) => void onRunsQuiet(ids), timers);

  const onChecked = async (results: TraceCheckResult[]): Promise<void> => {
    const worker = deps.store();
    if (!worker || !settings.on) return;
    const byId = new Map(deps.contracts().map((c) => [c.id, c]));
    for (const r of results) {
      if (r.contracts.length === 0) continue;
      const selected = r.contracts.map((id) => byId.get(id)).filter((c): c is Contract => c !== undefined);
      const errorRules = selected.flatMap((c) => c.rules.filter((rule) => rule.severity === 'error').map((rule) => `${c.id}/${rule.id}`));
      const failedRules = [...new Set(r.findings.filter((f) => f.severity === 'error').map((f) => `${f.contract}/${f.rule}`))];
      const budgets: BudgetLimits[] = selected.flatMap((c) => c.rules.flatMap((rule) => rule.type === 'budget' ? [{
        rule: `${c.id}/${rule.id}`,
        ...(rule.maxCostUsd !== undefined ? { maxCostUsd: rule.maxCostUsd } : {}),
        ...(rule.maxTotalTokens !== undefined ? { maxTotalTokens: rule.maxTotalTokens } : {}),
        ...(rule.maxDurationMs !== undefined ? { maxDurationMs: rule.maxDurationMs } : {}),
      }] : []));
      const summary = budgets.length > 0 ? await worker.getTraceSummary(r.traceId).catch(() => null) : null;
      batcher.add(rules.observeCheck(
        { traceId: r.traceId, workloadId: r.workloadId, errorRules, failedRules, budgets },
        summary ? sampleOf(summary) : null,
      ));
    }
  };

  let attached: AlertStore | null = null;
  let detach: (() => void) | null = null;
  const syncWorker = (): void => {
    const worker = deps.store();
    if (worker === attached) return;
    detach?.();
    attached = worker;
    detach = worker ? worker.onDidIngest((e) => { for (const id of e.traceIds) tracker.note(id); }) : null;
  };
  syncWorker();
  const offStore = deps.onDidChangeStore(syncWorker);
  const offChecked = deps.onDidCheckLive((results) => void onChecked(results));
  const offConfig = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.alerts`)) {
      settings = readOptions();
      rules.setOptions(settings.options);
    }
    if (e.affectsConfiguration(`${SECTION}.contracts.quietPeriodMs`)) {
      tracker.dispose();
      tracker = new QuietPeriodTracker(deps.quietMs(), (ids) => void onRunsQuiet(ids), timers);
    }
  });

  const handle: AlertsHandle = {
    flush: () => batcher.flush(),
    setNotifierForTests: (n) => { notifier = n; },
    mutedKeys: () => rules.mutedKeys(),
    lastAction: () => last,
    dispose: () => {
      detach?.();
      offStore();
      offChecked();
      offConfig.dispose();
      tracker.dispose();
      batcher.dispose();
    },
  };
  context.subscriptions.push(handle);
  return handle;
}
