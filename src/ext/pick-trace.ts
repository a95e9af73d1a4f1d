// The trace a palette command acts on: the one given, else the one open in the panel, else one the user picks.
import * as vscode from 'vscode';
import type { TraceLister } from '../core/store/views';

export async function pickTrace(
  worker: TraceLister | null, given: unknown, current: string | null, placeHolder = 'Pick a trace',
): Promise<string | undefined> {
  if (typeof given === 'string' && given) return given;
  if (current) return current;
  const rows = worker ? await worker.listTraces({ limit: 50 }) : [];
  if (rows.length === 0) {
    void vscode.window.showInformationMessage('Agent Trace Lens: no traces yet.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    rows.map((t) => ({
      label: t.rootName ?? '(no root span)',
      description: [t.service, t.workloadId && t.workloadId !== t.service ? t.workloadId : null, `${t.spanCount} spans`].filter(Boolean).join(' · '),
      detail: t.traceId,
      traceId: t.traceId,
    })),
    { placeHolder },
  );
  return picked?.traceId;
}
