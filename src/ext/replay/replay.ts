// "Agent Trace Lens: Replay Model Call…": pick an LLM span of the current trace, run its recorded call again
// (edited or not) and stream the answer into an output channel; each run is stored as a trace linked to the span.
import * as vscode from 'vscode';
import { compareReplay } from '../../core/compare';
import type { NormalizedSpan } from '../../core/model/types';
import { applyEdits, type ReplayEdits } from '../../core/replay/edits';
import { replayRequestFromSpan } from '../../core/replay/from-span';
import { runReplay } from '../../core/replay/run-replay';
import { REPLAY_PROVIDERS, type ReplayProvider } from '../../core/replay/types';
import { cleanText, labelText, safeLine } from '../../core/text/safe-text';
import type { ReplayStore } from '../../core/store/views';
import { pickTrace } from '../pick-trace';
import { readyEndpoint } from './endpoints';

export const REPLAY_COMMAND = 'agentTraceLens.replayModelCall';


export interface ReplayDeps {
  store(): ReplayStore | null;
  currentTraceId(): string | null;
  showTrace(traceId: string, spanId?: string): Promise<void>;
  /** Open the span's Replay tab. */
  showReplay(ref: { traceId: string; spanId: string }): Promise<void>;
  version: string;
}

/** What the command was given (all optional: the palette asks for what is missing). */
export interface ReplayArgs {
  traceId?: string;
  spanId?: string;
  provider?: ReplayProvider;
  edits?: ReplayEdits;
  runs?: number;
}

export interface ReplayCommandResult {
  ok: boolean;
  message?: string;
  runs?: Array<{ traceId: string; spanId: string; ok: boolean; text: string; error?: string }>;
}

async function pickSpan(store: ReplayStore, traceId: string): Promise<NormalizedSpan | undefined> {
  const llm = (await store.getTraceSpans(traceId)).filter((s) => s.kind === 'llm');
  if (llm.length === 0) {
    void vscode.window.showInformationMessage('Agent Trace Lens: this trace has no model calls to replay.');
    return undefined;
  }
  if (llm.length === 1) return llm[0];
  const picked = await vscode.window.showQuickPick(llm.map((s) => ({
    label: safeLine(s.name, 80), description: [s.requestModel, s.provider].filter(Boolean).map((t) => safeLine(t!, 40)).join(' · '),
    detail: s.spanId, span: s,
  })), { placeHolder: 'Pick the model call to replay' });
  return picked?.span;
}

async function pickProvider(recorded: ReplayProvider | null): Promise<ReplayProvider | undefined> {
  if (recorded) return recorded;
  const picked = await vscode.window.showQuickPick([...REPLAY_PROVIDERS], { placeHolder: 'The span\'s provider is not one replay speaks: send it to' });
  return picked as ReplayProvider | undefined;
}

/** The model call to replay: the given trace and span, or the ones the user picks; a failed result otherwise. */
async function modelCallFor(
  deps: ReplayDeps, args: Pick<ReplayArgs, 'traceId' | 'spanId'>,
): Promise<{ store: ReplayStore; span: NormalizedSpan } | { failed: ReplayCommandResult }> {
  const store = deps.store();
  if (!store) throw new Error('Trace storage is not open.');
  const traceId = await pickTrace(store, args.traceId, deps.currentTraceId(), 'Pick the trace whose model call to replay');
  if (!traceId) return { failed: { ok: false } };
  const span = args.spanId ? await store.getSpan(traceId, args.spanId) : await pickSpan(store, traceId);
  if (!span) return { failed: { ok: false, message: args.spanId ? `span ${args.spanId} not found` : undefined } };
  if (span.kind !== 'llm') return { failed: { ok: false, message: `span ${span.spanId} is a ${span.kind} span, not a model call` } };
  return { store, span };
}

export async function replayModelCall(
  deps: ReplayDeps, context: vscode.ExtensionContext, output: vscode.OutputChannel, args: ReplayArgs = {},
): Promise<ReplayCommandResult> {
  const call = await modelCallFor(deps, args);
  if ('failed' in call) return call.failed;
  const { store, span } = call;
  const { request: built, applied } = applyEdits(replayRequestFromSpan(span), args.edits ?? {});
  const provider = args.provider ?? (await pickProvider(built.provider));
  if (!provider) return { ok: false };
  const request = { ...built, provider };
  if (!request.model) return { ok: false, message: 'the span recorded no model: give one as an edit' };
  if (request.messages.length === 0) return { ok: false, message: 'the span recorded no input messages: add one as an edit' };
  const ready = await readyEndpoint(context, request, provider);
  if (!ready.ok) return { ok: false, message: ready.message };
  const { endpoint, label } = ready;

  output.show(true);
  output.appendLine(`Replay of ${labelText(span.name)} (span ${span.spanId}, trace ${span.traceId}) → ${provider} ${labelText(request.model)} at ${label}`);
  if (applied.length > 0) output.appendLine(`edits: ${applied.map((a) => safeLine(a, 200)).join('; ')}`);
  for (const m of request.marks) output.appendLine(`note: ${m.where}: ${safeLine(m.message, 300)}`);
  const runs = Math.max(1, Math.min(args.runs ?? 1, 100));
  const results = await runReplay({
    request, applied, endpoint, runs, version: deps.version,
    ingest: async (body) => { await store.submit(body, 'traces', 'json'); },
    onRunStart: (run) => output.appendLine(`\n── run ${run}/${runs} ──`),
    onText: (_run, delta) => output.append(cleanText(delta, Number.MAX_SAFE_INTEGER, 'lines').text),
    onRunEnd: async (result) => {
      if (!result.ok) {
        output.appendLine(`\nfailed: ${safeLine(result.error.message, 600)}`);
        return;
      }
      for (const c of result.answer.toolCalls) output.appendLine(`\ntool call (not executed): ${labelText(c.name)}(${safeLine(c.arguments, 400)})`);
      const stored = await store.getSpan(result.traceId, result.spanId);
      const vs = stored ? compareReplay(span, stored) : null;
      const a = result.answer;
      if (result.dropped.length > 0) output.appendLine(`\nnote: not sent (this API has no place for them here): ${result.dropped.join(', ')}`);
      for (const d of result.defaulted) output.appendLine(`note: ${safeLine(d, 200)}`);
      output.appendLine(`\nfinish ${a.finishReason ?? '?'} · ${a.usage.inputTokens ?? '?'} in / ${a.usage.outputTokens ?? '?'} out tokens · ${stored?.costUsd != null ? `$${stored.costUsd.toFixed(6)}` : 'no price'} · ${Math.round(a.latencyMs)} ms · trace ${result.traceId}${vs ? ` · ${vs.sameText ? 'same answer as' : 'differs from'} the original` : ''}`);
    },
  });
  const last = results[results.length - 1];
  if (last) {
    const open = 'Open Replay';
    const compare = 'Compare with Original';
    void vscode.window.showInformationMessage(
      results.every((r) => r.ok) ? `Replay stored (${results.length} run${results.length > 1 ? 's' : ''}).` : 'Replay failed; the failed run is stored.',
      open, compare,
    ).then((choice) => {
      if (choice === open) void deps.showTrace(last.traceId, last.spanId);
      else if (choice === compare) void vscode.commands.executeCommand('agentTraceLens.compareTraces', span.traceId, last.traceId);
    });
  }
  return {
    ok: results.every((r) => r.ok),
    runs: results.map((r) => ({
      traceId: r.traceId, spanId: r.spanId, ok: r.ok, text: r.ok ? r.answer.text : r.error.partialText, ...(r.ok ? {} : { error: r.error.message }),
    })),
  };
}

/** The palette's form: pick the trace and the model call, then open its Replay tab to edit and run it there. */
export async function openReplayTab(deps: ReplayDeps, args: Pick<ReplayArgs, 'traceId' | 'spanId'> = {}): Promise<ReplayCommandResult> {
  const call = await modelCallFor(deps, args);
  if ('failed' in call) return call.failed;
  const { span } = call;
  await deps.showReplay({ traceId: span.traceId, spanId: span.spanId });
  return { ok: true };
}

/**
 * The command opens the Replay tab when run from the palette (no arguments) or with `open: true`; given edits or
 * runs without `open` (the extension API, scripts) it runs at once and streams into the output channel.
 */
export function registerReplay(context: vscode.ExtensionContext, deps: ReplayDeps): void {
  const output = vscode.window.createOutputChannel('Agent Trace Lens Replay');
  context.subscriptions.push(output, vscode.commands.registerCommand(REPLAY_COMMAND, async (args?: unknown) => {
    try {
      const given = typeof args === 'object' && args !== null ? args as ReplayArgs & { open?: boolean } : null;
      if (!given || given.open) return await openReplayTab(deps, given ?? {});
      return await replayModelCall(deps, context, output, given);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`Agent Trace Lens: ${message}`);
      return { ok: false, message } satisfies ReplayCommandResult;
    }
  }));
}
