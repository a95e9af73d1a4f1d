// "Save as Regression Fixture": a trace becomes OTLP/JSON plus a manifest under the fixtures folder, checked in CI
// by `trace-lens check --fixtures`. The export goes through redactFixtureTrace (src/core/fixtures) on its way.
import * as vscode from 'vscode';
import type { TraceCheckResult } from '../core/contracts';
import { buildFixtureFiles, chooseExpectation, fixtureFolder, redactFixtureTrace } from '../core/fixtures';
import { SaveTraceFixture, type ActionResult } from '../protocol/messages';
import type { HostRpc } from '../protocol/rpc';
import { pickTrace } from './pick-trace';
import { SECTION } from './settings';
import { RESTRICTED_MODE_LINE, requireTrust } from './trust';
import type { FixtureStore } from '../core/store/views';

export const SAVE_FIXTURE_COMMAND = 'agentTraceLens.saveRegressionFixture';
export const DEFAULT_FIXTURE_FOLDER = 'test/trace-fixtures/${workload}';

export interface FixtureDeps {
  store(): FixtureStore | null;
  currentTraceId(): string | null;
  contractResult(traceId: string): Promise<TraceCheckResult | undefined>;
}

export interface SavedFixture extends ActionResult {
  manifest?: vscode.Uri;
  trace?: vscode.Uri;
  expect?: string;
}

export async function saveRegressionFixture(deps: FixtureDeps, traceIdArg?: unknown, ruleArg?: unknown): Promise<SavedFixture> {
  if (!requireTrust('Saving a regression fixture')) return { ok: false, message: RESTRICTED_MODE_LINE };
  const worker = deps.store();
  if (!worker) throw new Error('Trace storage is not open.');
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) throw new Error('Open a workspace folder to save regression fixtures into.');
  const traceId = await pickTrace(worker, traceIdArg, deps.currentTraceId(), 'Pick the trace to save as a regression fixture');
  if (!traceId) return { ok: false };
  const summary = await worker.getTraceSummary(traceId);
  if (!summary) throw new Error(`Trace ${traceId} not found (it may have been cleared or evicted).`);
  const exportText = await worker.exportOtlpJson([traceId]);
  const expectation = chooseExpectation(await deps.contractResult(traceId), typeof ruleArg === 'string' && ruleArg.includes('/') ? ruleArg : undefined);
  const files = buildFixtureFiles({
    exportText, traceId, workloadId: summary.workloadId, expectation, savedAt: new Date(), redact: redactFixtureTrace,
  });
  const template = vscode.workspace.getConfiguration(SECTION).get<string>('fixtures.folder', DEFAULT_FIXTURE_FOLDER) || DEFAULT_FIXTURE_FOLDER;
  const relative = fixtureFolder(template, summary.workloadId);
  const folder = /^([A-Za-z]:)?[\\/]/.test(relative) ? vscode.Uri.file(relative) : vscode.Uri.joinPath(root, ...relative.split(/[\\/]/).filter(Boolean));
  await vscode.workspace.fs.createDirectory(folder);
  const trace = vscode.Uri.joinPath(folder, files.traceFileName);
  const manifest = vscode.Uri.joinPath(folder, files.manifestFileName);
  await vscode.workspace.fs.writeFile(trace, new TextEncoder().encode(files.traceText));
  await vscode.workspace.fs.writeFile(manifest, new TextEncoder().encode(files.manifestText));
  const expect = expectation.kind === 'pass' ? 'pass' : `fail ${expectation.rule}`;
  const open = 'Open Manifest';
  void vscode.window.showInformationMessage(`Agent Trace Lens: saved regression fixture ${files.baseName} (expect: ${expect}).`, open)
    .then((choice) => (choice === open ? vscode.window.showTextDocument(manifest) : undefined));
  return { ok: true, message: `Saved ${vscode.workspace.asRelativePath(manifest)}`, manifest, trace, expect };
}

/** saveRegressionFixture, with a failure shown to the user and returned as the result. */
async function saveReporting(deps: FixtureDeps, traceId?: unknown, rule?: unknown): Promise<SavedFixture> {
  try {
    return await saveRegressionFixture(deps, traceId, rule);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Agent Trace Lens: ${message}`);
    return { ok: false, message };
  }
}

export function registerRegressionFixtures(context: vscode.ExtensionContext, deps: FixtureDeps): void {
  context.subscriptions.push(vscode.commands.registerCommand(
    SAVE_FIXTURE_COMMAND, (traceId?: unknown, rule?: unknown) => saveReporting(deps, traceId, rule),
  ));
}

/** The page's "Save as Regression Fixture" (the answer without the files' URIs). */
export function registerFixtureHandlers(rpc: HostRpc, deps: FixtureDeps): void {
  rpc.onRequest(SaveTraceFixture, async ({ traceId }) => {
    const saved = await saveReporting(deps, traceId);
    return saved.message ? { ok: saved.ok, message: saved.message } : { ok: saved.ok };
  });
}
