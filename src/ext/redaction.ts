// Redaction in the editor: settings changes reach the store without a restart, and a secret that arrives
// raises a warning (debounced per rule) with "Show Spans" and "Turn Off for This Rule".
import * as vscode from 'vscode';
import { RedactionAlertGate, alertMessage, type RedactionAlert, type SpanRef } from './redaction-alerts';
import type { TraceService } from './service';
import { SECTION, type Settings } from './settings';

export const SHOW_SPANS = 'Show Spans';
export const TURN_OFF = 'Turn Off for This Rule';

export interface RedactionUiDeps {
  service: TraceService;
  showTrace(traceId: string, spanId?: string): Promise<void>;
}

/** What tests can see of the alerts: every warning shown, as its message. */
export interface RedactionUiApi {
  shown: string[];
}

async function pickSpan(deps: RedactionUiDeps, spans: SpanRef[]): Promise<SpanRef | undefined> {
  const unique = [...new Map(spans.map((s) => [`${s.traceId}/${s.spanId}`, s])).values()].reverse();
  if (unique.length <= 1) return unique[0];
  const worker = deps.service.store;
  const names = new Map<string, string>();
  for (const traceId of new Set(unique.slice(0, 50).map((s) => s.traceId))) {
    const summary = await worker?.getTraceSummary(traceId).catch(() => null);
    if (summary?.rootName) names.set(traceId, summary.rootName);
  }
  const picked = await vscode.window.showQuickPick(unique.map((s) => ({
    label: names.get(s.traceId) ?? `trace ${s.traceId.slice(0, 8)}`, description: `span ${s.spanId}`, span: s,
  })), { title: 'Spans with redacted values' });
  return picked?.span;
}

async function turnOff(rule: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const current = config.get<string[]>('redaction.disabledRules', []);
  if (!current.includes(rule)) await config.update('redaction.disabledRules', [...current, rule], target);
}

export function registerRedaction(context: vscode.ExtensionContext, deps: RedactionUiDeps): {
  api: RedactionUiApi;
  settingsChanged(previous: Settings, next: Settings): void;
} {
  const api: RedactionUiApi = { shown: [] };
  const gate = new RedactionAlertGate();
  let timer: NodeJS.Timeout | null = null;

  const show = (alert: RedactionAlert): void => {
    const message = alertMessage(alert);
    api.shown.push(message);
    void vscode.window.showWarningMessage(message, SHOW_SPANS, TURN_OFF).then(async (choice) => {
      if (choice === SHOW_SPANS) {
        const span = await pickSpan(deps, alert.spans);
        if (span) await deps.showTrace(span.traceId, span.spanId);
      } else if (choice === TURN_OFF) {
        await turnOff(alert.rule);
      }
    });
  };
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    const next = gate.nextDue();
    if (next === null) return;
    timer = setTimeout(() => {
      timer = null;
      gate.due(Date.now()).forEach(show);
      schedule();
    }, Math.max(0, next - Date.now()));
  };
  const off = deps.service.onDidRedact((report) => {
    gate.add(report, Date.now()).forEach(show);
    schedule();
  });
  context.subscriptions.push({ dispose: () => { off(); if (timer) clearTimeout(timer); } });

  const reportProblem = (settings: Settings): void => {
    if (settings.redactionProblem) {
      void vscode.window.showWarningMessage(
        `Agent Trace Lens: the redaction settings cannot be used (${settings.redactionProblem}); the default rules apply.`);
    }
  };
  reportProblem(deps.service.currentSettings);

  return {
    api,
    settingsChanged(previous, next) {
      if (JSON.stringify(previous.redaction) === JSON.stringify(next.redaction)
        && previous.redactionProblem === next.redactionProblem) return;
      reportProblem(next);
      deps.service.applyRedaction(next.redaction).catch((error: unknown) => {
        void vscode.window.showWarningMessage(`Agent Trace Lens: redaction settings not applied: ${(error as Error).message}`);
      });
    },
  };
}
