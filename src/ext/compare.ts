// Comparing two traces: the panel's requests, answered from the store worker, and the pick of the other trace.
import * as vscode from 'vscode';
import { compareCandidates, compareTraces, diffSpanAttributes, type AttributeDiff } from '../core/compare';
import { formatCompactCount, formatDurationMs } from '../core/links/lens-text';
import type { TraceSummary } from '../core/model/types';
import {
  CompareTraces, DiffSpanPair, PickComparison, type ActionResult, type SpanPairRef, type TraceComparisonResult, type TracePair,
} from '../protocol/messages';
import type { HostRpc } from '../protocol/rpc';
import type { PanelPageInfo } from './panel-handlers';
import type { CompareStore } from '../core/store/views';

/** Rows sent to the panel: past this the view notes how many were left out. */
export const MAX_COMPARE_ROWS = 5000;
/** Traces offered in the pick of the other side. */
const CANDIDATE_LIMIT = 200;

export async function traceComparison(store: CompareStore, { traceIdA, traceIdB }: TracePair): Promise<TraceComparisonResult> {
  const [a, b, aSpans, bSpans] = await Promise.all([
    store.getTraceSummary(traceIdA), store.getTraceSummary(traceIdB),
    store.getTraceStructure(traceIdA), store.getTraceStructure(traceIdB),
  ]);
  for (const [label, spans] of [['A', aSpans], ['B', bSpans]] as const) {
    if (spans.length === 0) throw new Error(`Trace ${label} was not found (it may have been cleared).`);
  }
  const { rows, onlyInA, onlyInB, statusChanges } = compareTraces(aSpans, bSpans);
  return { a, b, rows: rows.slice(0, MAX_COMPARE_ROWS), totalRows: rows.length, onlyInA, onlyInB, statusChanges };
}

export async function spanPairDiff(store: CompareStore, ref: SpanPairRef): Promise<AttributeDiff> {
  const [a, b] = await Promise.all([
    ref.spanIdA ? store.getSpan(ref.traceIdA, ref.spanIdA) : null,
    ref.spanIdB ? store.getSpan(ref.traceIdB, ref.spanIdB) : null,
  ]);
  return diffSpanAttributes(a, b);
}

function clock(ns: string): string {
  const ms = Number(BigInt(/^\d+$/.test(ns) ? ns : '0') / 1_000_000n);
  return new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

type CandidateItem = vscode.QuickPickItem & { traceId?: string };

function candidateItem(t: TraceSummary): CandidateItem {
  const tokens = t.inputTokens + t.outputTokens;
  return {
    label: `${t.errorCount ? '$(error) ' : ''}${t.rootName ?? '(no root span)'}`,
    description: [
      clock(t.startTimeUnixNano), formatDurationMs(t.durationMs), `${t.spanCount} spans`,
      tokens ? `${formatCompactCount(tokens)} tokens` : null,
      t.errorCount ? `${t.errorCount} ${t.errorCount === 1 ? 'error' : 'errors'}` : null,
    ].filter(Boolean).join(' · '),
    detail: [t.workloadId ?? t.service, t.traceId].filter(Boolean).join(' · '),
    traceId: t.traceId,
  };
}

/** Quick pick of the trace to compare `traceIdA` with: same workload first, newest first. */
export async function pickOtherTrace(store: CompareStore, traceIdA: string): Promise<string | undefined> {
  const current = await store.getTraceSummary(traceIdA);
  if (!current) throw new Error('The trace to compare was not found (it may have been cleared).');
  // The workload's own runs too, so older runs of it are not crowded out by newer traces of others.
  const [recent, sameWorkload] = await Promise.all([
    store.listTraces({ limit: CANDIDATE_LIMIT }),
    current.workloadId ? store.listTraces({ workloadId: current.workloadId, limit: CANDIDATE_LIMIT }) : [],
  ]);
  const unique = new Map([...sameWorkload, ...recent].map((t) => [t.traceId, t]));
  const candidates = compareCandidates(current, [...unique.values()]);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('Agent Trace Lens: there is no other trace to compare with.');
    return undefined;
  }
  const items: CandidateItem[] = [];
  candidates.forEach((t, i) => {
    if (i === 0 || t.sameWorkload !== candidates[i - 1]!.sameWorkload) {
      items.push({ label: t.sameWorkload ? 'Same workload' : 'Other traces', kind: vscode.QuickPickItemKind.Separator });
    }
    items.push(candidateItem(t));
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Compare "${current.rootName ?? traceIdA}" (${clock(current.startTimeUnixNano)}) with…`,
    placeHolder: 'Pick the other trace (B)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.traceId;
}

export interface CompareHandlerDeps {
  openStore(): Promise<CompareStore>;
  /** Ask for the other trace and show the comparison (in an editor tab when `inEditor`). */
  compareWith(traceId: string, inEditor: boolean): Promise<ActionResult>;
}

export function registerCompareHandlers(rpc: HostRpc, page: PanelPageInfo, deps: CompareHandlerDeps): void {
  rpc.onRequest(CompareTraces, async (pair) => traceComparison(await deps.openStore(), pair));
  rpc.onRequest(DiffSpanPair, async (ref) => spanPairDiff(await deps.openStore(), ref));
  // Asked from an editor tab, the comparison opens in one too.
  rpc.onRequest(PickComparison, ({ traceId }) => deps.compareWith(traceId, page.surface === 'editor'));
}
