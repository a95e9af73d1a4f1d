// Palette commands: Check Span Contracts, Create Contract from This Trace, Open Failing Trace.
import * as vscode from 'vscode';
import {
  freeContractId, inferContract, insertContract, newContractFile, type FindingGroup,
} from '../../core/contracts';
import type { ContractStore } from '../../core/store/views';
import type { CheckRun, CheckScope, ContractEngine } from './engine';
import { pickTrace } from '../pick-trace';
import type { LoadedFile } from './files';
import { shortId, summaryLine, summaryReport } from './present';
import { requireTrust } from '../trust';

export const CONTRACT_COMMANDS = {
  check: 'agentTraceLens.checkContracts',
  createFromTrace: 'agentTraceLens.createContractFromTrace',
  openFailingTrace: 'agentTraceLens.openFailingTrace',
} as const;

export interface CommandDeps {
  engine: ContractEngine;
  store(): ContractStore | null;
  workloadKey(): string;
  currentTraceId(): string | null;
  showTrace(traceId: string, spanId?: string): Promise<void>;
  /** Reload the contract files (and wait for the re-check). */
  reload(): Promise<void>;
  files(): readonly LoadedFile[];
  groups(): FindingGroup[];
  output: vscode.OutputChannel;
}

type ScopeArg = CheckScope | 'all' | { traceId: string } | { workloadId: string } | undefined;

function scopeFromArg(arg: unknown): CheckScope | null {
  if (arg === 'all') return { kind: 'all' };
  if (typeof arg !== 'object' || arg === null) return null;
  const a = arg as Record<string, unknown>;
  if (a.kind === 'all') return { kind: 'all' };
  if (typeof a.traceId === 'string' && a.traceId) return { kind: 'trace', traceId: a.traceId };
  if (typeof a.workloadId === 'string' && a.workloadId) return { kind: 'workload', workloadId: a.workloadId };
  return null;
}

function scopeLabel(scope: CheckScope): string {
  return scope.kind === 'all' ? 'all stored traces' : scope.kind === 'trace' ? `trace ${scope.traceId}` : `workload ${scope.workloadId}`;
}

async function pickScope(deps: CommandDeps): Promise<CheckScope | undefined> {
  type Item = vscode.QuickPickItem & { scope?: CheckScope; workloads?: true };
  const items: Item[] = [{ label: '$(checklist) All stored traces', scope: { kind: 'all' } }];
  const current = deps.currentTraceId();
  if (current) items.push({ label: '$(list-tree) The trace open in the panel', description: shortId(current), scope: { kind: 'trace', traceId: current } });
  items.push({ label: '$(symbol-namespace) One workload…', workloads: true });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Check span contracts over…' });
  if (!picked) return undefined;
  if (picked.scope) return picked.scope;
  const worker = deps.store();
  const rows = worker ? await worker.listTraces({ limit: 5000 }) : [];
  const workloads = [...new Set(rows.map((r) => r.workloadId).filter((w): w is string => !!w))].sort();
  if (workloads.length === 0) {
    void vscode.window.showInformationMessage(`Agent Trace Lens: no stored trace has a workload (${deps.workloadKey()}).`);
    return undefined;
  }
  const w = await vscode.window.showQuickPick(workloads, { placeHolder: 'Workload' });
  return w ? { kind: 'workload', workloadId: w } : undefined;
}

export async function checkContracts(deps: CommandDeps, arg: ScopeArg): Promise<CheckRun | undefined> {
  const scope = scopeFromArg(arg) ?? await pickScope(deps);
  if (!scope) return undefined;
  await deps.reload();
  if (deps.files().length === 0) {
    const create = 'Create Contract from Trace';
    void vscode.window.showWarningMessage(
      'Agent Trace Lens: no contract file found (setting agentTraceLens.contracts.files, default trace-contracts.json).', create,
    ).then((c) => { if (c === create) void vscode.commands.executeCommand(CONTRACT_COMMANDS.createFromTrace); });
  }
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Checking span contracts', cancellable: true },
    (progress, token) => {
      let last = 0;
      return deps.engine.check(scope, {
        get isCancellationRequested() { return token.isCancellationRequested; },
        progress: (done, total) => {
          const pct = Math.floor((done / Math.max(1, total)) * 100);
          if (pct > last) {
            progress.report({ increment: pct - last, message: `${done}/${total}` });
            last = pct;
          }
        },
      });
    },
  );
  deps.output.appendLine(summaryReport(run.summary, run.groups, scopeLabel(scope)));
  deps.output.appendLine('');
  const problems = 'Show Problems';
  const details = 'Show Report';
  void vscode.window.showInformationMessage(`Span contracts: ${summaryLine(run.summary)}`, problems, details).then((c) => {
    if (c === problems) void vscode.commands.executeCommand('workbench.actions.view.problems');
    else if (c === details) deps.output.show(true);
  });
  return run;
}

/** Draft a contract from a trace; add it to the first contract file (unsaved) or create trace-contracts.json. */
export async function createContractFromTrace(deps: CommandDeps, given: unknown): Promise<vscode.Uri | undefined> {
  if (!requireTrust('Creating a contract in the workspace')) return undefined;
  const traceId = await pickTrace(deps.store(), given, deps.currentTraceId(), 'Pick a known-good trace to draft a contract from');
  if (!traceId) return undefined;
  const worker = deps.store();
  if (!worker) throw new Error('Trace storage is not open.');
  const spans = await worker.getTraceSpans(traceId);
  if (spans.length === 0) throw new Error(`Trace ${traceId} not found.`);
  const draft = inferContract(spans, { workloadKey: deps.workloadKey() });
  draft.id = freeContractId(draft.id, new Set(deps.engine.contracts.contracts.map((c) => c.id)));

  for (const file of deps.files()) {
    const doc = await vscode.workspace.openTextDocument(file.uri);
    const inserted = insertContract(doc.getText(), draft);
    if (!inserted) continue;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), inserted.text);
    await vscode.workspace.applyEdit(edit);
    const editor = await vscode.window.showTextDocument(doc);
    const start = doc.positionAt(inserted.offset);
    editor.selection = new vscode.Selection(start, doc.positionAt(inserted.offset + inserted.length));
    editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.AtTop);
    void vscode.window.showInformationMessage(`Agent Trace Lens: drafted contract '${draft.id}' from trace ${shortId(traceId)}. Review it, then save to check traces against it.`);
    return doc.uri;
  }

  const folder = vscode.workspace.workspaceFolders?.[0];
  const text = newContractFile(draft);
  if (!folder) {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: text });
    await vscode.window.showTextDocument(doc);
    return doc.uri;
  }
  let target = vscode.Uri.joinPath(folder.uri, 'trace-contracts.json');
  try {
    await vscode.workspace.fs.stat(target);
    // A trace-contracts.json that could not take the draft (broken JSON): do not overwrite it.
    target = vscode.Uri.joinPath(folder.uri, `${draft.id}.contracts.json`);
  } catch {
    // free: create it
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
  void vscode.window.showInformationMessage(`Agent Trace Lens: drafted contract '${draft.id}' from trace ${shortId(traceId)} in ${vscode.workspace.asRelativePath(target)}.`);
  await deps.reload();
  return target;
}

export async function openFailingTrace(deps: CommandDeps, arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string' && arg) {
    await deps.showTrace(arg);
    return arg;
  }
  type Item = vscode.QuickPickItem & { traceId: string };
  let items: Item[];
  if (Array.isArray(arg)) {
    items = arg.filter((x): x is string => typeof x === 'string').map((id) => {
      const r = deps.engine.results.get(id);
      return { label: shortId(id), description: r?.rootName ?? '', detail: r ? `${r.findings.length} finding(s)` : id, traceId: id };
    });
  } else {
    items = deps.groups().map((g) => ({
      label: `${g.contract}/${g.rule}`,
      description: `${g.traceCount} trace(s) · ${g.workloadId ?? 'no workload'}`,
      detail: `latest ${g.representativeTraceId}: ${g.message}`,
      traceId: g.representativeTraceId,
    }));
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Agent Trace Lens: no failing traces.');
    return undefined;
  }
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder: 'Open a failing trace' });
  if (!picked) return undefined;
  await deps.showTrace(picked.traceId);
  return picked.traceId;
}
