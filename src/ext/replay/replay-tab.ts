// The Replay tab's requests: the recorded call as an editable request, and runs of the edited call streamed back
// to the page. Keys, the endpoint confirmation and the base URLs are the palette command's (endpoints.ts).
import type * as vscode from 'vscode';
import { answerText, compareReplay, runSpread } from '../../core/compare';
import type { NormalizedSpan } from '../../core/model/types';
import { applyEdits, type ReplayEdits } from '../../core/replay/edits';
import { replayRequestFromSpan } from '../../core/replay/from-span';
import { runReplay, type ReplayRunResult } from '../../core/replay/run-replay';
import { REPLAY_PROVIDERS, type ReplayProvider } from '../../core/replay/types';
import type { ReplayStore } from '../../core/store/views';
import {
  CancelReplay, GetReplaySetup, OpenReplay, PickReplayPrompt, ReplayProgress, RunReplay, type RecordedAnswer,
  type ReplayPromptChoice, type ReplayRunOutcome, type ReplayRunParams, type ReplayRunView, type ReplaySetup, type SpanRef,
} from '../../protocol/messages';
import type { HostRpc } from '../../protocol/rpc';
import type { PanelPageInfo } from '../panel-handlers';
import { baseUrlFor, readyEndpoint } from './endpoints';

/** Most runs one "Run ×N" makes. */
export const MAX_TAB_RUNS = 20;

export interface ReplayTabDeps {
  openStore(): Promise<ReplayStore>;
  /** Secrets (the keys) and global state (the confirmed endpoints). */
  context: Pick<vscode.ExtensionContext, 'secrets' | 'globalState'>;
  /** Open (or reveal) the span's Replay tab. */
  showReplay(ref: SpanRef): Promise<void>;
  /** "Use Prompt File…": ask for the version and render it with the span's variables (null: nothing picked). */
  pickPrompt(span: NormalizedSpan): Promise<ReplayPromptChoice | null>;
  version: string;
}

export function recordedAnswer(span: NormalizedSpan): RecordedAnswer {
  return {
    text: answerText(span), finishReason: span.finishReasons?.[0] ?? null, inputTokens: span.inputTokens,
    outputTokens: span.outputTokens, costUsd: span.costUsd, latencyMs: span.durationMs,
  };
}

async function modelCall(store: ReplayStore, ref: SpanRef): Promise<NormalizedSpan | null> {
  const span = await store.getSpan(ref.traceId, ref.spanId);
  return span && span.kind === 'llm' ? span : null;
}

export async function replaySetup(store: ReplayStore, ref: SpanRef): Promise<ReplaySetup | null> {
  const span = await modelCall(store, ref);
  if (!span) return null;
  const endpoints = Object.fromEntries(REPLAY_PROVIDERS.map((p) => [p, baseUrlFor(p)])) as Record<ReplayProvider, string>;
  return { request: replayRequestFromSpan(span), answer: recordedAnswer(span), endpoints };
}

function runView(result: ReplayRunResult, original: NormalizedSpan, stored: NormalizedSpan | null, stopped: boolean): ReplayRunView {
  const base = {
    run: result.run, traceId: result.traceId, spanId: result.spanId,
    costUsd: stored?.costUsd ?? null, comparison: stored ? compareReplay(original, stored) : null,
  };
  if (!result.ok) {
    const e = result.error;
    return {
      ...base, ok: false, text: e.partialText, toolCalls: [], finishReason: null, inputTokens: null, outputTokens: null,
      latencyMs: e.latencyMs, notes: [],
      error: { kind: e.kind, message: e.message, status: e.status, retryAfterSeconds: e.retryAfterSeconds, ...(stopped ? { stopped } : {}) },
    };
  }
  const a = result.answer;
  return {
    ...base, ok: true, text: a.text, toolCalls: a.toolCalls.map((c) => ({ name: c.name, arguments: c.arguments })),
    error: null, finishReason: a.finishReason, inputTokens: a.usage.inputTokens, outputTokens: a.usage.outputTokens,
    latencyMs: a.latencyMs,
    notes: [...(result.dropped.length > 0 ? [`not sent (this API has no place for them): ${result.dropped.join(', ')}`] : []), ...result.defaulted],
  };
}

function checkedEdits(edits: unknown): ReplayEdits {
  if (typeof edits !== 'object' || edits === null) throw new Error('the edits are not an object');
  const e = edits as ReplayEdits;
  if (e.provider !== undefined && !REPLAY_PROVIDERS.includes(e.provider)) throw new Error(`unknown provider ${String(e.provider)}`);
  return e;
}

export async function runFromTab(
  deps: ReplayTabDeps, params: ReplayRunParams, signal: AbortSignal, progress: HostRpc['sendNotification'],
): Promise<ReplayRunOutcome> {
  const store = await deps.openStore();
  const span = await modelCall(store, params.ref);
  if (!span) return { ok: false, message: 'The span is gone (cleared?) or is not a model call.', runs: [], spread: null };
  const { request, applied } = applyEdits(replayRequestFromSpan(span), checkedEdits(params.edits));
  const provider = request.provider;
  if (!provider) return { ok: false, message: 'Pick the API to send it to: the recorded provider is not one replay speaks.', runs: [], spread: null };
  if (!request.model) return { ok: false, message: 'The span recorded no model: enter one.', runs: [], spread: null };
  if (request.messages.length === 0) return { ok: false, message: 'The span recorded no input messages: there is nothing to send.', runs: [], spread: null };
  const ready = await readyEndpoint(deps.context, request, provider);
  if (!ready.ok) return { ok: false, message: ready.message, runs: [], spread: null };
  const runs = Math.max(1, Math.min(Math.floor(Number(params.runs)) || 1, MAX_TAB_RUNS));
  const { runId } = params;
  const views: ReplayRunView[] = [];
  const stored: NormalizedSpan[] = [];
  await runReplay({
    request, applied, endpoint: ready.endpoint, runs, version: deps.version, signal,
    ingest: async (body) => { await store.submit(body, 'traces', 'json'); },
    onRunStart: (run) => progress(ReplayProgress, { runId, run, runs, type: 'start' }),
    onText: (run, delta) => progress(ReplayProgress, { runId, run, runs, type: 'text', delta }),
    onRunEnd: async (result) => {
      const replay = await store.getSpan(result.traceId, result.spanId);
      if (replay) stored.push(replay);
      const view = runView(result, span, replay, signal.aborted);
      views.push(view);
      progress(ReplayProgress, { runId, run: result.run, runs, type: 'end', result: view });
    },
  });
  const ok = views.length > 0 && views.every((v) => v.ok);
  return {
    ok, endpoint: ready.label, applied, runs: views, spread: runs > 1 ? runSpread(stored) : null,
    ...(ok ? {} : { message: views.length === 0 ? 'Stopped before a run finished.' : 'A run failed; it is stored like the others.' }),
  };
}

export function registerReplayTabHandlers(rpc: HostRpc, page: PanelPageInfo, deps: ReplayTabDeps): void {
  const running = new Map<string, AbortController>();
  page.onDispose(() => {
    for (const c of running.values()) c.abort();
  });
  rpc.onRequest(OpenReplay, async (ref) => {
    await deps.showReplay(ref);
    return { ok: true };
  });
  rpc.onRequest(GetReplaySetup, async (ref) => replaySetup(await deps.openStore(), ref));
  rpc.onRequest(RunReplay, async (params) => {
    const controller = new AbortController();
    running.get(params.runId)?.abort();
    running.set(params.runId, controller);
    try {
      return await runFromTab(deps, params, controller.signal, (type, p) => rpc.sendNotification(type, p));
    } finally {
      if (running.get(params.runId) === controller) running.delete(params.runId);
    }
  });
  rpc.onRequest(PickReplayPrompt, async (ref) => {
    const span = await modelCall(await deps.openStore(), ref);
    if (!span) throw new Error('The span is gone (cleared?) or is not a model call.');
    return deps.pickPrompt(span);
  });
  rpc.onNotification(CancelReplay, ({ runId }) => running.get(runId)?.abort());
}
